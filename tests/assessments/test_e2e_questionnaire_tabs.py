"""End to end in a real Chromium: two tabs on one page, each keeping what the other saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer
from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invited(sample_framework):
    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=sample_framework
    )
    return RespondentFactory(assessment=assessment, name="Rita Respondent")


def test_a_stale_tab_s_comment_keeps_the_choice_the_other_tab_saved(live_server, browser, invited):
    page_url = live_server.url + reverse(
        "questionnaire:dimension", args=[invited.token, "automation"]
    )
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(30_000)
    tab_a, tab_b = context.new_page(), context.new_page()
    tab_a.goto(page_url)
    tab_b.goto(page_url)  # both render the page before either saves

    # Tab B answers question 1 in the background.
    tab_b.get_by_label("CI deploys on demand.").check()
    tab_b.locator("[data-save-status]").filter(has_text="Saved.").wait_for()

    # Tab A, stale (no choice shown), writes a comment on the same question.
    comment = tab_a.locator("[name='q-automation-deploy-comment']")
    comment.fill("Deploys wait for the release manager.")
    tab_a.locator("[data-save-status]").filter(has_text="Saved.").wait_for()

    # Then tab A's own Save button: it sends only what changed since its last save.
    tab_a.get_by_role("button", name="Save and continue").click()
    tab_a.get_by_role("heading", name="Experiment tracking").wait_for()

    tab_b.reload()
    assert tab_b.get_by_label("CI deploys on demand.").is_checked()
    assert tab_b.locator("[name='q-automation-deploy-comment']").input_value() == (
        "Deploys wait for the release manager."
    )
    context.close()

    # The database, read once the browser is gone (see test_e2e_questionnaire.py).
    deploy = Answer.objects.get(respondent=invited, question__key="automation-deploy")
    assert (deploy.option.key, deploy.comment) == ("s2", "Deploys wait for the release manager.")
