"""The retention: events older than AUDIT_RETENTION_DAYS are deleted, daily or by command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from audit.tasks import audit_prune

pytestmark = pytest.mark.django_db


def event_aged(days: float) -> AuditEvent:
    event = audit_record(action=AuditEvent.Action.LOGIN)
    AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(days=days))
    return event


def test_the_default_retention_is_a_year():
    assert settings.AUDIT_RETENTION_DAYS == 365


def test_the_daily_task_deletes_the_events_past_the_retention(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    event_aged(31)
    kept = event_aged(29)
    audit_prune.enqueue()  # runs inline in the tests
    assert list(AuditEvent.objects.all()) == [kept]


def test_the_scheduler_runs_it_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["delete-audit-events-past-their-retention"]
    assert entry["task"] == "audit.prune"


def test_the_command_takes_the_days_kept():
    event_aged(11)
    kept = event_aged(9)
    out = StringIO()
    call_command("prune_audit_log", "--days", "10", stdout=out)
    assert out.getvalue() == "1 audit event(s) deleted.\n"
    assert list(AuditEvent.objects.all()) == [kept]


@pytest.mark.parametrize("days", ["0", "-5"])
def test_the_command_refuses_no_retention_at_all(days):
    event_aged(1)
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_audit_log", "--days", days)
    assert AuditEvent.objects.count() == 1
