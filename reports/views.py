"""The PDF report download (consultants assigned; client contacts once published)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments.access import get_assessment_for_viewer

from .cache import LANGUAGES, report_for

MSG_BAD_LANGUAGE = _("The report exists in English (en) and French (fr) only.")


# never_cache: the report holds a client's results; no shared or browser cache should keep it.
@never_cache
@require_safe
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report in ?lang= (default: the assessment's language), whatever the page's language."""
    assessment = get_assessment_for_viewer(request.user, pk)
    lang = request.GET.get("lang", assessment.language)
    if lang not in LANGUAGES:
        return HttpResponseBadRequest(str(MSG_BAD_LANGUAGE), content_type="text/plain")
    report = report_for(assessment, lang)
    response = HttpResponse(report.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response
