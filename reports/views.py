"""The PDF report download (consultants assigned; client contacts once published).

With workers running, a report not rendered yet is left to them: the reader sees the
"preparing your report" page, which turns into the download when the file is there.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments.access import get_assessment_for_viewer
from assessments.models import Assessment
from audit.services import request_ip
from background import runs_inline
from results.selectors import result_bundle

from .cache import LANGUAGES, Report, report_cached, report_render_and_store
from .preparation import report_request
from .services import report_download_record

MSG_BAD_LANGUAGE = _("The report exists in English (en) and French (fr) only.")
# Tells a load test or a monitor where a download came from: the cache, a render in the
# request (no workers), or the preparing page.
SOURCE_HEADER = "X-Palier-Report"


def _report_language(request: HttpRequest, assessment: Assessment) -> str | None:
    lang = request.GET.get("lang", assessment.language)
    return lang if lang in LANGUAGES else None


def _bad_language() -> HttpResponse:
    return HttpResponseBadRequest(str(MSG_BAD_LANGUAGE), content_type="text/plain")


# never_cache: the report holds a client's results; no shared or browser cache should keep it.
@never_cache
@require_safe
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report in ?lang= (default: the assessment's language), whatever the page's language."""
    assessment = get_assessment_for_viewer(request.user, pk)
    lang = _report_language(request, assessment)
    if lang is None:
        return _bad_language()
    bundle = result_bundle(assessment)
    report = report_cached(bundle, lang)
    if report is None and runs_inline():
        report, source = report_render_and_store(bundle, lang), "rendered"
    else:
        source = "cache"
    if report is not None:
        return _download(request, assessment, lang, report, source=source)
    status = report_request(bundle, lang, retry="retry" in request.GET)
    return _preparing(request, assessment, lang, failed=status == "failed")


def _preparing(
    request: HttpRequest, assessment: Assessment, lang: str, *, failed: bool
) -> HttpResponse:
    """The page that waits for the workers' render, polling the status."""
    query = urlencode({"lang": lang})
    context = {
        "assessment": assessment,
        "lang": lang,
        "failed": failed,
        "download_url": f"{reverse('reports:pdf', args=[assessment.pk])}?{query}",
        "status_url": f"{reverse('reports:status', args=[assessment.pk])}?{query}",
    }
    response = render(request, "reports/preparing.html", context, status=202)
    response[SOURCE_HEADER] = "preparing"
    return response


@never_cache
@require_safe
@login_required
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    """{"status": "ready" | "preparing" | "failed"}, for the preparing page's script."""
    assessment = get_assessment_for_viewer(request.user, pk)
    lang = _report_language(request, assessment)
    if lang is None:
        return _bad_language()
    if runs_inline():  # the download renders on demand
        return JsonResponse({"status": "ready"})
    return JsonResponse({"status": report_request(result_bundle(assessment), lang)})


def _download(
    request: HttpRequest, assessment: Assessment, lang: str, report: Report, *, source: str
) -> HttpResponse:
    report_download_record(
        assessment=assessment, lang=lang, actor=request.user, ip_address=request_ip(request)
    )
    response = HttpResponse(report.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response[SOURCE_HEADER] = source
    return response
