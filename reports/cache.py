"""The report cache: a report is stored under a key of everything it shows, and served again
until something shown changes.

`report_for(assessment, lang)` serves `reports/<assessment id>/<key>.pdf` from the storage when
it exists, and renders it otherwise (the `render_report` command and the render task call it).
The key comes from the `ResultBundle`, with no scoring. The download view asks `report_cached` first
and, with workers running, leaves the render to them (`reports.preparation`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import Assessment
from results.result import result_of
from results.selectors import ResultBundle, result_bundle

from .context import report_date
from .rendering import render_report

# Bump whenever the templates, the stylesheet or the report's code change what a report looks
# like: every cached report then gets rendered again.
TEMPLATE_VERSION = "11"
CACHE_DIR = "reports"
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


# Cache -------------------------------------------------------------------------------------------


def _consultant_inputs(bundle: ResultBundle) -> dict[str, Any]:
    """The consultant's texts and choices, and who took part, as the report shows them."""
    assessment = bundle.assessment
    show_names = assessment.name_respondents_in_report
    return {
        "summary": [assessment.executive_summary_en, assessment.executive_summary_fr],
        "name_respondents": show_names,
        # What the threshold hides changes what the report shows.
        "anonymity_threshold": assessment.anonymity_threshold,
        "notes": bundle.notes,
        "recommendations": sorted(
            (c.pk, c.question_key, c.dimension_key, c.text_en, c.text_fr, c.hidden, c.horizon)
            for c in bundle.curated
        ),
        # Comments are read from the answers, snapshot or not: their moderation is shown.
        "moderated_comments": bundle.moderations(),
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


def cache_folder(assessment_id: int) -> str:
    """Each assessment's reports in a folder of its own: deleting it deletes them."""
    return f"{CACHE_DIR}/{assessment_id}"


def cache_name(assessment_id: int, key: str) -> str:
    return f"{cache_folder(assessment_id)}/{key}.pdf"


def report_filename(assessment: Assessment, lang: str) -> str:
    slug = slugify(assessment.organisation.name) or "organisation"
    return f"palier-{slug}-{assessment.pk}-{lang}.pdf"


@dataclass(frozen=True)
class Report:
    filename: str
    content: bytes
    key: str
    from_cache: bool
    name: str  # in the default storage


def report_for(assessment: Assessment, lang: str) -> Report:
    """The assessment's PDF report in `lang`, from the cache when nothing shown has changed.

    Queries: those of `result_bundle`, and the storage's. The result is scored (or read from
    its snapshot) only to render.
    """
    bundle = result_bundle(assessment)
    return report_cached(bundle, lang) or report_render_and_store(bundle, lang)


def report_cached(bundle: ResultBundle, lang: str) -> Report | None:
    """The stored report of what the bundle shows, or None when it must be rendered."""
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown report language: {lang!r}")
    key = report_cache_key(bundle, lang)
    name = cache_name(bundle.assessment.pk, key)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as cached:
        content = cached.read()
    if not _is_complete_pdf(content):
        # Cut short (a worker stopped while storing it): never serve it. A report being stored
        # is not found at all until complete (an S3 object; config/storage.py on disk).
        default_storage.delete(name)
        return None
    return Report(report_filename(bundle.assessment, lang), content, key, True, name)


def report_render_and_store(bundle: ResultBundle, lang: str) -> Report:
    """Render the report (seconds: docs/performance.md) and store it under its key."""
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown report language: {lang!r}")
    key = report_cache_key(bundle, lang)
    content = render_report(bundle, result_of(bundle), lang)
    # Two renders of one key at once both save; the second gets another name, which the
    # daily pruning removes.
    name = default_storage.save(cache_name(bundle.assessment.pk, key), ContentFile(content))
    return Report(report_filename(bundle.assessment, lang), content, key, False, name)


def _is_complete_pdf(content: bytes) -> bool:
    """A whole PDF file starts with its header and ends with its end-of-file marker."""
    return content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")


# Pruning -----------------------------------------------------------------------------------------

# A file younger than this is kept even if nothing points at it: a render may be saving it for
# a key that a later change made old a moment ago, or a download may be reading it.
PRUNE_GRACE = timedelta(hours=1)


def reports_prune() -> list[str]:
    """Delete the stored reports that are no assessment's current report; return their names.

    Keys change with anything shown (and a draft's with its date), so old files pile up; a
    deleted assessment's folder is emptied when it is deleted, and here if that failed.
    Queries: those of `result_bundle` for each assessment with a folder.
    """
    try:
        folders, _files = default_storage.listdir(CACHE_DIR)
    except FileNotFoundError:  # no report rendered yet
        return []
    assessments = {
        str(a.pk): a
        for a in Assessment.objects.select_related("organisation", "framework").filter(
            pk__in=[int(f) for f in folders if f.isdigit()]
        )
    }
    old_before = timezone.now() - PRUNE_GRACE
    deleted = []
    for folder in sorted(folders):
        assessment = assessments.get(folder)
        current = set()
        if assessment is not None:
            bundle = result_bundle(assessment)
            keys = {report_cache_key(bundle, lang) for lang in LANGUAGES}
            current = {cache_name(assessment.pk, key) for key in keys}
        _subfolders, files = default_storage.listdir(f"{CACHE_DIR}/{folder}")
        for file in sorted(files):
            name = f"{CACHE_DIR}/{folder}/{file}"
            if name in current or default_storage.get_modified_time(name) > old_before:
                continue
            default_storage.delete(name)
            deleted.append(name)
    return deleted


def reports_delete(assessment_id: int) -> list[str]:
    """Delete every stored report of an assessment (it was deleted); return their names."""
    try:
        _subfolders, files = default_storage.listdir(cache_folder(assessment_id))
    except FileNotFoundError:
        return []
    names = [f"{cache_folder(assessment_id)}/{file}" for file in sorted(files)]
    for name in names:
        default_storage.delete(name)
    return names
