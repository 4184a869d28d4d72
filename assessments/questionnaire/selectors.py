"""Reads for the respondent's questionnaire: their pages, answers and progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from maturity.models import ChecklistItem, Dimension, Question, Stage
from maturity.selectors import framework_dimensions, framework_stages

from ..models import Answer, Respondent, SupersededLink
from ..selectors import effective_scoping_answers

LABEL_NOT_APPLICABLE = _("Not applicable to us")
LABEL_DONT_KNOW = _("I don't know")
# A checklist answered "as ticked" with no item ticked.
LABEL_NONE_OF_THESE = _("None of these")


@dataclass(frozen=True)
class ReviewItem:
    """One question as the review page lists it: its number on its page, the answer's label."""

    number: int
    question: Question
    answer: Answer | None

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.is_answered

    @property
    def choice_label(self) -> str:
        """The chosen option's label, "I don't know" or "Not applicable to us"; for a checklist
        answered as ticked, "None of these" when no item is ticked (else its items say it);
        "" if unanswered."""
        if not self.answered:
            return ""
        if self.answer.kind == Answer.Kind.OPTION:
            return self.answer.option.label
        if self.answer.kind == Answer.Kind.NOT_APPLICABLE:
            return str(LABEL_NOT_APPLICABLE)
        if self.answer.kind == Answer.Kind.CHECKLIST:
            return "" if self.ticked_items else str(LABEL_NONE_OF_THESE)
        return str(LABEL_DONT_KNOW)

    @property
    def ticked_items(self) -> list[ChecklistItem]:
        """A checklist's items ticked, in the question's order (no query: read with it)."""
        return self._items_in(Answer.ItemState.TICKED)

    @property
    def na_items(self) -> list[ChecklistItem]:
        """A checklist's items marked not applicable, in the question's order."""
        return self._items_in(Answer.ItemState.NOT_APPLICABLE)

    def _items_in(self, state: str) -> list[ChecklistItem]:
        if not self.answered or self.answer.kind != Answer.Kind.CHECKLIST:
            return []
        return [item for item in self.question.items if self.answer.items.get(item.key) == state]

    @property
    def na_reason_label(self) -> str:
        return self.answer.get_na_reason_display() if self.answered else ""

    @property
    def comment(self) -> str:
        return self.answer.comment if self.answer is not None else ""


@dataclass
class DimensionPage:
    """One dimension of a respondent's questionnaire: the questions it asks them, and progress.

    A question's `section` (read with it) says under which heading it is shown, if any.
    """

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

    @property
    def offers_not_applicable(self) -> bool:
        """Whether any question in scope may be answered "Not applicable"."""
        return any(q.allow_na for page in self.pages for q in page.questions)

    def review(self) -> list[tuple[DimensionPage, list[ReviewItem]]]:
        """Every in-scope question of every page with its answer, in questionnaire order.

        No query: the options were read with the framework, the answers with their option.
        """
        return [
            (
                page,
                [
                    ReviewItem(number=number, question=q, answer=self.answers.get(q.pk))
                    for number, q in enumerate(page.questions, start=1)
                ],
            )
            for page in self.pages
        ]

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
    """A respondent's questionnaire: the dimensions and questions in scope and asked of the
    respondent's role, answers and progress; a dimension with none of those is left out.

    Queries: scoping questions, dimensions, questions, options, answers; whatever the size.
    """
    assessment = respondent.assessment
    scoping = effective_scoping_answers(assessment)
    # With its option: the form shows each stored choice by its option key.
    answers = {a.question_id: a for a in respondent.answers.select_related("option")}
    pages = []
    for dimension in framework_dimensions(assessment.framework_id):
        # In scope, and asked of the respondent's role (a question's audience, if any).
        questions = [
            q
            for q in dimension.questions.all()
            if q.applies_to(scoping) and q.asked_of(respondent.role)
        ]
        if not questions:
            continue
        answered = sum(1 for q in questions if q.pk in answers and answers[q.pk].is_answered)
        pages.append(DimensionPage(dimension=dimension, questions=questions, answered=answered))
    return Questionnaire(respondent=respondent, pages=pages, answers=answers)


def bottom_stage(framework_id: int) -> Stage | None:
    """The framework's stage 0, the value "I don't know" counts as (docs/scoring.md)."""
    return next(iter(framework_stages(framework_id)), None)


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
