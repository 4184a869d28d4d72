"""What WeasyPrint may read: the project's own static files, and nothing else.

`StaticFilesFetcher` maps the report's static URLs to files found by the staticfiles finders and
refuses every other URL, so text a client typed can never make the server fetch anything. This
module imports WeasyPrint: only `reports.rendering` imports it, when a report is rendered.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The report's base URL. `.invalid` can never resolve (RFC 2606) and nothing is ever requested
# from it: it only gives the template's static URLs an absolute form that the fetcher maps to
# files on disk.
REPORT_SCHEME = "https"
REPORT_HOST = "report.palier.invalid"


class ReportURLRefused(ValueError):
    """WeasyPrint asked for something other than one of the project's static files."""


# Static files ------------------------------------------------------------------------------------


def _static_prefix() -> str:
    """The path part of STATIC_URL ("/static/"), whatever its host."""
    return urlsplit(settings.STATIC_URL).path


def report_base_url() -> str:
    return f"{REPORT_SCHEME}://{REPORT_HOST}{_static_prefix()}"


def _static_roots() -> list[Path]:
    """The project's static folders (STATICFILES_DIRS), resolved."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        folder = entry[1] if isinstance(entry, tuple | list) else entry
        roots.append(Path(folder).resolve())
    return roots


def static_file_for(url: str) -> Path:
    """The project static file a report URL stands for; `ReportURLRefused` for anything else.

    Accepted: `https://report.palier.invalid/static/<path>`, which is what `/static/<path>` and
    relative paths in the template become against the report's base URL. Refused: any other
    scheme or host (http, https, file, data...), queries, traversal, and files found outside
    the project's static folders (an app's static files included).
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ReportURLRefused(url) from None
    prefix = _static_prefix()
    if (
        parts.scheme != REPORT_SCHEME
        or parts.netloc != REPORT_HOST
        or parts.query
        or parts.fragment
        or not parts.path.startswith(prefix)
    ):
        raise ReportURLRefused(url)
    relative = unquote(parts.path.removeprefix(prefix))
    segments = relative.split("/")
    if "\\" in relative or "\x00" in relative or any(s in ("", ".", "..") for s in segments):
        raise ReportURLRefused(url)
    found = finders.find(relative)
    if not found:
        raise ReportURLRefused(url)
    path = Path(found).resolve()
    if not path.is_file() or not any(path.is_relative_to(root) for root in _static_roots()):
        raise ReportURLRefused(url)
    return path


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for reports: the project's static files, and nothing else.

    A refusal raises `ReportURLRefused`; WeasyPrint logs it and leaves the resource out (an
    image shows its alternative text), so a report never fails for it either.
    """

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = static_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )
