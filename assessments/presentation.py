"""What the results page, the exports and the PDF show: one result, with its texts attached.

`present_result` joins an `AssessmentResult` (numbers, by key) with the framework's texts in the
active language, the consultant's notes and curated recommendations, and the raw answers needed
for the heat map and comments. Every figure shown anywhere comes from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from maturity import scoring
from maturity.models import Dimension, Question

from . import charts
from .models import Answer, Assessment, CuratedRecommendation, Respondent
from .results import LEADERSHIP, PRACTITIONERS, ROLE_GROUP_PREFIX, AssessmentResult
from .selectors import framework_dimensions

UNSCORED = "–"
# Recommendations without a horizon set by the consultant: the most urgent first.
DEFAULT_NOW, DEFAULT_NEXT = 5, 10
# Leadership seeing at least one stage more than practitioners is worth saying.
PERCEPTION_GAP = Fraction(1)
# Client contacts see groups of at least this many respondents, so no column is one person's.
MIN_GROUP_SIZE_FOR_CLIENTS = 2
STRENGTHS_AND_GAPS = 2
STRONGEST_AND_WEAKEST = 3


def display(value: Fraction | None) -> str:
    """A score as shown everywhere: two decimals, half up; a dash when unscored."""
    return UNSCORED if value is None else f"{scoring.round_half_up(value, 2):.2f}"


def display_percent(value: Fraction | None) -> str:
    return UNSCORED if value is None else f"{scoring.round_half_up(value * 100, 0):.0f} %"


@dataclass(frozen=True)
class StageInfo:
    number: int
    name: str
    description: str

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"


@dataclass
class CommentView:
    role: str
    role_label: str
    text: str


@dataclass
class QuestionView:
    key: str
    text: str
    dimension_key: str
    weight: Decimal
    value: Fraction | None
    spread: Fraction | None
    disagreement: bool
    n_values: int
    n_not_applicable: int
    n_dont_know: int
    n_unanswered: int
    comments: list[CommentView] = field(default_factory=list)

    @property
    def value_display(self) -> str:
        return display(self.value)

    @property
    def spread_display(self) -> str:
        return display(self.spread)


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

    @property
    def is_custom(self) -> bool:
        return not self.question_key

    @property
    def is_reworded(self) -> bool:
        return bool(self.framework_text) and self.text != self.framework_text

    @property
    def priority_display(self) -> str:
        return display(self.priority)

    @property
    def horizon_label(self) -> str:
        return str(CuratedRecommendation.Horizon(self.horizon).label)


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
    note: str
    questions: list[QuestionView]
    recommendations: list[RecommendationView] = field(default_factory=list)

    @property
    def score_display(self) -> str:
        return display(self.score)

    @property
    def gap_display(self) -> str:
        return display(self.gap)

    @property
    def coverage_display(self) -> str:
        return display_percent(self.coverage)

    @property
    def scored(self) -> list[QuestionView]:
        return [q for q in self.questions if q.value is not None]

    @property
    def strengths(self) -> list[QuestionView]:
        """The highest-valued questions (ties in framework order)."""
        return sorted(self.scored, key=lambda q: -q.value)[:STRENGTHS_AND_GAPS]

    @property
    def gaps(self) -> list[QuestionView]:
        """The lowest-valued questions, not already listed as strengths."""
        strengths = {q.key for q in self.strengths}
        lowest = sorted(self.scored, key=lambda q: q.value)
        return [q for q in lowest if q.key not in strengths][:STRENGTHS_AND_GAPS]

    @property
    def disagreements(self) -> list[QuestionView]:
        return [q for q in self.questions if q.disagreement]


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
        return display(self.score)


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
        return [display(s) for s in self.scores]


@dataclass
class PerceptionGap:
    dimension: DimensionView
    leadership: Fraction
    practitioners: Fraction

    @property
    def difference_display(self) -> str:
        return display(self.leadership - self.practitioners)


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
    heat_columns: list[QuestionView]
    heat_rows: list[HeatRespondent]
    participation: list[ParticipationRow]
    n_submitted: int

    @property
    def overall_display(self) -> str:
        return display(self.overall)

    @property
    def scored_dimensions(self) -> list[DimensionView]:
        return [d for d in self.dimensions if d.score is not None]

    @property
    def strongest(self) -> list[DimensionView]:
        return sorted(self.scored_dimensions, key=lambda d: -d.score)[:STRONGEST_AND_WEAKEST]

    @property
    def weakest(self) -> list[DimensionView]:
        return sorted(self.scored_dimensions, key=lambda d: d.score)[:STRONGEST_AND_WEAKEST]

    @property
    def weakest_link_dimensions(self) -> list[DimensionView]:
        if self.weakest_link is None:
            return []
        return [d for d in self.scored_dimensions if d.stage.number == self.weakest_link.number]

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
        )

    def bars_svg(self) -> str:
        rows = [charts.BarRow(d.title, d.score, d.target.number) for d in self.dimensions]
        return charts.bar_chart(
            rows,
            self.max_stage,
            title=_("Score and target by dimension"),
            score_label=_("Score"),
            target_label=_("Target"),
        )

    def heat_map_svg(self) -> str:
        columns = [charts.HeatColumn(q.key, q.disagreement) for q in self.heat_columns]
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
                "flagged": _("Disagreement"),
            },
        )


def _role_label(role: str) -> str:
    return str(Respondent.Role(role).label)


def _group_label(key: str) -> str:
    if key == LEADERSHIP:
        return _("Leadership")
    if key == PRACTITIONERS:
        return _("Practitioners")
    return _role_label(key.removeprefix(ROLE_GROUP_PREFIX))


def present_result(
    assessment: Assessment, result: AssessmentResult, *, for_client: bool = False
) -> ResultPresentation:
    """Attach texts, notes, curation and raw answers to a result, in the active language.

    `for_client` keeps only role groups large enough not to expose one person's answers, and
    labels comments by role only where the role has several respondents.

    Queries: stages, dimensions, questions, options, answers, notes, curated
    recommendations, respondents: a fixed number, whatever the size of the assessment.
    """
    overall = result.overall
    stages = [
        StageInfo(s.number, s.name, s.description)
        for s in assessment.framework.stages.order_by("number")
    ]

    def stage(number: int | None) -> StageInfo | None:
        return None if number is None else stages[number]

    dimensions_db = framework_dimensions(assessment.framework_id)
    questions_db: dict[str, Question] = {q.key: q for d in dimensions_db for q in d.questions.all()}
    dimension_db: dict[str, Dimension] = {d.key: d for d in dimensions_db}
    submitted = {r.key: r for r in result.respondents if r.status == Respondent.Status.SUBMITTED}
    comments, cells = _answers(assessment, submitted)
    if for_client:
        _anonymise_small_roles(comments, submitted)
    notes = dict(assessment.dimension_notes.values_list("dimension_key", "text"))

    dimensions: list[DimensionView] = []
    for d in overall.dimensions:
        db = dimension_db[d.key]
        questions = [
            QuestionView(
                key=q.key,
                text=questions_db[q.key].text,
                dimension_key=d.key,
                weight=questions_db[q.key].weight,
                value=q.value,
                spread=q.spread,
                disagreement=q.disagreement,
                n_values=q.n_values,
                n_not_applicable=q.n_not_applicable,
                n_dont_know=q.n_dont_know,
                n_unanswered=q.n_unanswered,
                comments=comments.get(q.key, []),
            )
            for q in d.questions
        ]
        if not questions:
            continue
        dimensions.append(
            DimensionView(
                key=d.key,
                title=db.title,
                description=db.description,
                pillar_key=d.pillar,
                weight=db.weight,
                score=d.score,
                stage=stage(d.stage),
                target=stages[d.target],
                gap=d.gap,
                coverage=d.coverage,
                n_in_scope=d.n_in_scope,
                n_with_value=d.n_with_value,
                note=notes.get(d.key, ""),
                questions=questions,
            )
        )
    by_key = {d.key: d for d in dimensions}
    pillar_db = {d.pillar.key: d.pillar for d in dimensions_db}
    pillars = [
        PillarView(
            key=p.key,
            title=pillar_db[p.key].title,
            description=pillar_db[p.key].description,
            score=p.score,
            stage=stage(p.stage),
            dimensions=[d for d in dimensions if d.pillar_key == p.key],
        )
        for p in overall.pillars
    ]
    visible, hidden = _recommendations(assessment, overall, questions_db, by_key)
    for recommendation in visible:
        if recommendation.dimension_key in by_key:
            by_key[recommendation.dimension_key].recommendations.append(recommendation)

    min_size = MIN_GROUP_SIZE_FOR_CLIENTS if for_client else 1
    group_columns = [
        GroupColumn(key, _group_label(key), group.n_respondents)
        for key, group in result.groups.items()
        if group.n_respondents >= min_size
    ]
    shown_groups = {c.key for c in group_columns}
    group_rows = [
        GroupRow(d, [result.groups[c.key].dimension(d.key).score for c in group_columns])
        for d in dimensions
    ]
    perception_gaps = []
    if {LEADERSHIP, PRACTITIONERS} <= shown_groups:
        for d in dimensions:
            lead = result.groups[LEADERSHIP].dimension(d.key).score
            prac = result.groups[PRACTITIONERS].dimension(d.key).score
            if lead is not None and prac is not None and lead - prac >= PERCEPTION_GAP:
                perception_gaps.append(PerceptionGap(d, lead, prac))

    heat_columns = [q for d in dimensions for q in d.questions]
    heat_rows = [
        HeatRespondent(
            label=f"R{i} · {_role_label(info.role)}",
            role_label=_role_label(info.role),
            cells=[
                cells.get((info.key, q.key), charts.HeatCell(None, "unanswered"))
                for q in heat_columns
            ],
        )
        for i, info in enumerate(submitted.values(), start=1)
    ]
    return ResultPresentation(
        assessment=assessment,
        result=result,
        max_stage=overall.max_stage,
        stages=stages,
        overall=overall.overall,
        overall_stage=stage(overall.overall_stage),
        weakest_link=stage(overall.weakest_link_stage),
        pillars=pillars,
        dimensions=dimensions,
        recommendations=visible,
        hidden_recommendations=hidden,
        group_columns=group_columns,
        group_rows=group_rows,
        perception_gaps=perception_gaps,
        heat_columns=heat_columns,
        heat_rows=heat_rows,
        participation=_participation(assessment),
        n_submitted=overall.n_respondents,
    )


def _answers(
    assessment: Assessment, submitted: dict
) -> tuple[dict[str, list[CommentView]], dict[tuple[str, str], charts.HeatCell]]:
    """Comments by question and heat-map cells, from submitted respondents only."""
    rows = (
        Answer.objects.filter(respondent_id__in=[int(k) for k in submitted])
        .values_list("respondent_id", "question__key", "kind", "option__score", "comment")
        .order_by("question__key", "respondent_id")
    )
    comments: dict[str, list[CommentView]] = {}
    cells: dict[tuple[str, str], charts.HeatCell] = {}
    for respondent_id, question_key, kind, score, comment in rows:
        info = submitted[str(respondent_id)]
        if comment.strip():
            comments.setdefault(question_key, []).append(
                CommentView(info.role, _role_label(info.role), comment)
            )
        if kind:
            cells[(str(respondent_id), question_key)] = charts.HeatCell(
                score if kind == Answer.Kind.OPTION else None, kind
            )
    return comments, cells


def _anonymise_small_roles(comments: dict[str, list[CommentView]], submitted: dict) -> None:
    """Label a comment by role only where that role has several respondents.

    A comment tagged "Data science" from the only data scientist would name its author.
    """
    counts: dict[str, int] = {}
    for info in submitted.values():
        counts[info.role] = counts.get(info.role, 0) + 1
    for question_comments in comments.values():
        for comment in question_comments:
            if counts[comment.role] < MIN_GROUP_SIZE_FOR_CLIENTS:
                comment.role_label = _("A respondent")


def _recommendations(
    assessment: Assessment,
    overall: scoring.Result,
    questions: dict[str, Question],
    dimensions: dict[str, DimensionView],
) -> tuple[list[RecommendationView], list[RecommendationView]]:
    """Computed recommendations with the consultant's curation applied, then custom ones."""
    curated = list(assessment.curated_recommendations.all())
    by_question = {c.question_key: c for c in curated if c.question_key}
    views = []
    for rank, rec in enumerate(overall.recommendations):
        question = questions[rec.question_key]
        option = next(o for o in question.options.all() if o.key == rec.option_key)
        curation = by_question.get(rec.question_key)
        default_horizon = (
            "now" if rank < DEFAULT_NOW else "next" if rank < DEFAULT_NEXT else "later"
        )
        views.append(
            RecommendationView(
                curation_id=curation.pk if curation else None,
                question_key=rec.question_key,
                dimension_key=rec.dimension_key,
                dimension_title=dimensions[rec.dimension_key].title,
                question_text=question.text,
                text=(curation.text if curation and curation.text else option.recommendation),
                framework_text=option.recommendation,
                priority=rec.priority,
                horizon=(curation.horizon if curation and curation.horizon else default_horizon),
                hidden=bool(curation and curation.hidden),
            )
        )
    for custom in (c for c in curated if c.is_custom):
        dimension = dimensions.get(custom.dimension_key)
        views.append(
            RecommendationView(
                curation_id=custom.pk,
                question_key="",
                dimension_key=custom.dimension_key,
                dimension_title=dimension.title if dimension else "",
                question_text="",
                text=custom.text,
                framework_text="",
                priority=None,
                horizon=custom.horizon or "next",
                hidden=custom.hidden,
            )
        )
    return [v for v in views if not v.hidden], [v for v in views if v.hidden]


def _participation(assessment: Assessment) -> list[ParticipationRow]:
    rows: dict[str, ParticipationRow] = {}
    for respondent in assessment.respondents.filter(revoked_at__isnull=True).order_by("name"):
        row = rows.setdefault(
            respondent.role, ParticipationRow(respondent.role, _role_label(respondent.role))
        )
        setattr(row, respondent.status, getattr(row, respondent.status) + 1)
        row.names.append(respondent.name)
    order = [role.value for role in Respondent.Role]
    return sorted(rows.values(), key=lambda r: order.index(r.role))
