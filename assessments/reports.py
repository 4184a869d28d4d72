"""The PDF report: rendered by WeasyPrint from one template, cached by what it shows.

`report_for(assessment, lang)` is the one entry point (the download view and the
`render_report` command both call it). It computes a key from everything the report shows,
serves `reports/<key>.pdf` from the default storage when it exists, and renders it otherwise.

WeasyPrint only ever reads the project's own static files: `StaticFilesFetcher` maps the
report's static URLs to files found by the staticfiles finders and refuses every other URL,
so text a client typed can never make the server fetch anything.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Assessment
from .presentation import display, present_result
from .results import AssessmentResult, ResultSource, result_source

logger = logging.getLogger(__name__)

# Bump whenever the templates, the stylesheet or this module change what a report looks like:
# every cached report then gets rendered again.
TEMPLATE_VERSION = "2"
CACHE_DIR = "reports"
TEMPLATE = "assessments/report/report.html"
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)

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


# Rendering ---------------------------------------------------------------------------------------


def css_string(text: str) -> SafeString:
    """`text` as a quoted CSS string, every character but letters, digits and spaces escaped.

    Each escape ends with the space that CSS consumes as its terminator, so a space that follows
    in the text is kept.

    Used for the running header and footer (CSS `content`): nothing in it can close the string,
    the declaration or the <style> element, whatever an organisation is called.
    """
    escaped = "".join(
        c if c.isalnum() or c == " " else f"\\{ord(c):x} "
        for c in (" " if c.isspace() else c for c in text)
    )
    return mark_safe(f'"{escaped}"')


def _page_of_pages() -> SafeString:
    """'Page X of Y' as a CSS `content` value, in the active language."""
    # Each number becomes a CSS counter, wherever the translation puts it.
    text = _("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    parts = [
        f"counter({chunk})" if index % 2 else css_string(chunk)
        for index, chunk in enumerate(text.split("\0"))
        if chunk
    ]
    return mark_safe(" ".join(parts))


def report_date(assessment: Assessment) -> date:
    """The date on the cover: publication for a published report, else the day it is made."""
    if assessment.status == Assessment.Status.PUBLISHED and assessment.published_at:
        return timezone.localdate(assessment.published_at)
    return timezone.localdate()


def report_context(assessment: Assessment, result: AssessmentResult) -> dict[str, Any]:
    """What the report template shows, in the active language."""
    # The report is the client's deliverable: it shows what client contacts may see.
    presentation = present_result(assessment, result, for_client=True)
    organisation = assessment.organisation.name
    consultancy = settings.PALIER_CONSULTANCY_NAME
    draft = not presentation.is_published
    draft_label = _("Draft").upper()
    confidential = _("Confidential: prepared for %(organisation)s by %(consultancy)s") % {
        "organisation": organisation,
        "consultancy": consultancy,
    }
    return {
        "assessment": assessment,
        "organisation": organisation,
        "presentation": presentation,
        # Chart labels are escaped inside the SVG (assessments.charts).
        "radar_svg": mark_safe(presentation.radar_svg()),
        "consultancy_name": consultancy,
        "logo": settings.PALIER_LOGO,
        "date": report_date(assessment),
        "draft": draft,
        "draft_label": draft_label,
        # As large as fits across the page: DRAFT at 96 pt, BROUILLON smaller.
        "watermark_size": min(96, 720 // max(len(draft_label), 1)),
        "confidential": confidential,
        "participation_total": {
            status: sum(getattr(row, status) for row in presentation.participation)
            for status in ("invited", "in_progress", "submitted", "total")
        },
        "disagreement_spread": display(Fraction(presentation.max_stage, 2)),
        "running": {
            "organisation": css_string(f"{organisation} · {assessment.title}"),
            "consultancy": css_string(consultancy),
            "draft": css_string(draft_label) if draft else None,
            "confidential": css_string(confidential),
            "pages": _page_of_pages(),
        },
    }


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while WeasyPrint works.

    It allocates millions of small objects, and the collections they trigger cost up to a
    tenth of a render; paused, one collection happens later instead (docs/performance.md).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_report(assessment: Assessment, result: AssessmentResult, lang: str) -> bytes:
    """Render the report as PDF bytes, without the cache: the slow part (see performance.md)."""
    with translation.override(lang):
        html = render_to_string(TEMPLATE, report_context(assessment, result))
    with _collection_paused():
        document = HTML(string=html, base_url=report_base_url(), url_fetcher=StaticFilesFetcher())
        # PDF/UA-1: tagged (structure, reading order, the charts' titles as alternative text),
        # with its identification in the XMP metadata. Not checked by a PDF/UA validator.
        return document.write_pdf(pdf_variant="pdf/ua-1")


# Cache -------------------------------------------------------------------------------------------


def _consultant_inputs(assessment: Assessment) -> dict[str, Any]:
    """The consultant's texts and choices, and who took part, as the report shows them.

    Queries: notes, curated recommendations, respondents.
    """
    show_names = assessment.name_respondents_in_report
    return {
        "summary": assessment.executive_summary,
        "name_respondents": show_names,
        "notes": dict(assessment.dimension_notes.values_list("dimension_key", "text")),
        "recommendations": list(
            assessment.curated_recommendations.order_by("pk").values_list(
                "pk", "question_key", "dimension_key", "text", "hidden", "horizon"
            )
        ),
        "participation": sorted(
            (role, status, name if show_names else "")
            for role, status, name in assessment.respondents.filter(
                revoked_at__isnull=True
            ).values_list("role", "status", "name")
        ),
    }


def report_cache_key(assessment: Assessment, source: ResultSource, lang: str) -> str:
    """A sha256 of everything the report shows: any change gives a new key, so a new file."""
    shown = {
        "template_version": TEMPLATE_VERSION,
        "assessment": assessment.pk,
        "lang": lang,
        # A snapshot's id (it never changes), or the inputs of a live result: no scoring needed.
        "result": source.identity,
        "status": assessment.status,
        "date": report_date(assessment).isoformat(),
        "organisation": assessment.organisation.name,
        "title": assessment.title,
        "consultancy": settings.PALIER_CONSULTANCY_NAME,
        "logo": settings.PALIER_LOGO,
        **_consultant_inputs(assessment),
    }
    encoded = json.dumps(shown, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def cache_name(key: str) -> str:
    return f"{CACHE_DIR}/{key}.pdf"


def report_filename(assessment: Assessment, lang: str) -> str:
    slug = slugify(assessment.organisation.name) or "organisation"
    return f"palier-{slug}-{assessment.pk}-{lang}.pdf"


@dataclass(frozen=True)
class Report:
    filename: str
    content: bytes
    key: str
    from_cache: bool


def report_for(assessment: Assessment, lang: str) -> Report:
    """The assessment's PDF report in `lang`, from the cache when nothing shown has changed.

    Queries (cached): the result's identity (one for a snapshot, two for a live result), notes,
    curated recommendations, respondents. The result itself is loaded only to render.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown report language: {lang!r}")
    source = result_source(assessment)
    key = report_cache_key(assessment, source, lang)
    name = cache_name(key)
    filename = report_filename(assessment, lang)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            content = cached.read()
        if _is_complete_pdf(content):
            return Report(filename, content, key, from_cache=True)
        # Half written (a render still saving it, or one cut short): never serve it.
        default_storage.delete(name)
    content = render_report(assessment, source.load(), lang)
    # Two first downloads at once both render; the second save gets another name: harmless.
    default_storage.save(name, ContentFile(content))
    return Report(filename, content, key, from_cache=False)


def _is_complete_pdf(content: bytes) -> bool:
    """A whole PDF file starts with its header and ends with its end-of-file marker."""
    return content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")


# Rendering in advance ------------------------------------------------------------------------


def reports_prepare(assessment_id: int) -> None:
    """Render the report in every language into the cache, so no reader waits for a render."""
    assessment = Assessment.objects.select_related("organisation", "framework").get(
        pk=assessment_id
    )
    for lang in sorted(LANGUAGES):
        report_for(assessment, lang)


def reports_prepare_in_background(assessment_id: int) -> None:
    """Start `reports_prepare` on a thread of its own (off with PALIER_PREPARE_REPORTS=false).

    A render takes seconds (docs/performance.md); publishing should not wait for it, and the
    client's first download should not either.
    """
    if not settings.PALIER_PREPARE_REPORTS:
        return

    def prepare() -> None:
        try:
            reports_prepare(assessment_id)
        except Exception:
            logger.exception("Preparing the reports of assessment %s failed", assessment_id)
        finally:
            # The thread's own database connection: close it rather than leak it.
            connections.close_all()

    threading.Thread(target=prepare, name=f"reports-{assessment_id}", daemon=True).start()
