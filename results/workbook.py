"""The XLSX export: the JSON export's figures as a workbook of typed cells.

The workbook is written from `exports.json_document` and the CSV's answer rows, never from the
result itself, so a figure in it is the JSON export's: a score is the number the JSON rounds
("1.80" becomes the number 1.8, shown with two decimals) beside its exact fraction as text
("647/360"), a share the JSON's whole percentage. Numbers, dates and booleans are typed cells,
so the spreadsheet sorts and sums them, and shows them in its own locale (1,80 in French).

XlsxWriter writes it (see the README for why this library): every text goes through
`write_string`, so a comment such as `=HYPERLINK(...)` stays the text it is and can never run as
a formula, with nothing added to it (the CSV has to prefix a quote instead).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.worksheet import Worksheet

from assessments.models import Assessment

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCORE_FORMAT = "0.00"
PERCENT_FORMAT = "0%"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Column widths in characters: wide enough for a question's text, not a page wide.
NARROW, MEDIUM, WIDE = 12, 24, 60


@dataclass(frozen=True)
class Percent:
    """A whole percentage (67 for "67 %"), written as the share 0.67 shown as a percentage."""

    whole: int


@dataclass(frozen=True)
class Column:
    header: str
    width: int = NARROW


class _Writer:
    """Writes rows of Python values as typed cells, each type in its one number format."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.score = workbook.add_format({"num_format": SCORE_FORMAT})
        self.percent = workbook.add_format({"num_format": PERCENT_FORMAT})
        self.datetime = workbook.add_format({"num_format": DATETIME_FORMAT})
        self.text = workbook.add_format({"text_wrap": True, "valign": "top"})

    def cell(self, sheet: Worksheet, row: int, col: int, value: object) -> None:
        if value is None or value == "":
            return  # an empty cell, not an empty string: blank to sums and filters alike
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, Percent):
            sheet.write_number(row, col, value.whole / 100, self.percent)
        elif isinstance(value, Decimal):
            sheet.write_number(row, col, float(value), self.score)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, col, value, self.datetime)
        else:
            sheet.write_string(row, col, str(value), self.text)

    def table(
        self,
        sheet: Worksheet,
        columns: Sequence[Column],
        rows: Iterable[Sequence[object]],
        first_row: int = 0,
    ) -> int:
        """A header row and its rows from first_row, with a filter; the next free row's index."""
        for col, column in enumerate(columns):
            sheet.write_string(first_row, col, column.header, self.header)
            sheet.set_column(col, col, column.width)
        last = first_row
        for last, values in enumerate(rows, start=first_row + 1):
            for col, value in enumerate(values):
                self.cell(sheet, last, col, value)
        sheet.autofilter(first_row, 0, last, len(columns) - 1)
        return last + 1


def _rounded(figure: dict[str, str | None]) -> Decimal | None:
    return None if figure["rounded"] is None else Decimal(figure["rounded"])


def _percent(figure: dict[str, str | None]) -> Percent | None:
    # The JSON's own whole percentage ("67 %"), so both files show the same figure.
    percent = figure.get("percent")
    return None if percent is None else Percent(int(percent.removesuffix("%").strip()))


def _stage(stage: dict[str, Any] | None) -> str | None:
    return None if stage is None else f"{stage['number']} · {stage['name']}"


def _local(iso: str) -> datetime:
    # Spreadsheets know no time zones: the time as the consultancy reads it (TIME_ZONE).
    return timezone.localtime(datetime.fromisoformat(iso)).replace(tzinfo=None)


def _summary(writer: _Writer, sheet: Worksheet, document: dict[str, Any]) -> None:
    assessment = document["assessment"]
    framework = assessment["framework"]
    overall = document["overall"]
    fields = [
        (_("Assessment"), assessment["title"]),
        (_("Organisation"), assessment["organisation"]),
        (_("Framework"), f"{framework['title']} {framework['version']}"),
        (_("Status"), str(Assessment.Status(assessment["status"]).label)),
        (_("Computed at"), _local(assessment["computed_at"])),
        (_("Submitted respondents"), overall["n_respondents"]),
        (_("Overall score"), _rounded(overall["score"])),
        (_("Overall score (exact)"), overall["score"]["exact"]),
        (_("Overall stage"), _stage(overall["stage"])),
        (_("Weakest-link stage"), _stage(document["weakest_link_stage"])),
        (_("Executive summary"), assessment["executive_summary"]),
    ]
    sheet.set_column(0, 0, MEDIUM)
    sheet.set_column(1, 1, WIDE)
    for row, (label, value) in enumerate(fields):
        sheet.write_string(row, 0, label, writer.header)
        writer.cell(sheet, row, 1, value)
    pillars = [
        [
            pillar["key"],
            pillar["title"],
            _rounded(pillar["score"]),
            pillar["score"]["exact"],
            _stage(pillar["stage"]),
        ]
        for pillar in document["pillars"]
    ]
    if pillars:
        columns = [
            Column(_("Pillar key"), MEDIUM),
            Column(_("Pillar"), WIDE),
            Column(_("Score")),
            Column(_("Score (exact)")),
            Column(_("Stage"), MEDIUM),
        ]
        writer.table(sheet, columns, pillars, first_row=len(fields) + 1)


