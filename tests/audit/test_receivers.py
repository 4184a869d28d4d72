"""Log-ins, log-outs, failed log-ins and lockouts (django-axes, with the real test settings)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
ADDRESS = "198.51.100.7"


@pytest.fixture
def alice(db):
    return User.objects.create_user("alice", password=PASSWORD)


def log_in(client, username: str, password: str) -> int:
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS
    )
    return response.status_code


def events() -> list[tuple[str, str, str | None]]:
    return [(e.action, e.actor_label, e.ip_address) for e in AuditEvent.objects.order_by("pk")]


def test_a_log_in_is_one_event_of_the_user_with_their_address(client, alice):
    assert log_in(client, "alice", PASSWORD) == 302
    assert events() == [("login", "alice", ADDRESS)]
    assert AuditEvent.objects.get().actor == alice


def test_a_failed_log_in_names_the_user_name_tried_never_the_password(client, alice):
    assert log_in(client, "alice", "hunter2-secret") == 200
    assert events() == [("login_failed", "alice", ADDRESS)]
    event = AuditEvent.objects.values().get()
    assert not any("hunter2" in str(value) for value in event.values())
    assert event["actor_id"] is None  # who tried is not who owns the account


def test_a_failed_log_in_with_an_unknown_user_name_is_recorded_too(client):
    log_in(client, "nobody", "x")
    assert events() == [("login_failed", "nobody", ADDRESS)]


def test_a_log_out_is_one_event(client, alice):
    client.force_login(alice)  # force_login sends user_logged_in too
    AuditEvent.objects.all().delete()
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    assert events() == [("logout", "alice", ADDRESS)]


def test_logging_out_when_not_logged_in_records_nothing(client):
    client.post(reverse("logout"))
    assert events() == []


def test_the_lockout_is_one_event_on_the_failure_that_reaches_the_limit(client, alice, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert log_in(client, "alice", "wrong") == 200
    assert log_in(client, "alice", "wrong") == 429
    # The third failure and the lockout come from one request, axes' receiver first.
    assert events() == [
        ("login_failed", "alice", ADDRESS),
        ("login_failed", "alice", ADDRESS),
        ("lockout", "alice", ADDRESS),
        ("login_failed", "alice", ADDRESS),
    ]


def test_each_attempt_during_the_lockout_is_recorded(client, alice, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        log_in(client, "alice", "wrong")
    AuditEvent.objects.all().delete()
    assert log_in(client, "alice", PASSWORD) == 429  # even the right password
    assert events() == [("lockout", "alice", ADDRESS), ("login_failed", "alice", ADDRESS)]
