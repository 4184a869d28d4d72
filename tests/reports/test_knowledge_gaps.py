"""The report's knowledge gaps, in the "Scores by role" chapter: the share of "don't know" by
dimension, for all respondents and each group the anonymity threshold lets the client see."""

from __future__ import annotations

import re

import pytest

from reports import cache
from tests.factories import make_answer
from tests.helpers import BOTTOM, TOP, submitted_respondent
from tests.reports.test_context import report_html, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_did_not_know(assessment):
    """Threshold 3: three data scientists, one of whom does not know how drift is monitored,
    and three data engineers; every group is shown."""
    assessment.anonymity_threshold = 3
    assessment.save()
    for i in range(3):
        answers = {k: v for k, v in TOP.items() if k != "monitoring-drift"} if i == 0 else TOP
        dana = submitted_respondent(assessment, f"Dana {i}", "data_science", answers)
        if i == 0:
            make_answer(dana, "monitoring-drift", "dont_know")
        submitted_respondent(assessment, f"Eric {i}", "data_engineering", BOTTOM)
    return assessment


def gaps_table(html: str) -> tuple[list[str], dict[str, list[str]]]:
    """The knowledge gaps' column headers and each dimension's cells."""
    gaps = html[html.index('<section id="knowledge-gaps"') :]
    gaps = gaps[: gaps.index("</section>")]
    headers = re.findall(r'<th scope="col" class="num">([^<]+) <span', gaps)
    rows = {
        title: re.findall(r'<td class="num">([^<]+)</td>', cells)
        for title, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', gaps, re.S)
    }
    return headers, rows


def test_by_role_chapter_gives_each_dimensions_share_of_dont_know(one_did_not_know):
    by_role = section(report_html(one_did_not_know), "by-role")
    assert "<h2>Knowledge gaps</h2>" in by_role
    headers, rows = gaps_table(by_role)
    assert headers == ["All respondents", "Practitioners", "Data science", "Data engineering"]
    # Monitoring asks 2 questions of 6 respondents: 1 "don't know" in 12 answers (8 %), the
    # same for the 6 practitioners; of the 3 data scientists 1 in 6 (17 %).
    assert rows["Monitoring"] == ["8%", "8%", "17%", "0%"]
    assert rows["Automation"] == ["0%", "0%", "0%", "0%"]


def test_knowledge_gaps_never_show_a_group_under_the_threshold(one_did_not_know):
    # A leader alone is under the threshold of 3; practitioners would give her away (all
    # respondents less them), and data science too (practitioners less data engineering).
    submitted_respondent(one_did_not_know, "Lena Leader", "leadership", BOTTOM)
    by_role = section(report_html(one_did_not_know), "by-role")
    headers, rows = gaps_table(by_role)
    assert headers == ["All respondents", "Data engineering"]
    # Of 7 respondents, 1 in 14: 7 %; the data scientists' 17 % is nowhere.
    assert rows["Monitoring"] == ["7%", "0%"]
    assert "17%" not in by_role


def test_french_report_writes_the_shares_in_french(one_did_not_know):
    by_role = section(report_html(one_did_not_know, "fr"), "by-role")
    assert "<h2>Manques de connaissance</h2>" in by_role
    headers, rows = gaps_table(by_role)
    assert headers[0] == "Tous les répondants"
    assert rows["Surveillance"] == ["8 %", "8 %", "17 %", "0 %"]


def test_the_report_has_no_knowledge_gaps_when_everyone_knew(assessment):
    assessment.anonymity_threshold = 3
    assessment.save()
    for i in range(3):
        submitted_respondent(assessment, f"Dana {i}", "data_science", TOP)
    assert 'id="knowledge-gaps"' not in report_html(assessment)


def test_cached_reports_are_rendered_again_for_the_knowledge_gaps():
    # Version 7 had no knowledge gaps: its cached files must not be served.
    assert int(cache.TEMPLATE_VERSION) > 7