def _dimensions(writer: _Writer, sheet: Worksheet, document: dict[str, Any]) -> None:
    columns = [
        Column(_("Dimension key"), MEDIUM),
        Column(_("Dimension"), MEDIUM),
        Column(_("Pillar key")),
        Column(_("Weight")),
        Column(_("Score")),
        Column(_("Score (exact)")),
        Column(_("Stage"), MEDIUM),
        Column(_("Target"), MEDIUM),
        Column(_("Gap")),
        Column(_("Coverage")),
        Column(_("Questions in scope")),
        Column(_("Questions with a value")),
        Column(_("Don't know share")),
        Column(_("Disagreements")),
        Column(_("Note"), WIDE),
    ]
    rows = [
        [
            dimension["key"],
            dimension["title"],
            dimension["pillar"],
            Decimal(dimension["weight"]),
            _rounded(dimension["score"]),
            dimension["score"]["exact"],
            _stage(dimension["stage"]),
            _stage(dimension["target"]),
            _rounded(dimension["gap"]),
            _percent(dimension["coverage"]),
            dimension["n_in_scope"],
            dimension["n_with_value"],
            _percent(dimension["dont_know_share"]),
            len(dimension["disagreements"]),
            dimension["note"],
        ]
        for dimension in document["dimensions"]
    ]
    writer.table(sheet, columns, rows)
    sheet.freeze_panes(1, 2)


def _sections(writer: _Writer, sheet: Worksheet, document: dict[str, Any]) -> None:
    columns = [
        Column(_("Dimension key"), MEDIUM),
        Column(_("Section key"), MEDIUM),
        Column(_("Section"), MEDIUM),
        Column(_("Score")),
        Column(_("Score (exact)")),
        Column(_("Stage"), MEDIUM),
        Column(_("Coverage")),
    ]
    rows = [
        [
            dimension["key"],
            section["key"],
            section["title"],
            _rounded(section["score"]),
            section["score"]["exact"],
            _stage(section["stage"]),
            _percent(section["coverage"]),
        ]
        for dimension in document["dimensions"]
        for section in dimension.get("sections", ())
    ]
    writer.table(sheet, columns, rows)
    sheet.freeze_panes(1, 2)


def _checklist_items(writer: _Writer, sheet: Worksheet, document: dict[str, Any]) -> None:
    columns = [
        Column(_("Question key"), MEDIUM),
        Column(_("Item key"), MEDIUM),
        Column(_("Item"), WIDE),
        Column(_("Ticked")),
        Column(_("Applicable")),
        Column(_("Not applicable")),
        Column(_("Share ticked")),
    ]
    rows = [
        [
            question["key"],
            item["key"],
            item["label"],
            item["n_ticked"],
            item["n_applicable"],
            item["n_not_applicable"],
            _percent(item["share"]),
        ]
        for question in document["questions"]
        for item in question.get("items", ())
    ]
    writer.table(sheet, columns, rows)
    sheet.freeze_panes(1, 2)


def _questions(writer: _Writer, sheet: Worksheet, document: dict[str, Any]) -> None:
    columns = [
        Column(_("Question key"), MEDIUM),
        Column(_("Dimension key"), MEDIUM),
        Column(_("Question"), WIDE),
        Column(_("Weight")),
        Column(_("Value")),
        Column(_("Value (exact)")),
        Column(_("Spread")),
        Column(_("Consensus")),
        Column(_("Disagreement")),
        Column(_("Values")),
        Column(_("Not applicable")),
        Column(_("Don't know")),
        Column(_("Unanswered")),
    ]
    rows = [
        [
            question["key"],
            question["dimension"],
            question["text"],
            Decimal(question["weight"]),
            _rounded(question["value"]),
            question["value"]["exact"],
            _rounded(question["spread"]),
            _percent(question["consensus"]),
            question["disagreement"],
            question["n_values"],
            question["n_not_applicable"],
            question["n_dont_know"],
            question["n_unanswered"],
        ]
        for question in document["questions"]
    ]
    writer.table(sheet, columns, rows)
    sheet.freeze_panes(1, 1)


