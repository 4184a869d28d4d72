"""The CSV, JSON and XLSX exports of an assessment's results.

All three are built from the assessment's `ResultPresentation`, as the results page is, so every
figure equals the page's; rounded figures go through `lib.formatting`. The download views and
`manage.py export_results` both call `export_file`, so they serve the same bytes. The XLSX
workbook (`results.workbook`) is written from the JSON document and the CSV's answer rows.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.models import Answer, Assessment, Respondent
from lib.formatting import format_percent, format_score, round_half_up
from lib.spreadsheet import neutralise
from maturity.models import ChecklistItem, Option

from .presentation import present_result
from .presentation.views import (
    DimensionView,
    QuestionView,
    RecommendationView,
    ResultPresentation,
    StageInfo,
)
from .result import RespondentInfo, result_of
from .selectors import AnswerRow, ResultBundle, result_bundle
from .workbook import CONTENT_TYPE as XLSX_CONTENT_TYPE
from .workbook import xlsx_content

CSV, JSON, XLSX = "csv", "json", "xlsx"
FORMATS = (CSV, JSON, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    JSON: "application/json; charset=utf-8",
    XLSX: XLSX_CONTENT_TYPE,
}
# The JSON document's layout; raise it when a field changes meaning or disappears.
JSON_FORMAT_VERSION = 1
UNANSWERED = "unanswered"
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


@dataclass(frozen=True)
class ExportFile:
    """An export ready to send or write: its bytes, file name and content type."""

    content: bytes
    filename: str
    content_type: str


def export_file(assessment: Assessment, export_format: str) -> ExportFile:
    """The assessment's result as a CSV, JSON or XLSX file, texts in the active language.

    Queries: those of `result_bundle`, nothing more: the answers come from the bundle.
    """
    bundle = result_bundle(assessment)
    presentation = present_result(bundle, result_of(bundle))
    if export_format == CSV:
        content = csv_content(presentation, export_answers(bundle, presentation))
    elif export_format == JSON:
        content = json_content(presentation)
    elif export_format == XLSX:
        content = xlsx_content(
            json_document(presentation),
            csv_header(),
            answer_rows(presentation, export_answers(bundle, presentation)),
        )
    else:
        raise ValueError(f"unknown export format {export_format!r}")
    return ExportFile(
        content=content,
        filename=export_filename(assessment, export_format),
        content_type=CONTENT_TYPES[export_format],
    )


def export_filename(assessment: Assessment, export_format: str) -> str:
    # slugify keeps the name safe in a header; a name without any ASCII letter gives "".
    organisation = slugify(assessment.organisation.name) or "organisation"
    return f"palier-{organisation}-{assessment.pk}-results.{export_format}"


def submitted_respondents(presentation: ResultPresentation) -> list[RespondentInfo]:
    """The respondents counted in the result, in the order of the heat map's rows (R1, R2...)."""
    return [
        info
        for info in presentation.result.respondents
        if info.status == Respondent.Status.SUBMITTED
    ]


@dataclass(frozen=True)
class ExportedAnswer:
    """One counted answer as the CSV writes it: the bundle's row with its option attached.

    A checklist answer has its items ticked instead of an option, and its value as scored.
    """

    row: AnswerRow
    option: Option | None
    # The answer's value on the scale: the option's stage or points put on the scale, or the
    # checklist's share or rule.
    value: Fraction | None = None
    ticked: tuple[ChecklistItem, ...] = ()

    @property
    def choice_key(self) -> str:
        """The Option key cell: the option's, or a checklist's ticked items, space-separated."""
        if self.option is not None:
            return self.option.key
        return " ".join(item.key for item in self.ticked)

    @property
    def choice_label(self) -> str:
        if self.option is not None:
            return self.option.label
        return "; ".join(item.label for item in self.ticked)

    @property
    def score(self) -> int | Decimal | str:
        """The Score cell: the stage, or a value worth points rounded as the page shows it."""
        if self.value is None:
            return ""
        return self.value.numerator if self.value.denominator == 1 else round_half_up(self.value)

    @property
    def kind(self) -> str:
        return self.row.kind

    @property
    def comment(self) -> str:
        # As client contacts and the report get it: moderated (hidden: blank).
        return self.row.shown_comment

    def get_na_reason_display(self) -> str:
        reason = self.row.na_reason
        return str(Answer.NotApplicableReason(reason).label) if reason else ""


