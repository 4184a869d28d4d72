"""The results page (consultants; client contacts once published) and the client contacts'
home page. The curation forms post to `results.views.curation`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from assessments.access import (
    consultant_required,
    get_assessment_for_consultant,
    get_assessment_for_viewer,
    is_consultant,
    published_assessments_for_client_contact,
)
from assessments.models import COMMENT_MAX_LENGTH, Assessment
from assessments.services.lifecycle import MSG_PUBLISHED_FROZEN

from .. import services
from ..curation import RECOMMENDATION_MAX_LENGTH
from ..filtering import (
    MSG_FILTER_IGNORED,
    RecommendationFilterForm,
    filter_query,
    filtered_roadmap,
    filtered_rows,
)
from ..forms import (
    HORIZON_CHOICES,
    DimensionNoteForm,
    RecommendationAddForm,
    RecommendationCurateForm,
    SummaryForm,
)
from ..presentation import present_result
from ..presentation.views import RecommendationView, ResultPresentation
from ..result import result_of
from ..selectors import result_bundle

MSG_REFRESHED = _("The results were computed again from the answers.")

TEMPLATE = "results/page.html"


def results_url(assessment: Assessment, anchor: str = "", query: str = "") -> str:
    """The results page's address, with a query string (the filter) and a #fragment."""
    url = reverse("results:page", args=[assessment.pk])
    url = f"{url}?{query}" if query else url
    return f"{url}#{anchor}" if anchor else url


# The sections of the page that show the messages of their own saves (templates/results/
# _messages.html); any other save's message is shown at the top of the page.
MESSAGE_SECTIONS = ("summary", "recommendations")
MESSAGE_SECTION_PREFIXES = ("dimension-",)


def message_section(anchor: str) -> str:
    """The tag that shows a save's message in its section, "" for the top of the page."""
    if anchor in MESSAGE_SECTIONS or anchor.startswith(MESSAGE_SECTION_PREFIXES):
        return anchor
    return ""


def page_context(
    request: HttpRequest, assessment: Assessment, bound: forms.Form | None = None
) -> dict[str, Any]:
    """What the page shows; with `bound`, that (invalid) form replaces the blank one of its slot."""
    consultant = is_consultant(request.user)
    bundle = result_bundle(assessment)
    presentation = present_result(bundle, result_of(bundle), for_client=not consultant)
    editable = consultant and not presentation.is_published and not assessment.is_archived
    context: dict[str, Any] = {
        "assessment": assessment,
        "presentation": presentation,
        "is_consultant": consultant,
        "editable": editable,
        "frozen_message": MSG_PUBLISHED_FROZEN,
        "radar_svg": mark_safe(presentation.radar_svg()),  # lib.charts escapes every label
        # Individual answers are for consultants only: never rendered for a client contact.
        "heat_map_svg": mark_safe(presentation.heat_map_svg()) if consultant else "",
        "heat_table": _heat_table(presentation) if consultant else [],
        **_rows_without_forms(presentation),
    }
    if editable:
        context.update(_forms(assessment, presentation, bundle.notes))
        if bound is not None:
            _put_back(context, bound)
    _filter(request, presentation, context)
    return context


def _filter(
    request: HttpRequest, presentation: ResultPresentation, context: dict[str, Any]
) -> None:
    """Keep the recommendations the query string's filter selects (all without one)."""
    form = RecommendationFilterForm(
        request.GET, dimensions=[(d.key, d.title) for d in presentation.dimensions]
    )
    selection = form.selection()
    context["roadmap"] = filtered_roadmap(context["roadmap"], selection)
    context["hidden_rows"] = filtered_rows(context["hidden_rows"], selection)
    context.update(
        filter_form=form,
        filter_ignored=MSG_FILTER_IGNORED if form.ignored else "",
        filtered=any(selection.values()),
        filter_query=filter_query(selection),
    )


def _rows_without_forms(presentation: ResultPresentation) -> dict[str, Any]:
    """The page's rows as (item, form) pairs, with no form: what a reader sees."""
    return {
        "dimension_rows": [(d, None) for d in presentation.dimensions],
        "roadmap": [
            (horizon, label, [(r, None) for r in rows])
            for horizon, label, rows in presentation.roadmap
        ],
        "hidden_rows": [(r, None) for r in presentation.hidden_recommendations],
    }