def _recommendations(writer: _Writer, sheet: Worksheet, document: dict[str, Any]) -> None:
    columns = [
        Column(_("Dimension key"), MEDIUM),
        Column(_("Dimension"), MEDIUM),
        Column(_("Question key"), MEDIUM),
        Column(_("Priority")),
        Column(_("Priority (exact)")),
        Column(_("Horizon")),
        Column(_("Recommendation"), WIDE),
        Column(_("Custom")),
        Column(_("Reworded")),
    ]
    rows = [
        [
            recommendation["dimension"]["key"],
            recommendation["dimension"]["title"],
            recommendation["question"] and recommendation["question"]["key"],
            _rounded(recommendation["priority"]),
            recommendation["priority"]["exact"],
            recommendation["horizon"]["label"],
            recommendation["text"],
            recommendation["custom"],
            recommendation["reworded"],
        ]
        for recommendation in document["recommendations"]
    ]
    writer.table(sheet, columns, rows)
    sheet.freeze_panes(1, 0)


def _groups(writer: _Writer, sheet: Worksheet, document: dict[str, Any]) -> None:
    """By role: only the groups the JSON holds, those above the anonymity threshold."""
    dimension_keys = [dimension["key"] for dimension in document["dimensions"]]
    columns = [
        Column(_("Group key"), MEDIUM),
        Column(_("Group"), MEDIUM),
        Column(_("Respondents")),
        Column(_("Overall score")),
        Column(_("Overall stage"), MEDIUM),
        *(Column(key, NARROW) for key in dimension_keys),
    ]
    rows = []
    for group in document["groups"]:
        scores = {entry["key"]: _rounded(entry["score"]) for entry in group["dimensions"]}
        rows.append(
            [
                group["key"],
                group["label"],
                group["n_respondents"],
                _rounded(group["overall"]["score"]),
                _stage(group["overall"]["stage"]),
                *(scores.get(key) for key in dimension_keys),
            ]
        )
    writer.table(sheet, columns, rows)
    sheet.freeze_panes(1, 2)


def _answers(
    writer: _Writer, sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    widths = {3: MEDIUM, 5: WIDE, 11: WIDE}
    columns = [Column(text, widths.get(index, NARROW)) for index, text in enumerate(header)]
    writer.table(sheet, columns, rows)
    sheet.freeze_panes(1, 1)


def xlsx_content(
    document: dict[str, Any],
    answer_header: Sequence[str],
    answer_rows: Iterable[Sequence[object]],
) -> bytes:
    """The workbook's bytes: summary, dimensions, questions, by role, answers, recommendations,
    with sheets for scored sections and checklist items when the framework has any.

    The same document gives the same bytes: the workbook's creation date is the result's.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    computed_at = datetime.fromisoformat(document["assessment"]["computed_at"])
    workbook.set_properties(
        {
            "title": document["assessment"]["title"],
            "company": document["assessment"]["organisation"],
            "created": computed_at.astimezone(UTC).replace(tzinfo=None),
        }
    )
    writer = _Writer(workbook)
    # Sheet names: at most 31 characters, none of []:*?/\ (the translations keep to that).
    _summary(writer, workbook.add_worksheet(_("Summary")), document)
    _dimensions(writer, workbook.add_worksheet(_("Dimensions")), document)
    if any("sections" in dimension for dimension in document["dimensions"]):
        # Only for a framework with scored sections: a 1.0 workbook keeps its sheets.
        _sections(writer, workbook.add_worksheet(_("Sections")), document)
    _questions(writer, workbook.add_worksheet(_("Questions")), document)
    if any("items" in question for question in document["questions"]):
        # Only for a framework with checklists, as the sections' sheet.
        _checklist_items(writer, workbook.add_worksheet(_("Checklist items")), document)
    _groups(writer, workbook.add_worksheet(_("By role")), document)
    _answers(writer, workbook.add_worksheet(_("Answers")), answer_header, answer_rows)
    _recommendations(writer, workbook.add_worksheet(_("Recommendations")), document)
    workbook.close()
    return buffer.getvalue()
