"""Rendering reports ahead of the reader, on the task engine's workers.

On close and on publication both languages are rendered at once; while a draft or open
assessment changes, a render follows the last change of a burst (`PALIER_REPORT_DEBOUNCE`). A
reader who asks for a report not rendered yet gets the "preparing" page, which asks for the
render and polls `report_status` until the file is there, or the render failed for good.

The state of a report being prepared lives in the shared cache (Redis in production), under
the report's key, so every web process and worker sees it. Without workers (`make run`, the
tests) none of this runs: the download renders on demand, as before.
"""

from __future__ import annotations

from functools import partial
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from assessments.models import Assessment
from background import runs_inline
from results.selectors import ResultBundle, result_bundle

from .cache import LANGUAGES, report_cache_key, report_cached, reports_delete

QUEUED, FAILED = "queued", "failed"
# A render asked for and never done (a worker lost with its task) is asked for again after this.
QUEUED_TIMEOUT = 10 * 60
# A failure is shown for this long; "Try again" clears it at once.
FAILED_TIMEOUT = 60 * 60

ReportStatus = Literal["ready", "preparing", "failed"]


def _state_key(report_key: str) -> str:
    return f"report-state:{report_key}"


def report_request(bundle: ResultBundle, lang: str, *, retry: bool = False) -> ReportStatus:
    """Where the report stands, asking a worker to render it if nobody has yet.

    `retry` clears a failure and asks again. Queries: none beyond the bundle's.
    """
    report_key = report_cache_key(bundle, lang)
    if report_cached(bundle, lang) is not None:
        return "ready"
    state_key = _state_key(report_key)
    if retry:
        cache.delete(state_key)
    # add() is atomic: of several readers asking at once, one enqueues the render.
    if cache.add(state_key, QUEUED, timeout=QUEUED_TIMEOUT):
        from .tasks import report_render

        report_render.enqueue(bundle.assessment.pk, lang)
        return "preparing"
    return "failed" if cache.get(state_key) == FAILED else "preparing"


def report_rendered(report_key: str) -> None:
    cache.delete(_state_key(report_key))


def report_failed(assessment_id: int, lang: str) -> None:
    """The render failed after its retries: the preparing page says so instead of waiting."""
    assessment = Assessment.objects.select_related("organisation", "framework").filter(
        pk=assessment_id
    )
    if (found := assessment.first()) is not None:
        key = report_cache_key(result_bundle(found), lang)
        cache.set(_state_key(key), FAILED, timeout=FAILED_TIMEOUT)


def reports_prepare(assessment_id: int) -> None:
    """Render the report in every language on the workers, in parallel (one task each)."""
    from .tasks import report_render

    for lang in sorted(LANGUAGES):
        report_render.enqueue(assessment_id, lang)


def reports_prepare_soon(assessment_id: int) -> None:
    """Render the reports once the current burst of changes is over.

    The first change of a burst schedules the render `PALIER_REPORT_DEBOUNCE` seconds later;
    changes meanwhile find it scheduled, and the render shows them all since it reads the
    assessment when it runs.
    """
    delay = settings.PALIER_REPORT_DEBOUNCE
    if not cache.add(f"report-debounce:{assessment_id}", 1, timeout=delay):
        return
    from .tasks import report_render

    for lang in sorted(LANGUAGES):
        report_render.enqueue(assessment_id, lang, delay=delay)


# Receivers of `assessments.signals` and `results.signals`, connected in ReportsConfig.ready().


def on_assessment_status_changed(*, assessment: Assessment, new: str, **kwargs: object) -> None:
    """Closing fixes the figures the consultant reviews, publishing is what clients download:
    have both languages ready."""
    if runs_inline():
        return
    if new in (Assessment.Status.CLOSED, Assessment.Status.PUBLISHED):
        transaction.on_commit(partial(reports_prepare, assessment.pk))


def on_report_inputs_changed(*, assessment: Assessment, **kwargs: object) -> None:
    """A draft's or an open assessment's report changed: render it after the burst."""
    if runs_inline() or assessment.status == Assessment.Status.PUBLISHED:
        return
    transaction.on_commit(partial(reports_prepare_soon, assessment.pk))


def on_assessment_deleted(*, instance: Assessment, **kwargs: object) -> None:
    """A deleted assessment's reports go with it, once the deletion is committed (Django's
    post_delete, connected in ReportsConfig.ready(); an organisation's deletion cascades here).
    """
    transaction.on_commit(partial(reports_delete, instance.pk))
