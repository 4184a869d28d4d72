"""The superuser's audit log (namespace `audit`): every event, filtered, paged, exported."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .exports import FORMATS
from .forms import AuditFilterForm
from .selectors import events, organisation_choices
from .services import audit_log_export, request_ip

PAGE_SIZE = 50


def _superuser_only(request: HttpRequest) -> None:
    # Anyone else gets the page a missing one gets.
    if not request.user.is_superuser:
        raise Http404


def events_page(request: HttpRequest, form: AuditFilterForm, **scope: object) -> Page | None:
    """The page asked for of the filtered events; None when the filters do not validate."""
    if not form.is_valid():
        return None
    queryset = events(filters=form.filters(), **scope)
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def page_query(request: HttpRequest) -> str:
    """The query string without the page number: the other pages' links keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    _superuser_only(request)
    form = AuditFilterForm(request.GET, organisations=organisation_choices())
    page = events_page(request, form)
    context = {"form": form, "page": page, "page_query": page_query(request), "show_ip": True}
    return render(request, "audit/event_list.html", context, status=400 if page is None else 200)


@never_cache
@require_safe
@login_required
def event_export(request: HttpRequest, export_format: str) -> HttpResponse:
    _superuser_only(request)
    if export_format not in FORMATS:
        raise Http404
    form = AuditFilterForm(request.GET, organisations=organisation_choices())
    if not form.is_valid():
        context = {"form": form, "page": None, "page_query": "", "show_ip": True}
        return render(request, "audit/event_list.html", context, status=400)
    exported = audit_log_export(
        filters=form.filters(),
        export_format=export_format,
        actor=request.user,
        ip_address=request_ip(request),
    )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
