"""Downloads of an assessment's results as CSV or JSON (assigned consultants only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments.access import consultant_required, get_assessment_for_consultant

from ..exports import CSV, JSON, ExportFile, export_file


def _download(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# never_cache: the files hold a client's answers; no shared or browser cache should keep them.
@never_cache
@require_safe
@consultant_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    return _download(export_file(assessment, CSV))


@never_cache
@require_safe
@consultant_required
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    return _download(export_file(assessment, JSON))
