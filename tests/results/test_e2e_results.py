"""End to end in a real Chromium, without JavaScript: a consultant filters the recommendations
and saves from the filtered page, and reads the figures in French."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import CuratedRecommendation
from tests.factories import (
    AssessmentFactory,
    ConsultantFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.helpers import BOTTOM, TOP, logged_in_page, submitted_respondent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviewed(sample_framework):
    consultant = ConsultantFactory(username="alice")
    organisation = OrganisationFactory(name="Acme Analytics")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    assessment = AssessmentFactory(
        organisation=organisation, framework=sample_framework, title="2026 review"
    )
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    CuratedRecommendation.objects.create(
        assessment=assessment,
        dimension_key="experiments",
        text_en="Share notebooks",
        horizon="later",
    )
    return assessment


def signed_in(browser, live_server, locale: str):
    page = logged_in_page(browser, live_server, locale=locale, java_script_enabled=False)
    return page.context, page


def test_consultant_filters_recommendations_and_saves_without_javascript(
    live_server, browser, reviewed
):
    context, page = signed_in(browser, live_server, "en-GB")
    page.goto(live_server.url + reverse("results:page", args=[reviewed.pk]))
    recommendations = page.locator("#recommendations")
    filter_form = page.get_by_role("form", name="Filter the recommendations")
    filter_form.get_by_label("Dimension").select_option("automation")
    filter_form.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"\?dimension=automation&horizon=#recommendations$"))
    listed = recommendations.locator("li.list-group-item")
    assert listed.count() == 2
    assert "Share notebooks" not in recommendations.inner_text()

    # Hide one from the filtered page: back on the same filter, the message where the user is.
    page.locator("#recommendation-automation-iac").get_by_role("button", name="Hide").click()
    page.wait_for_url(re.compile(r"\?dimension=automation#recommendations$"))
    message = recommendations.locator(".section-message")
    assert message.inner_text() == "The recommendation is hidden from the report."
    # Bootstrap scrolls to the fragment smoothly (unless the user asks for reduced motion): the
    # page lands at the top and glides 4,000 px down, so wait for the glide to end.
    expect(message).to_be_in_viewport()
    assert page.locator("main > .messages").count() == 0

    recommendations.get_by_role("link", name="Show all").click()
    assert "Share notebooks" in page.locator("#recommendations").inner_text()
    context.close()


def test_french_results_page_writes_decimal_commas(live_server, browser, reviewed):
    context, page = signed_in(browser, live_server, "fr-FR")
    page.goto(live_server.url + reverse("results:page", args=[reviewed.pk]))
    dimensions = page.locator("#dimensions table").first.inner_text()
    # Experiments: (2 × 1 + 2.5 × 1.5) / 2.5.
    assert "2,30" in dimensions
    assert "2.30" not in dimensions
    context.close()
