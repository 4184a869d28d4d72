"""Editing and archiving organisations and assessments from the workspace."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.forms import MSG_CLOSES_BEFORE_OPENS
from assessments.models import MSG_ORGANISATION_NAME_TAKEN, Assessment, Organisation
from assessments.services import lifecycle
from assessments.services.lifecycle import MSG_ARCHIVED
from assessments.services.organisations import MSG_ORGANISATION_ARCHIVED
from assessments.tokens import new_token
from audit.models import AuditEvent
from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"assessments:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# Editing an organisation's name ------------------------------------------------------------


def test_organisation_edit_renames_and_records_it(client, consultant, organisation):
    client.force_login(consultant)
    page = client.get(url("organisation_edit", organisation.pk))
    assert 'value="Acme Analytics"' in page.content.decode()
    response = client.post(url("organisation_edit", organisation.pk), {"name": "Acme Data"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Acme Data"
    [event] = events("organisation_updated")
    assert (event.actor, event.organisation) == (consultant, organisation)
    assert event.changes == {"before": {"name": "Acme Analytics"}, "after": {"name": "Acme Data"}}


def test_organisation_edit_refuses_a_taken_name_and_writes_nothing(
    client, consultant, organisation
):
    OrganisationFactory(name="Beta Bank")
    client.force_login(consultant)
    response = client.post(url("organisation_edit", organisation.pk), {"name": "BETA bank"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [MSG_ORGANISATION_NAME_TAKEN]
    assert Organisation.objects.get(pk=organisation.pk).name == "Acme Analytics"
    assert events("organisation_updated") == []


def test_organisation_edit_is_404_for_another_organisations_consultant(
    client, other_consultant, organisation
):
    client.force_login(other_consultant)
    response = client.post(url("organisation_edit", organisation.pk), {"name": "Taken over"})
    assert response.status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).name == "Acme Analytics"


def test_an_archived_organisation_cannot_be_renamed(client, consultant, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(archived_at=timezone.now())
    client.force_login(consultant)
    response = client.post(url("organisation_edit", organisation.pk), {"name": "Acme Data"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [MSG_ORGANISATION_ARCHIVED]
    assert Organisation.objects.get(pk=organisation.pk).name == "Acme Analytics"


# Editing an assessment -----------------------------------------------------------------------


def edit_data(**changes) -> dict[str, str]:
    return {
        "title": "2026 review, second round",
        "language": "fr",
        "opens_on": "01/03/2026",
        "closes_on": "31/03/2026",
    } | changes


def test_assessment_edit_changes_title_language_and_dates_and_records_what_changed(
    client, consultant, assessment
):
    client.force_login(consultant)
    response = client.post(url("assessment_edit", assessment.pk), edit_data())
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.title, assessment.language) == ("2026 review, second round", "fr")
    assert (assessment.opens_on, assessment.closes_on) == (date(2026, 3, 1), date(2026, 3, 31))
    [event] = events("assessment_updated")
    assert event.actor == consultant
    assert event.changes == {
        "before": {"title": "2026 review", "language": "en", "opens_on": None, "closes_on": None},
        "after": {
            "title": "2026 review, second round",
            "language": "fr",
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
        },
    }


def test_assessment_edit_refuses_closing_before_opening_and_writes_nothing(
    client, consultant, assessment
):
    client.force_login(consultant)
    data = edit_data(opens_on="31/03/2026", closes_on="01/03/2026")
    response = client.post(url("assessment_edit", assessment.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors["closes_on"] == [MSG_CLOSES_BEFORE_OPENS]
    assessment.refresh_from_db()
    assert (assessment.title, assessment.closes_on) == ("2026 review", None)
    assert events("assessment_updated") == []


def test_assessment_edit_refuses_a_date_it_cannot_read(client, consultant, assessment):
    client.force_login(consultant)
    response = client.post(url("assessment_edit", assessment.pk), edit_data(opens_on="31/31/26"))
    assert response.status_code == 400
    assert "opens_on" in response.context["form"].errors
    assert Assessment.objects.get(pk=assessment.pk).title == "2026 review"


def test_the_service_refuses_incoherent_dates_too(assessment):
    with pytest.raises(Exception) as refused:
        lifecycle.assessment_update(
            assessment=assessment,
            title="x",
            language="en",
            opens_on=date(2026, 3, 31),
            closes_on=date(2026, 3, 1),
        )
    assert refused.value.message_dict == {"closes_on": [MSG_CLOSES_BEFORE_OPENS]}
    assert Assessment.objects.get(pk=assessment.pk).title == "2026 review"


def test_a_new_closing_date_moves_the_expiry_of_working_links(client, consultant, assessment):
    respondent = RespondentFactory(assessment=assessment, link_expires_at=None)
    client.force_login(consultant)
    closes_on = timezone.localdate() + timedelta(days=10)
    data = edit_data(opens_on="", closes_on=closes_on.strftime("%d/%m/%Y"))
    assert client.post(url("assessment_edit", assessment.pk), data).status_code == 302
    respondent.refresh_from_db()
    assert respondent.link_expires_at is not None
    assert timezone.localdate(respondent.link_expires_at) > closes_on


def test_assessment_edit_post_queries(client, consultant, assessment, django_assert_num_queries):
    client.force_login(consultant)
    client.get(url("dashboard"))  # the session and the consultant's group are read once
    # session, user, consultant group, the assessment; savepoint, the archive check, the
    # update; the links' new expiry (in a savepoint: 3); the audit insert, release
    with django_assert_num_queries(12):
        response = client.post(url("assessment_edit", assessment.pk), edit_data())
    assert response.status_code == 302


def test_assessment_edit_is_404_for_another_organisations_consultant(
    client, other_consultant, assessment
):
    client.force_login(other_consultant)
    response = client.post(url("assessment_edit", assessment.pk), edit_data())
    assert response.status_code == 404
    assert Assessment.objects.get(pk=assessment.pk).title == "2026 review"


# Archiving an assessment ---------------------------------------------------------------------


def test_archive_asks_first_then_hides_makes_read_only_and_restores(client, consultant, assessment):
    client.force_login(consultant)
    confirm = client.get(url("assessment_archive", assessment.pk))
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Nothing is deleted: you can restore it at any time." in text
    assert "Personal links answer as for a closed questionnaire." in text
    assert Assessment.objects.get(pk=assessment.pk).archived_at is None  # GET changes nothing

    response = client.post(url("assessment_archive", assessment.pk), follow=True)
    assert messages_of(response) == ["2026 review was archived. Nothing was deleted."]
    assert Assessment.objects.get(pk=assessment.pk).archived_at is not None
    detail = response.content.decode()
    assert url("assessment_status", assessment.pk) not in detail
    assert url("assessment_scope", assessment.pk) not in detail
    assert url("assessment_restore", assessment.pk) in detail
    [event] = events("assessment_archived")
    assert event.changes == {"before": {"archived": False}, "after": {"archived": True}}

    dashboard = client.get(url("dashboard"))
    assert [a.title for a in dashboard.context["assessments"]] == []
    shown = client.get(url("dashboard"), {"archived": "on"})
    assert [a.title for a in shown.context["assessments"]] == ["2026 review"]

    client.post(url("assessment_restore", assessment.pk))
    assert Assessment.objects.get(pk=assessment.pk).archived_at is None
    assert len(events("assessment_restored")) == 1
    dashboard = client.get(url("dashboard"))
    assert [a.title for a in dashboard.context["assessments"]] == ["2026 review"]


def test_an_archived_assessment_refuses_every_change(client, consultant, assessment, respondent):
    Assessment.objects.filter(pk=assessment.pk).update(archived_at=timezone.now())
    client.force_login(consultant)
    posts = [
        (url("assessment_status", assessment.pk), {"status": "closed"}),
        (url("invitation_revoke", assessment.pk, respondent.pk), {}),
        (url("invitation_resend", assessment.pk, respondent.pk), {}),
    ]
    for action, data in posts:
        response = client.post(action, data, follow=True)
        assert messages_of(response) == [MSG_ARCHIVED], action
    response = client.post(url("assessment_edit", assessment.pk), edit_data())
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [MSG_ARCHIVED]
    response = client.post(
        url("assessment_scope", assessment.pk),
        {"scope-online_serving": "no", "target-automation": "4", "anonymity_threshold": "5"},
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    respondent.refresh_from_db()
    assert (assessment.status, assessment.title, assessment.targets) == ("open", "2026 review", {})
    assert respondent.revoked_at is None
    assert mail.outbox == []
    assert not AuditEvent.objects.exclude(action="login").exists()


def test_an_archived_assessments_link_answers_as_closed(client, assessment):
    token = new_token()
    from assessments.tokens import hash_token

    RespondentFactory(assessment=assessment, token_hash=hash_token(token))
    assert client.get(reverse("questionnaire:welcome", args=[token])).status_code == 200
    Assessment.objects.filter(pk=assessment.pk).update(archived_at=timezone.now())
    response = client.get(reverse("questionnaire:welcome", args=[token]))
    assert response.status_code == 410
    assert "This questionnaire is closed and no longer accepts answers." in (
        response.content.decode()
    )


def test_archive_post_queries(client, consultant, assessment, django_assert_num_queries):
    client.force_login(consultant)
    client.get(url("dashboard"))
    # session, user, consultant group, the assessment; savepoint, the row locked, update,
    # audit insert, release
    with django_assert_num_queries(9):
        response = client.post(url("assessment_archive", assessment.pk))
    assert response.status_code == 302


def test_archive_is_404_for_another_organisations_consultant(client, other_consultant, assessment):
    client.force_login(other_consultant)
    assert client.post(url("assessment_archive", assessment.pk)).status_code == 404
    assert client.get(url("assessment_archive", assessment.pk)).status_code == 404
    assert Assessment.objects.get(pk=assessment.pk).archived_at is None


# Archiving an organisation -------------------------------------------------------------------


def test_archiving_an_organisation_hides_it_with_its_assessments(
    client, consultant, organisation, assessment
):
    client.force_login(consultant)
    confirm = client.get(url("organisation_archive", organisation.pk)).content.decode()
    assert "The organisation and its 1 assessment(s) are hidden from the dashboard" in confirm
    client.post(url("organisation_archive", organisation.pk))
    dashboard = client.get(url("dashboard"))
    assert dashboard.context["organisations"] == []
    assert list(dashboard.context["assessments"]) == []
    shown = client.get(url("dashboard"), {"archived": "on"})
    assert [o.name for o in shown.context["organisations"]] == ["Acme Analytics"]
    # Its assessments are read-only, and none is added.
    response = client.post(url("assessment_status", assessment.pk), {"status": "closed"})
    assert Assessment.objects.get(pk=assessment.pk).status == "open"
    assert response.status_code == 302
    response = client.post(
        url("assessment_create", organisation.pk),
        {"framework": assessment.framework_id, "title": "New", "language": "en"},
    )
    assert list(Assessment.objects.all()) == [assessment]
    assert len(events("organisation_archived")) == 1

    client.post(url("organisation_restore", organisation.pk))
    assert Organisation.objects.get(pk=organisation.pk).archived_at is None
    assert len(events("organisation_restored")) == 1


def test_organisation_archive_is_404_for_another_organisations_consultant(
    client, other_consultant, organisation
):
    client.force_login(other_consultant)
    assert client.post(url("organisation_archive", organisation.pk)).status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).archived_at is None


def test_an_assessment_of_an_archived_organisation_is_not_restored_alone(
    consultant, organisation, sample_framework
):
    archived = AssessmentFactory(
        organisation=organisation, framework=sample_framework, archived_at=timezone.now()
    )
    Organisation.objects.filter(pk=organisation.pk).update(archived_at=timezone.now())
    with pytest.raises(Exception) as refused:
        lifecycle.assessment_set_archived(assessment=archived, archived=False, actor=consultant)
    assert refused.value.messages == [MSG_ARCHIVED]
    assert Assessment.objects.get(pk=archived.pk).archived_at is not None


# The scope and targets of a published assessment -------------------------------------------


def test_a_published_assessment_offers_its_targets_and_the_result_follows(
    client, consultant, assessment
):
    from assessments.services.lifecycle import MSG_SCOPE_FROZEN
    from tests.helpers import publish

    publish(assessment)
    client.force_login(consultant)
    detail = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert f'href="{url("assessment_scope", assessment.pk)}"' in detail
    page = client.get(url("assessment_scope", assessment.pk)).content.decode()
    assert "change what client contacts see and the report at once" in page
    data = {
        "scope-online_serving": "yes",  # as it was: the framework's default
        "target-automation": "4",
        "target-experiments": "1",
        "target-monitoring": "2",
        "anonymity_threshold": "5",
    }
    # The scope itself stays fixed: nothing written.
    refused = client.post(
        url("assessment_scope", assessment.pk), data | {"scope-online_serving": "no"}
    )
    assert refused.status_code == 400
    assert str(MSG_SCOPE_FROZEN) in refused.content.decode()
    snapshots = assessment.snapshots.count()
    assert Assessment.objects.get(pk=assessment.pk).targets == {}

    response = client.post(url("assessment_scope", assessment.pk), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.targets["automation"] == 4
    assert assessment.snapshots.count() == snapshots + 1
    latest = assessment.snapshots.latest()
    assert latest.reason == "refresh"
    assert latest.data["overall"]["dimensions"][0]["target"] == 4


def test_organisation_edit_post_queries(
    client, consultant, organisation, django_assert_num_queries
):
    client.force_login(consultant)
    client.get(url("dashboard"))
    # session, user, consultant group, the organisation; the form's taken-name check;
    # savepoint, the row locked, the service's taken-name check, savepoint, update, release,
    # audit insert, release
    with django_assert_num_queries(13):
        response = client.post(url("organisation_edit", organisation.pk), {"name": "Acme Data"})
    assert response.status_code == 302


def test_organisation_archive_post_queries(
    client, consultant, organisation, django_assert_num_queries
):
    client.force_login(consultant)
    client.get(url("dashboard"))
    # session, user, consultant group, the organisation; savepoint, the row locked, update,
    # audit insert, release
    with django_assert_num_queries(9):
        response = client.post(url("organisation_archive", organisation.pk))
    assert response.status_code == 302
