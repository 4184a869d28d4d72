"""End to end in a real Chromium: sections as headings, and questions asked of some roles only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer
from maturity.framework_file import read_framework_file
from maturity.services import framework_import
from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory
from tests.maturity.test_framework_structure import STRUCTURE_FILE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENGINEERS_ONLY = "Are model artefacts scanned before use?"


@pytest.fixture
def assessment(db):
    framework, _ = framework_import(document=read_framework_file(STRUCTURE_FILE))
    return AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=framework
    )


def open_security_page(browser, live_server, respondent):
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("questionnaire:welcome", args=[respondent.token]))
    page.get_by_role("link", name="Start the questionnaire").click()
    page.get_by_role("heading", name="Security", level=1).wait_for()
    return context, page


def test_a_leader_does_not_see_the_engineers_question_and_an_engineer_does(
    live_server, browser, assessment
):
    leader = RespondentFactory(assessment=assessment, name="Lea", role="leadership")
    engineer = RespondentFactory(assessment=assessment, name="Eric", role="software_engineering")

    context, page = open_security_page(browser, live_server, leader)
    assert page.get_by_role("heading", name="Supply chain", level=2).is_visible()
    assert page.get_by_role("heading", name="Access", level=2).is_visible()
    assert page.get_by_text(ENGINEERS_ONLY).count() == 0
    assert page.locator("[data-question]").count() == 2
    context.close()

    context, page = open_security_page(browser, live_server, engineer)
    assert page.get_by_role("heading", name="Supply chain", level=2).is_visible()
    assert page.get_by_role("heading", name="Access", level=2).count() == 0
    question = page.get_by_role("group", name=f"1. {ENGINEERS_ONLY}")
    assert question.is_visible()
    # It is under its section's heading, and its answer is saved in the background.
    section = page.locator("section[data-section='supply-chain']")
    assert section.get_by_text(ENGINEERS_ONLY).is_visible()
    page.get_by_label("CI blocks any unscanned artefact.").check()
    page.locator("[data-save-status]").filter(has_text="Saved.").wait_for()
    context.close()
    answer = Answer.objects.get(respondent=engineer)
    assert (answer.question.key, answer.option.key) == ("scan", "s4")
    assert not Answer.objects.filter(respondent=leader).exists()
