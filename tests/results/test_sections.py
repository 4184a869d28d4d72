"""A framework with sections and audiences in the results: page, JSON, XLSX and the PDF's HTML.

The figures are those of docs/scoring.md's example ("Sections and audiences"), worked by hand:
lea (leadership) and eric (software engineering) and oli (operations) submitted.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maturity.framework_file import read_framework_file
from maturity.services import framework_import
from results.exports import export_file
from results.result import result_for
from tests.factories import AssessmentFactory
from tests.helpers import submitted_respondent
from tests.maturity.test_framework_structure import STRUCTURE_FILE
from tests.reports.test_context import report_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(organisation):
    framework, _ = framework_import(document=read_framework_file(STRUCTURE_FILE))
    assessment = AssessmentFactory(organisation=organisation, framework=framework, title="Sec")
    submitted_respondent(
        assessment, "Lea", "leadership", {"sign": "no", "access": "a2", "pipeline": "p4"}
    )
    submitted_respondent(
        assessment,
        "Eric",
        "software_engineering",
        {"scan": "s4", "sign": "yes", "pipeline": "p4"},
    )
    submitted_respondent(assessment, "Oli", "operations", {"sign": "yes", "pipeline": "p0"})
    return assessment


def test_the_result_scores_sections_and_counts_only_those_asked(answered):
    result = result_for(answered).overall
    security = result.dimension("security")
    scan = result.question("scan")
    # scan: asked of eric and oli; oli left it unanswered; lea was not asked.
    assert (scan.value, scan.n_asked, scan.n_unanswered) == (4, 2, 1)
    # (2 x 4 + 1 x 8/3) / 3 = 32/9; the access section is not scored.
    assert [(s.key, str(s.score)) for s in security.sections] == [("supply-chain", "32/9")]
    # (2 x 4 + 8/3 + 2) / 4 = 19/6, the whole dimension's questions.
    assert str(security.score) == "19/6"


def test_the_results_page_shows_the_scored_section_under_its_dimension(
    client, consultant, answered
):
    client.force_login(consultant)
    html = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    table = html[html.index('data-sections="security"') :]
    table = table[: table.index("</table>")]
    assert "Supply chain" in table
    assert "3.56" in table
    assert "Access" not in table
    assert 'data-sections="delivery"' not in html


def test_the_json_export_gives_the_sections_scores(answered):
    document = json.loads(export_file(answered, "json").content)
    security, delivery = document["dimensions"]
    assert security["sections"] == [
        {
            "key": "supply-chain",
            "title": "Supply chain",
            "score": {"exact": "32/9", "rounded": "3.56"},
            "stage": security["sections"][0]["stage"],
            "coverage": {"exact": "1", "rounded": "1.00", "percent": "100 %"},
        }
    ]
    assert security["sections"][0]["stage"]["number"] == 3
    assert "sections" not in delivery


def test_the_workbook_has_a_sections_sheet(answered):
    workbook = load_workbook(io.BytesIO(export_file(answered, "xlsx").content))
    assert "Sections" in workbook.sheetnames
    rows = list(workbook["Sections"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Dimension key", "Section key", "Section", "Score", "Score (exact)")
    assert rows[1][:5] == ("security", "supply-chain", "Supply chain", 3.56, "32/9")
    assert len(rows) == 2


def test_the_report_shows_the_scored_section_under_its_dimension(answered):
    html = report_html(answered)
    dimension = html[html.index('<section id="dimension-security"') :]
    table = dimension[dimension.index('data-sections="security"') :]
    table = table[: table.index("</table>")]
    assert "Supply chain" in table
    assert "3.56" in table
    french = report_html(answered, "fr")
    assert "Chaîne d&#x27;approvisionnement" in french
    assert "3,56" in french[french.index('data-sections="security"') :]


def test_the_heat_map_leaves_blank_a_question_not_asked_of_the_respondent(
    client, consultant, answered
):
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    heat = page[page.index('id="heat-map"') : page.index('id="comments"')]
    # Q1 scan is asked of software engineering and operations, Q3 access of leadership: lea
    # (R1) was not asked scan, eric (R2) and oli (R3) not access; oli left scan unanswered.
    assert "<title>R1 · Leadership · Q1 · " in heat
    assert heat.count('class="palier-heat-cell palier-heat-not-asked"') == 3
    assert heat.count('class="palier-heat-cell palier-heat-unanswered"') == 1
    assert "Not asked of this role" in heat
    table = heat[heat.index("heat-table") :]
    table = table[: table.index("</table>")]
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in table.split("<tr>")[2:]]
    assert cells == [
        ["not asked", "0", "2", "4"],
        ["4", "4", "not asked", "4"],
        ["–", "4", "not asked", "0"],
    ]


def test_the_csv_has_no_row_for_a_question_not_asked_of_the_respondent(answered):
    rows = list(csv.reader(io.StringIO(export_file(answered, "csv").content.decode("utf-8-sig"))))
    asked = [(row[1], row[4]) for row in rows[1:]]
    assert asked == [
        ("Leadership", "sign"),
        ("Leadership", "access"),
        ("Leadership", "pipeline"),
        ("Software engineering", "scan"),
        ("Software engineering", "sign"),
        ("Software engineering", "pipeline"),
        ("Operations / platform", "scan"),
        ("Operations / platform", "sign"),
        ("Operations / platform", "pipeline"),
    ]
