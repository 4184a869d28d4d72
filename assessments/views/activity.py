"""The consultant's activity page: the audit events of the organisations they are assigned to."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from audit.forms import AuditFilterForm
from audit.views import events_page, page_query

from ..access import consultant_required, organisations_for_consultant


@require_safe
@consultant_required
def activity(request: HttpRequest) -> HttpResponse:
    """Who did what in the consultant's organisations; their addresses are for superusers only."""
    organisations = list(organisations_for_consultant(request.user).values_list("pk", "name"))
    form = AuditFilterForm(request.GET, organisations=organisations, with_actor=False)
    page = events_page(request, form, organisation_ids=[pk for pk, _ in organisations])
    context = {"form": form, "page": page, "page_query": page_query(request), "show_ip": False}
    status = 400 if page is None else 200
    return render(request, "assessments/activity.html", context, status=status)
