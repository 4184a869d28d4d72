"""Client contacts are e-mailed when their organisation's results are published."""

from __future__ import annotations

import pytest
from django.core import mail

from assessments import tasks
from assessments.models import Assessment
from assessments.services import lifecycle
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.PALIER_SITE_URL = "https://site.example/"


def publish(assessment, capture):
    with capture(execute=True):
        lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
        lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.PUBLISHED)


def test_each_active_contact_gets_a_link_to_the_results(
    assessment, client_contact, outsider_assessment, django_capture_on_commit_callbacks
):
    UserFactory(username="carol", email="carol@example.com", first_name="Carol")
    MembershipFactory(
        organisation=assessment.organisation,
        user=UserFactory(username="gone", email="gone@example.com", is_active=False),
    )
    MembershipFactory(
        organisation=assessment.organisation, user=UserFactory(username="x", email="")
    )
    MembershipFactory(
        organisation=outsider_assessment.organisation,
        user=UserFactory(username="other", email="other@example.com"),
    )
    publish(assessment, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[client_contact.email]]
    message = mail.outbox[0]
    assert message.subject == "The maturity assessment results of Acme Analytics are published"
    assert f"https://site.example/assessments/{assessment.pk}/results/" in message.body
    assert '"2026 review"' in message.body


def test_the_e_mail_is_in_the_assessments_language(
    assessment, client_contact, django_capture_on_commit_callbacks
):
    Assessment.objects.filter(pk=assessment.pk).update(language="fr")
    assessment.refresh_from_db()
    publish(assessment, django_capture_on_commit_callbacks)
    # The French catalogue is merged later; the French greeting already exists in it.
    assert mail.outbox[0].body.startswith("Bonjour")


def test_nothing_is_sent_on_closing_nor_for_an_unpublished_assessment(
    assessment, client_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    assert mail.outbox == []
    membership = client_contact.memberships.get()
    tasks.results_published_email(membership.pk, assessment.pk)  # a late task: not published
    assert mail.outbox == []


def test_a_contact_of_another_organisation_is_never_sent_the_link(
    assessment, outsider_assessment, django_capture_on_commit_callbacks
):
    publish(assessment, django_capture_on_commit_callbacks)
    other = MembershipFactory(
        organisation=outsider_assessment.organisation,
        user=UserFactory(username="other", email="other@example.com"),
    )
    tasks.results_published_email(other.pk, assessment.pk)
    assert mail.outbox == []
