"""Writes of results: the one refresh of the stored snapshot, and the receivers that call it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Assessment, ResultSnapshot
from assessments.selectors import latest_snapshot
from assessments.services.lifecycle import MSG_PUBLISHED_FROZEN

from .result import compute_result
from .selectors import result_bundle
from .signals import report_inputs_changed_send


@transaction.atomic
def result_refresh(*, assessment: Assessment, reason: str) -> ResultSnapshot:
    """Compute the result from the answers as they are now and store it as the latest snapshot.

    Queries: those of `result_bundle` (the latest snapshot is not read: it is being replaced),
    and the insert.
    """
    result = compute_result(result_bundle(assessment, with_snapshot=False))
    return ResultSnapshot.objects.create(
        assessment=assessment,
        framework_id=assessment.framework_id,
        computed_at=result.computed_at,
        reason=reason,
        data=result.to_dict(),
    )


@transaction.atomic
def assessment_result_refresh(*, assessment: Assessment) -> ResultSnapshot:
    """Recompute and store the result on the consultant's request; never once published."""
    if assessment.status == Assessment.Status.PUBLISHED:
        raise ValidationError(MSG_PUBLISHED_FROZEN, code="published")
    return result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.REFRESH)


# Receivers of `assessments.signals`, connected in `ResultsConfig.ready()`.


def on_result_inputs_changed(*, assessment: Assessment, reason: str, **kwargs: Any) -> None:
    """Keep the stored result (the dashboard's figures) current as answers come in."""
    result_refresh(assessment=assessment, reason=reason)
    report_inputs_changed_send(assessment)


def on_assessment_status_changed(
    *, assessment: Assessment, old: str, new: str, **kwargs: Any
) -> None:
    """Closing fixes the figures: from then on pages, exports and reports read this snapshot."""
    closing = old == Assessment.Status.OPEN and new == Assessment.Status.CLOSED
    publishing_unscored = new == Assessment.Status.PUBLISHED and latest_snapshot(assessment) is None
    if closing or publishing_unscored:
        result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.CLOSED)
