"""The results page (consultants; client contacts once published), its curation and the
client contacts' home page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from .. import curation, services
from ..access import get_assessment_for_consultant, get_assessment_for_viewer, is_consultant
from ..models import Assessment
from ..presentation import RecommendationView, ResultPresentation, present_result
from ..results import result_for
from ..results_forms import (
    DimensionNoteForm,
    RecommendationAddForm,
    RecommendationCurateForm,
    SummaryForm,
)
from .workspace import consultant_required

MSG_REFRESHED = _("The results were computed again from the answers.")
MSG_SUMMARY_SAVED = _("The executive summary was saved.")
MSG_NOTE_SAVED = _("The notes were saved.")
MSG_RECOMMENDATION_SAVED = _("The recommendation was saved.")
MSG_RECOMMENDATION_HIDDEN = _("The recommendation is hidden from the report.")
MSG_RECOMMENDATION_SHOWN = _("The recommendation is back in the report.")
MSG_RECOMMENDATION_ADDED = _("Your recommendation was added.")
MSG_RECOMMENDATION_DELETED = _("Your recommendation was deleted.")
MSG_NOT_SAVED = _("Nothing was saved: correct the form below.")

TEMPLATE = "assessments/results.html"


def _results_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse("assessments:results", args=[assessment.pk])
    return f"{url}#{anchor}" if anchor else url


def _page_context(
    request: HttpRequest, assessment: Assessment, bound: forms.Form | None = None
) -> dict[str, Any]:
    """What the page shows; with `bound`, that (invalid) form replaces the blank one of its slot."""
    consultant = is_consultant(request.user)
    presentation = present_result(assessment, result_for(assessment), for_client=not consultant)
    editable = consultant and not presentation.is_published
    context: dict[str, Any] = {
        "assessment": assessment,
        "presentation": presentation,
        "is_consultant": consultant,
        "editable": editable,
        "frozen_message": services.MSG_PUBLISHED_FROZEN,
        # The charts escape their labels themselves (see `charts`).
        "radar_svg": mark_safe(presentation.radar_svg()),
        # Individual answers are for consultants only: never rendered for a client contact.
        "heat_map_svg": mark_safe(presentation.heat_map_svg()) if consultant else "",
        "heat_table": _heat_table(presentation) if consultant else [],
        "dimension_rows": [(d, None) for d in presentation.dimensions],
        "roadmap": [
            (horizon, label, [(r, None) for r in rows])
            for horizon, label, rows in presentation.roadmap
        ],
        "hidden_rows": [(r, None) for r in presentation.hidden_recommendations],
    }
    if editable:
        context.update(_forms(assessment, presentation))
        if bound is not None:
            _put_back(context, bound)
    return context


def _forms(assessment: Assessment, presentation: ResultPresentation) -> dict[str, Any]:
    def curate_form(r: RecommendationView) -> RecommendationCurateForm | None:
        if r.is_custom:
            return None
        initial = {"question_key": r.question_key, "text": r.text, "horizon": r.horizon}
        return RecommendationCurateForm(question_key=r.question_key, initial=initial)

    dimensions = [(d.key, d.title) for d in presentation.dimensions]
    return {
        "summary_form": SummaryForm(
            initial={
                "executive_summary": assessment.executive_summary,
                "name_respondents_in_report": assessment.name_respondents_in_report,
            }
        ),
        "add_form": RecommendationAddForm(dimensions=dimensions),
        "dimension_rows": [
            (d, DimensionNoteForm(dimension_key=d.key, initial={"text": d.note}))
            for d in presentation.dimensions
        ],
        "roadmap": [
            (horizon, label, [(r, curate_form(r)) for r in rows])
            for horizon, label, rows in presentation.roadmap
        ],
        "hidden_rows": [(r, curate_form(r)) for r in presentation.hidden_recommendations],
    }


def _put_back(context: dict[str, Any], bound: forms.Form) -> None:
    if bound.slot == "summary":
        context["summary_form"] = bound
    elif bound.slot == "add":
        context["add_form"] = bound

    def swap(rows: list[tuple[Any, forms.Form | None]]) -> list[tuple[Any, forms.Form | None]]:
        return [
            (item, bound if form is not None and form.slot == bound.slot else form)
            for item, form in rows
        ]

    context["dimension_rows"] = swap(context["dimension_rows"])
    context["hidden_rows"] = swap(context["hidden_rows"])
    context["roadmap"] = [(h, label, swap(rows)) for h, label, rows in context["roadmap"]]


def _heat_table(presentation: ResultPresentation) -> list[tuple[str, list[str]]]:
    """The heat map as text, for its data table: one row per respondent, one cell per question."""
    marks = {"na": _("N/A"), "dont_know": "?", "unanswered": "–"}
    return [
        (
            row.label,
            [
                str(cell.value) if cell.kind == "option" else str(marks[cell.kind])
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
    return render(request, TEMPLATE, _page_context(request, assessment))


@login_required
@require_GET
def client_home(request: HttpRequest) -> HttpResponse:
    """A client contact's published assessments; consultants have their dashboard instead."""
    if is_consultant(request.user):
        return redirect("assessments:dashboard")
    assessments = list(
        Assessment.objects.filter(
            organisation__client_contacts=request.user, status=Assessment.Status.PUBLISHED
        )
        .select_related("organisation", "framework")
        .distinct()
        .order_by("organisation__name", "-published_at", "-pk")
    )
    return render(request, "assessments/client_home.html", {"assessments": assessments})


