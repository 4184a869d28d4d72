"""Helpers the tests of several apps share: submitted respondents, a published assessment, and
a browser tab logged in through the log-in form."""

from __future__ import annotations

from django.urls import reverse

from assessments.models import Answer, Assessment, Respondent
from assessments.services import lifecycle
from maturity.models import Question
from tests.factories import RespondentFactory

# Option keys by question key of the sample framework: the top and the bottom of the scale.
TOP = {
    "automation-deploy": "s4",
    "automation-iac": "yes",
    "experiments-tracking": "s4",
    "experiments-reproduce": "s4",
    "monitoring-drift": "s4",
    "monitoring-latency": "s4",
}
BOTTOM = {
    "automation-deploy": "s0",
    "automation-iac": "no",
    "experiments-tracking": "s0",
    "experiments-reproduce": "s1",
    "monitoring-drift": "s0",
    "monitoring-latency": "s0",
}


def submitted_respondent(
    assessment: Assessment,
    name: str,
    role: str,
    options: dict[str, str],
    comments: dict[str, str] | None = None,
) -> Respondent:
    """A respondent who submitted these option keys, by question key."""
    respondent = RespondentFactory(
        assessment=assessment, name=name, role=role, status=Respondent.Status.SUBMITTED
    )
    questions = {
        q.key: q
        for q in Question.objects.filter(framework=assessment.framework).prefetch_related("options")
    }
    comments = comments or {}
    Answer.objects.bulk_create(
        Answer(
            respondent=respondent,
            question=questions[key],
            kind=Answer.Kind.OPTION,
            option=next(o for o in questions[key].options.all() if o.key == option_key),
            comment=comments.get(key, ""),
        )
        for key, option_key in options.items()
    )
    return respondent


def publish(assessment: Assessment) -> Assessment:
    lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.PUBLISHED)
    return assessment


def logged_in_page(browser, live_server, *, username: str = "alice", **context_options):
    """A new browser context's page, logged in through the real log-in form, on the dashboard.

    `context_options` go to `browser.new_context` (locale, JavaScript, downloads); the locale is
    British English unless given. Close the page's context at the end of the test.
    """
    context = browser.new_context(**{"locale": "en-GB", **context_options})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("password")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{reverse('assessments:dashboard')}")
    return page
