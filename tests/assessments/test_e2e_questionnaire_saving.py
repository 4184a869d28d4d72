"""End to end in a real Chromium: "Saved" is said where the respondent is, with and without
JavaScript, on a long page; the comment box counts the characters left."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer
from maturity.models import Dimension
from tests.factories import (
    AssessmentFactory,
    OrganisationFactory,
    QuestionFactory,
    RespondentFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invited(sample_framework):
    """A respondent whose first page holds 22 questions: several thousand pixels long."""
    dimension = Dimension.objects.get(framework=sample_framework, key="automation")
    for number in range(20):
        QuestionFactory(
            dimension=dimension, framework=sample_framework, key=f"automation-extra-{number:02}"
        )
    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=sample_framework
    )
    return RespondentFactory(assessment=assessment, name="Rita Respondent")


def open_page(browser, live_server, respondent, *, language="EN", javascript=True):
    context = browser.new_context(
        locale="en-GB", viewport={"width": 1280, "height": 800}, java_script_enabled=javascript
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(
        live_server.url + reverse("questionnaire:dimension", args=[respondent.token, "automation"])
    )
    if language == "FR":
        page.get_by_role("button", name="FR").click()
        page.get_by_role("heading", name="Automatisation").wait_for()
    assert page.evaluate("document.documentElement.scrollHeight") > 4000
    return context, page


def question(page, key):
    return page.locator(f"[data-question='{key}']")


@pytest.mark.parametrize(("language", "saved"), [("EN", "Saved."), ("FR", "Enregistré.")])
def test_background_save_is_said_in_view_at_the_top_and_at_the_bottom_of_a_long_page(
    live_server, browser, invited, language, saved
):
    context, page = open_page(browser, live_server, invited, language=language)
    status = page.locator("[data-save-status]")
    # The first question, at the top of the page.
    question(page, "automation-deploy").locator("input[value='o:s2']").check()
    expect(status).to_have_text(saved)
    expect(status).to_be_in_viewport()
    assert status.get_attribute("aria-live") == "polite"
    # The last question, 4,000 pixels further down.
    last = question(page, "automation-extra-19")
    last.scroll_into_view_if_needed()
    page.evaluate("document.querySelector('[data-save-status]').textContent = ''")
    last.locator("input[value='o:s3']").check()
    expect(status).to_have_text(saved)
    expect(status).to_be_in_viewport()
    expect(last).to_be_in_viewport()
    context.close()
    answers = Answer.objects.filter(respondent=invited, kind="option")
    assert sorted(answers.values_list("question__key", "option__key")) == [
        ("automation-deploy", "s2"),
        ("automation-extra-19", "s3"),
    ]


@pytest.mark.parametrize(
    ("language", "save", "message"),
    [
        ("EN", "Save", "Your answers are saved."),
        ("FR", "Enregistrer", "Vos réponses sont enregistrées."),
    ],
)
def test_without_javascript_save_brings_the_respondent_back_to_the_question_with_the_message(
    live_server, browser, invited, language, save, message
):
    context, page = open_page(browser, live_server, invited, language=language, javascript=False)
    target = question(page, "automation-extra-12")
    target.scroll_into_view_if_needed()
    target.locator("input[value='o:s1']").check()
    button = page.get_by_role("button", name=save, exact=True)
    expect(button).to_be_in_viewport()  # the save bar stays at the bottom of the window
    button.click()
    page.wait_for_url("**#question-automation-extra-12")
    status = page.locator("[data-save-status]")
    expect(status).to_have_text(message)
    expect(status).to_be_in_viewport()
    expect(question(page, "automation-extra-12")).to_be_in_viewport()
    assert (
        question(page, "automation-extra-12")
        .locator("input[type=radio][value='o:s1']")
        .is_checked()
    )
    context.close()


def test_with_javascript_save_comes_back_to_the_question_being_answered(
    live_server, browser, invited
):
    context, page = open_page(browser, live_server, invited)
    target = question(page, "automation-extra-15")
    target.scroll_into_view_if_needed()
    target.locator("[name='q-automation-extra-15-comment']").fill("Only the web team does it.")
    expect(page.locator("[data-save-status]")).to_have_text("Saved.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**#question-automation-extra-15")
    expect(page.locator("[data-save-status]")).to_have_text("Your answers are saved.")
    expect(question(page, "automation-extra-15")).to_be_in_viewport()
    context.close()


@pytest.mark.parametrize(
    ("language", "left", "one_left", "none_left"),
    [
        ("EN", "1975 characters left", "1 character left", "0 characters left"),
        ("FR", "1975 caractères restants", "1 caractère restant", "0 caractère restant"),
    ],
)
def test_comment_box_counts_the_characters_left_as_one_types(
    live_server, browser, invited, language, left, one_left, none_left
):
    context, page = open_page(browser, live_server, invited, language=language)
    box = page.locator("[name='q-automation-deploy-comment']")
    count = page.locator("#id_q-automation-deploy-comment_count")
    expect(count).to_have_attribute("aria-live", "polite")
    assert box.get_attribute("aria-describedby") == "id_q-automation-deploy-comment_count"
    box.press_sequentially("Deploys wait for Fridays.")  # 25 characters
    expect(count).to_have_text(left)
    box.fill("x" * 1999)
    expect(count).to_have_text(one_left)
    # The box takes no more than the limit: what is typed beyond it is not added.
    box.press_sequentially("yz")
    expect(count).to_have_text(none_left)
    assert len(box.input_value()) == 2000
    context.close()
