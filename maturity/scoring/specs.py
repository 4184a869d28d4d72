"""What scoring takes in: a framework's structure by key, and respondents' answers.

Frozen dataclasses, checked when built (weights are exact and positive, options ascend), so a
computation never meets a malformed framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from .agreement import DEFAULT_CONSENSUS_THRESHOLD
from .checklists import ChecklistRule, ItemSpec, check_checklist
from .gates import GateScope, GateSpec


def _is_int(value: object) -> bool:
    """Tell whether value is a genuine int (bool is an int subclass but never a valid score)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _exact(value: object, what: str) -> Fraction:
    """Convert an exact number (int, Fraction or Decimal) to a Fraction, loudly."""
    # Floats are refused: Fraction(0.1) is exact but not the 1/10 the author meant.
    if isinstance(value, bool) or not isinstance(value, (int, Fraction, Decimal)):
        raise TypeError(f"{what}: expected an int, Fraction or Decimal, got {value!r}")
    return Fraction(value)


def _positive_fraction(value: object, what: str) -> Fraction:
    """Convert an exact number (int, Fraction or Decimal) to a positive Fraction, loudly."""
    exact = _exact(value, what)
    if exact <= 0:
        raise ValueError(f"{what}: must be > 0, got {value!r}")
    return exact


@dataclass(frozen=True)
class OptionSpec:
    """One answer option of a question: the stage it stands for, or the points it is worth.

    score is a whole stage of the scale (format 1.0); points, any exact non-negative number, are
    put on the scale by the question (`QuestionSpec.option_values`). Exactly one is given.
    """

    key: str
    score: int | None = None
    points: Fraction | None = None

    def __post_init__(self) -> None:
        """Refuse non-integer scores, negative or inexact points, and neither or both."""
        if (self.score is None) == (self.points is None):
            raise ValueError(f"option {self.key!r}: give a score or points, exactly one")
        if self.score is not None and not _is_int(self.score):
            raise TypeError(f"option {self.key!r}: score must be an int, got {self.score!r}")
        if self.points is not None:
            points = _exact(self.points, f"option {self.key!r} points")
            if points < 0:
                raise ValueError(f"option {self.key!r}: points must be >= 0, got {self.points!r}")
            object.__setattr__(self, "points", points)

    @property
    def raw(self) -> Fraction:
        """The score or the points, as written in the file."""
        return Fraction(self.score) if self.points is None else self.points


@dataclass(frozen=True)
class QuestionSpec:
    """One question: its weight within its dimension, its options, and whether it is in scope.

    The weight may be given as an int, Fraction or Decimal; it is stored as a Fraction. Options
    are all scored in stages or all in points. A checklist has items instead of options, scored
    by share (rules None) or by its ordered rules (`checklists`).
    """

    key: str
    weight: Fraction
    options: tuple[OptionSpec, ...] = ()
    in_scope: bool = True
    # The respondent roles the question is asked of; None: asked of everyone.
    audience: frozenset[str] | None = None
    items: tuple[ItemSpec, ...] = ()
    rules: tuple[ChecklistRule, ...] | None = None

    def __post_init__(self) -> None:
        """Normalise the weight, options and audience, and refuse inconsistent options."""
        if self.audience is not None:
            object.__setattr__(self, "audience", frozenset(self.audience))
            if not self.audience:
                raise ValueError(f"question {self.key!r}: an audience names at least one role")
        # object.__setattr__ is the documented way to normalise fields of a frozen dataclass.
        object.__setattr__(
            self, "weight", _positive_fraction(self.weight, f"question {self.key!r}")
        )
        object.__setattr__(self, "options", tuple(self.options))
        object.__setattr__(self, "items", tuple(self.items))
        if self.rules is not None:
            object.__setattr__(self, "rules", tuple(self.rules))
        if self.items:
            if self.options:
                raise ValueError(f"question {self.key!r}: a checklist has items, not options")
            return
        if self.rules is not None:
            raise ValueError(f"question {self.key!r}: rules belong to a checklist")
        if not self.options:
            raise ValueError(f"question {self.key!r}: needs at least one option")
        keys = [option.key for option in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"question {self.key!r}: duplicate option keys")
        if len({option.points is None for option in self.options}) > 1:
            raise ValueError(f"question {self.key!r}: options mix scores and points")
        raws = [option.raw for option in self.options]
        # Distinct values make "the option at or below a value" and "the top option" unambiguous.
        if len(set(raws)) != len(raws):
            raise ValueError(f"question {self.key!r}: option scores must be distinct")
        if self.in_points and max(raws) <= 0:
            raise ValueError(f"question {self.key!r}: the top option must be worth points")

    @property
    def is_checklist(self) -> bool:
        return bool(self.items)

    @property
    def in_points(self) -> bool:
        return bool(self.options) and self.options[0].points is not None

    def option_values(self, max_stage: int) -> dict[str, Fraction]:
        """Each option's value on the scale: its stage, or its points over the most points × M.

        Exact: 2 points of 5 on a 0-to-4 scale is 8/5, so a questionnaire scored "points over
        the maximum" keeps its figures (docs/scoring.md, "Options worth points"). A checklist
        has none.
        """
        if not self.in_points:
            return {option.key: Fraction(option.score) for option in self.options}
        most = max(option.points for option in self.options)
        return {option.key: option.points / most * max_stage for option in self.options}

    def asked_of(self, role: str) -> bool:
        """Whether a respondent of this role is asked the question."""
        return self.audience is None or role in self.audience


