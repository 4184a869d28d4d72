"""Writes of reports besides the cache: the audit trail of each download."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from assessments.models import Assessment
from audit.models import AuditEvent
from audit.services import audit_record


def report_download_record(
    *,
    assessment: Assessment,
    lang: str,
    actor: AbstractBaseUser | None,
    ip_address: str | None = None,
) -> None:
    """Record in the audit log that `actor` took the assessment's PDF in `lang` (one insert).

    Only a PDF served counts: the "preparing your report" page hands over nothing.
    """
    audit_record(
        action=AuditEvent.Action.REPORT_DOWNLOADED,
        actor=actor,
        organisation=assessment.organisation,
        obj=assessment,
        changes={"format": "pdf", "language": lang},
        ip_address=ip_address,
    )
