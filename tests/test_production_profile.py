"""The production profile: gunicorn's logs keep personal links out, and settings refuse to start
without what production needs. Each runs the real program in a process of its own."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def production_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """What a deployment sets (docs/deployment.md), on a throwaway SQLite file; no broker."""
    environment = {
        key: value
        for key, value in os.environ.items()
        # Not what a deployment sets: the test run's own (the browser tests set the last one).
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "EMAIL_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DEBUG="false",
        SECRET_KEY="production-profile-test-key",
        EMAIL_URL="smtp://127.0.0.1:25",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    environment.update(extra)
    return environment


def run_manage(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_without_debug_the_app_refuses_to_start_without_an_email_url(tmp_path):
    environment = production_environment(tmp_path)
    del environment["EMAIL_URL"]
    run = run_manage(environment, "check")
    assert run.returncode != 0
    assert "Set EMAIL_URL" in run.stderr
    assert "Traceback" not in run.stdout


def test_with_debug_on_the_console_backend_is_the_default(tmp_path):
    environment = production_environment(tmp_path, DEBUG="true")
    del environment["EMAIL_URL"]
    script = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    run = run_manage(environment, "shell", "-v", "0", "-c", script)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_a_database_url_keeps_connections_and_checks_them(tmp_path):
    environment = production_environment(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/palier",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    script = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.CACHES['default']['BACKEND'], "
        "s.SESSION_ENGINE, s.AXES_HANDLER, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    run = run_manage(environment, "shell", "-v", "0", "-c", script)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [
        "60",
        "True",
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "axes.handlers.cache.AxesCacheHandler",
        "False",
    ]


def test_gunicorn_serves_the_app_and_its_logs_never_show_a_personal_link(tmp_path):
    # Plain HTTP on loopback, as bin/production-env sets it for make serve.
    environment = production_environment(
        tmp_path, WEB_CONCURRENCY="1", SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0"
    )
    for arguments in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        run = run_manage(environment, *arguments)
        assert run.returncode == 0, run.stderr
    port = free_port()
    environment["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if get(f"{base}/health/") == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")
            token = "SecretToken4Gunicorn0Log"
            assert get(f"{base}/r/{token}/") == 404
            assert get(f"{base}/r/{token}/d/automation/?x=/r/{token}/") == 404
            assert get(f"{base}/static/css/palier.css") == 200  # whitenoise, DEBUG off
            with urllib.request.urlopen(f"{base}/static/css/palier.css", timeout=10) as css:  # noqa: S310
                # Served before the no-store middleware: static files stay cacheable.
                assert "no-store" not in css.headers.get("Cache-Control", "")
                assert "max-age" in css.headers.get("Cache-Control", "")
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=10) as login:  # noqa: S310
                assert "no-store" in login.headers["Cache-Control"]
        finally:
            server.terminate()
            server.wait(timeout=30)
    written = log.read_text()
    assert '"GET /health/ HTTP/1.1" 200' in written
    assert written.count("/r/…/") >= 2
    assert token not in written


def test_check_deploy_reports_nothing_with_the_production_environment(tmp_path):
    """HTTPS redirect, HSTS, secure cookies: on by default with DEBUG off."""
    environment = production_environment(
        tmp_path,
        ALLOWED_HOSTS="palier.example",
        SECRET_KEY=secrets.token_urlsafe(50),
        # The one warning left with the defaults, settled by configuration: preloading HSTS is
        # the operator's decision (docs/deployment.md).
        SECURE_HSTS_PRELOAD="true",
    )
    run = run_manage(environment, "check", "--deploy", "--fail-level", "DEBUG")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout


def test_with_debug_off_https_is_on_by_default_and_each_part_can_be_turned_off(tmp_path):
    script = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE)"
    )
    on = run_manage(production_environment(tmp_path), "shell", "-v", "0", "-c", script)
    assert on.stdout.split() == ["True", "31536000", "True", "True"], on.stderr
    off = production_environment(
        tmp_path, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false"
    )
    run = run_manage(off, "shell", "-v", "0", "-c", script)
    assert run.stdout.split() == ["False", "0", "True", "False"], run.stderr


def test_with_debug_off_a_second_factor_is_required_by_default_and_can_be_turned_off(tmp_path):
    script = "from django.conf import settings as s; print(s.MFA_REQUIRED)"
    on = run_manage(production_environment(tmp_path), "shell", "-v", "0", "-c", script)
    assert on.stdout.split() == ["True"], on.stderr
    off = production_environment(tmp_path, MFA_REQUIRED="false")
    assert run_manage(off, "shell", "-v", "0", "-c", script).stdout.split() == ["False"]
    development = production_environment(tmp_path, DEBUG="true")
    assert run_manage(development, "shell", "-v", "0", "-c", script).stdout.split() == ["False"]
