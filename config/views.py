"""Project-wide views: the CSRF failure page, and the health check for load balancers."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_CACHE_KEY = "palier:health"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Nothing was saved; say so in the user's language (Django's default page is English)."""
    return render(request, "403_csrf.html", status=403)


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 otherwise; the body says nothing more.

    For load balancers and uptime checks: no login, no data, and which part failed goes to the
    log only. Queries: one (`SELECT 1`).
    """
    checks = {"database": _database_answers, "cache": _cache_answers}
    failed = [name for name, check in checks.items() if not check()]
    for name in failed:
        logger.error("Health check: the %s does not answer", name)
    status = "unavailable" if failed else "ok"
    return JsonResponse({"status": status}, status=503 if failed else 200)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_answers() -> bool:
    try:
        cache.set(HEALTH_CACHE_KEY, "ok", timeout=10)
        return cache.get(HEALTH_CACHE_KEY) == "ok"
    except Exception:
        return False
