"""Pure scoring of maturity assessments: frozen specs and answers in, frozen results out.

This module knows nothing about Django, languages or texts: it works with keys only, so the same
computation serves the web pages, the exports and the stored snapshots. All arithmetic is exact
(``fractions.Fraction``); rounding happens only for display, in :func:`round_half_up`.

The rules are described in plain words, with a worked example, in ``docs/scoring.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

__all__ = [
    "SCHEMA_VERSION",
    "AnswerInput",
    "AnswerKind",
    "DimensionResult",
    "DimensionSpec",
    "FrameworkSpec",
    "OptionSpec",
    "PillarResult",
    "QuestionResult",
    "QuestionSpec",
    "Recommendation",
    "RespondentInput",
    "Result",
    "result_from_dict",
    "result_to_dict",
    "round_half_up",
    "score",
    "score_by_group",
    "score_respondent",
]

# Version of the dictionary layout written by result_to_dict. Snapshots are stored in a database
# JSON field and outlive code changes, so the layout is tagged and checked when read back.
SCHEMA_VERSION = 1


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    """Tell whether value is a genuine int (bool is an int subclass but never a valid score)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _positive_fraction(value: object, what: str) -> Fraction:
    """Convert an exact number (int, Fraction or Decimal) to a positive Fraction, loudly."""
    # Floats are refused: Fraction(0.1) is exact but not the 1/10 the author meant.
    if isinstance(value, bool) or not isinstance(value, (int, Fraction, Decimal)):
        raise TypeError(f"{what}: expected an int, Fraction or Decimal, got {value!r}")
    exact = Fraction(value)
    if exact <= 0:
        raise ValueError(f"{what}: must be > 0, got {value!r}")
    return exact


@dataclass(frozen=True)
class OptionSpec:
    """One answer option of a question and the stage it stands for."""

    key: str
    score: int

    def __post_init__(self) -> None:
        """Refuse non-integer scores."""
        if not _is_int(self.score):
            raise TypeError(f"option {self.key!r}: score must be an int, got {self.score!r}")


@dataclass(frozen=True)
class QuestionSpec:
    """One question: its weight within its dimension, its options, and whether it is in scope.

    The weight may be given as an int, Fraction or Decimal; it is stored as a Fraction.
    """

    key: str
    weight: Fraction
    options: tuple[OptionSpec, ...]
    in_scope: bool = True

    def __post_init__(self) -> None:
        """Normalise the weight and options, and refuse inconsistent options."""
        # object.__setattr__ is the documented way to normalise fields of a frozen dataclass.
        object.__setattr__(
            self, "weight", _positive_fraction(self.weight, f"question {self.key!r}")
        )
        object.__setattr__(self, "options", tuple(self.options))
        if not self.options:
            raise ValueError(f"question {self.key!r}: needs at least one option")
        keys = [option.key for option in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"question {self.key!r}: duplicate option keys")
        scores = [option.score for option in self.options]
        # Distinct scores make "the option at or below a value" and "the top option" unambiguous.
        if len(set(scores)) != len(scores):
            raise ValueError(f"question {self.key!r}: option scores must be distinct")


@dataclass(frozen=True)
class DimensionSpec:
    """One dimension: its pillar, weight, default target stage and questions."""

    key: str
    pillar: str
    weight: Fraction
    target: int
    questions: tuple[QuestionSpec, ...]

    def __post_init__(self) -> None:
        """Normalise the weight and questions."""
        object.__setattr__(
            self, "weight", _positive_fraction(self.weight, f"dimension {self.key!r}")
        )
        object.__setattr__(self, "questions", tuple(self.questions))
        if not _is_int(self.target):
            raise TypeError(f"dimension {self.key!r}: target must be an int, got {self.target!r}")


@dataclass(frozen=True)
class FrameworkSpec:
    """A framework as scoring sees it: stages 0 to max_stage, pillars and dimensions in order."""

    max_stage: int
    pillars: tuple[str, ...]
    dimensions: tuple[DimensionSpec, ...]

    def __post_init__(self) -> None:
        """Check that keys are unique and that every score and target lies on the scale."""
        object.__setattr__(self, "pillars", tuple(self.pillars))
        object.__setattr__(self, "dimensions", tuple(self.dimensions))
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
                for option in question.options:
                    if not 0 <= option.score <= self.max_stage:
                        raise ValueError(
                            f"question {question.key!r}: option {option.key!r} score "
                            f"{option.score} is off the scale"
                        )


