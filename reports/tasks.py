"""The reports' background tasks (see `background`): rendering ahead, and pruning the files."""

from __future__ import annotations

import logging

from assessments.models import Assessment
from background import background_task

from . import cache, preparation

logger = logging.getLogger(__name__)


@background_task(
    name="reports.render",
    retries=2,
    retry_delay=15,
    on_failure=preparation.report_failed,
    needs_worker=True,
)
def report_render(assessment_id: int, lang: str) -> None:
    """Render the assessment's current report in `lang` unless it is stored already."""
    assessment = (
        Assessment.objects.select_related("organisation", "framework")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:  # deleted since
        return
    report = cache.report_for(assessment, lang)
    preparation.report_rendered(report.key)


@background_task(name="reports.prune", retries=1, time_limit=1800)
def reports_prune() -> None:
    deleted = cache.reports_prune()
    logger.info("Pruned %d report files nothing points at", len(deleted))
