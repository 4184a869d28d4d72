"""Each audited action writes exactly one event, with its actor, object and before/after.

The services write them (never the views): the pages, the admin and the commands alike.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Respondent
from assessments.services import invitations, lifecycle
from audit.models import AuditEvent
from reports import views as report_views
from reports.cache import Report
from tests.factories import RespondentFactory, UserFactory
from tests.helpers import TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.20"
LINK = re.compile(r"/r/([A-Za-z0-9_-]{20,})/")


def only_event() -> AuditEvent:
    """The one event besides the test client's log-in (force_login sends user_logged_in)."""
    (event,) = AuditEvent.objects.exclude(action="login")
    return event


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


# Assessment status -------------------------------------------------------------------------------


def test_a_status_change_from_the_workspace_is_one_event_with_before_and_after(
    client, consultant, assessment
):
    client.force_login(consultant)
    response = client.post(
        url("assessments:assessment_status", assessment.pk),
        {"status": "closed"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    event = only_event()
    assert (event.action, event.actor, event.ip_address) == (
        "assessment_status_changed",
        consultant,
        ADDRESS,
    )
    assert (event.object_type, event.object_id) == ("assessments.assessment", str(assessment.pk))
    assert event.organisation == assessment.organisation
    assert event.changes == {"before": {"status": "open"}, "after": {"status": "closed"}}


def test_a_refused_status_change_records_nothing(client, consultant, assessment):
    client.force_login(consultant)
    client.post(url("assessments:assessment_status", assessment.pk), {"status": "published"})
    assert Assessment.objects.get(pk=assessment.pk).status == "open"
    assert not AuditEvent.objects.filter(action="assessment_status_changed").exists()


def test_the_same_status_again_records_nothing(consultant, assessment):
    lifecycle.assessment_set_status(assessment=assessment, status="open", actor=consultant)
    assert not AuditEvent.objects.exists()


def test_the_daily_close_is_recorded_with_no_actor(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    lifecycle.assessments_close_due()
    event = only_event()
    assert (event.actor, event.actor_label) == (None, "")
    assert event.changes == {"before": {"status": "open"}, "after": {"status": "closed"}}


def test_a_status_change_from_the_admin_is_recorded_as_the_superuser_s(client, assessment):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(
        reverse("admin:assessments_assessment_changelist"),
        {"action": "set_status_closed", "_selected_action": [assessment.pk]},
    )
    event = only_event()
    assert (event.actor, event.changes["after"]) == (admin, {"status": "closed"})


# Invitations -------------------------------------------------------------------------------------


def test_each_invitation_sent_is_one_event_without_the_name_or_the_e_mail(
    client, consultant, assessment
):
    client.force_login(consultant)
    lines = (
        "Ada Lovelace, ada@example.com, data_science\nGrace Hopper, grace@example.com, leadership"
    )
    response = client.post(
        url("assessments:respondents_invite", assessment.pk), {"lines": lines}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 200
    ada = Respondent.objects.get(email="ada@example.com")
    events = list(AuditEvent.objects.filter(action="invitation_sent").order_by("pk"))
    assert len(events) == 2
    assert [e.object_id for e in events] == [str(ada.pk), str(ada.pk + 1)]
    assert events[0].object_repr == f"2026 review · respondent #{ada.pk} (data_science)"
    assert {(e.actor, e.ip_address, e.organisation) for e in events} == {
        (consultant, ADDRESS, assessment.organisation)
    }
    tokens = LINK.findall(response.content.decode())
    for row in AuditEvent.objects.values():
        text = str(row)
        assert "Ada" not in text and "ada@" not in text and "grace@" not in text
        assert not any(token in text for token in tokens)


def test_a_refused_invitation_records_nothing(consultant, assessment, respondent):
    with pytest.raises(ValidationError, match="already invited"):
        invitations.respondents_invite(
            assessment=assessment,
            invitees=[invitations.Invitee("R", respondent.email, "leadership")],
            base_url="http://testserver/",
            sender_name="Alice",
            actor=consultant,
        )
    assert not AuditEvent.objects.exists()


def test_a_new_link_is_one_event_saying_a_revocation_was_lifted(
    client, consultant, assessment, respondent
):
    Respondent.objects.filter(pk=respondent.pk).update(revoked_at=timezone.now())
    client.force_login(consultant)
    client.post(
        url("assessments:invitation_resend", assessment.pk, respondent.pk), REMOTE_ADDR=ADDRESS
    )
    event = only_event()
    assert (event.action, event.actor, event.object_id) == (
        "invitation_resent",
        consultant,
        str(respondent.pk),
    )
    assert event.changes == {"before": {"revoked": True}, "after": {"revoked": False}}
    assert "Rita" not in event.object_repr


def test_a_revocation_is_one_event(client, consultant, assessment, respondent):
    client.force_login(consultant)
    client.post(
        url("assessments:invitation_revoke", assessment.pk, respondent.pk), REMOTE_ADDR=ADDRESS
    )
    event = only_event()
    assert (event.action, event.actor, event.ip_address) == (
        "invitation_revoked",
        consultant,
        ADDRESS,
    )
    assert event.changes == {"before": {"revoked": False}, "after": {"revoked": True}}


def test_a_refused_revocation_records_nothing(client, consultant, assessment, respondent):
    Assessment.objects.filter(pk=assessment.pk).update(status="published")
    client.force_login(consultant)
    client.post(url("assessments:invitation_revoke", assessment.pk, respondent.pk))
    assert not AuditEvent.objects.exclude(action="login").exists()


# Downloads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "export_format"),
    [("export_csv", "csv"), ("export_json", "json"), ("export_xlsx", "xlsx")],
)
def test_each_export_download_is_one_event(client, consultant, assessment, name, export_format):
    client.force_login(consultant)
    response = client.get(url(f"results:{name}", assessment.pk), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = only_event()
    assert (event.action, event.actor, event.ip_address) == (
        "export_downloaded",
        consultant,
        ADDRESS,
    )
    assert (event.object_id, event.organisation) == (str(assessment.pk), assessment.organisation)
    assert event.changes == {"format": export_format, "language": "en"}


def test_another_organisation_s_export_is_a_404_and_records_nothing(
    client, consultant, outsider_assessment
):
    client.force_login(consultant)
    assert client.get(url("results:export_csv", outsider_assessment.pk)).status_code == 404
    assert not AuditEvent.objects.exclude(action="login").exists()


def test_the_export_command_is_recorded_with_no_actor(assessment, tmp_path):
    call_command(
        "export_results", assessment.pk, "--format", "json", "-o", str(tmp_path / "out.json")
    )
    event = only_event()
    assert (event.action, event.actor, event.changes["format"]) == (
        "export_downloaded",
        None,
        "json",
    )


@pytest.fixture
def cached_pdf(monkeypatch):
    """A report served from the cache, so no test waits for WeasyPrint."""
    report = Report(filename="r.pdf", content=b"%PDF-1.7", key="k", from_cache=True, name="r")
    monkeypatch.setattr(report_views, "report_cached", lambda bundle, lang: report)
    return report


def test_a_report_download_is_one_event_with_its_language(
    client, consultant, assessment, cached_pdf
):
    client.force_login(consultant)
    response = client.get(url("reports:pdf", assessment.pk) + "?lang=fr", REMOTE_ADDR=ADDRESS)
    assert response.content == b"%PDF-1.7"
    event = only_event()
    assert (event.action, event.actor, event.ip_address) == (
        "report_downloaded",
        consultant,
        ADDRESS,
    )
    assert event.changes == {"format": "pdf", "language": "fr"}


def test_a_client_contact_s_download_is_recorded_as_theirs(
    client, client_contact, assessment, cached_pdf
):
    submitted_respondent(assessment, "Tess Top", "data_science", TOP)
    publish(assessment)
    AuditEvent.objects.all().delete()
    client.force_login(client_contact)
    assert client.get(url("reports:pdf", assessment.pk)).status_code == 200
    event = only_event()
    assert (event.actor_label, event.organisation) == ("bob", assessment.organisation)


def test_the_preparing_page_records_no_download(client, consultant, assessment, monkeypatch):
    monkeypatch.setattr(report_views, "report_cached", lambda bundle, lang: None)
    monkeypatch.setattr(report_views, "runs_inline", lambda: False)
    monkeypatch.setattr(report_views, "report_request", lambda *args, **kwargs: "preparing")
    client.force_login(consultant)
    assert client.get(url("reports:pdf", assessment.pk)).status_code == 202
    assert not AuditEvent.objects.exclude(action="login").exists()


def test_a_refused_language_records_no_download(client, consultant, assessment, cached_pdf):
    client.force_login(consultant)
    assert client.get(url("reports:pdf", assessment.pk) + "?lang=de").status_code == 400
    assert not AuditEvent.objects.exclude(action="login").exists()


def test_deleting_a_respondent_keeps_their_events(consultant, assessment):
    respondent = RespondentFactory(assessment=assessment)
    invitations.invitation_revoke(respondent=respondent, actor=consultant)
    Respondent.objects.filter(pk=respondent.pk).delete()
    assert only_event().object_id == str(respondent.pk)
