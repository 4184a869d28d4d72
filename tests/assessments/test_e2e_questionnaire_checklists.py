"""End to end in a real Chromium: a respondent ticks a checklist's items with the script, in
English and in French, reloads and finds them; the page passes axe-core."""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer
from maturity.services import framework_set_status
from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory
from tests.test_accessibility import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "EN": {
        "heading": "Security",
        "saved": "Saved.",
        "scanned": "Model files are scanned before loading.",
        "pinned": "Third-party models are pinned by digest.",
        "sso": "The registry requires single sign-on.",
        "dont_know": "I don't know",
    },
    "FR": {
        "heading": "Sécurité",
        "saved": "Enregistré.",
        "scanned": "Les fichiers de modèle sont analysés avant chargement.",
        "pinned": "Les modèles tiers sont figés par empreinte.",
        "sso": "Le registre exige l'authentification unique.",
        "dont_know": "Je ne sais pas",
    },
}


@pytest.fixture
def invited(checklist_framework):
    framework_set_status(framework=checklist_framework, status="published")
    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=checklist_framework
    )
    return RespondentFactory(assessment=assessment, name="Rita Respondent")


def question(page, key):
    return page.locator(f"[data-question='{key}']")


def saved(page, text):
    """Wait for the save bar to say `text`, then empty it for the next change."""
    status = page.locator("[data-save-status]")
    expect(status).to_have_text(text)
    page.evaluate("document.querySelector('[data-save-status]').textContent = ''")


@pytest.mark.parametrize("language", ["EN", "FR"])
def test_items_ticked_with_the_script_are_saved_and_shown_after_a_reload(
    live_server, browser, invited, language
):
    texts = TEXTS[language]
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30_000)
    context.add_init_script(script=AXE_SCRIPT)
    page = context.new_page()
    page.goto(
        live_server.url + reverse("questionnaire:dimension", args=[invited.token, "security"])
    )
    if language == "FR":
        page.get_by_role("button", name="FR").click()
    page.get_by_role("heading", name=texts["heading"]).wait_for()
    chain, access = question(page, "sec-model-supply-chain"), question(page, "sec-access")

    # Ticking an item answers the list "as ticked", in the page and on the server.
    chain.get_by_role("checkbox", name=texts["scanned"], exact=True).check()
    expect(chain.locator("input[type=radio][value=checklist]")).to_be_checked()
    saved(page, texts["saved"])
    expect(page.locator("[data-nav-count='security']")).to_contain_text("1/3")
    # An item is ticked or not applicable, not both: the one box unticks the other.
    pinned = chain.get_by_role("checkbox", name=texts["pinned"], exact=True)
    pinned.check()
    saved(page, texts["saved"])
    chain.locator("[name='q-sec-model-supply-chain-itemna-pinned']").check()
    expect(pinned).not_to_be_checked()
    saved(page, texts["saved"])
    # "Don't know" unticks the items of its list.
    sso = access.get_by_role("checkbox", name=texts["sso"], exact=True)
    sso.check()
    saved(page, texts["saved"])
    access.get_by_role("radio", name=texts["dont_know"]).check()
    expect(sso).not_to_be_checked()
    saved(page, texts["saved"])
    expect(page.locator("[data-nav-count='security']")).to_contain_text("2/3")

    assert sorted(
        Answer.objects.filter(respondent=invited).values_list("question__key", "kind", "items")
    ) == [
        ("sec-access", "dont_know", {}),
        ("sec-model-supply-chain", "checklist", {"scanned": "ticked", "pinned": "na"}),
    ]

    page.reload()
    page.get_by_role("heading", name=texts["heading"]).wait_for()
    expect(chain.get_by_role("checkbox", name=texts["scanned"], exact=True)).to_be_checked()
    expect(chain.locator("[name='q-sec-model-supply-chain-tick-signed']")).not_to_be_checked()
    expect(chain.locator("[name='q-sec-model-supply-chain-itemna-pinned']")).to_be_checked()
    expect(chain.locator("input[type=radio][value=checklist]")).to_be_checked()
    expect(access.locator("input[type=radio][value=dont_know]")).to_be_checked()
    expect(sso).not_to_be_checked()

    assert page.locator("html").get_attribute("lang") == language.lower()
    violations = serious_violations(page)
    assert not violations, "\n".join(violations)
    context.close()


def test_without_javascript_the_save_button_saves_the_boxes_ticked(live_server, browser, invited):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(
        live_server.url + reverse("questionnaire:dimension", args=[invited.token, "security"])
    )
    chain = question(page, "sec-model-supply-chain")
    chain.get_by_role("checkbox", name=TEXTS["EN"]["scanned"], exact=True).check()
    chain.locator("[name='q-sec-model-supply-chain-itemna-pinned']").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**#question-sec-model-supply-chain")
    expect(page.locator("[data-save-status]")).to_have_text("Your answers are saved.")
    expect(chain.locator("[name='q-sec-model-supply-chain-tick-scanned']")).to_be_checked()
    expect(chain.locator("[name='q-sec-model-supply-chain-itemna-pinned']")).to_be_checked()
    # No radio was chosen: the boxes ticked answer the list "as ticked".
    expect(chain.locator("input[type=radio][value=checklist]")).to_be_checked()
    context.close()
    answer = Answer.objects.get(respondent=invited, question__key="sec-model-supply-chain")
    assert (answer.kind, answer.items) == ("checklist", {"scanned": "ticked", "pinned": "na"})