@dataclass(frozen=True)
class CurateFields:
    """What one recommendation's "Reword or move" form shows: its values and errors.

    The page holds one such form per recommendation (66 on the demo): built as Django forms
    and rendered through their widgets they cost most of the page's time (docs/performance.md,
    "Throughput"), so the template writes their few fields out and only a posted form that
    failed validation comes from `RecommendationCurateForm`, whose fields these mirror.
    """

    slot: str
    text_en: str
    text_fr: str
    horizon: str
    text_en_errors: tuple[str, ...] = ()
    text_fr_errors: tuple[str, ...] = ()
    horizon_errors: tuple[str, ...] = ()
    non_field_errors: tuple[str, ...] = ()

    @property
    def texts(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """Each language's field: its code, label, value and errors."""
        return [
            ("en", _("Wording in English"), self.text_en, self.text_en_errors),
            ("fr", _("Wording in French"), self.text_fr, self.text_fr_errors),
        ]

    @property
    def errors(self) -> bool:
        return bool(self.text_en_errors or self.text_fr_errors or self.horizon_errors) or bool(
            self.non_field_errors
        )

    @classmethod
    def of_bound(cls, form: RecommendationCurateForm) -> CurateFields:
        return cls(
            slot=form.slot,
            text_en=form["text_en"].value() or "",
            text_fr=form["text_fr"].value() or "",
            horizon=form["horizon"].value() or "",
            text_en_errors=tuple(form.errors.get("text_en", ())),
            text_fr_errors=tuple(form.errors.get("text_fr", ())),
            horizon_errors=tuple(form.errors.get("horizon", ())),
            non_field_errors=tuple(form.non_field_errors()),
        )


def _note_texts(notes: dict[str, dict[str, str]], key: str) -> dict[str, str]:
    texts = notes.get(key, {})
    return {"text_en": texts.get("en", ""), "text_fr": texts.get("fr", "")}


def _forms(
    assessment: Assessment, presentation: ResultPresentation, notes: dict[str, dict[str, str]]
) -> dict[str, Any]:
    def curate_fields(r: RecommendationView) -> CurateFields | None:
        if r.is_custom:
            return None
        # The consultant's wording in each language, else the framework's in that language.
        text_en, text_fr = (
            r.texts.get(lang) or r.framework_texts.get(lang, "") for lang in ("en", "fr")
        )
        return CurateFields(
            slot=f"rec:{r.question_key}", text_en=text_en, text_fr=text_fr, horizon=r.horizon
        )

    dimensions = [(d.key, d.title) for d in presentation.dimensions]
    return {
        "summary_form": SummaryForm(
            initial={
                "executive_summary_en": assessment.executive_summary_en,
                "executive_summary_fr": assessment.executive_summary_fr,
                "name_respondents_in_report": assessment.name_respondents_in_report,
            }
        ),
        "add_form": RecommendationAddForm(dimensions=dimensions),
        "dimension_rows": [
            (d, DimensionNoteForm(dimension_key=d.key, initial=_note_texts(notes, d.key)))
            for d in presentation.dimensions
        ],
        "roadmap": [
            (horizon, label, [(r, curate_fields(r)) for r in rows])
            for horizon, label, rows in presentation.roadmap
        ],
        "hidden_rows": [(r, curate_fields(r)) for r in presentation.hidden_recommendations],
        "horizon_choices": HORIZON_CHOICES,
        "recommendation_max_length": RECOMMENDATION_MAX_LENGTH,
        "comment_max_length": COMMENT_MAX_LENGTH,
    }


def _put_back(context: dict[str, Any], bound: forms.Form) -> None:
    if bound.slot == "summary":
        context["summary_form"] = bound
    elif bound.slot == "add":
        context["add_form"] = bound

    shown: Any = (
        CurateFields.of_bound(bound) if isinstance(bound, RecommendationCurateForm) else bound
    )

    def swap(rows: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        return [
            (item, shown if form is not None and form.slot == bound.slot else form)
            for item, form in rows
        ]

    context["dimension_rows"] = swap(context["dimension_rows"])
    context["hidden_rows"] = swap(context["hidden_rows"])
    context["roadmap"] = [(h, label, swap(rows)) for h, label, rows in context["roadmap"]]


def _heat_table(presentation: ResultPresentation) -> list[tuple[str, list[str]]]:
    """The heat map as text, for its data table: one row per respondent, one cell per question."""
    marks = {"na": _("N/A"), "dont_know": "?", "unanswered": "–", "not_asked": _("not asked")}
    return [
        (
            row.label,
            [
                # A value that is not a whole stage (points, a checklist) as the map shows it.
                (cell.mark or str(cell.value)) if cell.kind == "option" else str(marks[cell.kind])
                for cell in row.cells
            ],
        )
        for row in presentation.heat_rows
    ]


@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about the results; curation forms for the consultant until publication."""
    assessment = get_assessment_for_viewer(request.user, pk)
    return render(request, TEMPLATE, page_context(request, assessment))


@login_required
@require_GET
def client_home(request: HttpRequest) -> HttpResponse:
    """A client contact's published assessments; consultants have their dashboard instead."""
    if is_consultant(request.user):
        return redirect("assessments:dashboard")
    assessments = list(
        published_assessments_for_client_contact(request.user)
        .select_related("organisation", "framework")
        .order_by("organisation__name", "-published_at", "-pk")
    )
    return render(request, "results/client_home.html", {"assessments": assessments})


@consultant_required
@require_POST
def result_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    try:
        services.assessment_result_refresh(assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MSG_REFRESHED)
    return redirect(results_url(assessment))
