"""The consultant's texts in the report: each language's own, the other one marked as such."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import Assessment, DimensionNote
from reports.context import report_context
from reports.rendering import TEMPLATE
from results import curation
from results.result import result_of
from results.selectors import result_bundle
from tests.helpers import BOTTOM, TOP, submitted_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    return assessment


def report_html(assessment: Assessment, lang: str) -> str:
    """The report's HTML as WeasyPrint gets it (no PDF: the texts are what is tested here)."""
    bundle = result_bundle(Assessment.objects.get(pk=assessment.pk))
    with translation.override(lang):
        return render_to_string(TEMPLATE, report_context(bundle, result_of(bundle)))


def summary_of(html: str) -> str:
    return re.search(r'<section id="summary".*?</section>', html, re.S).group(0)


def test_french_report_marks_an_english_only_summary_as_english(answered):
    Assessment.objects.filter(pk=answered.pk).update(executive_summary_en="A good start.")
    summary = summary_of(report_html(answered, "fr"))
    assert '<div class="summary-text" lang="en">' in summary
    assert "A good start." in summary
    assert "(en anglais)" in summary


def test_each_report_shows_the_summary_of_its_own_language(answered):
    Assessment.objects.filter(pk=answered.pk).update(
        executive_summary_en="A good start.", executive_summary_fr="Un bon début."
    )
    english, french = (
        summary_of(report_html(answered, "en")),
        summary_of(report_html(answered, "fr")),
    )
    assert "A good start." in english and "Un bon début." not in english
    assert "Un bon début." in french and "A good start." not in french
    assert "other-language" not in english + french
    assert 'lang="' not in english + french


def test_a_french_only_note_is_marked_in_the_english_report(answered):
    DimensionNote.objects.create(
        assessment=answered, dimension_key="automation", text_fr="Le déploiement est manuel."
    )
    html = report_html(answered, "en")
    assert '(in French)</p>\n    <div lang="fr"><p>Le déploiement est manuel.</p></div>' in html
    french = report_html(answered, "fr")
    assert "<div><p>Le déploiement est manuel.</p></div>" in french
    assert "(en anglais)" not in french


def test_recommendations_use_the_rewording_of_the_report_s_language(answered):
    curation.recommendation_curate(
        assessment=answered,
        question_key="automation-deploy",
        text_en="Deploy from CI on every merge.",
        text_fr="Déployez depuis la CI à chaque fusion.",
    )
    curation.recommendation_curate(
        assessment=answered, question_key="automation-iac", text_en="Write the staging in code."
    )
    french = report_html(answered, "fr")
    assert "Déployez depuis la CI à chaque fusion." in french
    assert "Deploy from CI on every merge." not in french
    # Reworded in English only: the consultant's words, marked, rather than the framework's.
    assert (
        '<span lang="en">Write the staging in code.</span> '
        '<span class="other-language">(en anglais)</span>'
    ) in french
    english = report_html(answered, "en")
    assert "Write the staging in code." in english
    assert '<span lang="en">' not in english


def test_a_custom_recommendation_written_in_french_only_is_marked_in_english(answered):
    curation.custom_recommendation_add(
        assessment=answered,
        dimension_key="monitoring",
        text_fr="Nommez un responsable.",
        horizon="now",
    )
    english = report_html(answered, "en")
    assert (
        '<span lang="fr">Nommez un responsable.</span> '
        '<span class="other-language">(in French)</span>' in english
    )
