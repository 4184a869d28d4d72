"""The one place that sends a signed-in user who owes a second factor to its page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .selectors import STEP_NONE, second_factor_step

# The session remembers the step with the MFA_REQUIRED it was decided under.
SESSION_KEY = "palier_second_factor"
# Pages open before the second factor: those that give it, leave, or need no account at all.
OPEN_NAMESPACES = {"accounts", "questionnaire"}
# By full view name: the admin's own `admin:login` is not one of them.
OPEN_VIEW_NAMES = {"login", "logout", "health", "set_language"}


def second_factor_step_remember(
    sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> str:
    """Store in the session which step the user owes (at log-in, and once the step changed)."""
    step = second_factor_step(user)
    if request is not None and hasattr(request, "session"):
        second_factor_step_note(request, step)
    return step


def second_factor_step_note(request: HttpRequest, step: str) -> None:
    request.session[SESSION_KEY] = {"required": bool(settings.MFA_REQUIRED), "step": step}


def _session_step(request: HttpRequest) -> str:
    remembered = request.session.get(SESSION_KEY)
    # A session opened before this check existed, or under the other MFA_REQUIRED: decide anew.
    if not remembered or remembered.get("required") != bool(settings.MFA_REQUIRED):
        return second_factor_step_remember(type(request.user), request, request.user)
    return remembered["step"]


class SecondFactorRequired:
    """Every page but the open ones redirects a user who owes a code or an enrolment there.

    It covers the workspace, the results, the reports and the admin alike. A verified session
    (django-otp's OTPMiddleware, installed before this one) passes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if not request.user.is_authenticated or match is None:
            return None
        if match.namespace in OPEN_NAMESPACES or match.view_name in OPEN_VIEW_NAMES:
            return None
        step = _session_step(request)
        if step == STEP_NONE or request.user.is_verified():
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(f'accounts:{step}')}?{query}")