@dataclass(frozen=True)
class SectionSpec:
    """A scored section of a dimension: its key and the keys of its questions, in order."""

    key: str
    questions: tuple[str, ...]

    def __post_init__(self) -> None:
        """Normalise the question keys and refuse an empty section."""
        object.__setattr__(self, "questions", tuple(self.questions))
        if not self.questions:
            raise ValueError(f"section {self.key!r}: needs at least one question")


@dataclass(frozen=True)
class DimensionSpec:
    """One dimension: its pillar, weight, default target stage, questions and scored sections.

    sections lists only the sections the framework asks a score of; a section's score never
    changes the dimension's, which is taken over all its questions.
    """

    key: str
    pillar: str
    weight: Fraction
    target: int
    questions: tuple[QuestionSpec, ...]
    sections: tuple[SectionSpec, ...] = ()

    def __post_init__(self) -> None:
        """Normalise the weight, questions and sections; a section names its own questions."""
        object.__setattr__(
            self, "weight", _positive_fraction(self.weight, f"dimension {self.key!r}")
        )
        object.__setattr__(self, "questions", tuple(self.questions))
        object.__setattr__(self, "sections", tuple(self.sections))
        if not _is_int(self.target):
            raise TypeError(f"dimension {self.key!r}: target must be an int, got {self.target!r}")
        own = {question.key for question in self.questions}
        seen: set[str] = set()
        for section in self.sections:
            for key in section.questions:
                if key not in own or key in seen:
                    raise ValueError(
                        f"section {section.key!r}: question {key!r} is not one of dimension "
                        f"{self.key!r}'s, or is in two sections"
                    )
                seen.add(key)


class MissingValueRule(StrEnum):
    """What an answer without a stage (\"don't know\", or none at all) is worth: a framework rule.

    BOTTOM: the bottom of the scale, 0 (a practice nobody can see is taken as not in place);
    NO_VALUE: nothing, like "not applicable" (the question is scored on the other answers, and
    the count is reported, as a knowledge gap for "don't know").
    """

    BOTTOM = "bottom"
    NO_VALUE = "no_value"


# Format 1.0's rules, which files without a `rules` section keep: "don't know" counts 0, a
# question left unanswered gives no value.
DEFAULT_DONT_KNOW_RULE = MissingValueRule.BOTTOM
DEFAULT_UNANSWERED_RULE = MissingValueRule.NO_VALUE


