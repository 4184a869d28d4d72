"""The consultant's curation of a result, posted from the results page: summary, notes,
recommendations and the moderation of comments. Each view validates its form, writes through
`results.curation` (or `results.moderation`) and goes back to its section of the page."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from assessments.access import consultant_required, get_assessment_for_consultant
from assessments.models import Answer, Assessment
from audit.services import request_ip

from .. import curation, moderation
from ..filtering import filter_query
from ..forms import (
    CommentModerationForm,
    DimensionNoteForm,
    RecommendationAddForm,
    RecommendationCurateForm,
    SummaryForm,
)
from .page import TEMPLATE, message_section, page_context, results_url

MSG_SUMMARY_SAVED = _("The executive summary was saved.")
MSG_NOTE_SAVED = _("The notes were saved.")
MSG_RECOMMENDATION_SAVED = _("The recommendation was saved.")
MSG_RECOMMENDATION_HIDDEN = _("The recommendation is hidden from the report.")
MSG_RECOMMENDATION_SHOWN = _("The recommendation is back in the report.")
MSG_RECOMMENDATION_ADDED = _("Your recommendation was added.")
MSG_RECOMMENDATION_DELETED = _("Your recommendation was deleted.")
MSG_NOT_SAVED = _("Nothing was saved: correct the form below.")
MSG_COMMENT_UNCHANGED = _("The comment was not changed.")
MSG_COMMENT_MODERATED = {
    moderation.HIDE: _("The comment is hidden from the client and the report."),
    moderation.SHOW: _("The comment is shown to the client again."),
    moderation.EDIT: _("The edited comment was saved; the original is kept."),
    moderation.RESTORE: _("The comment is shown as the respondent wrote it."),
}


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
    # The message is shown in the section the page goes back to, where the user is.
    tag = message_section(anchor)
    back = results_url(assessment, anchor, filter_query(request.GET))
    if assessment.status == Assessment.Status.PUBLISHED:
        # Said before anything else: the page has no form left to correct. (The service
        # refuses too, whoever calls it.)
        messages.error(request, curation.MSG_PUBLISHED_READ_ONLY, extra_tags=tag)
        return redirect(back)
    if not form.is_valid():
        messages.error(request, MSG_NOT_SAVED, extra_tags=tag)
        context = page_context(request, assessment, bound=form)
        return render(request, TEMPLATE, context, status=400)
    try:
        success = write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages), extra_tags=tag)
    else:
        messages.success(request, success, extra_tags=tag)
    return redirect(back)


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
            assessment=assessment, dimension_key=dimension_key, **form.cleaned_data
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
    tag = message_section("recommendations")
    try:
        curation.custom_recommendation_delete(assessment=assessment, recommendation=recommendation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages), extra_tags=tag)
    else:
        messages.success(request, MSG_RECOMMENDATION_DELETED, extra_tags=tag)
    return redirect(results_url(assessment, "recommendations", filter_query(request.GET)))


@consultant_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Hide, show, edit or restore a respondent's comment; refused (4xx) with a message."""
    assessment = get_assessment_for_consultant(request.user, pk)
    # Through the assessment: another organisation's or assessment's answer is a 404.
    answer = get_object_or_404(Answer, pk=answer_pk, respondent__assessment=assessment)
    form = CommentModerationForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return _refused(request, assessment, " ".join([str(MSG_COMMENT_UNCHANGED), *errors]), 400)
    try:
        moderation.comment_moderate(
            assessment=assessment,
            answer=answer,
            actor=request.user,
            ip_address=request_ip(request),
            **form.cleaned_data,
        )
    except ValidationError as error:
        status = 409 if error.code == "published" else 400
        return _refused(request, assessment, " ".join(error.messages), status)
    anchor = f"comment-{answer.pk}"
    messages.success(
        request,
        MSG_COMMENT_MODERATED[form.cleaned_data["action"]],
        extra_tags=message_section(anchor),
    )
    return redirect(results_url(assessment, anchor, filter_query(request.GET)))


def _refused(request: HttpRequest, assessment: Assessment, message: str, status: int):
    """The page again, the refusal said at its top: nothing was written."""
    messages.error(request, message)
    return render(request, TEMPLATE, page_context(request, assessment), status=status)
