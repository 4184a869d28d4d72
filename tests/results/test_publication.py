"""Publishing, confirmed on a page that says what the anonymity threshold hides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import lifecycle
from assessments.services.lifecycle import MSG_ARCHIVED, MSG_STATUS_TRANSITION
from audit.models import AuditEvent
from tests.helpers import BOTTOM, TOP, submitted_respondent

pytestmark = pytest.mark.django_db


def confirm_url(assessment: Assessment) -> str:
    return reverse("results:publish_confirm", args=[assessment.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def closed_with_one_leader(assessment):
    """One leader and three data scientists, a threshold of 3, answering closed."""
    assessment.anonymity_threshold = 3
    assessment.save()
    submitted_respondent(assessment, "Lena Leader", "leadership", BOTTOM)
    for i in range(3):
        submitted_respondent(assessment, f"Dana {i}", "data_science", TOP)
    lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    return assessment


def test_the_confirmation_warns_of_what_client_contacts_will_not_see(
    client, consultant, closed_with_one_leader
):
    client.force_login(consultant)
    response = client.get(confirm_url(closed_with_one_leader))
    assert response.status_code == 200
    assert response.context["warnings"] == [
        "Leadership (1 submitted): fewer than 3 respondents.",
        "Practitioners (3 submitted): hidden so that a smaller group cannot be worked out by "
        "subtracting it from a larger one.",
        "Data science (3 submitted): hidden so that a smaller group cannot be worked out by "
        "subtracting it from a larger one.",
    ]
    text = response.content.decode()
    assert "The client contacts of Acme Analytics can read the results and the report." in text
    assert 'name="csrfmiddlewaretoken"' in text
    assert Assessment.objects.get(pk=closed_with_one_leader.pk).status == "closed"


def test_nothing_hidden_says_so(client, consultant, assessment):
    for i in range(5):
        submitted_respondent(assessment, f"Dana {i}", "data_science", TOP)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.CLOSED)
    client.force_login(consultant)
    response = client.get(confirm_url(assessment))
    assert response.context["warnings"] == []
    assert "client contacts see every group of the results" in response.content.decode()


def test_posting_the_confirmation_publishes(client, consultant, closed_with_one_leader):
    client.force_login(consultant)
    response = client.post(confirm_url(closed_with_one_leader), follow=True)
    assert response.redirect_chain == [
        (reverse("results:page", args=[closed_with_one_leader.pk]), 302)
    ]
    assert messages_of(response) == ["The results are published: client contacts can read them."]
    assessment = Assessment.objects.get(pk=closed_with_one_leader.pk)
    assert assessment.status == "published"
    assert assessment.published_at is not None
    event = AuditEvent.objects.filter(action="assessment_status_changed").first()  # the latest
    assert event.changes == {"before": {"status": "closed"}, "after": {"status": "published"}}


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_open_assessment_is_not_published(client, consultant, assessment, method):
    client.force_login(consultant)
    response = getattr(client, method)(confirm_url(assessment), follow=True)
    detail = reverse("assessments:assessment_detail", args=[assessment.pk])
    assert response.redirect_chain == [(detail, 302)]
    assert messages_of(response) == [MSG_STATUS_TRANSITION % {"old": "Open", "new": "Published"}]
    assert Assessment.objects.get(pk=assessment.pk).status == "open"
    assert not AuditEvent.objects.filter(action="assessment_status_changed").exists()


def test_an_archived_assessment_is_not_published(client, consultant, closed_with_one_leader):
    from django.utils import timezone

    Assessment.objects.filter(pk=closed_with_one_leader.pk).update(archived_at=timezone.now())
    client.force_login(consultant)
    response = client.post(confirm_url(closed_with_one_leader), follow=True)
    assert messages_of(response) == [MSG_ARCHIVED]
    assert Assessment.objects.get(pk=closed_with_one_leader.pk).status == "closed"


def test_the_confirmation_is_404_for_another_organisations_consultant(
    client, other_consultant, closed_with_one_leader
):
    client.force_login(other_consultant)
    assert client.get(confirm_url(closed_with_one_leader)).status_code == 404
    assert client.post(confirm_url(closed_with_one_leader)).status_code == 404
    assert Assessment.objects.get(pk=closed_with_one_leader.pk).status == "closed"


def test_the_confirmation_is_404_for_a_client_contact(
    client, client_contact, closed_with_one_leader
):
    client.force_login(client_contact)
    assert client.post(confirm_url(closed_with_one_leader)).status_code == 404


def test_publish_post_queries(
    client, consultant, closed_with_one_leader, django_assert_num_queries
):
    client.force_login(consultant)
    client.get(reverse("assessments:dashboard"))
    # session, user, consultant group, the assessment; savepoint, the archive check, update,
    # audit insert, whether a snapshot exists (closing stored one), release
    with django_assert_num_queries(10):
        response = client.post(confirm_url(closed_with_one_leader))
    assert response.status_code == 302
