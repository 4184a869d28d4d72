"""What the results page, the exports and the PDF show: plain objects, texts attached.

Built by `results.presentation.builder.present_result`; every figure shown anywhere comes from
one of these, and is rounded by `lib.formatting` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from assessments.models import Assessment, CuratedRecommendation
from lib import charts
from maturity.scoring import analysis
from maturity.translation import Link

from ..result import AssessmentResult
from .numbers import label_text, percent_text, score_text
from .texts import Text

if TYPE_CHECKING:
    from .anonymity import HiddenGroup


@dataclass(frozen=True)
class StageInfo:
    number: int
    name: str
    description: str

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"


@dataclass
class CommentView:
    """A comment as shown: `text` is the moderated one; the consultant's page also shows
    `original`, the respondent's own, and acts on `answer_id`."""

    role: str
    role_label: str
    text: str
    answer_id: int = 0
    original: str = ""
    hidden: bool = False
    edited: bool = False

    @property
    def is_moderated(self) -> bool:
        return self.hidden or self.edited


@dataclass
class ItemView:
    """One checklist item on the results page: how many of those it applies to ticked it."""

    key: str
    label: str
    n_ticked: int
    n_applicable: int
    n_not_applicable: int
    share: Fraction | None

    @property
    def share_display(self) -> str:
        return percent_text(self.share)


@dataclass
class QuestionView:
    key: str
    text: str
    dimension_key: str
    weight: Decimal
    value: Fraction | None
    spread: Fraction | None
    consensus: Fraction | None
    disagreement: bool
    n_values: int
    n_not_applicable: int
    n_dont_know: int
    n_unanswered: int
    comments: list[CommentView] = field(default_factory=list)
    # The roles the question is asked of (docs/framework-format.md, "Audiences"); empty: all.
    audience: tuple[str, ...] = ()
    # A checklist's items, in order, with the share ticking each (empty for a choice question).
    items: list[ItemView] = field(default_factory=list)

    def asked_of(self, role: str) -> bool:
        return not self.audience or role in self.audience

    @property
    def value_display(self) -> str:
        return score_text(self.value)

    @property
    def spread_display(self) -> str:
        return score_text(self.spread)

    @property
    def consensus_display(self) -> str:
        return percent_text(self.consensus)


@dataclass
class RecommendationView:
    curation_id: int | None
    question_key: str
    dimension_key: str
    dimension_title: str
    question_text: str
    text: str
    framework_text: str
    priority: Fraction | None
    horizon: str
    hidden: bool
    # The consultant's own wording by language, and the framework's, for the curation forms.
    texts: dict[str, str] = field(default_factory=dict)
    framework_texts: dict[str, str] = field(default_factory=dict)
    # The framework's links for the option the recommendation comes from (format 2.0).
    links: list[Link] = field(default_factory=list)

    @property
    def is_custom(self) -> bool:
        return not self.question_key

    @property
    def is_reworded(self) -> bool:
        return bool(self.framework_text) and any(t.strip() for t in self.texts.values())

    @property
    def priority_display(self) -> str:
        return score_text(self.priority)

    @property
    def horizon_label(self) -> str:
        return str(CuratedRecommendation.Horizon(self.horizon).label)


@dataclass
class SectionView:
    """A scored section's figures under its dimension (docs/scoring.md)."""

    key: str
    title: str
    score: Fraction | None
    stage: StageInfo | None
    coverage: Fraction | None

    @property
    def score_display(self) -> str:
        return score_text(self.score)

    @property
    def coverage_display(self) -> str:
        return percent_text(self.coverage)


