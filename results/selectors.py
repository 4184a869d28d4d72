"""The one read of everything a result needs, handed to scoring, presentation and exports alike.

`result_bundle(assessment)` loads, in a fixed number of queries whatever the size of the
assessment, the framework's content, the respondents, the counted answers, the consultant's notes
and curation, and the stored snapshot when one is shown. Scoring (`results.result`), the
presentation (`results.presentation`), the exports and the PDF all work from this bundle and
query nothing more, so a page cannot show figures from two different reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Answer,
    Assessment,
    CuratedRecommendation,
    Respondent,
    ResultSnapshot,
)
from assessments.selectors import effective_scoping_answers, effective_targets, latest_snapshot
from maturity import scoring
from maturity.models import Dimension, Framework, Option, Question, Stage
from maturity.selectors import framework_dimensions, framework_stages

# Once answering is over, the figures shown come from the stored snapshot, never recomputed.
SNAPSHOT_STATUSES = (Assessment.Status.CLOSED, Assessment.Status.PUBLISHED)


@dataclass(frozen=True)
class AnswerRow:
    """One counted answer, by ids: the bundle's framework content gives its question and option."""

    respondent_id: int
    question_id: int
    kind: str
    option_id: int | None
    na_reason: str
    comment: str
    # The answer's id, and the consultant's moderation of its comment (CommentModeration).
    pk: int = 0
    comment_hidden: bool = False
    comment_edited: str = ""
    # A checklist answer's items: item key -> "ticked" or "na" (Answer.items).
    items: dict[str, str] = field(default_factory=dict)

    @property
    def is_moderated(self) -> bool:
        return self.comment_hidden or bool(self.comment_edited)

    @property
    def shown_comment(self) -> str:
        """The comment as client contacts and the report get it: hidden, edited, or as written."""
        if self.comment_hidden:
            return ""
        return self.comment_edited or self.comment


@dataclass(frozen=True)
class RespondentRow:
    """Who took part, as the result counts them: from the database, or from the snapshot."""

    pk: int
    name: str
    role: str
    status: str

    @property
    def is_submitted(self) -> bool:
        return self.status == Respondent.Status.SUBMITTED

    @property
    def display_name(self) -> str:
        # Only an erased respondent has no name (privacy.services.respondent_erase).
        return self.name or str(_("Erased respondent"))


def question_spec(question: Question, *, in_scope: bool = True) -> scoring.QuestionSpec:
    """The scoring module's view of a question with its (prefetched) options or items."""
    if question.is_checklist:
        scoring_rules = question.checklist_scoring
        return scoring.QuestionSpec(
            key=question.key,
            weight=question.weight,
            items=tuple(
                scoring.ItemSpec(key=item.key, weight=item.weight, allow_na=item.allow_na)
                for item in question.items
            ),
            # "share", or {"rules": [...]} as the file writes it (Question.checklist_scoring).
            rules=tuple(map(scoring.ChecklistRule.from_document, scoring_rules["rules"]))
            if isinstance(scoring_rules, dict)
            else None,
            in_scope=in_scope,
            audience=frozenset(question.audience) or None,
        )
    return scoring.QuestionSpec(
        key=question.key,
        weight=question.weight,
        options=tuple(
            scoring.OptionSpec(key=o.key, score=o.score, points=o.points)
            for o in question.options.all()
        ),
        in_scope=in_scope,
        audience=frozenset(question.audience) or None,
    )


