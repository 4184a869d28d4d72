"""Project-wide views: the translated page shown when a CSRF check fails."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Nothing was saved; say so in the user's language (Django's default page is English)."""
    return render(request, "403_csrf.html", status=403)
