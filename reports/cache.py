"""The report cache: a report is stored under a key of everything it shows, and served again
until something shown changes.

`report_for(assessment, lang)` is the one entry point (the download view, the `render_report`
command and the preparation all call it). It computes a key from the `ResultBundle` (no scoring),
serves `reports/<key>.pdf` from the default storage when it exists, and renders it otherwise.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from assessments.models import Assessment
from results.result import result_of
from results.selectors import ResultBundle, result_bundle

from .context import report_date
from .rendering import render_report

# Bump whenever the templates, the stylesheet or the report's code change what a report looks
# like: every cached report then gets rendered again.
TEMPLATE_VERSION = "3"
CACHE_DIR = "reports"
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


# Cache -------------------------------------------------------------------------------------------


def _consultant_inputs(bundle: ResultBundle) -> dict[str, Any]:
    """The consultant's texts and choices, and who took part, as the report shows them."""
    assessment = bundle.assessment
    show_names = assessment.name_respondents_in_report
    return {
        "summary": assessment.executive_summary,
        "name_respondents": show_names,
        "notes": bundle.notes,
        "recommendations": sorted(
            (c.pk, c.question_key, c.dimension_key, c.text, c.hidden, c.horizon)
            for c in bundle.curated
        ),
        "participation": sorted(
            (r.role, r.status, r.name if show_names else "") for r in bundle.respondents
        ),
    }


def report_cache_key(bundle: ResultBundle, lang: str) -> str:
    """A sha256 of everything the report shows: any change gives a new key, so a new file."""
    assessment = bundle.assessment
    shown = {
        "template_version": TEMPLATE_VERSION,
        "assessment": assessment.pk,
        "lang": lang,
        # A snapshot's id (it never changes), or the inputs of a live result: no scoring needed.
        "result": bundle.identity(),
        "status": assessment.status,
        "date": report_date(assessment).isoformat(),
        "organisation": assessment.organisation.name,
        "title": assessment.title,
        "consultancy": settings.PALIER_CONSULTANCY_NAME,
        "logo": settings.PALIER_LOGO,
        **_consultant_inputs(bundle),
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

    Queries: those of `result_bundle`, and the storage's. The result is scored (or read from
    its snapshot) only to render.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown report language: {lang!r}")
    bundle = result_bundle(assessment)
    key = report_cache_key(bundle, lang)
    name = cache_name(key)
    filename = report_filename(assessment, lang)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            content = cached.read()
        if _is_complete_pdf(content):
            return Report(filename, content, key, from_cache=True)
        # Half written (a render still saving it, or one cut short): never serve it.
        default_storage.delete(name)
    content = render_report(bundle, result_of(bundle), lang)
    # Two first downloads at once both render; the second save gets another name: harmless.
    default_storage.save(name, ContentFile(content))
    return Report(filename, content, key, from_cache=False)


def _is_complete_pdf(content: bytes) -> bool:
    """A whole PDF file starts with its header and ends with its end-of-file marker."""
    return content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
