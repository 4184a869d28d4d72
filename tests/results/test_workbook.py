"""The XLSX export: the JSON export's figures in typed cells, text that never runs, the download."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.models import Assessment
from assessments.services.lifecycle import assessment_set_status
from audit.models import AuditEvent
from results.exports import csv_header, export_file
from tests.factories import RespondentFactory
from tests.results.export_sample import INJECTION, answer_the_sample

pytestmark = pytest.mark.django_db

SHEETS = ["Summary", "Dimensions", "Questions", "By role", "Answers", "Recommendations"]


@pytest.fixture
def answered(assessment):
    return answer_the_sample(assessment)


def workbook_of(content: bytes):
    return load_workbook(io.BytesIO(content))


def table(sheet, first_row: int = 1) -> list[dict[str, object]]:
    """A sheet's table as one dict per row, by its header's texts."""
    rows = sheet.iter_rows(min_row=first_row, values_only=True)
    header = next(rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def fields(sheet) -> dict[str, object]:
    """The summary's label and value pairs, above its table of pillars."""
    return {label: value for label, value, *_ in sheet.iter_rows(max_row=11, values_only=True)}


def cell_of(sheet, header: str, key: str):
    """The cell in the column headed header, on the row whose first cell is key."""
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == key:
            return row[headers.index(header)]
    raise AssertionError(f"no row {key!r} in {sheet.title}")


def number(rounded: str | None) -> float | None:
    return None if rounded is None else float(Decimal(rounded))


