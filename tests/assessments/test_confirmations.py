"""Every consequential action is confirmed on a page that says what will happen."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Assessment
from assessments.services.lifecycle import MSG_STATUS_TRANSITION
from tests.factories import RespondentFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"assessments:{name}", args=args)


def set_status(assessment: Assessment, status: str) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        ("draft", ["Open for answers"]),
        ("open", ["Back to draft", "Close answering"]),
        ("closed", ["Reopen for answers", "Publish"]),
        ("published", ["Unpublish"]),
    ],
)
def test_status_buttons_say_what_they_do(client, consultant, assessment, status, buttons):
    set_status(assessment, status)
    client.force_login(consultant)
    response = client.get(url("assessment_detail", assessment.pk))
    assert [label for _, label in response.context["status_buttons"]] == buttons


def test_the_publish_button_leads_to_the_results_confirmation(client, consultant, assessment):
    set_status(assessment, "closed")
    client.force_login(consultant)
    detail = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert f'href="{reverse("results:publish_confirm", args=[assessment.pk])}"' in detail
    response = client.get(url("assessment_status", assessment.pk), {"status": "published"})
    assert response.status_code == 302
    assert response.url == reverse("results:publish_confirm", args=[assessment.pk])


def test_closing_is_confirmed_first_then_done(client, consultant, assessment):
    client.force_login(consultant)
    page = client.get(url("assessment_status", assessment.pk), {"status": "closed"})
    text = page.content.decode()
    assert "Respondents can no longer answer; their links say that answering is closed." in text
    assert 'name="status" value="closed"' in text
    assert Assessment.objects.get(pk=assessment.pk).status == "open"
    client.post(url("assessment_status", assessment.pk), {"status": "closed"})
    assert Assessment.objects.get(pk=assessment.pk).status == "closed"


def test_unpublishing_says_client_contacts_lose_the_results(client, consultant, assessment):
    set_status(assessment, "published")
    client.force_login(consultant)
    page = client.get(url("assessment_status", assessment.pk), {"status": "closed"})
    assert "Client contacts no longer see the results or the report." in page.content.decode()
    assert page.context["confirm"].button == "Unpublish"


def test_back_to_draft_says_the_answers_are_kept(client, consultant, assessment):
    client.force_login(consultant)
    page = client.get(url("assessment_status", assessment.pk), {"status": "draft"})
    assert "Every answer given so far is kept." in page.content.decode()


def test_a_move_the_lifecycle_refuses_is_not_offered_for_confirmation(
    client, consultant, assessment
):
    set_status(assessment, "draft")
    client.force_login(consultant)
    response = client.get(
        url("assessment_status", assessment.pk), {"status": "closed"}, follow=True
    )
    assert response.redirect_chain == [(url("assessment_detail", assessment.pk), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        MSG_STATUS_TRANSITION % {"old": "Draft", "new": "Closed"}
    ]


def test_an_unknown_status_to_confirm_is_a_400(client, consultant, assessment):
    client.force_login(consultant)
    assert (
        client.get(url("assessment_status", assessment.pk), {"status": "gone"}).status_code == 400
    )
    assert client.get(url("assessment_status", assessment.pk)).status_code == 400


def test_the_confirmations_are_404_for_another_organisations_consultant(
    client, other_consultant, assessment, respondent
):
    client.force_login(other_consultant)
    for target in [
        url("assessment_status", assessment.pk) + "?status=closed",
        url("invitation_resend", assessment.pk, respondent.pk),
        url("invitation_revoke", assessment.pk, respondent.pk),
    ]:
        assert client.get(target).status_code == 404


def test_resend_confirmation_names_the_address_and_what_is_lifted(client, consultant, assessment):
    from django.utils import timezone

    revoked = RespondentFactory(
        assessment=assessment,
        name="Sam Submitted",
        email="sam@example.com",
        status="submitted",
        revoked_at=timezone.now(),
    )
    client.force_login(consultant)
    text = client.get(url("invitation_resend", assessment.pk, revoked.pk)).content.decode()
    assert "A new personal link is e-mailed to Sam Submitted (sam@example.com)." in text
    assert "The revocation is lifted." in text
    assert "Their submitted answers count in the results again." in text
    assert mail.outbox == []


def test_revoke_confirmation_of_a_submitted_respondent_says_the_answers_stop_counting(
    client, consultant, assessment
):
    submitted = RespondentFactory(assessment=assessment, name="Sam", status="submitted")
    client.force_login(consultant)
    text = client.get(url("invitation_revoke", assessment.pk, submitted.pk)).content.decode()
    assert "Their submitted answers no longer count in the results; they are kept." in text
    submitted.refresh_from_db()
    assert submitted.revoked_at is None


def test_a_submitted_respondent_of_an_open_assessment_offers_resend_and_revoke(
    client, consultant, assessment
):
    submitted = RespondentFactory(assessment=assessment, name="Sam", status="submitted")
    client.force_login(consultant)
    detail = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert f'href="{url("invitation_resend", assessment.pk, submitted.pk)}"' in detail
    assert f'href="{url("invitation_revoke", assessment.pk, submitted.pk)}"' in detail


def test_status_change_post_queries(client, consultant, assessment, django_assert_num_queries):
    set_status(assessment, "draft")
    client.force_login(consultant)
    client.get(url("dashboard"))
    # session, user, consultant group, the assessment; savepoint, the archive check, update,
    # audit insert, release
    with django_assert_num_queries(9):
        response = client.post(url("assessment_status", assessment.pk), {"status": "open"})
    assert response.status_code == 302