def export_answers(
    bundle: ResultBundle, presentation: ResultPresentation
) -> dict[tuple[str, str], ExportedAnswer]:
    """The counted respondents' answers by (respondent key, question key), from the bundle."""
    counted = {info.key for info in submitted_respondents(presentation)}
    answers = {}
    for a in bundle.answers:
        if str(a.respondent_id) not in counted:
            continue
        question = bundle.questions[a.question_id]
        key = (str(a.respondent_id), question.key)
        if a.kind == Answer.Kind.CHECKLIST:
            answers[key] = ExportedAnswer(
                a,
                None,
                _checklist_values(presentation, question.key).get(key[0]),
                tuple(
                    item
                    for item in question.items
                    if a.items.get(item.key) == Answer.ItemState.TICKED
                ),
            )
        else:
            answers[key] = ExportedAnswer(
                a,
                bundle.options.get(a.option_id) if a.option_id else None,
                bundle.option_values.get(a.option_id) if a.option_id else None,
            )
    return answers


def _checklist_values(presentation: ResultPresentation, question_key: str) -> dict[str, Fraction]:
    """Each respondent's value of a checklist in scope, as scored; none out of scope."""
    try:
        question = presentation.result.overall.question(question_key)
    except KeyError:
        return {}
    return dict(question.values_by_respondent)


# CSV -------------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [
        _("Respondent"),
        _("Role"),
        _("Dimension key"),
        _("Dimension"),
        _("Question key"),
        _("Question"),
        _("Answer kind"),
        _("Option key"),
        _("Option"),
        _("Score"),
        _("Reason for not applicable"),
        _("Comment"),
    ]


def answer_rows(
    presentation: ResultPresentation, answers: dict[tuple[str, str], ExportedAnswer]
) -> list[list[object]]:
    """One row per counted respondent and in-scope question asked of them, as typed values
    (the XLSX's): a question not asked of a respondent's role has no row of theirs.

    The score is the chosen option's value on the scale, or the checklist's (its Option cells
    name the items ticked); "don't know" leaves it blank (the framework's rule says what it is
    worth).
    """
    named = presentation.assessment.name_respondents_in_report
    rows: list[list[object]] = []
    for number, info in enumerate(submitted_respondents(presentation), start=1):
        label = f"R{number} · {info.name}" if named and info.name else f"R{number}"
        role = str(Respondent.Role(info.role).label)
        for dimension in presentation.dimensions:
            for question in dimension.questions:
                if not question.asked_of(info.role):
                    continue
                answer = answers.get((info.key, question.key))
                kind = answer.kind if answer is not None and answer.kind else UNANSWERED
                row = [
                    label,
                    role,
                    dimension.key,
                    dimension.title,
                    question.key,
                    question.text,
                    kind,
                    answer.choice_key if answer is not None else "",
                    answer.choice_label if answer is not None else "",
                    answer.score if answer is not None else "",
                    answer.get_na_reason_display() if answer is not None else "",
                    answer.comment if answer is not None else "",
                ]
                rows.append(row)
    return rows


def csv_rows(
    presentation: ResultPresentation, answers: dict[tuple[str, str], ExportedAnswer]
) -> list[list[object]]:
    """The answer rows, formula-safe: a CSV cell has no type to keep a formula a text."""
    return [[neutralise(cell) for cell in row] for row in answer_rows(presentation, answers)]


def csv_content(
    presentation: ResultPresentation, answers: dict[tuple[str, str], ExportedAnswer]
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header())
    writer.writerows(csv_rows(presentation, answers))
    return (BOM + buffer.getvalue()).encode("utf-8")


# JSON ------------------------------------------------------------------------------------------


def _figure(value: Fraction | None) -> dict[str, str | None]:
    """A score both exact ("29/18") and rounded as the page shows it ("1.61"); nulls if unscored."""
    if value is None:
        return {"exact": None, "rounded": None}
    return {"exact": str(value), "rounded": format_score(value)}


def _share(value: Fraction | None) -> dict[str, str | None]:
    """A share (coverage, consensus...) as a figure with its percentage as the page shows it."""
    return {**_figure(value), "percent": None if value is None else format_percent(value)}


def _stage(stage: StageInfo | None) -> dict[str, Any] | None:
    return None if stage is None else {"number": stage.number, "name": stage.name}


def _sections(dimension: DimensionView) -> dict[str, Any]:
    """A dimension's scored sections; absent for a dimension without any, as in format 1.0."""
    if not dimension.sections:
        return {}
    return {
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "score": _figure(section.score),
                "stage": _stage(section.stage),
                "coverage": _share(section.coverage),
            }
            for section in dimension.sections
        ]
    }


def _items(question: QuestionView) -> dict[str, Any]:
    """A checklist's items with the share ticking each; absent for a choice question."""
    if not question.items:
        return {}
    return {
        "items": [
            {
                "key": item.key,
                "label": item.label,
                "n_ticked": item.n_ticked,
                "n_applicable": item.n_applicable,
                "n_not_applicable": item.n_not_applicable,
                "share": _share(item.share),
            }
            for item in question.items
        ]
    }