class AnswerKind(StrEnum):
    """What kind of answer a respondent gave to a question."""

    OPTION = "option"
    NOT_APPLICABLE = "na"
    DONT_KNOW = "dont_know"


@dataclass(frozen=True)
class AnswerInput:
    """One respondent's answer to one question; option_key is set only for OPTION answers."""

    question_key: str
    kind: AnswerKind
    option_key: str | None = None

    def __post_init__(self) -> None:
        """Normalise the kind and refuse an option key that contradicts it."""
        object.__setattr__(self, "kind", AnswerKind(self.kind))
        if (self.kind is AnswerKind.OPTION) != (self.option_key is not None):
            raise ValueError(
                f"answer to {self.question_key!r}: option_key must be set exactly when "
                f"kind is {AnswerKind.OPTION.value!r}"
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


# --------------------------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    """The pooled answers to one in-scope question.

    value is the mean of the respondents' values (None without any), spread the max minus the min
    of those values. values_by_respondent is sorted by respondent key, "don't know" counting 0.
    """

    key: str
    value: Fraction | None
    spread: Fraction | None
    disagreement: bool
    values_by_respondent: tuple[tuple[str, int], ...]
    n_values: int
    n_not_applicable: int
    n_dont_know: int
    n_unanswered: int


@dataclass(frozen=True)
class DimensionResult:
    """The score of one dimension, with its stage, target, gap, coverage and questions."""

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


@dataclass(frozen=True)
class PillarResult:
    """The score of one pillar and its stage (both None when no dimension of it is scored)."""

    key: str
    score: Fraction | None
    stage: int | None


@dataclass(frozen=True)
class Recommendation:
    """A question below its dimension's target and the option whose advice applies.

    option_key names the option at or just below the question's value; its recommendation text
    (kept by the caller) tells how to move up. Higher priority means more urgent.
    """

    dimension_key: str
    question_key: str
    option_key: str
    value: Fraction
    priority: Fraction


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

    def question(self, key: str) -> QuestionResult:
        """Return the in-scope question with this key; KeyError if absent or out of scope."""
        for dimension in self.dimensions:
            for question in dimension.questions:
                if question.key == key:
                    return question
        raise KeyError(key)


# --------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------


def _stage(value: Fraction | None, max_stage: int) -> int | None:
    """Return the stage of a score: its floor, clamped to the scale (None stays None)."""
    if value is None:
        return None
    return min(max_stage, max(0, math.floor(value)))


def _weighted_mean(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction | None:
    """Return the weighted mean of (value, weight) pairs, or None when there are none."""
    total = Fraction(0)
    weights = Fraction(0)
    for value, weight in pairs:
        total += value * weight
        weights += weight
    if not weights:
        return None
    return total / weights


def _effective_targets(
    framework: FrameworkSpec, targets: Mapping[str, int] | None
) -> dict[str, int]:
    """Merge the per-assessment target overrides into the framework's default targets."""
    merged = {dimension.key: dimension.target for dimension in framework.dimensions}
    for key, target in (targets or {}).items():
        if key not in merged:
            raise ValueError(f"target given for unknown dimension {key!r}")
        if not _is_int(target) or not 0 <= target <= framework.max_stage:
            raise ValueError(f"target {target!r} of dimension {key!r} is off the scale")
        merged[key] = target
    return merged


def _collect_answers(
    framework: FrameworkSpec, counted: tuple[RespondentInput, ...]
) -> dict[str, dict[str, int | AnswerKind]]:
    """Map question key -> respondent key -> option score or NA/DK marker, checking every key.

    Answers to out-of-scope questions are checked too (they must still name real questions and
    options) and then simply never looked at.
    """
    scores_by_question = {
        question.key: {option.key: option.score for option in question.options}
        for dimension in framework.dimensions
        for question in dimension.questions
    }
    collected: dict[str, dict[str, int | AnswerKind]] = {key: {} for key in scores_by_question}
    for respondent in counted:
        for answer in respondent.answers:
            option_scores = scores_by_question.get(answer.question_key)
            if option_scores is None:
                raise ValueError(
                    f"respondent {respondent.key!r} answered unknown question "
                    f"{answer.question_key!r}"
                )
            if answer.kind is AnswerKind.OPTION:
                if answer.option_key not in option_scores:
                    raise ValueError(
                        f"respondent {respondent.key!r} chose unknown option "
                        f"{answer.option_key!r} of question {answer.question_key!r}"
                    )
                collected[answer.question_key][respondent.key] = option_scores[answer.option_key]
            else:
                collected[answer.question_key][respondent.key] = answer.kind
    return collected


def _score_question(
    question: QuestionSpec,
    answers: Mapping[str, int | AnswerKind],
    respondent_keys: tuple[str, ...],
    max_stage: int,
) -> QuestionResult:
    """Pool the counted respondents' answers to one in-scope question."""
    values: list[tuple[str, int]] = []
    n_not_applicable = n_dont_know = n_unanswered = 0
    for respondent_key in respondent_keys:
        answer = answers.get(respondent_key)
        if answer is None:
            n_unanswered += 1
        elif answer is AnswerKind.NOT_APPLICABLE:
            n_not_applicable += 1
        elif answer is AnswerKind.DONT_KNOW:
            # "Don't know" is evidence of a gap, so it counts as the bottom of the scale.
            n_dont_know += 1
            values.append((respondent_key, 0))
        else:
            values.append((respondent_key, answer))
    if not values:
        return QuestionResult(
            key=question.key,
            value=None,
            spread=None,
            disagreement=False,
            values_by_respondent=(),
            n_values=0,
            n_not_applicable=n_not_applicable,
            n_dont_know=n_dont_know,
            n_unanswered=n_unanswered,
        )
    scores = [value for _, value in values]
    spread = Fraction(max(scores) - min(scores))
    return QuestionResult(
        key=question.key,
        value=Fraction(sum(scores), len(scores)),
        spread=spread,
        # A lone value cannot disagree with anything, whatever the spread says.
        disagreement=len(scores) >= 2 and spread >= Fraction(max_stage, 2),
        values_by_respondent=tuple(values),
        n_values=len(values),
        n_not_applicable=n_not_applicable,
        n_dont_know=n_dont_know,
        n_unanswered=n_unanswered,
    )


def _recommendation(
    dimension: DimensionSpec, question: QuestionSpec, value: Fraction, target: int
) -> Recommendation | None:
    """Return the recommendation for a question valued below target, or None if none applies."""
    floor = math.floor(value)
    at_or_below = [option for option in question.options if option.score <= floor]
    if at_or_below:
        option = max(at_or_below, key=lambda candidate: candidate.score)
    else:
        option = min(question.options, key=lambda candidate: candidate.score)
    top = max(question.options, key=lambda candidate: candidate.score)
    if option is top:
        # Everyone chose the best option yet the target lies above it: nothing left to advise.
        return None
    return Recommendation(
        dimension_key=dimension.key,
        question_key=question.key,
        option_key=option.key,
        value=value,
        priority=(target - value) * question.weight * dimension.weight,
    )


def score(
    framework: FrameworkSpec,
    respondents: Iterable[RespondentInput],
    targets: Mapping[str, int] | None = None,
) -> Result:
    """Score the submitted respondents' answers against the framework.

    Respondents that have not submitted are ignored entirely (their answers are not even
    checked). targets overrides the default target stage of some dimensions, by dimension key.
    Raises ValueError on answers naming unknown questions or options, on two submitted
    respondents sharing a key, and on targets for unknown dimensions or off the scale.
    """
    max_stage = framework.max_stage
    effective_targets = _effective_targets(framework, targets)
    counted = tuple(respondent for respondent in respondents if respondent.submitted)
    # Sorting by key makes results independent of the order respondents are given in.
    respondent_keys = tuple(sorted(respondent.key for respondent in counted))
    if len(set(respondent_keys)) != len(respondent_keys):
        raise ValueError("several submitted respondents share a key")
    answers = _collect_answers(framework, counted)

    dimensions: list[DimensionResult] = []
    candidates: list[tuple[Fraction, int, int, Recommendation]] = []
    for dimension_index, dimension in enumerate(framework.dimensions):
        target = effective_targets[dimension.key]
        in_scope = [question for question in dimension.questions if question.in_scope]
        questions = tuple(
            _score_question(question, answers[question.key], respondent_keys, max_stage)
            for question in in_scope
        )
        valued = [
            (spec, result)
            for spec, result in zip(in_scope, questions, strict=True)
            if result.value is not None
        ]
        dimension_score = _weighted_mean((result.value, spec.weight) for spec, result in valued)
        dimensions.append(
            DimensionResult(
                key=dimension.key,
                pillar=dimension.pillar,
                score=dimension_score,
                stage=_stage(dimension_score, max_stage),
                target=target,
                gap=None if dimension_score is None else max(Fraction(0), target - dimension_score),
                coverage=Fraction(len(valued), len(in_scope)) if in_scope else None,
                n_in_scope=len(in_scope),
                n_with_value=len(valued),
                questions=questions,
            )
        )
        for question_index, (spec, result) in enumerate(valued):
            if result.value < target:
                recommendation = _recommendation(dimension, spec, result.value, target)
                if recommendation is not None:
                    candidates.append(
                        (recommendation.priority, dimension_index, question_index, recommendation)
                    )

    weights = {dimension.key: dimension.weight for dimension in framework.dimensions}
    scored = [dimension for dimension in dimensions if dimension.score is not None]
    pillars = []
    for pillar_key in framework.pillars:
        pillar_score = _weighted_mean(
            (dimension.score, weights[dimension.key])
            for dimension in scored
            if dimension.pillar == pillar_key
        )
        pillars.append(PillarResult(pillar_key, pillar_score, _stage(pillar_score, max_stage)))
    overall = _weighted_mean((dimension.score, weights[dimension.key]) for dimension in scored)
    candidates.sort(key=lambda item: (-item[0], item[1], item[2]))

    return Result(
        max_stage=max_stage,
        n_respondents=len(counted),
        overall=overall,
        overall_stage=_stage(overall, max_stage),
        weakest_link_stage=min((dimension.stage for dimension in scored), default=None),
        pillars=tuple(pillars),
        dimensions=tuple(dimensions),
        recommendations=tuple(item[3] for item in candidates),
    )


def score_respondent(
    framework: FrameworkSpec,
    respondent: RespondentInput,
    targets: Mapping[str, int] | None = None,
) -> Result:
    """Score one respondent alone, counted as if submitted (so drafts can be previewed)."""
    return score(framework, (replace(respondent, submitted=True),), targets)


def score_by_group(
    framework: FrameworkSpec,
    respondents: Iterable[RespondentInput],
    groups: Mapping[str, frozenset[str]],
    targets: Mapping[str, int] | None = None,
) -> dict[str, Result]:
    """Score each group of roles separately: group name -> Result over its members' answers.

    A respondent belongs to every group whose set of roles contains their role; as in score(),
    only submitted respondents count. The dict follows the order of groups.
    """
    respondents = tuple(respondents)
    return {
        name: score(
            framework,
            (respondent for respondent in respondents if respondent.role in roles),
            targets,
        )
        for name, roles in groups.items()
    }


# --------------------------------------------------------------------------------------------
# Display and serialisation
# --------------------------------------------------------------------------------------------


def round_half_up(value: Fraction | int, places: int = 2) -> Decimal:
    """Round an exact value to places decimals, halves away from zero, for display or export.

    The rounding is done on the exact Fraction, so 2.345 gives 2.35 (binary floats would give
    2.34 for lack of an exact 2.345).
    """
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    exact = Fraction(value)
    units = math.floor(abs(exact) * 10**places + Fraction(1, 2))
    # A value rounding to zero keeps a positive sign: "-0.00" would only confuse readers.
    sign = 1 if exact < 0 and units else 0
    return Decimal((sign, tuple(int(digit) for digit in str(units)), -places))


def _fraction_out(value: Fraction | None) -> str | None:
    """Write an exact value as "7/3" (or "2"), keeping None."""
    return None if value is None else str(value)


def _fraction_in(value: Any) -> Fraction | None:
    """Read back a value written by _fraction_out."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected a fraction string or null, got {value!r}")
    return Fraction(value)


def result_to_dict(result: Result) -> dict[str, Any]:
    """Turn a Result into JSON-serialisable data: Fractions as strings such as "7/3"."""
    return {
        "schema_version": SCHEMA_VERSION,
        "max_stage": result.max_stage,
        "n_respondents": result.n_respondents,
        "overall": _fraction_out(result.overall),
        "overall_stage": result.overall_stage,
        "weakest_link_stage": result.weakest_link_stage,
        "pillars": [
            {"key": pillar.key, "score": _fraction_out(pillar.score), "stage": pillar.stage}
            for pillar in result.pillars
        ],
        "dimensions": [
            {
                "key": dimension.key,
                "pillar": dimension.pillar,
                "score": _fraction_out(dimension.score),
                "stage": dimension.stage,
                "target": dimension.target,
                "gap": _fraction_out(dimension.gap),
                "coverage": _fraction_out(dimension.coverage),
                "n_in_scope": dimension.n_in_scope,
                "n_with_value": dimension.n_with_value,
                "questions": [
                    {
                        "key": question.key,
                        "value": _fraction_out(question.value),
                        "spread": _fraction_out(question.spread),
                        "disagreement": question.disagreement,
                        "values_by_respondent": [
                            [respondent_key, value]
                            for respondent_key, value in question.values_by_respondent
                        ],
                        "n_values": question.n_values,
                        "n_not_applicable": question.n_not_applicable,
                        "n_dont_know": question.n_dont_know,
                        "n_unanswered": question.n_unanswered,
                    }
                    for question in dimension.questions
                ],
            }
            for dimension in result.dimensions
        ],
        "recommendations": [
            {
                "dimension_key": recommendation.dimension_key,
                "question_key": recommendation.question_key,
                "option_key": recommendation.option_key,
                "value": _fraction_out(recommendation.value),
                "priority": _fraction_out(recommendation.priority),
            }
            for recommendation in result.recommendations
        ],
    }


def result_from_dict(data: Mapping[str, Any]) -> Result:
    """Rebuild the Result that result_to_dict wrote; raises ValueError on another schema."""
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"unsupported scoring schema version {data.get('schema_version')!r}")
    return Result(
        max_stage=data["max_stage"],
        n_respondents=data["n_respondents"],
        overall=_fraction_in(data["overall"]),
        overall_stage=data["overall_stage"],
        weakest_link_stage=data["weakest_link_stage"],
        pillars=tuple(
            PillarResult(key=item["key"], score=_fraction_in(item["score"]), stage=item["stage"])
            for item in data["pillars"]
        ),
        dimensions=tuple(
            DimensionResult(
                key=item["key"],
                pillar=item["pillar"],
                score=_fraction_in(item["score"]),
                stage=item["stage"],
                target=item["target"],
                gap=_fraction_in(item["gap"]),
                coverage=_fraction_in(item["coverage"]),
                n_in_scope=item["n_in_scope"],
                n_with_value=item["n_with_value"],
                questions=tuple(
                    QuestionResult(
                        key=question["key"],
                        value=_fraction_in(question["value"]),
                        spread=_fraction_in(question["spread"]),
                        disagreement=question["disagreement"],
                        values_by_respondent=tuple(
                            (respondent_key, value)
                            for respondent_key, value in question["values_by_respondent"]
                        ),
                        n_values=question["n_values"],
                        n_not_applicable=question["n_not_applicable"],
                        n_dont_know=question["n_dont_know"],
                        n_unanswered=question["n_unanswered"],
                    )
                    for question in item["questions"]
                ),
            )
            for item in data["dimensions"]
        ),
        recommendations=tuple(
            Recommendation(
                dimension_key=item["dimension_key"],
                question_key=item["question_key"],
                option_key=item["option_key"],
                value=_fraction_in(item["value"]),
                priority=_fraction_in(item["priority"]),
            )
            for item in data["recommendations"]
        ),
    )
