"""The welcome page: what the respondent is told before starting (closing date, time, scoring)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Assessment, Respondent
from maturity.framework_file.reader import read_framework_file
from maturity.models import Dimension, Framework
from maturity.selectors import framework_content_forget
from maturity.services import framework_import
from tests.factories import AssessmentFactory, QuestionFactory, RespondentFactory

pytestmark = pytest.mark.django_db

DEFAULT_FRAMEWORK = (
    Path(__file__).resolve().parents[2] / "maturity" / "frameworks" / "mlops-maturity.yaml"
)


def welcome(client, respondent: Respondent, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("questionnaire:welcome", args=[respondent.token]))
    assert response.status_code == 200
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def test_welcome_gives_the_closing_date_in_english(client, respondent):
    Assessment.objects.filter(pk=respondent.assessment_id).update(closes_on=date(2099, 3, 15))
    assert "You can answer until the end of 15 Mar 2099." in welcome(client, respondent)


def test_welcome_gives_the_closing_date_in_french(client, respondent):
    Assessment.objects.filter(pk=respondent.assessment_id).update(closes_on=date(2099, 3, 15))
    assert "Vous pouvez répondre jusqu'au 15 mars 2099 inclus." in welcome(client, respondent, "fr")


def test_welcome_without_a_closing_date_says_nothing_of_one(client, respondent):
    assert "data-closing-date" not in welcome(client, respondent)


def test_time_estimate_follows_the_questions_in_scope(client, respondent):
    # 6 questions at 40 s: 4 minutes, announced as 5 (rounded up to 5, at least 5).
    assert "6 questions in 3 sections, about 5 minutes." in welcome(client, respondent)
    dimension = Dimension.objects.get(framework=respondent.assessment.framework, key="automation")
    for _ in range(20):
        QuestionFactory(dimension=dimension, framework=dimension.framework)
    framework_content_forget()
    # 26 questions at 40 s: 17 minutes 20, announced as 20.
    assert "26 questions in 3 sections, about 20 minutes." in welcome(client, respondent)
    # Out of scope, the latency question is neither counted nor timed.
    assessment = respondent.assessment
    assessment.scoping_answers = {"online_serving": False}
    assessment.save()
    assert "25 questions in 3 sections, about 20 minutes." in welcome(client, respondent)


def test_welcome_says_how_dont_know_not_applicable_and_no_answer_are_scored(client, respondent):
    page = welcome(client, respondent)
    # As maturity/scoring/computation.py scores them (docs/scoring.md, "A respondent's value").
    assert (
        "“I don't know” counts as the bottom of the scale (stage 0, “Ad hoc”): a practice the "
        "people involved cannot see is taken as not in place."
    ) in page
    assert (
        "“Not applicable to us”, offered on the questions that may not concern your "
        "organisation, leaves the question out of the score: it neither raises nor lowers it."
    ) in page
    assert "A question left unanswered is left out of the score" in page


def test_welcome_follows_a_framework_whose_dont_know_gives_no_value_and_blanks_count(
    client, respondent
):
    Framework.objects.filter(pk=respondent.assessment.framework_id).update(
        dont_know_rule="no_value", unanswered_rule="bottom"
    )
    page = welcome(client, respondent)
    assert "“I don't know” gives no value: the question is scored on the other answers" in page
    assert "counts as the bottom of the scale (stage 0" not in page
    assert "A question still unanswered when you submit counts as the bottom of the scale" in page
    assert "left out of the score, so answer" not in page
    french = welcome(client, respondent, "fr")
    assert "« Je ne sais pas » ne donne aucune valeur" in french


def test_welcome_says_how_answers_are_scored_in_french(client, respondent):
    page = welcome(client, respondent, "fr")
    assert "« Je ne sais pas » compte comme le bas de l'échelle (niveau 0, « Artisanal »)" in page
    assert "« Non applicable chez nous »" in page


def test_not_applicable_is_not_mentioned_when_no_question_in_scope_offers_it(client, respondent):
    assessment = respondent.assessment
    assessment.scoping_answers = {"online_serving": False}  # the one N/A question goes
    assessment.save()
    page = welcome(client, respondent)
    assert "Not applicable to us" not in page
    assert "“I don't know” counts as the bottom of the scale" in page


def test_welcome_of_the_default_framework_1_0(client):
    framework, _ = framework_import(document=read_framework_file(DEFAULT_FRAMEWORK))
    assert framework.version == "1.0"
    respondent = RespondentFactory(assessment=AssessmentFactory(framework=framework))
    page = welcome(client, respondent)
    assert "“I don't know” counts as the bottom of the scale (stage 0, “Ad hoc”)" in page
    # Its data-quality labelling, privacy and fairness questions may be answered N/A.
    assert "“Not applicable to us”, offered on the questions" in page