def _recommendation(recommendation: RecommendationView) -> dict[str, Any]:
    return {
        "dimension": {
            "key": recommendation.dimension_key,
            "title": recommendation.dimension_title,
        },
        "question": None
        if recommendation.is_custom
        else {"key": recommendation.question_key, "text": recommendation.question_text},
        "priority": _figure(recommendation.priority),
        "horizon": {"key": recommendation.horizon, "label": recommendation.horizon_label},
        "text": str(recommendation.text),
        "custom": recommendation.is_custom,
        "reworded": recommendation.is_reworded,
    }


def json_document(presentation: ResultPresentation) -> dict[str, Any]:
    """The whole result as JSON-ready data: exact figures as fractions, rounded as on the page."""
    assessment = presentation.assessment
    result = presentation.result
    stages = {stage.number: stage for stage in presentation.stages}
    return {
        "format_version": JSON_FORMAT_VERSION,
        "language": get_language(),
        "assessment": {
            "id": assessment.pk,
            "title": assessment.title,
            "organisation": assessment.organisation.name,
            "framework": {
                "slug": assessment.framework.slug,
                "version": assessment.framework.version,
                "title": assessment.framework.title,
            },
            "status": assessment.status,
            "language": assessment.language,
            "computed_at": result.computed_at.isoformat(),
            "snapshot_id": result.snapshot_id,
            # In the export's language (else the other one's): as the page shows it.
            "executive_summary": str(presentation.summary),
        },
        "overall": {
            "score": _figure(presentation.overall),
            "stage": _stage(presentation.overall_stage),
            "n_respondents": presentation.n_submitted,
        },
        "weakest_link_stage": _stage(presentation.weakest_link),
        "pillars": [
            {
                "key": pillar.key,
                "title": pillar.title,
                "score": _figure(pillar.score),
                "stage": _stage(pillar.stage),
                "dimensions": [d.key for d in pillar.dimensions],
            }
            for pillar in presentation.pillars
        ],
        "dimensions": [
            {
                "key": dimension.key,
                "title": dimension.title,
                "pillar": dimension.pillar_key,
                "weight": str(dimension.weight),
                "score": _figure(dimension.score),
                "stage": _stage(dimension.stage),
                "target": _stage(dimension.target),
                "gap": _figure(dimension.gap),
                "coverage": _share(dimension.coverage),
                "n_in_scope": dimension.n_in_scope,
                "n_with_value": dimension.n_with_value,
                # "Don't know" over the answers asked for: the results page's knowledge gaps.
                "dont_know_share": _share(dimension.dont_know_share),
                "disagreements": [q.key for q in dimension.disagreements],
                **_sections(dimension),
                "note": dimension.note,
                "recommendations": [_recommendation(r) for r in dimension.recommendations],
            }
            for dimension in presentation.dimensions
        ],
        "questions": [
            {
                "key": question.key,
                "dimension": question.dimension_key,
                "text": question.text,
                "weight": str(question.weight),
                "value": _figure(question.value),
                "spread": _figure(question.spread),
                "consensus": _share(question.consensus),
                "disagreement": question.disagreement,
                "n_values": question.n_values,
                "n_not_applicable": question.n_not_applicable,
                "n_dont_know": question.n_dont_know,
                "n_unanswered": question.n_unanswered,
                **_items(question),
            }
            for question in presentation.questions
        ],
        "groups": [
            {
                "key": column.key,
                "label": column.label,
                "n_respondents": column.n_respondents,
                "overall": {
                    "score": _figure(result.groups[column.key].overall),
                    "stage": _stage(stages.get(result.groups[column.key].overall_stage)),
                },
                "dimensions": [
                    {"key": row.dimension.key, "score": _figure(row.scores[index])}
                    for row in presentation.group_rows
                ],
            }
            for index, column in enumerate(presentation.group_columns)
        ],
        "recommendations": [_recommendation(r) for r in presentation.recommendations],
        "perception_gaps": [
            {
                "dimension": {"key": gap.dimension.key, "title": gap.dimension.title},
                "leadership": _figure(gap.leadership),
                "practitioners": _figure(gap.practitioners),
                "difference": _figure(gap.leadership - gap.practitioners),
            }
            for gap in presentation.perception_gaps
        ],
        # Every gate of the framework: whether it held, what fell short, the stage it lowered.
        "gates": [
            {
                "key": gate.key,
                "met": gate.met,
                "held": gate.capped,
                "uncapped_stage": gate.uncapped_stage,
                "failing": list(gate.failing),
                "reason": next((v.reason for v in presentation.gates if v.key == gate.key), None),
            }
            for gate in presentation.result.overall.gates
        ],
    }


def json_content(presentation: ResultPresentation) -> bytes:
    document = json_document(presentation)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