@dataclass
class DimensionView:
    key: str
    title: str
    description: str
    pillar_key: str
    weight: Decimal
    score: Fraction | None
    stage: StageInfo | None
    target: StageInfo
    gap: Fraction | None
    coverage: Fraction | None
    n_in_scope: int
    n_with_value: int
    note: Text
    questions: list[QuestionView]
    recommendations: list[RecommendationView] = field(default_factory=list)
    # The share of "don't know" among the answers asked for (`analysis.dont_know_share`).
    dont_know_share: Fraction | None = None
    # The scored sections, in order; empty for a dimension without any.
    sections: list[SectionView] = field(default_factory=list)

    @property
    def score_display(self) -> str:
        return score_text(self.score)

    @property
    def gap_display(self) -> str:
        return score_text(self.gap)

    @property
    def coverage_display(self) -> str:
        return percent_text(self.coverage)

    @property
    def dont_know_share_display(self) -> str:
        return percent_text(self.dont_know_share)

    @property
    def scored(self) -> list[QuestionView]:
        return [q for q in self.questions if q.value is not None]

    @property
    def strengths(self) -> list[QuestionView]:
        """The highest-valued questions (ties in framework order)."""
        return self._strengths_and_gaps()[0]

    @property
    def gaps(self) -> list[QuestionView]:
        """The lowest-valued questions, not already listed as strengths."""
        return self._strengths_and_gaps()[1]

    def _strengths_and_gaps(self) -> tuple[list[QuestionView], list[QuestionView]]:
        by_key = {q.key: q for q in self.scored}
        strengths, gaps = analysis.strengths_and_gaps((q.key, q.value) for q in self.scored)
        return [by_key[k] for k in strengths], [by_key[k] for k in gaps]

    @property
    def disagreements(self) -> list[QuestionView]:
        return [q for q in self.questions if q.disagreement]

    @property
    def checklists(self) -> list[QuestionView]:
        """The dimension's checklist questions, whose items are shown one by one."""
        return [q for q in self.questions if q.items]


@dataclass
class PillarView:
    key: str
    title: str
    description: str
    score: Fraction | None
    stage: StageInfo | None
    dimensions: list[DimensionView]

    @property
    def score_display(self) -> str:
        return score_text(self.score)


@dataclass
class GroupColumn:
    key: str
    label: str
    n_respondents: int


@dataclass
class GroupRow:
    dimension: DimensionView
    scores: list[Fraction | None]

    @property
    def displays(self) -> list[str]:
        return [score_text(s) for s in self.scores]


@dataclass
class KnowledgeGapRow:
    """A dimension's share of "don't know": all counted respondents, then each group shown."""

    dimension: DimensionView
    share: Fraction | None
    group_shares: list[Fraction | None]

    @property
    def displays(self) -> list[str]:
        return [percent_text(share) for share in (self.share, *self.group_shares)]


@dataclass
class GateView:
    """A gate not met: the element it guards, the stage it needs, why, and what fell short.

    held is true when the gate lowered the element's stage (from `uncapped` to `shown`); else
    the element is below the gate's stage anyway and the gate says what the next step needs.
    """

    key: str
    element: str
    stage: StageInfo
    shown: StageInfo | None
    uncapped: StageInfo | None
    held: bool
    reason: str
    failing: list[QuestionView]


@dataclass
class PerceptionGap:
    dimension: DimensionView
    leadership: Fraction
    practitioners: Fraction

    @property
    def difference_display(self) -> str:
        return score_text(self.leadership - self.practitioners)


@dataclass
class HeatRespondent:
    label: str
    role_label: str
    cells: list[charts.HeatCell]


@dataclass
class ParticipationRow:
    role: str
    role_label: str
    invited: int = 0
    in_progress: int = 0
    submitted: int = 0
    names: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.invited + self.in_progress + self.submitted


