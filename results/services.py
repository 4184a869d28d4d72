"""Writes of results: the one refresh of the stored snapshot, the receivers that call it, and
the exports' audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language

from assessments.models import Assessment, ResultSnapshot
from assessments.selectors import latest_snapshot
from assessments.services.lifecycle import MSG_PUBLISHED_FROZEN, check_not_archived
from audit.models import AuditEvent
from audit.services import audit_record

from .exports import ExportFile, export_file
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
    check_not_archived(assessment)
    return result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.REFRESH)


def export_download(
    *,
    assessment: Assessment,
    export_format: str,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> ExportFile:
    """The assessment's CSV or JSON export, its taking recorded in the audit log.

    The download views and `manage.py export_results` (no actor) both go through here: the
    files hold a client's answers, so who took one is kept. Queries: `export_file`'s, and one
    insert.
    """
    export = export_file(assessment, export_format)
    audit_record(
        action=AuditEvent.Action.EXPORT_DOWNLOADED,
        actor=actor,
        organisation=assessment.organisation,
        obj=assessment,
        changes={"format": export_format, "language": get_language()},
        ip_address=ip_address,
    )
    return export


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
