"""The consultant's texts in the report: each language's own, the other one marked as such."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import Assessment
from reports.context import report_context
from reports.rendering import TEMPLATE
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
