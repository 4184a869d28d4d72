"""What the report template shows: the client's presentation of the result, and the page
furniture (running headers, watermark, date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments.models import Assessment
from maturity.selectors import CitedReference, references_cited
from results.presentation import present_result
from results.presentation.numbers import score_text
from results.presentation.views import RecommendationView, ResultPresentation
from results.result import AssessmentResult
from results.selectors import ResultBundle


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


# The roadmap chapter lists the most urgent recommendations of each horizon; the appendix
# "Every recommendation" lists them all (the demo has 64: too many for the body).
ROADMAP_BODY_PER_HORIZON = 5


@dataclass(frozen=True)
class RoadmapGroup:
    """One horizon of the roadmap chapter: its first recommendations, and how many it has."""

    horizon: str
    label: str
    recommendations: list[RecommendationView]
    total: int

    @property
    def n_more(self) -> int:
        """How many more the appendix lists."""
        return self.total - len(self.recommendations)


def roadmap_body(presentation: ResultPresentation) -> list[RoadmapGroup]:
    """Each horizon with its `ROADMAP_BODY_PER_HORIZON` highest priorities, in priority order."""
    return [
        RoadmapGroup(horizon, label, rows[:ROADMAP_BODY_PER_HORIZON], len(rows))
        for horizon, label, rows in presentation.roadmap
    ]


def report_date(assessment: Assessment) -> date:
    """The date on the cover: publication for a published report, else the day it is made."""
    if assessment.status == Assessment.Status.PUBLISHED and assessment.published_at:
        return timezone.localdate(assessment.published_at)
    return timezone.localdate()


@dataclass(frozen=True)
class ReferenceRow:
    """A reference cited by questions in scope, with the dimensions whose questions cite it."""

    reference: CitedReference
    dimensions: list[str]


def references_rows(bundle: ResultBundle, presentation: ResultPresentation) -> list[ReferenceRow]:
    """The references the questions in scope cite, in the questionnaire's order of citing."""
    citing: dict[str, list[str]] = {}
    for dimension in presentation.dimensions:
        for question in dimension.questions:
            for reference_id in bundle.questions_by_key[question.key].references:
                titles = citing.setdefault(reference_id, [])
                if dimension.title not in titles:
                    titles.append(dimension.title)
    return [
        ReferenceRow(reference, citing[reference.id])
        for reference in references_cited(bundle.assessment.framework, citing)
    ]


def report_context(bundle: ResultBundle, result: AssessmentResult) -> dict[str, Any]:
    """What the report template shows, in the active language."""
    # The report is the client's deliverable: it shows what client contacts may see.
    assessment = bundle.assessment
    presentation = present_result(bundle, result, for_client=True)
    roadmap = roadmap_body(presentation)
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
        # Chart labels are escaped inside the SVG (lib.charts).
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
        "roadmap_body": roadmap,
        "roadmap_has_more": any(group.n_more for group in roadmap),
        "roadmap_per_horizon": ROADMAP_BODY_PER_HORIZON,
        "references": references_rows(bundle, presentation),
        # The methodology's example of a stage: 2.99 is stage 2 (2,99 in French).
        "stage_example": score_text(Fraction(299, 100)),
        "disagreement_spread": score_text(Fraction(presentation.max_stage, 2)),
        "running": {
            "organisation": css_string(f"{organisation} · {assessment.title}"),
            "consultancy": css_string(consultancy),
            "draft": css_string(draft_label) if draft else None,
            "confidential": css_string(confidential),
            "pages": _page_of_pages(),
        },
    }
