"""Reads for the questionnaire and the consultant's workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from maturity.models import Dimension, Option, Question, Stage

from .models import Answer, Assessment, Respondent, ResultSnapshot


def effective_scoping_answers(assessment: Assessment) -> dict[str, bool]:
    """The assessment's scoping answers, with the framework's defaults where none was given."""
    answers = {s.key: s.default for s in assessment.framework.scoping_questions.all()}
    answers.update(
        {
            k: v
            for k, v in assessment.scoping_answers.items()
            if k in answers and isinstance(v, bool)
        }
    )
    return answers


def effective_targets(assessment: Assessment, dimensions: list[Dimension]) -> dict[str, int]:
    """Target stage per dimension key: the assessment's own, else the framework's default."""
    return {d.key: int(assessment.targets.get(d.key, d.target)) for d in dimensions}


def framework_dimensions(framework_id: int) -> list[Dimension]:
    """A framework's dimensions with their pillar, questions and options (three queries)."""
    questions = Question.objects.order_by("order").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("order"))
    )
    return list(
        Dimension.objects.filter(framework_id=framework_id)
        .select_related("pillar")
        .order_by("order")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


@dataclass
class DimensionPage:
    """One dimension of a respondent's questionnaire: its in-scope questions and progress."""

    dimension: Dimension
    questions: list[Question]
    answered: int = 0

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass
class Questionnaire:
    """Everything a respondent's pages show, loaded in a fixed number of queries."""

    respondent: Respondent
    pages: list[DimensionPage]
    answers: dict[int, Answer] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return sum(page.answered for page in self.pages)

    @property
    def total(self) -> int:
        return sum(page.total for page in self.pages)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    def page(self, dimension_key: str) -> DimensionPage | None:
        return next((p for p in self.pages if p.dimension.key == dimension_key), None)

    def neighbours(self, dimension_key: str) -> tuple[DimensionPage | None, DimensionPage | None]:
        keys = [p.dimension.key for p in self.pages]
        i = keys.index(dimension_key)
        return (
            self.pages[i - 1] if i > 0 else None,
            self.pages[i + 1] if i + 1 < len(self.pages) else None,
        )

    def resume_page(self) -> DimensionPage | None:
        """Where to continue: the last page saved, else the first page with gaps."""
        last = self.page(self.respondent.last_dimension_key)
        if last is not None and not last.complete:
            return last
        return next((p for p in self.pages if not p.complete), last or next(iter(self.pages), None))

    def unanswered(self) -> list[tuple[DimensionPage, list[Question]]]:
        result = []
        for page in self.pages:
            missing = [q for q in page.questions if not self._is_answered(q)]
            if missing:
                result.append((page, missing))
        return result

    def _is_answered(self, question: Question) -> bool:
        answer = self.answers.get(question.pk)
        return answer is not None and answer.is_answered


def questionnaire_for(respondent: Respondent) -> Questionnaire:
    """A respondent's questionnaire: in-scope dimensions and questions, answers and progress.

    Queries: scoping questions, dimensions, questions, options, answers; whatever the size.
    """
    assessment = respondent.assessment
    scoping = effective_scoping_answers(assessment)
    answers = {a.question_id: a for a in respondent.answers.all()}
    pages = []
    for dimension in framework_dimensions(assessment.framework_id):
        questions = [q for q in dimension.questions.all() if q.applies_to(scoping)]
        if not questions:
            continue
        answered = sum(1 for q in questions if q.pk in answers and answers[q.pk].is_answered)
        pages.append(DimensionPage(dimension=dimension, questions=questions, answered=answered))
    return Questionnaire(respondent=respondent, pages=pages, answers=answers)


def respondent_by_token_hash(token_hash: str) -> Respondent | None:
    return (
        Respondent.objects.select_related("assessment__organisation", "assessment__framework")
        .filter(token_hash=token_hash)
        .first()
    )


def respondents_with_progress(assessment: Assessment, in_scope_keys: set[str]) -> list[Respondent]:
    """The assessment's respondents, each with `answered` (in-scope questions answered)."""
    return list(
        assessment.respondents.annotate(
            answered=Count(
                "answers",
                filter=Q(answers__question__key__in=in_scope_keys) & ~Q(answers__kind=""),
            ),
            last_answer_at=Max("answers__updated_at"),
        ).order_by("name")
    )


def in_scope_question_keys(assessment: Assessment) -> set[str]:
    scoping = effective_scoping_answers(assessment)
    return {
        q.key
        for q in Question.objects.filter(framework_id=assessment.framework_id).only(
            "key", "applies_if"
        )
        if q.applies_to(scoping)
    }


def consultant_assessments(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments annotated for the dashboard: invited, submitted, last activity."""
    return queryset.select_related("organisation", "framework").annotate(
        invited=Count("respondents", filter=Q(respondents__revoked_at__isnull=True), distinct=True),
        submitted=Count(
            "respondents",
            filter=Q(respondents__status=Respondent.Status.SUBMITTED)
            & Q(respondents__revoked_at__isnull=True),
            distinct=True,
        ),
        last_activity=Max("respondents__last_seen_at"),
    )


def dashboard_assessments(assessments: QuerySet[Assessment]) -> list[Assessment]:
    """Assessments with `overall` and `overall_stage` from their latest snapshot (3 queries).

    The dashboard never computes a result: it shows what the last snapshot holds.
    """
    latest = ResultSnapshot.objects.filter(assessment=OuterRef("pk")).order_by(
        "-computed_at", "-pk"
    )
    rows = list(assessments.annotate(latest_snapshot_id=Subquery(latest.values("pk")[:1])))
    overall = {
        assessment_id: (score, stage)
        for assessment_id, score, stage in ResultSnapshot.objects.filter(
            pk__in=[a.latest_snapshot_id for a in rows if a.latest_snapshot_id]
        ).values_list("assessment_id", "data__overall__overall", "data__overall__overall_stage")
    }
    stages = {
        (s.framework_id, s.number): s
        for s in Stage.objects.filter(framework__in={a.framework_id for a in rows})
    }
    for assessment in rows:
        score, stage = overall.get(assessment.pk, (None, None))
        # str(): SQLite hands back a JSON string holding a whole number ("2") as an int.
        assessment.overall = None if score is None else Fraction(str(score))
        assessment.overall_stage = stages.get((assessment.framework_id, stage))
    return rows
