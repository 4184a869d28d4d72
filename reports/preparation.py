"""Rendering reports in advance, so that no reader waits for a render."""

from __future__ import annotations

import logging
import threading
from functools import partial

from django.conf import settings
from django.db import connections, transaction

from assessments.models import Assessment

from .cache import LANGUAGES, report_for

logger = logging.getLogger(__name__)


def reports_prepare(assessment_id: int) -> None:
    """Render the report in every language into the cache, so no reader waits for a render."""
    assessment = Assessment.objects.select_related("organisation", "framework").get(
        pk=assessment_id
    )
    for lang in sorted(LANGUAGES):
        report_for(assessment, lang)


def reports_prepare_in_background(assessment_id: int) -> None:
    """Start `reports_prepare` on a thread of its own (off with PALIER_PREPARE_REPORTS=false).

    A render takes seconds (docs/performance.md); publishing should not wait for it, and the
    client's first download should not either.
    """
    if not settings.PALIER_PREPARE_REPORTS:
        return

    def prepare() -> None:
        try:
            reports_prepare(assessment_id)
        except Exception:
            logger.exception("Preparing the reports of assessment %s failed", assessment_id)
        finally:
            # The thread's own database connection: close it rather than leak it.
            connections.close_all()

    threading.Thread(target=prepare, name=f"reports-{assessment_id}", daemon=True).start()


def on_assessment_status_changed(*, assessment: Assessment, new: str, **kwargs: object) -> None:
    """The client contacts are about to download a published report: have it ready in both
    languages, once the publication is committed (a receiver of `assessments.signals`)."""
    if new == Assessment.Status.PUBLISHED:
        transaction.on_commit(partial(reports_prepare_in_background, assessment.pk))
