"""Downloads of an assessment's results as CSV, JSON or XLSX (assigned consultants only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments.access import consultant_required, get_assessment_for_consultant
from audit.services import request_ip

from ..exports import CSV, JSON, XLSX
from ..services import export_download


def _download(request: HttpRequest, pk: int, export_format: str) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    export = export_download(
        assessment=assessment,
        export_format=export_format,
        actor=request.user,
        ip_address=request_ip(request),
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# never_cache: the files hold a client's answers; no shared or browser cache should keep them.
@never_cache
@require_safe
@consultant_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, CSV)


@never_cache
@require_safe
@consultant_required
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, JSON)


@never_cache
@require_safe
@consultant_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, XLSX)
