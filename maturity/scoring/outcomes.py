"""What scoring gives back: a result per question, dimension, pillar and overall."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class ItemTally:
    """One checklist item across the answers given item by item: ticked, N/A, out of how many.

    n_answers counts the respondents asked who answered the checklist item by item; the item
    applies to those of them who did not mark it not applicable.
    """

    key: str
    n_ticked: int
    n_not_applicable: int
    n_answers: int

    @property
    def n_applicable(self) -> int:
        return self.n_answers - self.n_not_applicable

    @property
    def share(self) -> Fraction | None:
        """The share of those the item applies to who ticked it (None when it applies to none)."""
        return Fraction(self.n_ticked, self.n_applicable) if self.n_applicable else None


@dataclass(frozen=True)
class QuestionResult:
    """The pooled answers to one in-scope question.

    value is the mean of the respondents' values (None without any), spread the max minus the min
    of those values, consensus the largest share of them within one stage of each other, and
    disagreement the split rule of `agreement`. values_by_respondent is sorted by respondent
    key, "don't know" counting 0. n_asked is the number of counted respondents the question was
    asked of when it has an audience, None when it is asked of everyone; a question asked of
    nobody counted has no value and is left out of its dimension's coverage. items holds a
    checklist's tally per item, in order (empty for a choice question).
    """

    key: str
    value: Fraction | None
    spread: Fraction | None
    consensus: Fraction | None
    disagreement: bool
    values_by_respondent: tuple[tuple[str, Fraction], ...]
    n_values: int
    n_not_applicable: int
    n_dont_know: int
    n_unanswered: int
    n_asked: int | None = None
    items: tuple[ItemTally, ...] = ()

    @property
    def asked(self) -> bool:
        """Whether any counted respondent was asked the question."""
        return self.n_asked is None or self.n_asked > 0


@dataclass(frozen=True)
class SectionResult:
    """The score of a scored section: the weighted mean of its valued questions, as a dimension's.

    coverage is the share of its in-scope questions asked of someone that have a value.
    """

    key: str
    score: Fraction | None
    stage: int | None
    coverage: Fraction | None
    n_in_scope: int
    n_with_value: int


@dataclass(frozen=True)
class DimensionResult:
    """The score of one dimension, with its stage, target, gap, coverage and questions.

    n_in_scope counts the in-scope questions asked of at least one counted respondent (all of
    them without audiences); coverage is n_with_value over it. sections holds the scored
    sections' results, in order.
    """

    key: str
    pillar: str
    score: Fraction | None
    stage: int | None
    target: int
    gap: Fraction | None
    coverage: Fraction | None
    n_in_scope: int
    n_with_value: int
    questions: tuple[QuestionResult, ...]
    sections: tuple[SectionResult, ...] = ()

    def section(self, key: str) -> SectionResult:
        """Return the scored section with this key; KeyError if there is none."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)


@dataclass(frozen=True)
class PillarResult:
    """The score of one pillar and its stage (both None when no dimension of it is scored)."""

    key: str
    score: Fraction | None
    stage: int | None


@dataclass(frozen=True)
class Recommendation:
    """A question below its dimension's target and the option whose advice applies.

    option_key names the option at or just below the question's value, or for a checklist the
    item to put in place first; its recommendation text (kept by the caller) tells how to move
    up. Higher priority means more urgent.
    """

    dimension_key: str
    question_key: str
    option_key: str
    value: Fraction
    priority: Fraction


@dataclass(frozen=True)
class GateResult:
    """Whether a gate held, the in-scope questions that fell short, and what it did.

    capped is true when the gate failed and its element's stage would otherwise have reached
    the gate's stage; uncapped_stage is that stage, before any gate.
    """

    key: str
    met: bool
    failing: tuple[str, ...]
    capped: bool
    uncapped_stage: int | None


@dataclass(frozen=True)
class Result:
    """The full scoring of an assessment (or of a group or a single respondent)."""

    max_stage: int
    n_respondents: int
    overall: Fraction | None
    overall_stage: int | None
    weakest_link_stage: int | None
    pillars: tuple[PillarResult, ...]
    dimensions: tuple[DimensionResult, ...]
    recommendations: tuple[Recommendation, ...]
    # The framework's gates, in file order (format 2.0; none in a 1.0 framework).
    gates: tuple[GateResult, ...] = ()

    def pillar(self, key: str) -> PillarResult:
        """Return the pillar with this key; KeyError if there is none."""
        for pillar in self.pillars:
            if pillar.key == key:
                return pillar
        raise KeyError(key)

    def dimension(self, key: str) -> DimensionResult:
        """Return the dimension with this key; KeyError if there is none."""
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(key)

    def gate(self, key: str) -> GateResult:
        """Return the outcome of the gate with this key; KeyError if there is none."""
        for gate in self.gates:
            if gate.key == key:
                return gate
        raise KeyError(key)

    def question(self, key: str) -> QuestionResult:
        """Return the in-scope question with this key; KeyError if absent or out of scope."""
        for dimension in self.dimensions:
            for question in dimension.questions:
                if question.key == key:
                    return question
        raise KeyError(key)
