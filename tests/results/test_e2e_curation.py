"""End to end in a real Chromium: the consultant moderates comments and writes in both languages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer, CommentModeration
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    ConsultantFactory,
    MembershipFactory,
    OrganisationFactory,
    RespondentFactory,
)
from tests.helpers import logged_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JUNK = "asdf " * 40
CANDID = "Our deploys break every Friday; ask Jo in ops."


@pytest.fixture
def reviewed(sample_framework):
    consultant = ConsultantFactory(username="alice")
    organisation = OrganisationFactory(name="Acme Analytics")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    assessment = AssessmentFactory(
        organisation=organisation, framework=sample_framework, title="2026 review"
    )
    respondent = RespondentFactory(assessment=assessment, status="submitted", role="operations")
    for number, question in enumerate(sample_framework.questions.order_by("pk")):
        AnswerFactory(
            respondent=respondent,
            question=question,
            option=question.options.order_by("-score")[1],
            comment={0: JUNK, 1: CANDID}.get(number, ""),
        )
    return assessment


def test_consultant_hides_and_edits_comments_and_writes_the_summary_in_french(
    live_server, browser, reviewed
):
    page = logged_in_page(browser, live_server)
    context = page.context
    page.goto(live_server.url + reverse("results:page", args=[reviewed.pk]))

    junk = Answer.objects.get(comment=JUNK)
    candid = Answer.objects.get(comment=CANDID)
    page.locator(f"#comment-{junk.pk}").get_by_role("button", name="Hide this comment").click()
    page.get_by_text("The comment is hidden from the client and the report.").wait_for()
    assert page.locator(f"#comment-{junk.pk}").get_by_text("Hidden from the client").is_visible()

    item = page.locator(f"#comment-{candid.pk}")
    item.get_by_text("Edit the comment").click()
    item.get_by_label("Comment as the client reads it").fill("Deploys often break on Fridays.")
    item.get_by_role("button", name="Save the comment").click()
    page.get_by_text("The edited comment was saved; the original is kept.").wait_for()
    item = page.locator(f"#comment-{candid.pk}")
    assert "Deploys often break on Fridays." in item.inner_text()
    assert CANDID in item.inner_text()  # the original, beside it
    item.get_by_role("button", name="Restore as written").click()
    page.get_by_text("The comment is shown as the respondent wrote it.").wait_for()
    assert list(CommentModeration.objects.values_list("answer_id", flat=True)) == [junk.pk]

    page.get_by_label("Executive summary in French").fill("Un bon début.")
    page.get_by_role("button", name="Save the summary").click()
    page.get_by_text("The executive summary was saved.").wait_for()
    reviewed.refresh_from_db()
    assert (reviewed.executive_summary_en, reviewed.executive_summary_fr) == ("", "Un bon début.")
    context.close()