@dataclass
class ResultBundle:
    """What an assessment's result is computed and shown from; built by `result_bundle`."""

    assessment: Assessment
    scoping: dict[str, bool]
    stages: list[Stage]
    dimensions: list[Dimension]
    # The respondents not revoked, in the order they were invited; only submitted ones count.
    respondents: list[RespondentRow]
    # The submitted respondents' answers (with a kind or a comment).
    answers: list[AnswerRow]
    # Dimension key -> the consultant's notes by language ({"en": ..., "fr": ...}).
    notes: dict[str, dict[str, str]]
    curated: list[CuratedRecommendation]
    snapshot: ResultSnapshot | None

    @cached_property
    def questions(self) -> dict[int, Question]:
        return {q.pk: q for d in self.dimensions for q in d.questions.all()}

    @cached_property
    def questions_by_key(self) -> dict[str, Question]:
        return {q.key: q for q in self.questions.values()}

    @cached_property
    def options(self) -> dict[int, Option]:
        return {o.pk: o for q in self.questions.values() for o in q.options.all()}

    @cached_property
    def option_values(self) -> dict[int, Fraction]:
        """Each option's value on the scale: its stage, or its points put on the scale."""
        values: dict[int, Fraction] = {}
        for question in self.questions.values():
            options = question.options.all()
            by_key = question_spec(question).option_values(self.max_stage)
            values.update((option.pk, by_key[option.key]) for option in options)
        return values

    @property
    def max_stage(self) -> int:
        return len(self.stages) - 1

    @property
    def consensus_threshold(self) -> Decimal:
        """The framework's disagreement setting; the stages are read with their framework."""
        return self.stages[0].framework.consensus_threshold

    @property
    def framework(self) -> Framework:
        """The assessment's framework version, read with the stages (no query of its own)."""
        return self.stages[0].framework

    @cached_property
    def targets(self) -> dict[str, int]:
        """Target stage per dimension key: the assessment's own, else the framework's default."""
        return effective_targets(self.assessment, self.dimensions)

    def identity(self) -> dict[str, Any]:
        """JSON-safe data that changes whenever the result or what is shown of the answers would.

        A snapshot's id stands for its figures. Otherwise: assessments use published
        frameworks, whose content never changes (`maturity.models.FrameworkContent` refuses any
        write), so the framework's id stands for its questions, options and default targets.
        The report cache keys on this, so a cached download scores nothing.
        """
        if self.snapshot is not None:
            return {"snapshot": self.snapshot.pk}
        return {
            "framework": self.assessment.framework_id,
            "scoping": self.assessment.scoping_answers,
            "targets": self.assessment.targets,
            "respondents": [(r.pk, r.role, r.status, r.name) for r in self.respondents],
            "answers": [
                (a.respondent_id, a.question_id, a.kind, a.option_id, a.na_reason, a.comment)
                for a in self.answers
            ],
        }

    def moderations(self) -> list[tuple[int, bool, str]]:
        """The moderated comments, by answer: what the report shows of them, snapshot or not."""
        return [(a.pk, a.comment_hidden, a.comment_edited) for a in self.answers if a.is_moderated]


def result_bundle(assessment: Assessment, *, with_snapshot: bool = True) -> ResultBundle:
    """Everything the assessment's result needs, read once.

    Queries (nine), whatever the number of questions or respondents: the respondents (or,
    once answering is over, the latest snapshot, which lists them as they were counted),
    answers, scoping questions, stages, dimensions with pillars, questions, options, notes,
    curated recommendations. `with_snapshot=False` reads the respondents even then, for a
    refresh that replaces the snapshot.
    """
    shown = with_snapshot and assessment.status in SNAPSHOT_STATUSES
    snapshot = latest_snapshot(assessment) if shown else None
    if snapshot is not None:
        # Nobody can be invited, revoked or submit once answering is over: the snapshot's list
        # is the live one, and the one its figures were computed from.
        respondents = [
            RespondentRow(int(r["key"]), r["name"], r["role"], r["status"])
            for r in snapshot.data["respondents"]
        ]
    else:
        respondents = [
            RespondentRow(*row)
            for row in assessment.respondents.filter(revoked_at__isnull=True)
            .order_by("pk")
            .values_list("pk", "name", "role", "status")
        ]
    submitted = [r.pk for r in respondents if r.is_submitted]
    # The moderation comes in the same query (a left join on a one-to-one).
    answers = [
        AnswerRow(*row[:7], comment_hidden=bool(row[7]), comment_edited=row[8] or "", items=row[9])
        for row in Answer.objects.filter(respondent_id__in=submitted)
        .order_by("respondent_id", "question_id")
        .values_list(
            "respondent_id",
            "question_id",
            "kind",
            "option_id",
            "na_reason",
            "comment",
            "pk",
            "comment_moderation__hidden",
            "comment_moderation__text",
            "items",
        )
    ]
    return ResultBundle(
        assessment=assessment,
        scoping=effective_scoping_answers(assessment),
        stages=framework_stages(assessment.framework_id),
        dimensions=framework_dimensions(assessment.framework_id),
        respondents=respondents,
        answers=answers,
        notes={
            key: {"en": text_en, "fr": text_fr}
            for key, text_en, text_fr in assessment.dimension_notes.values_list(
                "dimension_key", "text_en", "text_fr"
            )
        },
        curated=list(assessment.curated_recommendations.order_by("created_at", "pk")),
        snapshot=snapshot,
    )