@dataclass
class ResultPresentation:
    """Everything a results page, an export or a report shows about one assessment."""

    assessment: Assessment
    result: AssessmentResult
    max_stage: int
    stages: list[StageInfo]
    overall: Fraction | None
    overall_stage: StageInfo | None
    weakest_link: StageInfo | None
    pillars: list[PillarView]
    dimensions: list[DimensionView]
    recommendations: list[RecommendationView]
    hidden_recommendations: list[RecommendationView]
    group_columns: list[GroupColumn]
    group_rows: list[GroupRow]
    perception_gaps: list[PerceptionGap]
    # One row per dimension when some respondent answered "don't know", else empty.
    knowledge_gaps: list[KnowledgeGapRow]
    heat_columns: list[QuestionView]
    heat_rows: list[HeatRespondent]
    participation: list[ParticipationRow]
    n_submitted: int
    for_client: bool = False
    anonymity_threshold: int = 5
    # The consultant's executive summary in the active language (or the other one, marked).
    summary: Text = field(default_factory=Text)
    # The groups client contacts do not see, and why, for both
    # views: the client's says where they are, the consultant's warns before publishing.
    hidden_groups: list[HiddenGroup] = field(default_factory=list)
    anonymity_warnings: list[str] = field(default_factory=list)
    # Too few respondents to trust the figures (`reliability`).
    reliability_warnings: list[str] = field(default_factory=list)
    # The framework's gates not met, those holding a stage first (`maturity.scoring.gates`).
    gates: list[GateView] = field(default_factory=list)

    @property
    def overall_display(self) -> str:
        return score_text(self.overall)

    @property
    def scored_dimensions(self) -> list[DimensionView]:
        return [d for d in self.dimensions if d.score is not None]

    @property
    def strongest(self) -> list[DimensionView]:
        count = analysis.DEFAULT_RULES.strongest_and_weakest
        return self._dimensions(analysis.highest(self._scores(), count))

    @property
    def weakest(self) -> list[DimensionView]:
        count = analysis.DEFAULT_RULES.strongest_and_weakest
        return self._dimensions(analysis.lowest(self._scores(), count))

    def _scores(self) -> list[tuple[str, Fraction]]:
        return [(d.key, d.score) for d in self.scored_dimensions]

    def _dimensions(self, keys: list[str]) -> list[DimensionView]:
        by_key = {d.key: d for d in self.dimensions}
        return [by_key[k] for k in keys]

    @property
    def weakest_link_dimensions(self) -> list[DimensionView]:
        """The dimension with the lowest score, or those tied at it (not all of its stage)."""
        return self._dimensions(analysis.weakest_link(self._scores()))

    @property
    def weakest_link_others_at_stage(self) -> int:
        """How many other scored dimensions share the weakest link's stage, scoring higher."""
        if self.weakest_link is None:
            return 0
        at_stage = [d for d in self.scored_dimensions if d.stage.number == self.weakest_link.number]
        return len(at_stage) - len(self.weakest_link_dimensions)

    @property
    def questions(self) -> list[QuestionView]:
        return [q for d in self.dimensions for q in d.questions]

    @property
    def commented_questions(self) -> list[QuestionView]:
        return [q for q in self.questions if q.comments]

    @property
    def roadmap(self) -> list[tuple[str, str, list[RecommendationView]]]:
        """Visible recommendations by horizon (now, next, later), each in priority order."""
        return [
            (
                horizon.value,
                str(horizon.label),
                [r for r in self.recommendations if r.horizon == horizon],
            )
            for horizon in CuratedRecommendation.Horizon
        ]

    @property
    def is_published(self) -> bool:
        return self.assessment.status == Assessment.Status.PUBLISHED

    # Charts: the same SVG on the page and in the PDF.

    def radar_svg(self) -> str:
        axes = [charts.RadarAxis(d.title, d.score, d.target.number) for d in self.dimensions]
        return charts.radar_chart(
            axes,
            self.max_stage,
            title=_("Maturity by dimension against targets"),
            score_label=_("Score"),
            target_label=_("Target"),
            score_text=score_text,
            colon=label_text(""),
        )

    @property
    def heat_numbered(self) -> list[tuple[str, QuestionView]]:
        """The heat map's columns with their numbers ("Q1", "Q2"...), in the page's order."""
        return [
            (_("Q%(number)s") % {"number": number}, question)
            for number, question in enumerate(self.heat_columns, start=1)
        ]

    def heat_map_svg(self) -> str:
        columns = [
            charts.HeatColumn(label, q.disagreement, text=q.text) for label, q in self.heat_numbered
        ]
        rows = [charts.HeatRow(r.label, tuple(r.cells)) for r in self.heat_rows]
        return charts.heat_map(
            rows,
            columns,
            self.max_stage,
            title=_("Answers by respondent and question"),
            labels={
                "na": _("Not applicable"),
                "dont_know": _("Don't know"),
                "unanswered": _("Unanswered"),
                "not_asked": _("Not asked of this role"),
                "flagged": _("Disagreement"),
            },
            colon=label_text(""),
        )