@consultant_required
@require_POST
def result_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    try:
        services.assessment_refresh_result(assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MSG_REFRESHED)
    return redirect(_results_url(assessment))


def _save(
    request: HttpRequest,
    assessment: Assessment,
    form: forms.Form,
    write: Callable[[], str],
    anchor: str,
) -> HttpResponse:
    """Validate the form, write through the service, and go back to the page's section.

    A refusal by the service (published, unknown key) comes back as a message; an invalid form
    is shown again in its place with a 400. Nothing is saved in either case.
    """
    if assessment.status == Assessment.Status.PUBLISHED:
        # Said before anything else: the page has no form left to correct. (The service
        # refuses too, whoever calls it.)
        messages.error(request, curation.MSG_PUBLISHED_READ_ONLY)
        return redirect(_results_url(assessment, anchor))
    if not form.is_valid():
        messages.error(request, MSG_NOT_SAVED)
        context = _page_context(request, assessment, bound=form)
        return render(request, TEMPLATE, context, status=400)
    try:
        success = write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(_results_url(assessment, anchor))


@consultant_required
@require_POST
def summary_save(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    form = SummaryForm(request.POST)

    def write() -> str:
        curation.assessment_summary_save(assessment=assessment, **form.cleaned_data)
        return MSG_SUMMARY_SAVED

    return _save(request, assessment, form, write, "summary")


@consultant_required
@require_POST
def note_save(request: HttpRequest, pk: int, dimension_key: str) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    form = DimensionNoteForm(request.POST, dimension_key=dimension_key)

    def write() -> str:
        curation.dimension_note_save(
            assessment=assessment, dimension_key=dimension_key, text=form.cleaned_data["text"]
        )
        return MSG_NOTE_SAVED

    return _save(request, assessment, form, write, f"dimension-{dimension_key}")


@consultant_required
@require_POST
def recommendation_curate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    form = RecommendationCurateForm(request.POST)

    def write() -> str:
        changes = form.changes()
        curation.recommendation_curate(
            assessment=assessment, question_key=form.cleaned_data["question_key"], **changes
        )
        if "hidden" not in changes:
            return MSG_RECOMMENDATION_SAVED
        return MSG_RECOMMENDATION_HIDDEN if changes["hidden"] else MSG_RECOMMENDATION_SHOWN

    return _save(request, assessment, form, write, "recommendations")


@consultant_required
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    dimensions = [(d.key, d.title) for d in assessment.framework.dimensions.order_by("order")]
    form = RecommendationAddForm(request.POST, dimensions=dimensions)

    def write() -> str:
        curation.custom_recommendation_add(assessment=assessment, **form.cleaned_data)
        return MSG_RECOMMENDATION_ADDED

    return _save(request, assessment, form, write, "recommendations")


@consultant_required
@require_POST
def recommendation_delete(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    # Through the related manager: another assessment's recommendation is a 404.
    recommendation = get_object_or_404(assessment.curated_recommendations, pk=recommendation_pk)
    try:
        curation.custom_recommendation_delete(assessment=assessment, recommendation=recommendation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MSG_RECOMMENDATION_DELETED)
    return redirect(_results_url(assessment, "recommendations"))
