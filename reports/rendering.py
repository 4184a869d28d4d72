"""Rendering a report to PDF with WeasyPrint: the slow part (docs/performance.md).

WeasyPrint (and its fonts and images stack, about half a second to import) is imported here,
inside `render_report`, so that forms, commands and pages that never render a PDF never load it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.template.loader import render_to_string
from django.utils import translation

from results.result import AssessmentResult
from results.selectors import ResultBundle

from .context import report_context

# Bump whenever the templates, the stylesheet or this module change what a report looks like:
# every cached report then gets rendered again.
TEMPLATE = "reports/report.html"


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


def render_report(bundle: ResultBundle, result: AssessmentResult, lang: str) -> bytes:
    """Render the report as PDF bytes, without the cache: the slow part (see performance.md)."""
    with translation.override(lang):
        html = render_to_string(TEMPLATE, report_context(bundle, result))
    from weasyprint import HTML

    from .fetcher import StaticFilesFetcher, report_base_url

    with _collection_paused():
        document = HTML(string=html, base_url=report_base_url(), url_fetcher=StaticFilesFetcher())
        # PDF/UA-1: tagged (structure, reading order, the charts' titles as alternative text),
        # with its identification in the XMP metadata. Not checked by a PDF/UA validator.
        return document.write_pdf(pdf_variant="pdf/ua-1")
