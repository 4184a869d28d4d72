"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def palier(request: HttpRequest) -> dict[str, object]:
    """The consultancy's name, and whether the user works as a consultant (for the menu)."""
    from assessments.access import is_consultant

    user = getattr(request, "user", None)
    return {
        "consultancy_name": settings.PALIER_CONSULTANCY_NAME,
        # Lazy: evaluated only by pages that show the menu of a signed-in user.
        "user_is_consultant": (lambda: is_consultant(user)) if user is not None else False,
    }
