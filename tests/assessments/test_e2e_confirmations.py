"""End to end in a real Chromium: a consultant closes answering, then publishes, each
confirmed on its page first; with JavaScript off, as the pages need none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.factories import (
    AssessmentFactory,
    ConsultantFactory,
    MembershipFactory,
    OrganisationFactory,
    RespondentFactory,
)
from tests.helpers import logged_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def running(sample_framework):
    consultant = ConsultantFactory(username="alice", first_name="Alice", last_name="Martin")
    organisation = OrganisationFactory(name="Acme Analytics")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    assessment = AssessmentFactory(
        organisation=organisation, framework=sample_framework, title="2026 review"
    )
    RespondentFactory(assessment=assessment, name="Rita Respondent", status="submitted")
    return assessment


def test_close_then_publish_each_asks_first_and_says_what_will_happen(
    live_server, browser, running
):
    page = logged_in_page(browser, live_server, java_script_enabled=False)
    context = page.context
    page.get_by_text("Signed in as Alice Martin").wait_for()

    detail = live_server.url + reverse("assessments:assessment_detail", args=[running.pk])
    page.goto(detail)
    page.get_by_role("link", name="Close answering").click()
    page.get_by_text(
        "Respondents can no longer answer; their links say that answering is closed."
    ).wait_for()
    # Cancelling changes nothing.
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(detail)
    page.get_by_role("link", name="Close answering").click()
    page.get_by_role("button", name="Close answering").click()
    page.get_by_text("The assessment is now Closed.").wait_for()

    page.get_by_role("link", name="Publish").click()
    page.get_by_role("heading", name="What client contacts will not see").wait_for()
    page.get_by_text("Only 1 respondents submitted, fewer than 5").wait_for()
    page.get_by_role("button", name="Publish the results").click()
    page.get_by_text("The results are published: client contacts can read them.").wait_for()

    page.goto(detail)
    page.get_by_role("link", name="Unpublish").wait_for()
    context.close()
    assert Assessment.objects.get(pk=running.pk).status == "published"