@dataclass(frozen=True)
class FrameworkSpec:
    """A framework as scoring sees it: stages 0 to max_stage, pillars and dimensions in order.

    consensus_threshold is the consensus share below which a split question is flagged as a
    disagreement (`agreement`), above 0 and at most 1. dont_know and unanswered are the
    framework's rules for a "don't know" answer and for a question a submitted respondent left
    unanswered (`MissingValueRule`).
    """

    max_stage: int
    pillars: tuple[str, ...]
    dimensions: tuple[DimensionSpec, ...]
    consensus_threshold: Fraction = DEFAULT_CONSENSUS_THRESHOLD
    dont_know: MissingValueRule = DEFAULT_DONT_KNOW_RULE
    unanswered: MissingValueRule = DEFAULT_UNANSWERED_RULE
    gates: tuple[GateSpec, ...] = ()

    def __post_init__(self) -> None:
        """Check that keys are unique and that every score and target lies on the scale."""
        # MissingValueRule("maybe") raises ValueError: a misspelt rule never scores silently.
        object.__setattr__(self, "dont_know", MissingValueRule(self.dont_know))
        object.__setattr__(self, "unanswered", MissingValueRule(self.unanswered))
        object.__setattr__(self, "pillars", tuple(self.pillars))
        object.__setattr__(self, "dimensions", tuple(self.dimensions))
        object.__setattr__(self, "gates", tuple(self.gates))
        threshold = _positive_fraction(self.consensus_threshold, "consensus_threshold")
        if threshold > 1:
            raise ValueError(f"consensus_threshold must be at most 1, got {threshold}")
        object.__setattr__(self, "consensus_threshold", threshold)
        if not _is_int(self.max_stage) or self.max_stage < 1:
            raise ValueError(f"max_stage must be an int >= 1, got {self.max_stage!r}")
        if len(set(self.pillars)) != len(self.pillars):
            raise ValueError("duplicate pillar keys")
        dimension_keys = [dimension.key for dimension in self.dimensions]
        if len(set(dimension_keys)) != len(dimension_keys):
            raise ValueError("duplicate dimension keys")
        question_keys: set[str] = set()
        for dimension in self.dimensions:
            if dimension.pillar not in self.pillars:
                raise ValueError(
                    f"dimension {dimension.key!r}: unknown pillar {dimension.pillar!r}"
                )
            if not 0 <= dimension.target <= self.max_stage:
                raise ValueError(
                    f"dimension {dimension.key!r}: target {dimension.target} is off the scale"
                )
            for question in dimension.questions:
                # Answers name questions by key alone, so keys must be unique framework-wide.
                if question.key in question_keys:
                    raise ValueError(f"duplicate question key {question.key!r}")
                question_keys.add(question.key)
                if question.is_checklist:
                    check_checklist(question.key, question.items, question.rules, self.max_stage)
                for option in question.options:
                    if option.score is not None and not 0 <= option.score <= self.max_stage:
                        raise ValueError(
                            f"question {question.key!r}: option {option.key!r} score "
                            f"{option.score} is off the scale"
                        )
        self._check_gates(dimension_keys, question_keys)

    def _check_gates(self, dimension_keys: list[str], question_keys: set[str]) -> None:
        """Every gate names real elements and stages on the scale."""
        gate_keys = [gate.key for gate in self.gates]
        if len(set(gate_keys)) != len(gate_keys):
            raise ValueError("duplicate gate keys")
        capped_keys = {
            GateScope.PILLAR: set(self.pillars),
            GateScope.DIMENSION: set(dimension_keys),
        }
        for gate in self.gates:
            if (
                gate.scope is not GateScope.OVERALL
                and gate.scope_key not in capped_keys[gate.scope]
            ):
                raise ValueError(f"gate {gate.key!r}: unknown {gate.scope} {gate.scope_key!r}")
            if gate.stage > self.max_stage or gate.at_least > self.max_stage:
                raise ValueError(f"gate {gate.key!r}: a stage off the scale")
            unknown = (set(gate.dimensions) - set(dimension_keys)) | (
                set(gate.questions) - question_keys
            )
            if unknown:
                raise ValueError(f"gate {gate.key!r}: requires unknown keys {sorted(unknown)}")


class AnswerKind(StrEnum):
    """What kind of answer a respondent gave to a question."""

    OPTION = "option"
    NOT_APPLICABLE = "na"
    DONT_KNOW = "dont_know"
    # A checklist answered item by item: `ticked` and `not_applicable` (nothing ticked is an
    # answer too: none of the practices is in place).
    CHECKLIST = "checklist"


@dataclass(frozen=True)
class AnswerInput:
    """One respondent's answer to one question; option_key is set only for OPTION answers.

    A CHECKLIST answer names the items ticked and those marked not applicable; an item in
    neither is not in place.
    """

    question_key: str
    kind: AnswerKind
    option_key: str | None = None
    ticked: frozenset[str] = frozenset()
    not_applicable: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """Normalise the kind and refuse an option key or items that contradict it."""
        object.__setattr__(self, "kind", AnswerKind(self.kind))
        object.__setattr__(self, "ticked", frozenset(self.ticked))
        object.__setattr__(self, "not_applicable", frozenset(self.not_applicable))
        if (self.kind is AnswerKind.OPTION) != (self.option_key is not None):
            raise ValueError(
                f"answer to {self.question_key!r}: option_key must be set exactly when "
                f"kind is {AnswerKind.OPTION.value!r}"
            )
        if self.kind is not AnswerKind.CHECKLIST and (self.ticked or self.not_applicable):
            raise ValueError(f"answer to {self.question_key!r}: items belong to a checklist")
        if self.ticked & self.not_applicable:
            raise ValueError(
                f"answer to {self.question_key!r}: an item both ticked and not applicable"
            )


@dataclass(frozen=True)
class RespondentInput:
    """One respondent: a key, a role, whether they submitted, and at most one answer a question."""

    key: str
    role: str
    submitted: bool
    answers: tuple[AnswerInput, ...]

    def __post_init__(self) -> None:
        """Normalise the answers and refuse two answers to the same question."""
        object.__setattr__(self, "answers", tuple(self.answers))
        keys = [answer.question_key for answer in self.answers]
        if len(set(keys)) != len(keys):
            raise ValueError(f"respondent {self.key!r}: several answers to one question")
