"""Results of checklist questions: figures, the page, the report, CSV, JSON and XLSX.

The worked example of docs/scoring.md ("Checklist questions") on the checklist sample framework
(tests/fixtures/checklist-framework.yaml), figured by hand there:

- sec-model-supply-chain (weight 2, share): scanned (weight 2), signed, pinned (may be N/A).
  Ana ticks scanned and signed: 3/4 of the weight, 3. Ben ticks signed, pinned N/A: 1/3, 4/3.
  Chloe ticks nothing: 0. Value 13/9 (1.44); scanned ticked by 1 of 3, signed 2 of 3, pinned 0
  of 2 (Ben's N/A). Advice: scanned, the first item ticked by fewer than half.
- sec-access (rules: 4 if all of sso, roles, audit; 2 if 2 ticked; 1 if sso or roles; else 0).
  Ana: sso, roles, audit N/A: 4. Ben: sso, audit: 2. Chloe: audit: 0. Value 2.
- Security, target 3, sec-review left unanswered: (13/9 × 2 + 2) / 3 = 44/27 (1.63).
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.models import Assessment
from maturity.services import framework_set_status
from results.exports import BOM, export_file
from results.result import result_for
from results.services import result_refresh
from tests.factories import AssessmentFactory, RespondentFactory, make_checklist_answer
from tests.reports.test_context import report_html, section

pytestmark = pytest.mark.django_db

SUPPLY, ACCESS = "sec-model-supply-chain", "sec-access"


@pytest.fixture
def checklist_assessment(organisation, checklist_framework) -> Assessment:
    framework_set_status(framework=checklist_framework, status="published")
    assessment = AssessmentFactory(organisation=organisation, framework=checklist_framework)
    answers = [
        ("Ana", ({"scanned", "signed"}, ()), ({"sso", "roles"}, {"audit"})),
        ("Ben", ({"signed"}, {"pinned"}), ({"sso", "audit"}, ())),
        ("Chloe", ((), ()), ({"audit"}, ())),
    ]
    for name, supply, access in answers:
        respondent = RespondentFactory(
            assessment=assessment, name=name, role="data_engineering", status="submitted"
        )
        make_checklist_answer(respondent, SUPPLY, *supply)
        make_checklist_answer(respondent, ACCESS, *access)
    return assessment


def test_the_figures_are_the_worked_examples(checklist_assessment):
    result = result_for(checklist_assessment).overall
    assert result.question(SUPPLY).value == Fraction(13, 9)
    assert result.question(ACCESS).value == 2
    security = result.dimension("security")
    assert (security.score, security.coverage) == (Fraction(44, 27), Fraction(2, 3))
    advised = {r.question_key: r.option_key for r in result.recommendations}
    assert advised == {SUPPLY: "scanned", ACCESS: "roles"}


def test_a_stored_snapshot_gives_the_same_figures(checklist_assessment):
    computed = result_for(checklist_assessment).overall
    result_refresh(assessment=checklist_assessment, reason="manual")
    checklist_assessment.status = Assessment.Status.CLOSED
    checklist_assessment.save(update_fields=["status"])
    stored = result_for(checklist_assessment)
    assert stored.snapshot_id is not None
    assert stored.overall == computed


def test_the_page_shows_the_share_ticking_each_item(client, consultant, checklist_assessment):
    client.force_login(consultant)
    response = client.get(reverse("results:page", args=[checklist_assessment.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index(f'data-checklist="{SUPPLY}"') :]
    table = table[: table.index("</table>")]
    assert "Model files are scanned before loading." in table
    assert "1 of 3 (33%)" in table
    assert "2 of 3 (67%)" in table
    # Pinned: Ben marked it N/A, so it applies to two, neither of whom ticked it.
    assert "0 of 2 (0%)" in table and "1 not applicable" in table
    # The advice is the item's recommendation.
    assert "Scan model files for code before loading them." in page


def test_the_page_in_french(client, consultant, checklist_assessment):
    client.force_login(consultant)
    response = client.get(
        reverse("results:page", args=[checklist_assessment.pk]), headers={"accept-language": "fr"}
    )
    page = response.content.decode()
    assert "Les fichiers de modèle sont analysés avant chargement." in page
    assert "1 sur 3 (33 %)" in page


def test_the_report_lists_each_item(checklist_assessment):
    html = section(report_html(checklist_assessment), "dimension-security")
    assert "Checklists: who ticked each item" in html
    assert "Released models are signed." in html and "2 of 3 (67%)" in html
    html = section(report_html(checklist_assessment, "fr"), "dimension-security")
    assert "Les modèles publiés sont signés." in html and "2 sur 3 (67 %)" in html


def test_csv_rows_name_the_items_ticked_and_the_value(checklist_assessment):
    content = export_file(checklist_assessment, "csv").content.decode("utf-8").removeprefix(BOM)
    rows = [row for row in csv.reader(io.StringIO(content)) if row[4] == SUPPLY]
    assert [(row[6], row[7], row[9]) for row in rows] == [
        ("checklist", "scanned signed", "3"),
        ("checklist", "signed", "1.33"),
        ("checklist", "", "0"),
    ]
    assert rows[0][8] == "Model files are scanned before loading.; Released models are signed."


def test_json_gives_each_items_share(checklist_assessment):
    document = json.loads(export_file(checklist_assessment, "json").content)
    questions = {q["key"]: q for q in document["questions"]}
    assert questions[SUPPLY]["value"] == {"exact": "13/9", "rounded": "1.44"}
    assert [
        (item["key"], item["n_ticked"], item["n_applicable"], item["share"]["exact"])
        for item in questions[SUPPLY]["items"]
    ] == [("scanned", 1, 3, "1/3"), ("signed", 2, 3, "2/3"), ("pinned", 0, 2, "0")]
    # A choice question has no items.
    assert "items" not in questions["sec-review"]


def test_xlsx_has_a_sheet_of_checklist_items(checklist_assessment):
    with translation.override("en"):
        content = export_file(checklist_assessment, "xlsx").content
    sheet = load_workbook(io.BytesIO(content))["Checklist items"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Question key",
        "Item key",
        "Item",
        "Ticked",
        "Applicable",
        "Not applicable",
        "Share ticked",
    )
    assert rows[1][:6] == (SUPPLY, "scanned", "Model files are scanned before loading.", 1, 3, 0)
    assert rows[3][:6] == (SUPPLY, "pinned", "Third-party models are pinned by digest.", 0, 2, 1)
    assert len(rows) == 1 + 3 + 3
