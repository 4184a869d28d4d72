"""Project-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreByDefault:
    """`Cache-Control: no-store` on every response that did not set its own caching.

    Nearly every page shows a client's answers or results (the questionnaire, the results, the
    dashboard, the respondents' progress): neither a shared proxy nor the browser's cache may
    keep them, and a page added later is covered without anyone remembering. Static files are
    served by whitenoise before this middleware runs, with their own long-lived headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
