"""Writes of the consultant's curation: executive summary, dimension notes, recommendations.

Each service refuses once the assessment is published (published results are read-only for
everyone) and validates its input itself, so a view, a command or a test may call it alike.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, CuratedRecommendation, DimensionNote
from assessments.services.lifecycle import check_not_archived
from maturity.models import Dimension, Option

from .result import result_of
from .selectors import result_bundle
from .signals import report_inputs_changed_send

MSG_PUBLISHED_READ_ONLY = _(
    "Published results are read-only. Move the assessment back to closed to edit them."
)
MSG_UNKNOWN_DIMENSION = _("This dimension is not part of the assessment's framework.")
MSG_NOT_RECOMMENDED = _("This question has no recommendation in the current results.")
MSG_UNKNOWN_HORIZON = _("Choose a horizon: now, next or later.")
MSG_TEXT_REQUIRED = _("Write the recommendation.")
MSG_TEXT_TOO_LONG = _("Write at most %(max)s characters.")
MSG_OTHER_ASSESSMENT = _("This recommendation belongs to another assessment.")
MSG_NOT_CUSTOM = _("Only your own recommendations can be deleted; hide the others.")

SUMMARY_MAX_LENGTH = 10000
NOTE_MAX_LENGTH = DimensionNote._meta.get_field("text").max_length
RECOMMENDATION_MAX_LENGTH = CuratedRecommendation._meta.get_field("text").max_length


def _check_editable(assessment: Assessment) -> None:
    # Read afresh and locked: a publication in another request must win over a stale page.
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk)
    status = locked.values_list("status", flat=True).get()
    if status == Assessment.Status.PUBLISHED:
        raise ValidationError(MSG_PUBLISHED_READ_ONLY, code="published")
    check_not_archived(assessment)


def _check_length(text: str, max_length: int) -> None:
    if len(text) > max_length:
        raise ValidationError(MSG_TEXT_TOO_LONG, code="max_length", params={"max": max_length})


def _check_horizon(horizon: str) -> None:
    # Blank lets the recommendation's priority decide (the most urgent ones come first).
    if horizon and horizon not in CuratedRecommendation.Horizon.values:
        raise ValidationError(MSG_UNKNOWN_HORIZON, code="horizon")


def _check_dimension(assessment: Assessment, dimension_key: str) -> None:
    if not Dimension.objects.filter(
        framework_id=assessment.framework_id, key=dimension_key
    ).exists():
        raise ValidationError(MSG_UNKNOWN_DIMENSION, code="dimension")


@transaction.atomic
def assessment_summary_save(
    *, assessment: Assessment, executive_summary: str, name_respondents_in_report: bool
) -> Assessment:
    """Save the executive summary and whether the report names the respondents."""
    _check_editable(assessment)
    executive_summary = executive_summary.strip()
    _check_length(executive_summary, SUMMARY_MAX_LENGTH)
    assessment.executive_summary = executive_summary
    assessment.name_respondents_in_report = name_respondents_in_report
    assessment.save(update_fields=["executive_summary", "name_respondents_in_report", "updated_at"])
    report_inputs_changed_send(assessment)
    return assessment


@transaction.atomic
def dimension_note_save(*, assessment: Assessment, dimension_key: str, text: str) -> DimensionNote:
    """Create or replace the consultant's note on one dimension of the framework."""
    _check_editable(assessment)
    _check_dimension(assessment, dimension_key)
    text = text.strip()
    _check_length(text, NOTE_MAX_LENGTH)
    note, _created = DimensionNote.objects.update_or_create(
        assessment=assessment, dimension_key=dimension_key, defaults={"text": text}
    )
    report_inputs_changed_send(assessment)
    return note


@transaction.atomic
def recommendation_curate(
    *,
    assessment: Assessment,
    question_key: str,
    hidden: bool | None = None,
    text: str | None = None,
    horizon: str | None = None,
) -> CuratedRecommendation:
    """Hide or show, reword or set the horizon of a recommendation of the current results.

    Only the arguments given change. A blank text, or the framework's own wording in any
    language, keeps the framework's wording (so the report follows its language).
    """
    _check_editable(assessment)
    recommended = {
        r.question_key: r for r in result_of(result_bundle(assessment)).overall.recommendations
    }
    if question_key not in recommended:
        raise ValidationError(MSG_NOT_RECOMMENDED, code="question")
    recommendation = recommended[question_key]
    curation, _created = CuratedRecommendation.objects.get_or_create(
        assessment=assessment,
        question_key=question_key,
        defaults={"dimension_key": recommendation.dimension_key},
    )
    curation.dimension_key = recommendation.dimension_key
    if hidden is not None:
        curation.hidden = hidden
    if text is not None:
        text = text.strip()
        _check_length(text, RECOMMENDATION_MAX_LENGTH)
        option = Option.objects.get(
            question__framework_id=assessment.framework_id,
            question__key=question_key,
            key=recommendation.option_key,
        )
        framework_wordings = {option.recommendation_en.strip(), option.recommendation_fr.strip()}
        curation.text = "" if text in framework_wordings else text
    if horizon is not None:
        _check_horizon(horizon)
        curation.horizon = horizon
    curation.save()
    report_inputs_changed_send(assessment)
    return curation


@transaction.atomic
def custom_recommendation_add(
    *, assessment: Assessment, dimension_key: str, text: str, horizon: str
) -> CuratedRecommendation:
    """Add a recommendation of the consultant's own to one dimension."""
    _check_editable(assessment)
    _check_dimension(assessment, dimension_key)
    text = text.strip()
    if not text:
        raise ValidationError(MSG_TEXT_REQUIRED, code="required")
    _check_length(text, RECOMMENDATION_MAX_LENGTH)
    _check_horizon(horizon)
    recommendation = CuratedRecommendation.objects.create(
        assessment=assessment,
        question_key="",
        dimension_key=dimension_key,
        text=text,
        horizon=horizon,
    )
    report_inputs_changed_send(assessment)
    return recommendation


@transaction.atomic
def custom_recommendation_delete(
    *, assessment: Assessment, recommendation: CuratedRecommendation
) -> None:
    """Delete one of the consultant's own recommendations (computed ones can only be hidden)."""
    _check_editable(assessment)
    if recommendation.assessment_id != assessment.pk:
        raise ValidationError(MSG_OTHER_ASSESSMENT, code="assessment")
    if not recommendation.is_custom:
        raise ValidationError(MSG_NOT_CUSTOM, code="not_custom")
    recommendation.delete()
    report_inputs_changed_send(assessment)
