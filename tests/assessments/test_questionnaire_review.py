"""The review page: every answer of the questionnaire in scope, a way back to each, what is left."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from assessments.models import Respondent
from maturity.models import Dimension
from maturity.selectors import framework_content_forget
from tests.factories import AnswerFactory, QuestionFactory, make_answer

pytestmark = pytest.mark.django_db


def review_url(respondent: Respondent) -> str:
    return reverse("questionnaire:review", args=[respondent.token])


def dimension_url(respondent: Respondent, key: str) -> str:
    return reverse("questionnaire:dimension", args=[respondent.token, key])


def entry(page: str, question_key: str) -> str:
    """The review's list item of one question, as HTML."""
    match = re.search(
        rf'<li class="list-group-item" data-review-question="{question_key}">'
        r"(.*?)</li>",
        page,
        re.S,
    )
    assert match, f"no entry for {question_key}"
    return match.group(1)


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


@pytest.fixture
def answered(respondent):
    make_answer(respondent, "automation-deploy", "s2", comment="Only for the web models.")
    make_answer(respondent, "automation-iac", None, comment="We are moving to Terraform.")
    make_answer(respondent, "experiments-tracking", "dont_know")
    make_answer(respondent, "monitoring-latency", "na")
    return respondent


def test_review_lists_each_answer_with_its_number_label_and_comment(client, answered):
    page = client.get(review_url(answered)).content.decode()
    deploy = text_of(entry(page, "automation-deploy"))
    assert deploy.startswith("1. How are models deployed?")
    assert "CI deploys on demand." in deploy
    assert "Your comment: Only for the web models." in deploy
    assert text_of(entry(page, "experiments-tracking")).startswith(
        "1. Where are training runs recorded?"
    )
    assert "I don't know" in text_of(entry(page, "experiments-tracking"))
    latency = text_of(entry(page, "monitoring-latency"))
    assert latency.startswith("2. Is serving latency monitored?")
    assert "Not applicable to us (A constraint prevents it)" in latency
    # A comment without a choice: the comment is shown, the question is still unanswered.
    iac = text_of(entry(page, "automation-iac"))
    assert "Not answered yet" in iac and "We are moving to Terraform." in iac


def test_review_groups_answers_by_dimension_in_questionnaire_order(client, answered):
    page = client.get(review_url(answered)).content.decode()
    order = re.findall(r'data-review-dimension="([^"]+)"', page)
    assert order == ["automation", "experiments", "monitoring"]
    questions = re.findall(r'data-review-question="([^"]+)"', page)
    assert questions == [
        "automation-deploy",
        "automation-iac",
        "experiments-tracking",
        "experiments-reproduce",
        "monitoring-drift",
        "monitoring-latency",
    ]
    assert "2 of 2 answered" not in page  # automation: the comment alone is not an answer
    assert "1 of 2 answered" in page


def test_each_answer_links_to_its_question_on_its_page(client, answered):
    page = client.get(review_url(answered)).content.decode()
    link = f'href="{dimension_url(answered, "monitoring")}#question-monitoring-latency"'
    assert link in entry(page, "monitoring-latency")
    assert "Change" in entry(page, "monitoring-latency")
    # Its accessible name says which question it changes.
    assert "question 2 of Monitoring" in entry(page, "monitoring-latency")


def test_review_lists_what_is_still_unanswered_with_links(client, answered):
    page = client.get(review_url(answered)).content.decode()
    unanswered = page[page.index("data-unanswered") : page.index('id="answers-heading"')]
    links = re.findall(r'href="([^"]+)"', unanswered)
    assert links == [
        f"{dimension_url(answered, 'automation')}#question-automation-iac",
        f"{dimension_url(answered, 'experiments')}#question-experiments-reproduce",
        f"{dimension_url(answered, 'monitoring')}#question-monitoring-drift",
    ]


def test_out_of_scope_questions_are_not_reviewed(client, answered):
    assessment = answered.assessment
    assessment.scoping_answers = {"online_serving": False}
    assessment.save()
    page = client.get(review_url(answered)).content.decode()
    assert "Is serving latency monitored?" not in page
    assert 'data-review-question="monitoring-latency"' not in page


def test_review_in_french(client, answered):
    client.cookies["django_language"] = "fr"
    page = client.get(review_url(answered)).content.decode()
    deploy = text_of(entry(page, "automation-deploy"))
    assert deploy.startswith("1. Comment les modèles sont-ils déployés ?")
    assert "La CI déploie à la demande." in deploy
    assert "Votre commentaire : Only for the web models." in deploy
    assert "Je ne sais pas" in text_of(entry(page, "experiments-tracking"))
    assert "Non applicable chez nous (Une contrainte l'empêche)" in text_of(
        entry(page, "monitoring-latency")
    )
    assert "Modifier" in entry(page, "monitoring-latency")
    assert "Pas encore de réponse" in text_of(entry(page, "automation-iac"))


def test_submitted_review_shows_the_answers_without_change_links(client, answered):
    Respondent.objects.filter(pk=answered.pk).update(status="submitted")
    page = client.get(review_url(answered)).content.decode()
    assert "CI deploys on demand." in entry(page, "automation-deploy")
    assert "#question-automation-deploy" not in page


def test_review_runs_the_same_queries_however_many_questions(
    client, answered, django_assert_num_queries
):
    # Queries: respondent with assessment, organisation and framework; scoping questions;
    # dimensions with pillars; questions; options; answers with their options; the session.
    framework_content_forget()
    with django_assert_num_queries(6) as small:
        client.get(review_url(answered))
    dimension = Dimension.objects.get(framework=answered.assessment.framework, key="automation")
    for _ in range(20):
        question = QuestionFactory(dimension=dimension, framework=dimension.framework)
        AnswerFactory(respondent=answered, question=question, comment="Why not.")
    framework_content_forget()
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(review_url(answered)).content.decode()
    assert len(re.findall(r"data-review-question=", page)) == 26
