"""End to end in a real Chromium: a respondent answers, leaves, comes back, submits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer, Respondent
from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invited(sample_framework):
    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=sample_framework
    )
    return RespondentFactory(assessment=assessment, name="Rita Respondent")


def test_respondent_answers_leaves_resumes_in_french_and_submits(live_server, browser, invited):
    link = live_server.url + reverse("questionnaire:welcome", args=[invited.token])
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()

    # Answer part of the first dimension; the background save keeps it.
    page.goto(link)
    assert page.get_by_role("heading", name="MLOps maturity review").count() == 0
    page.get_by_text("Welcome, Rita Respondent.").wait_for()
    page.get_by_role("link", name="Start the questionnaire").click()
    page.get_by_role("heading", name="Automation").wait_for()
    page.get_by_label("CI deploys on demand.").check()
    page.locator("[data-save-status]").filter(has_text="Saved.").wait_for()
    page.close()

    # Come back through the link: the answer is there.
    page = context.new_page()
    page.goto(link)
    page.get_by_role("link", name="Continue where I left off").click()
    assert page.get_by_label("CI deploys on demand.").is_checked()

    # Switch to French and answer everything, including an N/A and a comment.
    page.get_by_role("button", name="FR").click()
    page.get_by_role("heading", name="Automatisation").wait_for()
    page.get_by_label("Non, les serveurs sont montés à la main.").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_role("heading", name="Suivi des expériences").wait_for()
    page.get_by_label("Dans un tableur partagé.").check()
    page.locator("[data-question='experiments-reproduce'] input[value='o:s3']").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_role("heading", name="Surveillance").wait_for()
    page.locator("[data-question='monitoring-drift'] input[value='dont_know']").check()
    page.locator("[data-question='monitoring-latency'] input[value='na']").check()
    page.locator("[name='q-monitoring-latency-reason']").select_option("business_priority")
    page.locator("[name='q-monitoring-latency-comment']").fill("Nous ne servons qu'en batch.")
    page.get_by_role("button", name="Enregistrer et vérifier").click()

    # Review: nothing left unanswered; confirm and submit.
    page.get_by_text("Vous avez répondu à toutes les questions.").wait_for()
    page.get_by_label("J'ai terminé").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("heading", name="Merci !").wait_for()

    # Afterwards the answers cannot be changed.
    page.goto(link.rstrip("/") + "/d/automation/")
    assert page.get_by_label("Non, les serveurs sont montés à la main.").is_disabled()
    assert page.get_by_role("button", name="Enregistrer et continuer").count() == 0
    context.close()

    # The database, read once the browser is gone: the live server's in-memory SQLite
    # refuses a read from this thread while it writes (each page view records a visit).
    invited.refresh_from_db()
    assert invited.status == Respondent.Status.SUBMITTED
    latency = Answer.objects.get(respondent=invited, question__key="monitoring-latency")
    assert (latency.kind, latency.na_reason, latency.comment) == (
        "na",
        "business_priority",
        "Nous ne servons qu'en batch.",
    )
    assert Answer.objects.filter(respondent=invited).exclude(kind="").count() == 6
    deploy = Answer.objects.get(respondent=invited, question__key="automation-deploy")
    assert deploy.option.key == "s2"
