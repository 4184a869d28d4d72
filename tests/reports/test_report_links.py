"""A recommendation's links in the report: real links in the PDF, the address printed too."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import Assessment
from maturity.models import Option
from maturity.selectors import framework_content_forget
from reports.context import report_context
from reports.rendering import TEMPLATE, render_report
from results.result import result_of
from results.selectors import result_bundle
from tests.helpers import BOTTOM, TOP, submitted_respondent

pytestmark = pytest.mark.django_db

URL = "https://example.org/iac?a=1&b=2"


@pytest.fixture
def answered(assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    return assessment


def _give_link(assessment: Assessment, title: dict[str, str]) -> None:
    # automation-iac's value lies between "no" and "yes": its recommendation is option "no"'s.
    # The sample framework is published: its rows change only through a bulk update, as a test.
    Option.objects.filter(
        question__framework=assessment.framework, question__key="automation-iac", key="no"
    ).update(links=[{"url": URL, "title": title}])
    framework_content_forget()


def report_html(assessment: Assessment, lang: str) -> str:
    bundle = result_bundle(Assessment.objects.get(pk=assessment.pk))
    with translation.override(lang):
        return render_to_string(TEMPLATE, report_context(bundle, result_of(bundle)))


def test_the_link_is_beside_the_recommendation_with_its_address_printed(answered):
    _give_link(answered, {"en": "IaC guide", "fr": "Guide IaC"})
    html = report_html(answered, "fr")
    shown = (
        '<li><a href="https://example.org/iac?a=1&amp;b=2">Guide IaC</a> '
        '<span class="link-url">https://example.org/iac?a=1&amp;b=2</span></li>'
    )
    # In the dimension's recommendations, in the roadmap and in the appendix.
    assert html.count(shown) == 3
    dimension = re.search(r'<section id="dimension-automation".*?</section>', html, re.S)
    assert dimension and "Décrivez un environnement en code." in dimension.group(0)
    assert shown in dimension.group(0)


def test_a_link_title_is_escaped_in_the_report(answered):
    _give_link(answered, {"en": "<script>alert(1)</script>", "fr": "x"})
    html = report_html(answered, "en")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_pdf_holds_a_real_link(answered):
    _give_link(answered, {"en": "IaC guide", "fr": "Guide IaC"})
    bundle = result_bundle(Assessment.objects.get(pk=answered.pk))
    pdf = pypdf.PdfReader(io.BytesIO(render_report(bundle, result_of(bundle), "en")))
    uris = {
        annotation.get_object()["/A"].get("/URI")
        for page in pdf.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    }
    assert URL in uris
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "https://example.org/iac?a=1&b=2" in text.replace("\n", "")
