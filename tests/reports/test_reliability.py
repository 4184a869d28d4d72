"""The PDF report warns when its result rests on fewer than 3 submitted respondents."""

from __future__ import annotations

import io

import pypdf
import pytest

from reports.rendering import render_report
from results.result import result_for
from results.selectors import result_bundle
from tests.helpers import BOTTOM, TOP, submitted_respondent

pytestmark = pytest.mark.django_db


def report_text(assessment) -> str:
    content = render_report(result_bundle(assessment), result_for(assessment), "en")
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_report_of_two_respondents_carries_the_warning(assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    text = report_text(assessment)
    # The label is set in capitals by the report's style sheet.
    assert "few respondents: read these figures with care" in text.lower()
    assert "This result rests on 2 submitted respondents only" in text


def test_report_of_three_respondents_has_no_warning(assessment):
    for name in ("A", "B", "C"):
        submitted_respondent(assessment, name, "data_science", TOP)
    assert "few respondents" not in report_text(assessment).lower()
