"""End to end in a real Chromium: the review lists the answers, "Change" leads back to one."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory, make_answer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invited(sample_framework):
    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=sample_framework
    )
    respondent = RespondentFactory(assessment=assessment, name="Rita Respondent")
    make_answer(respondent, "automation-deploy", "s2", comment="Only for the web models.")
    make_answer(respondent, "experiments-tracking", "dont_know")
    make_answer(respondent, "monitoring-latency", "na")
    return respondent


def answer_of(page, key):
    return page.locator(f"[data-review-question='{key}'] [data-review-answer]")


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "EN",
            {
                "heading": "Review and submit",
                "deploy": "CI deploys on demand.",
                "dont_know": "I don't know",
                "na": "Not applicable to us (A constraint prevents it)",
                "unanswered": "Not answered yet",
                "comment": "Your comment: Only for the web models.",
                "change": "Change question 1 of Monitoring",
                "option": "Deploys roll back automatically.",
                "new": "Files are copied by hand.",
                "save_review": "Save and review",
            },
        ),
        (
            "FR",
            {
                "heading": "Vérifier et envoyer",
                "deploy": "La CI déploie à la demande.",
                "dont_know": "Je ne sais pas",
                "na": "Non applicable chez nous (Une contrainte l'empêche)",
                "unanswered": "Pas encore de réponse",
                "comment": "Votre commentaire : Only for the web models.",
                "change": "Modifier la question 1 de Surveillance",
                "option": "Les déploiements reviennent en arrière seuls.",
                "new": "Les fichiers sont copiés à la main.",
                "save_review": "Enregistrer et vérifier",
            },
        ),
    ],
)
def test_review_lists_the_answers_and_change_leads_back_to_the_question(
    live_server, browser, invited, language, texts
):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("questionnaire:review", args=[invited.token]))
    if language == "FR":
        page.get_by_role("button", name="FR").click()
    page.get_by_role("heading", name=texts["heading"]).wait_for()

    expect(answer_of(page, "automation-deploy")).to_have_text(texts["deploy"])
    expect(
        page.locator("[data-review-question='automation-deploy'] [data-review-comment]")
    ).to_have_text(texts["comment"])
    expect(answer_of(page, "experiments-tracking")).to_have_text(texts["dont_know"])
    expect(answer_of(page, "monitoring-latency")).to_have_text(texts["na"])
    expect(answer_of(page, "monitoring-drift")).to_have_text(texts["unanswered"])
    # What is left to answer, each a link to its question.
    unanswered = page.locator("[data-unanswered] a")
    expect(unanswered).to_have_count(3)

    # "Change" opens the question's page at the question.
    page.get_by_role("link", name=texts["change"]).click()
    page.wait_for_url("**/d/monitoring/#question-monitoring-drift")
    drift = page.locator("[data-question='monitoring-drift']")
    expect(drift).to_be_in_viewport()
    drift.get_by_label(texts["new"]).check()
    page.get_by_role("button", name=texts["save_review"]).click()
    page.get_by_role("heading", name=texts["heading"]).wait_for()
    expect(answer_of(page, "monitoring-drift")).to_have_text(texts["new"])
    expect(unanswered).to_have_count(2)
    context.close()
