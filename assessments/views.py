"""Pages of the consultant's workspace."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    """The public home page; signed-in users go straight to their dashboard."""
    if request.user.is_authenticated:
        return redirect("assessments:dashboard")
    return render(request, "home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/dashboard.html", {})