def test_the_results_page_offers_the_workbook_for_download(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    assert reverse("results:export_xlsx", args=[answered.pk]) in page

    response = client.get(reverse("results:export_xlsx", args=[answered.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="palier-acme-analytics-{answered.pk}-results.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    assert workbook_of(response.content).sheetnames == SHEETS


def test_summary_gives_the_overall_figures_by_hand(answered):
    summary = fields(workbook_of(export_file(answered, "xlsx").content)["Summary"])
    # By hand, as in the JSON export's test: overall (14/9 + 23/10 + 5/3 x 2)/4 = 647/360.
    assert summary["Overall score"] == 1.8
    assert summary["Overall score (exact)"] == "647/360"
    assert summary["Overall stage"] == "1 · Repeatable"
    assert summary["Submitted respondents"] == 3
    assert summary["Assessment"] == "2026 review"
    assert summary["Organisation"] == "Acme Analytics"
    assert summary["Status"] == "Open"
    assert isinstance(summary["Computed at"], datetime.datetime)


def test_every_figure_is_the_json_exports(answered):
    document = json.loads(export_file(answered, "json").content)
    workbook = workbook_of(export_file(answered, "xlsx").content)

    dimensions = {row["Dimension key"]: row for row in table(workbook["Dimensions"])}
    assert list(dimensions) == [d["key"] for d in document["dimensions"]]
    for exported in document["dimensions"]:
        row = dimensions[exported["key"]]
        assert row["Score"] == number(exported["score"]["rounded"])
        assert row["Score (exact)"] == exported["score"]["exact"]
        assert row["Gap"] == number(exported["gap"]["rounded"])
        assert row["Coverage"] * 100 == pytest.approx(int(exported["coverage"]["percent"][:-2]))
        assert row["Don't know share"] * 100 == pytest.approx(
            int(exported["dont_know_share"]["percent"][:-2])
        )
        assert row["Stage"] == f"{exported['stage']['number']} · {exported['stage']['name']}"
        assert row["Questions in scope"] == exported["n_in_scope"]
        assert row["Disagreements"] == len(exported["disagreements"])

    questions = {row["Question key"]: row for row in table(workbook["Questions"])}
    assert list(questions) == [q["key"] for q in document["questions"]]
    for exported in document["questions"]:
        row = questions[exported["key"]]
        assert row["Value"] == number(exported["value"]["rounded"])
        assert row["Value (exact)"] == exported["value"]["exact"]
        assert row["Spread"] == number(exported["spread"]["rounded"])
        assert row["Disagreement"] is exported["disagreement"]
        assert (row["Values"], row["Not applicable"], row["Don't know"], row["Unanswered"]) == (
            exported["n_values"],
            exported["n_not_applicable"],
            exported["n_dont_know"],
            exported["n_unanswered"],
        )

    recommendations = table(workbook["Recommendations"])
    assert [r["Priority (exact)"] for r in recommendations] == [
        r["priority"]["exact"] for r in document["recommendations"]
    ]
    assert [r["Recommendation"] for r in recommendations] == [
        r["text"] for r in document["recommendations"]
    ]

    groups = table(workbook["By role"])
    assert [g["Group key"] for g in groups] == [g["key"] for g in document["groups"]]
    for row, exported in zip(groups, document["groups"], strict=True):
        assert row["Overall score"] == number(exported["overall"]["score"]["rounded"])
        for entry in exported["dimensions"]:
            assert row[entry["key"]] == number(entry["score"]["rounded"])


def test_figures_are_typed_cells_with_their_number_formats(answered):
    workbook = workbook_of(export_file(answered, "xlsx").content)
    score = cell_of(workbook["Dimensions"], "Score", "automation")
    assert (score.data_type, score.value, score.number_format) == ("n", 1.56, "0.00")
    coverage = cell_of(workbook["Dimensions"], "Coverage", "automation")
    assert (coverage.data_type, coverage.number_format) == ("n", "0%")
    # Monitoring: 1 "don't know" in 6 answers asked for, the JSON's 17 %.
    dont_know = cell_of(workbook["Dimensions"], "Don't know share", "monitoring")
    assert (dont_know.data_type, dont_know.value, dont_know.number_format) == ("n", 0.17, "0%")
    flag = cell_of(workbook["Questions"], "Disagreement", "experiments-tracking")
    assert (flag.data_type, flag.value) == ("b", True)
    count = cell_of(workbook["Questions"], "Not applicable", "monitoring-latency")
    assert (count.data_type, count.value) == ("n", 1)


def test_answers_sheet_holds_the_csv_rows_with_numeric_scores(answered):
    sheet = workbook_of(export_file(answered, "xlsx").content)["Answers"]
    assert [cell.value for cell in sheet[1]] == csv_header()
    rows = table(sheet)
    assert len(rows) == 3 * 6
    by_key = {(row["Respondent"], row["Question key"]): row for row in rows}
    assert by_key[("R1", "automation-deploy")]["Score"] == 4
    assert by_key[("R1", "automation-deploy")]["Option"] == "Deploys roll back automatically."
    # "Don't know" and "not applicable" have no score: an empty cell, not a zero or a text.
    assert by_key[("R2", "monitoring-drift")]["Score"] is None
    assert by_key[("R2", "monitoring-latency")]["Answer kind"] == "na"
    assert by_key[("R2", "monitoring-latency")]["Reason for not applicable"] == (
        "A constraint prevents it"
    )
    assert by_key[("R2", "experiments-reproduce")]["Comment"] == "We never tried."


def test_a_formula_in_a_comment_or_a_name_stays_text(answered):
    answered.name_respondents_in_report = True
    answered.save()
    RespondentFactory(assessment=answered, name="@SUM(A1)", status="submitted")
    content = export_file(answered, "xlsx").content

    rows = table(workbook_of(content)["Answers"])
    comments = [row["Comment"] for row in rows if row["Question key"] == "automation-iac"]
    # Kept verbatim (no quote prefixed, as the CSV must), as a text cell.
    assert INJECTION in comments
    assert "R4 · @SUM(A1)" in {row["Respondent"] for row in rows}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert len(sheets) == len(SHEETS)
        for name in sheets:
            assert b"<f>" not in archive.read(name), name


def test_french_workbook_translates_its_texts_and_keeps_numbers_numbers(answered):
    with translation.override("fr"):
        content = export_file(answered, "xlsx").content
    workbook = workbook_of(content)
    assert workbook.sheetnames == [
        "Résumé",
        "Dimensions",
        "Questions",
        "Par rôle",
        "Réponses",
        "Recommandations",
    ]
    summary = fields(workbook["Résumé"])
    # The spreadsheet shows 1,80 in a French locale: the cell holds the number, not "1,80".
    assert summary["Score global"] == 1.8
    assert summary["Statut"] == "Ouverte"


def test_workbook_of_an_assessment_without_answers_has_blank_scores(assessment):
    workbook = workbook_of(export_file(assessment, "xlsx").content)
    summary = fields(workbook["Summary"])
    assert summary["Overall score"] is None
    assert summary["Submitted respondents"] == 0
    assert table(workbook["Answers"]) == []
    assert all(row["Score"] is None for row in table(workbook["Dimensions"]))
    assert all(row["Don't know share"] is None for row in table(workbook["Dimensions"]))


def test_the_same_result_gives_the_same_bytes(answered):
    closed = assessment_set_status(assessment=answered, status=Assessment.Status.CLOSED)
    assert export_file(closed, "xlsx").content == export_file(closed, "xlsx").content


def test_command_writes_the_workbook_to_a_file(answered, tmp_path):
    target = tmp_path / "results.xlsx"
    call_command("export_results", answered.pk, "--format", "xlsx", "-o", target, "--lang", "en")
    assert workbook_of(target.read_bytes()).sheetnames == SHEETS


def test_command_refuses_to_write_the_workbook_to_standard_output(answered):
    with pytest.raises(CommandError, match="The XLSX export is a binary file: give -o FILE"):
        call_command("export_results", answered.pk, "--format", "xlsx")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT_DOWNLOADED).exists()
