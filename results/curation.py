"""Writes of the consultant's curation: executive summary, dimension notes, recommendations.

Every text is written per language (`_en`, `_fr`): the page and the report show the one of
their language, else the other one, marked (`results.presentation.texts`). Each service
refuses once the assessment is published (published results are read-only for everyone) and
validates its input itself, so a view, a command or a test may call it alike.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, CuratedRecommendation, DimensionNote
from assessments.services.lifecycle import check_not_archived
from maturity.models import Dimension, Question

from .result import result_of
from .selectors import result_bundle
from .signals import report_inputs_changed_send

MSG_PUBLISHED_READ_ONLY = _(
    "Published results are read-only. Move the assessment back to closed to edit them."
)
MSG_UNKNOWN_DIMENSION = _("This dimension is not part of the assessment's framework.")
MSG_NOT_RECOMMENDED = _("This question has no recommendation in the current results.")
MSG_UNKNOWN_HORIZON = _("Choose a horizon: now, next or later.")
MSG_TEXT_REQUIRED = _("Write the recommendation, in English or in French.")
MSG_TEXT_TOO_LONG = _("Write at most %(max)s characters.")
MSG_OTHER_ASSESSMENT = _("This recommendation belongs to another assessment.")
MSG_NOT_CUSTOM = _("Only your own recommendations can be deleted; hide the others.")

SUMMARY_MAX_LENGTH = 10000
NOTE_MAX_LENGTH = DimensionNote._meta.get_field("text_en").max_length
RECOMMENDATION_MAX_LENGTH = CuratedRecommendation._meta.get_field("text_en").max_length


def check_editable(assessment: Assessment) -> None:
    # Read afresh and locked: a publication in another request must win over a stale page.
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk)
    status = locked.values_list("status", flat=True).get()
    if status == Assessment.Status.PUBLISHED:
        raise ValidationError(MSG_PUBLISHED_READ_ONLY, code="published")
    check_not_archived(assessment)


def check_length(text: str, max_length: int) -> None:
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


def _clean_texts(max_length: int, **texts: str) -> dict[str, str]:
    """Each language's text stripped, every one checked before anything is written."""
    cleaned = {name: text.strip() for name, text in texts.items()}
    for text in cleaned.values():
        check_length(text, max_length)
    return cleaned


@transaction.atomic
def assessment_summary_save(
    *,
    assessment: Assessment,
    executive_summary_en: str = "",
    executive_summary_fr: str = "",
    name_respondents_in_report: bool = False,
) -> Assessment:
    """Save the executive summary in each language and whether the report names respondents.

    Every language is saved: one not given is blank (the other one's text is then shown).
    """
    check_editable(assessment)
    texts = _clean_texts(
        SUMMARY_MAX_LENGTH,
        executive_summary_en=executive_summary_en,
        executive_summary_fr=executive_summary_fr,
    )
    for name, text in texts.items():
        setattr(assessment, name, text)
    assessment.name_respondents_in_report = name_respondents_in_report
    assessment.save(update_fields=[*texts, "name_respondents_in_report", "updated_at"])
    report_inputs_changed_send(assessment)
    return assessment


@transaction.atomic
def dimension_note_save(
    *, assessment: Assessment, dimension_key: str, text_en: str = "", text_fr: str = ""
) -> DimensionNote:
    """Create or replace the consultant's note on one dimension, in each language."""
    check_editable(assessment)
    _check_dimension(assessment, dimension_key)
    texts = _clean_texts(NOTE_MAX_LENGTH, text_en=text_en, text_fr=text_fr)
    note, _created = DimensionNote.objects.update_or_create(
        assessment=assessment, dimension_key=dimension_key, defaults=texts
    )
    report_inputs_changed_send(assessment)
    return note


@transaction.atomic
def recommendation_curate(
    *,
    assessment: Assessment,
    question_key: str,
    hidden: bool | None = None,
    text_en: str | None = None,
    text_fr: str | None = None,
    horizon: str | None = None,
) -> CuratedRecommendation:
    """Hide or show, reword (per language) or set the horizon of a computed recommendation.

    Only the arguments given change. A blank text, or the framework's own wording in either
    language, keeps the framework's wording in that language.
    """
    check_editable(assessment)
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
    given = {n: t for n, t in (("text_en", text_en), ("text_fr", text_fr)) if t is not None}
    if given:
        texts = _clean_texts(RECOMMENDATION_MAX_LENGTH, **given)
        option = Question.objects.get(
            framework_id=assessment.framework_id, key=question_key
        ).advice(recommendation.option_key)
        framework_wordings = {option.recommendation_en.strip(), option.recommendation_fr.strip()}
        for name, text in texts.items():
            setattr(curation, name, "" if text in framework_wordings else text)
    if horizon is not None:
        _check_horizon(horizon)
        curation.horizon = horizon
    curation.save()
    report_inputs_changed_send(assessment)
    return curation


@transaction.atomic
def custom_recommendation_add(
    *,
    assessment: Assessment,
    dimension_key: str,
    text_en: str = "",
    text_fr: str = "",
    horizon: str = "",
) -> CuratedRecommendation:
    """Add a recommendation of the consultant's own to one dimension (in one language or both)."""
    check_editable(assessment)
    _check_dimension(assessment, dimension_key)
    texts = _clean_texts(RECOMMENDATION_MAX_LENGTH, text_en=text_en, text_fr=text_fr)
    if not any(texts.values()):
        raise ValidationError(MSG_TEXT_REQUIRED, code="required")
    _check_horizon(horizon)
    recommendation = CuratedRecommendation.objects.create(
        assessment=assessment,
        question_key="",
        dimension_key=dimension_key,
        horizon=horizon,
        **texts,
    )
    report_inputs_changed_send(assessment)
    return recommendation


@transaction.atomic
def custom_recommendation_delete(
    *, assessment: Assessment, recommendation: CuratedRecommendation
) -> None:
    """Delete one of the consultant's own recommendations (computed ones can only be hidden)."""
    check_editable(assessment)
    if recommendation.assessment_id != assessment.pk:
        raise ValidationError(MSG_OTHER_ASSESSMENT, code="assessment")
    if not recommendation.is_custom:
        raise ValidationError(MSG_NOT_CUSTOM, code="not_custom")
    recommendation.delete()
    report_inputs_changed_send(assessment)
