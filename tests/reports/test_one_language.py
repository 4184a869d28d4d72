"""The report of an English-only framework in French: the interface in French, the content as
written, marked as not translated (`lang` and "en anglais")."""

from __future__ import annotations

import pytest

from tests.factories import AssessmentFactory
from tests.helpers import TOP, submitted_respondent
from tests.one_language import english_only_framework
from tests.reports.test_context import report_html, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_only(organisation):
    assessment = AssessmentFactory(
        organisation=organisation, framework=english_only_framework(), title="2026 review"
    )
    submitted_respondent(assessment, "Dana", "data_science", TOP)
    return assessment


def test_french_report_of_an_english_framework_marks_its_content(english_only):
    html = report_html(english_only, "fr")
    assert '<html lang="fr">' in html
    # The report's own words in French...
    assert "<h1>Synthèse</h1>" in section(html, "summary")
    # ...the framework's as written, with their language, and said to be untranslated.
    assert 'id="untranslated-notice"' in section(html, "summary")
    automation = html[html.index('<section id="dimension-automation"') :]
    assert '<h2><span lang="en">Automation</span>' in automation
    assert '<span class="other-language untranslated-badge" lang="fr">en anglais</span>' in (
        automation
    )
    assert 'lang="en">Build, test and deployment automation.</p>' in automation


def test_english_report_of_an_english_framework_marks_nothing(english_only):
    html = report_html(english_only, "en")
    assert "untranslated" not in html
    assert "<h2><span>Automation</span></h2>" in html


def test_the_appendix_marks_the_content_too(english_only):
    html = report_html(english_only, "fr")
    appendix = section(html, "appendix")
    assert '<caption lang="en">Automation</caption>' in appendix
    assert '<span lang="en">How are models deployed?</span>' in appendix
