"""Reads for the respondent's questionnaire: their pages, answers and progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from maturity.models import Dimension, Question
from maturity.selectors import framework_dimensions

from ..models import Answer, Respondent, SupersededLink
from ..selectors import effective_scoping_answers


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
    # With its option: the form shows each stored choice by its option key.
    answers = {a.question_id: a for a in respondent.answers.select_related("option")}
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


def superseded_link_by_hash(token_hash: str) -> SupersededLink | None:
    """The link of this hash, if a newer one replaced it, with its respondent and assessment."""
    return (
        SupersededLink.objects.select_related("respondent__assessment")
        .filter(token_hash=token_hash)
        .first()
    )
