"""Gates: a stage of a dimension, a pillar or the whole result that needs evidence elsewhere.

A gate reads "stage N of this element requires every question of these dimensions (or these
questions) at a value of X or above". When a required question falls short, the element's stage
is held below N (its score is unchanged: the gate caps what the score is called, not what the
answers are worth). The rules, with a worked example, are in ``docs/scoring.md`` ("Gates").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from .outcomes import GateResult, QuestionResult, Result


class GateScope(StrEnum):
    """What a gate caps: the overall result, one pillar or one dimension."""

    OVERALL = "overall"
    PILLAR = "pillar"
    DIMENSION = "dimension"


@dataclass(frozen=True)
class GateSpec:
    """One gate: the element it caps, the stage it guards, and the evidence that stage needs.

    scope_key names the pillar or dimension capped (None for the overall result). Every in-scope
    question of `dimensions`, and every question of `questions` in scope, must reach at_least.
    """

    key: str
    scope: GateScope
    scope_key: str | None
    stage: int
    at_least: int
    dimensions: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse a gate that could cap nothing or require nothing."""
        object.__setattr__(self, "scope", GateScope(self.scope))
        object.__setattr__(self, "dimensions", tuple(self.dimensions))
        object.__setattr__(self, "questions", tuple(self.questions))
        if (self.scope is GateScope.OVERALL) != (self.scope_key is None):
            raise ValueError(f"gate {self.key!r}: a pillar or dimension gate names its key")
        for name in ("stage", "at_least"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"gate {self.key!r}: {name} must be an int, got {value!r}")
        if self.stage < 1:
            raise ValueError(f"gate {self.key!r}: a gate on stage 0 caps nothing")
        if self.at_least < 0:
            raise ValueError(f"gate {self.key!r}: at_least must be >= 0")
        if not self.dimensions and not self.questions:
            raise ValueError(f"gate {self.key!r}: requires no dimension and no question")


def gate_from_document(gate: dict) -> GateSpec:
    """A gate as the framework file gives it (its canonical dict) to the scoring's spec."""
    ((scope, key),) = gate["caps"].items()
    requires = gate["requires"]
    return GateSpec(
        key=gate["key"],
        scope=GateScope(scope),
        scope_key=None if scope == GateScope.OVERALL else key,
        stage=gate["stage"],
        at_least=requires["at_least"],
        dimensions=tuple(requires.get("dimensions", ())),
        questions=tuple(requires.get("questions", ())),
    )


def question_meets(question: QuestionResult, at_least: int) -> bool:
    """Whether a question's pooled answers give the evidence a gate asks for.

    A value at or above at_least does. A question without a value does only when everyone who
    answered it said "not applicable" (the practice does not concern them); "don't know" or no
    answer at all is not evidence, whatever the framework's rules make it worth.
    """
    if question.value is not None:
        return question.value >= at_least
    return question.n_not_applicable > 0 and not question.n_dont_know and not question.n_unanswered


def _required(gate: GateSpec, result: Result) -> list[QuestionResult]:
    """The gate's in-scope questions, in questionnaire order (a result holds only those).

    A question asked of none of the counted respondents (its audience) is not required either,
    as a question out of scope is not: nobody was in a position to give the evidence.
    """
    named = set(gate.questions)
    return [
        question
        for dimension in result.dimensions
        for question in dimension.questions
        if (dimension.key in gate.dimensions or question.key in named) and question.asked
    ]


def _capped(stage: int | None, cap: int | None) -> int | None:
    return stage if stage is None or cap is None else min(stage, cap)


def _stage_of(result: Result, scope: GateScope, key: str | None) -> int | None:
    if scope is GateScope.OVERALL:
        return result.overall_stage
    elements = result.pillars if scope is GateScope.PILLAR else result.dimensions
    return next(element.stage for element in elements if element.key == key)


def apply_gates(result: Result, gates: Iterable[GateSpec]) -> Result:
    """The result with each failed gate holding its element's stage below the gate's stage.

    Gates read question values only, never stages, so their order does not matter; several failed
    gates on one element hold it below the lowest of their stages. Each gate's outcome says
    whether it held, which questions fell short, and whether it lowered a stage.
    """
    outcomes: list[GateResult] = []
    caps: dict[tuple[GateScope, str | None], int] = {}
    for gate in gates:
        required = _required(gate, result)
        failing = tuple(q.key for q in required if not question_meets(q, gate.at_least))
        before = _stage_of(result, gate.scope, gate.scope_key)
        if failing:
            where = (gate.scope, gate.scope_key)
            caps[where] = min(caps.get(where, gate.stage - 1), gate.stage - 1)
        outcomes.append(
            GateResult(
                key=gate.key,
                met=not failing,
                failing=failing,
                capped=bool(failing) and before is not None and before >= gate.stage,
                uncapped_stage=before,
            )
        )
    if not outcomes:
        return result
    dimensions = tuple(
        replace(d, stage=_capped(d.stage, caps.get((GateScope.DIMENSION, d.key))))
        for d in result.dimensions
    )
    pillars = tuple(
        replace(p, stage=_capped(p.stage, caps.get((GateScope.PILLAR, p.key))))
        for p in result.pillars
    )
    return replace(
        result,
        dimensions=dimensions,
        pillars=pillars,
        overall_stage=_capped(result.overall_stage, caps.get((GateScope.OVERALL, None))),
        weakest_link_stage=min((d.stage for d in dimensions if d.stage is not None), default=None),
        gates=tuple(outcomes),
    )
