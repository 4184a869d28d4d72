"""The login lockout (django-axes) counts failures per user name and address together, and
behind trusted proxies the address is the client's, not the proxy's."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from werkzeug.middleware.proxy_fix import ProxyFix

from tests.test_production_profile import ROOT, production_environment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("alice", "bob", "mallory"):
        User.objects.create_user(name, password=PASSWORD)


def log_in(client, username: str, password: str, address: str) -> int:
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    client.logout()
    return response.status_code


def test_an_account_is_locked_after_the_limit_from_that_address(client):
    for _ in range(2):
        assert log_in(client, "alice", "wrong", "198.51.100.1") == 200  # the form, with its error
    assert log_in(client, "alice", "wrong", "198.51.100.1") == 429  # the limit: locked
    assert log_in(client, "alice", PASSWORD, "198.51.100.1") == 429  # even the right password


def test_one_address_s_failures_do_not_lock_out_the_others_behind_it(client):
    for _ in range(3):
        log_in(client, "alice", "wrong", "198.51.100.1")
    assert log_in(client, "bob", PASSWORD, "198.51.100.1") == 302  # same office, same proxy


def test_logging_in_with_one_s_own_account_does_not_reset_the_count_of_the_attacked_one(client):
    for _ in range(2):
        log_in(client, "alice", "wrong", "198.51.100.1")
    assert log_in(client, "mallory", PASSWORD, "198.51.100.1") == 302
    log_in(client, "alice", "wrong", "198.51.100.1")
    assert log_in(client, "alice", PASSWORD, "198.51.100.1") == 429


def _seen_address(app, environ_extra: dict) -> str:
    seen = {}

    def inner(environ, start_response):
        seen["address"] = environ["REMOTE_ADDR"]
        start_response("204 No Content", [])
        return [b""]

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "REMOTE_ADDR": "10.0.0.2"}
    app(inner)({**environ, **environ_extra}, lambda *args: None)
    return seen["address"]


def test_behind_one_proxy_the_client_s_address_is_the_one_the_proxy_saw():
    """What config/wsgi.py relies on: the right-most entry per trusted proxy, never the left
    ones a client can write."""

    def behind_one(inner):
        return ProxyFix(inner, x_for=1)

    spoofed = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}
    assert _seen_address(behind_one, spoofed) == "203.0.113.7"
    assert _seen_address(behind_one, {}) == "10.0.0.2"  # no header: the connecting address


def test_the_wsgi_application_trusts_the_configured_number_of_proxies(tmp_path):
    script = (
        "from config.wsgi import application as a; "
        "print(type(a).__name__, getattr(a, 'x_for', None))"
    )
    for count, expected in (("0", "WSGIHandler None"), ("2", "ProxyFix 2")):
        environment = production_environment(tmp_path, TRUSTED_PROXY_COUNT=count)
        run = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.stdout.strip() == expected, run.stderr
