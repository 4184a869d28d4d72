"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def palier(request: HttpRequest) -> dict[str, object]:
    """The consultancy's name, shown in the header and footer."""
    return {"consultancy_name": settings.PALIER_CONSULTANCY_NAME}
