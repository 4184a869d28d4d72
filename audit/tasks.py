"""The audit log's background task (see `background`): deleting events past the retention."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from background import background_task

from .services import audit_events_prune

logger = logging.getLogger(__name__)


def retention_limit(days: int | None = None) -> datetime:
    """The moment before which events are deleted: now less the retention period."""
    return timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS if days is None else days)


@background_task(name="audit.prune", retries=1, time_limit=1800)
def audit_prune() -> None:
    deleted = audit_events_prune(before=retention_limit())
    logger.info(
        "Deleted %d audit events older than %d days", deleted, settings.AUDIT_RETENTION_DAYS
    )
