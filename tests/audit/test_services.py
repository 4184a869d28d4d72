"""audit_record: one event, the names copied, nothing unknown or oversized; and the pruning."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from assessments.models import Organisation
from audit.models import AuditEvent
from audit.services import (
    CHANGES_MAX_LENGTH,
    audit_events_prune,
    audit_record,
    request_ip,
)
from tests.factories import RespondentFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def test_an_event_names_who_what_which_object_and_the_change(consultant, assessment):
    event = audit_record(
        action=AuditEvent.Action.ASSESSMENT_STATUS_CHANGED,
        actor=consultant,
        organisation=assessment.organisation,
        obj=assessment,
        changes={"before": {"status": "draft"}, "after": {"status": "open"}},
        ip_address="203.0.113.9",
    )
    event.refresh_from_db()
    assert event.actor == consultant
    assert event.actor_label == "alice"
    assert event.action == "assessment_status_changed"
    assert event.organisation == assessment.organisation
    assert event.organisation_label == "Acme Analytics"
    assert event.object_type == "assessments.assessment"
    assert event.object_id == str(assessment.pk)
    assert event.object_repr == "2026 review"
    assert event.change_lines == [("status", "draft", "open")]
    assert event.ip_address == "203.0.113.9"
    assert AuditEvent.objects.count() == 1


def test_the_trace_outlives_the_user_and_the_organisation(consultant, assessment):
    event = audit_record(
        action=AuditEvent.Action.EXPORT_DOWNLOADED,
        actor=consultant,
        organisation=assessment.organisation,
        obj=assessment,
    )
    User.objects.filter(pk=consultant.pk).delete()
    Organisation.objects.filter(pk=assessment.organisation.pk).delete()
    event.refresh_from_db()
    assert (event.actor, event.organisation) == (None, None)
    assert (event.actor_label, event.organisation_label) == ("alice", "Acme Analytics")
    assert event.object_repr == "2026 review"


def test_without_an_account_the_label_names_who_tried():
    event = audit_record(action=AuditEvent.Action.LOGIN_FAILED, actor_label="mallory")
    assert (event.actor, event.actor_label) == (None, "mallory")
    assert (event.object_type, event.object_id, event.object_repr) == ("", "", "")


def test_an_anonymous_user_is_nobody():
    event = audit_record(action=AuditEvent.Action.LOGOUT, actor=AnonymousUser())
    assert (event.actor, event.actor_label) == (None, "")


def test_a_replacement_repr_keeps_personal_data_out(respondent):
    event = audit_record(
        action=AuditEvent.Action.INVITATION_SENT, obj=respondent, object_repr="respondent #1"
    )
    assert event.object_repr == "respondent #1"
    assert "Rita" not in event.object_repr


def test_long_labels_are_clipped_to_their_columns(assessment):
    assessment.title = "T" * 200
    event = audit_record(
        action=AuditEvent.Action.LOGIN_FAILED, actor_label="x" * 500, obj=assessment
    )
    event.full_clean()  # the clipped values fit their columns
    assert len(event.actor_label) == 150
    assert event.actor_label.endswith("…")


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        audit_record(action="password_read")
    assert AuditEvent.objects.count() == 0


def test_changes_too_long_are_refused_so_no_answer_can_be_copied_in():
    with pytest.raises(ValueError, match=str(CHANGES_MAX_LENGTH)):
        audit_record(
            action=AuditEvent.Action.COMMENT_MODERATED,
            changes={"before": {"comment": "x" * CHANGES_MAX_LENGTH}, "after": {}},
        )
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("address", ["", "not-an-address", "999.1.1.1", None])
def test_a_bad_address_is_stored_as_none(address):
    event = audit_record(action=AuditEvent.Action.LOGIN, ip_address=address)
    assert event.ip_address is None


def test_request_ip_reads_remote_addr():
    assert request_ip(RequestFactory().get("/", REMOTE_ADDR="2001:db8::1")) == "2001:db8::1"
    assert request_ip(RequestFactory().get("/", REMOTE_ADDR="garbage")) is None
    assert request_ip(None) is None


@pytest.mark.parametrize(
    "action",
    [
        AuditEvent.Action.CONTACT_ADDED,
        AuditEvent.Action.CONTACT_REMOVED,
        AuditEvent.Action.RESPONDENT_ERASED,
        AuditEvent.Action.ORGANISATION_EXPORTED,
        AuditEvent.Action.RESPONDENT_EXPORTED,
        AuditEvent.Action.COMMENT_MODERATED,
    ],
)
def test_the_actions_other_services_record_are_accepted(consultant, organisation, action):
    """Client contacts, erasures, personal-data exports and moderation call audit_record too."""
    event = audit_record(action=action, actor=consultant, organisation=organisation)
    assert AuditEvent.objects.get() == event
    assert event.organisation_label == "Acme Analytics"


def test_an_erased_respondent_s_event_keeps_only_what_it_was_given(assessment):
    respondent = RespondentFactory(assessment=assessment, name="Eve Erased", email="eve@x.example")
    audit_record(
        action=AuditEvent.Action.RESPONDENT_ERASED,
        organisation=assessment.organisation,
        obj=respondent,
        object_repr=f"respondent #{respondent.pk}",
    )
    row = AuditEvent.objects.values().get()
    assert not any("Eve" in str(value) or "eve@" in str(value) for value in row.values())


def test_pruning_deletes_only_the_events_older_than_the_limit():
    old = audit_record(action=AuditEvent.Action.LOGIN)
    new = audit_record(action=AuditEvent.Action.LOGIN)
    limit = datetime(2026, 1, 1, tzinfo=PARIS)
    AuditEvent.objects.filter(pk=old.pk).update(at=limit - timedelta(seconds=1))
    AuditEvent.objects.filter(pk=new.pk).update(at=limit)
    assert audit_events_prune(before=limit) == 1
    assert list(AuditEvent.objects.all()) == [new]
