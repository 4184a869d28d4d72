"""Gates: a stage that needs evidence elsewhere, evaluated by the pure scoring module.

The worked example of docs/scoring.md ("Gates"), by hand, on a 0-to-4 scale: pillar "ml" holds
"models" (questions m1, m2) and "governance" (g1, g2); pillar "ops" holds "delivery" (d1). The
gate "ml-3" says stage 3 of ml requires every governance question at 2 or above.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity.scoring import (
    AnswerInput,
    AnswerKind,
    DimensionSpec,
    FrameworkSpec,
    GateResult,
    GateScope,
    GateSpec,
    OptionSpec,
    QuestionSpec,
    RespondentInput,
    result_from_dict,
    result_to_dict,
    score,
)
from maturity.scoring.gates import question_meets

STAGES = tuple(OptionSpec(f"s{n}", n) for n in range(5))


def question(key: str) -> QuestionSpec:
    return QuestionSpec(key, F(1), STAGES)


def framework(*gates: GateSpec) -> FrameworkSpec:
    return FrameworkSpec(
        4,
        ("ml", "ops"),
        (
            DimensionSpec("models", "ml", F(1), 3, (question("m1"), question("m2"))),
            DimensionSpec("governance", "ml", F(1), 3, (question("g1"), question("g2"))),
            DimensionSpec("delivery", "ops", F(1), 3, (question("d1"),)),
        ),
        gates=gates,
    )


ML_3 = GateSpec("ml-3", GateScope.PILLAR, "ml", stage=3, at_least=2, dimensions=("governance",))


def answers(**stages: int | str) -> tuple[RespondentInput, ...]:
    """One submitted respondent, a stage (or "na"/"dont_know") per question."""
    given_answers = []
    for key, stage in stages.items():
        if stage == "na":
            given_answers.append(AnswerInput(key, AnswerKind.NOT_APPLICABLE))
        elif stage == "dont_know":
            given_answers.append(AnswerInput(key, AnswerKind.DONT_KNOW))
        else:
            given_answers.append(AnswerInput(key, AnswerKind.OPTION, f"s{stage}"))
    return (RespondentInput("r", "x", True, tuple(given_answers)),)


def test_a_failed_gate_holds_the_pillar_below_its_stage_and_keeps_the_score() -> None:
    # models 4 and 4, governance 4 and 1: ml = (4 + 5/2) / 2 = 13/4, stage 3 without the gate.
    # g2 at 1 is below 2: the gate fails and ml is held at stage 2; its score stays 13/4.
    result = score(framework(ML_3), answers(m1=4, m2=4, g1=4, g2=1, d1=1))
    assert result.pillar("ml").score == F(13, 4)
    assert result.pillar("ml").stage == 2
    assert result.gate("ml-3") == GateResult("ml-3", False, ("g2",), True, 3)
    # Dimensions and the other pillar are untouched by a pillar's gate.
    assert result.dimension("models").stage == 4
    assert result.pillar("ops").stage == 1


def test_a_met_gate_changes_nothing() -> None:
    without = score(framework(), answers(m1=4, m2=4, g1=4, g2=2, d1=1))
    result = score(framework(ML_3), answers(m1=4, m2=4, g1=4, g2=2, d1=1))
    assert result.pillar("ml").stage == without.pillar("ml").stage == 3
    assert result.gate("ml-3") == GateResult("ml-3", True, (), False, 3)


def test_a_failed_gate_below_its_stage_caps_nothing() -> None:
    # ml = (2 + 1) / 2 = 3/2, stage 1: already below 3, so the failed gate lowers nothing.
    result = score(framework(ML_3), answers(m1=2, m2=2, g1=1, g2=1, d1=0))
    assert result.pillar("ml").stage == 1
    assert result.gate("ml-3") == GateResult("ml-3", False, ("g1", "g2"), False, 1)


def test_dont_know_is_no_evidence_and_not_applicable_by_everyone_is() -> None:
    result = score(framework(ML_3), answers(m1=4, m2=4, g1=4, g2="dont_know", d1=1))
    assert result.gate("ml-3").failing == ("g2",)
    result = score(framework(ML_3), answers(m1=4, m2=4, g1=4, g2="na", d1=1))
    assert result.gate("ml-3").met
    # Unanswered is no evidence either.
    result = score(framework(ML_3), answers(m1=4, m2=4, g1=4, d1=1))
    assert result.gate("ml-3").failing == ("g2",)


def test_gates_on_dimensions_and_overall_and_on_named_questions() -> None:
    gates = (
        GateSpec("models-4", GateScope.DIMENSION, "models", 4, 3, questions=("d1",)),
        GateSpec("overall-2", GateScope.OVERALL, None, 2, 1, questions=("g1", "g2")),
    )
    # models 4 (needs d1 >= 3: d1 is 1) -> held at 3; overall (4 + 1/2 + 1) / 3 = 11/6, stage 1:
    # the overall gate fails (g2 is 0) but lowers nothing.
    result = score(framework(*gates), answers(m1=4, m2=4, g1=1, g2=0, d1=1))
    assert result.dimension("models").score == 4
    assert result.dimension("models").stage == 3
    assert result.overall == F(11, 6)
    assert result.overall_stage == 1
    assert result.gate("overall-2") == GateResult("overall-2", False, ("g2",), False, 1)
    # The weakest link reads the held stages.
    assert result.weakest_link_stage == 0


def test_several_failed_gates_hold_below_the_lowest() -> None:
    gates = (
        ML_3,
        GateSpec("ml-2", GateScope.PILLAR, "ml", 2, 4, questions=("m1",)),
    )
    result = score(framework(*gates), answers(m1=3, m2=4, g1=4, g2=4, d1=1))
    # ml = (7/2 + 4) / 2 = 15/4, stage 3; ml-3 holds (governance at 4), ml-2 fails (m1 at 3).
    assert result.pillar("ml").stage == 1
    assert [g.capped for g in result.gates] == [False, True]


def test_out_of_scope_questions_are_not_required() -> None:
    spec = FrameworkSpec(
        4,
        ("ml",),
        (
            DimensionSpec("models", "ml", F(1), 3, (question("m1"),)),
            DimensionSpec(
                "governance",
                "ml",
                F(1),
                3,
                (question("g1"), QuestionSpec("g2", F(1), STAGES, in_scope=False)),
            ),
        ),
        gates=(GateSpec("ml-3", GateScope.PILLAR, "ml", 3, 2, dimensions=("governance",)),),
    )
    result = score(spec, answers(m1=4, g1=3))
    assert result.gate("ml-3").met
    assert result.pillar("ml").stage == 3


def test_gates_survive_a_snapshot() -> None:
    result = score(framework(ML_3), answers(m1=4, m2=4, g1=4, g2=1, d1=1))
    assert result_from_dict(result_to_dict(result)) == result
    # A snapshot written before gates existed reads back with none.
    data = result_to_dict(score(framework(), answers(m1=4)))
    del data["gates"]
    assert result_from_dict(data).gates == ()


@pytest.mark.parametrize(
    ("gate", "message"),
    [
        (GateSpec("g", GateScope.PILLAR, "nope", 3, 2, dimensions=("models",)), "unknown pillar"),
        (GateSpec("g", GateScope.DIMENSION, "nope", 3, 2, dimensions=("models",)), "unknown"),
        (GateSpec("g", GateScope.OVERALL, None, 5, 2, dimensions=("models",)), "off the scale"),
        (GateSpec("g", GateScope.OVERALL, None, 3, 2, questions=("zz",)), "unknown keys"),
    ],
)
def test_inconsistent_gates_raise(gate: GateSpec, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        framework(gate)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"scope": GateScope.OVERALL, "scope_key": "ml", "stage": 3, "dimensions": ("models",)},
        {"scope": GateScope.PILLAR, "scope_key": None, "stage": 3, "dimensions": ("models",)},
        {"scope": GateScope.OVERALL, "scope_key": None, "stage": 0, "dimensions": ("models",)},
        {"scope": GateScope.OVERALL, "scope_key": None, "stage": 3},
    ],
)
def test_gates_that_cap_or_require_nothing_raise(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        GateSpec("g", at_least=2, **kwargs)


stage_lists = st.lists(st.integers(0, 4), min_size=5, max_size=5)


@given(stages=stage_lists, gate_stage=st.integers(1, 4), at_least=st.integers(0, 4))
def test_a_gate_never_raises_a_stage_nor_moves_a_score(stages, gate_stage, at_least) -> None:
    keys = ("m1", "m2", "g1", "g2", "d1")
    given_answers = answers(**dict(zip(keys, stages, strict=True)))
    gate = GateSpec("g", GateScope.PILLAR, "ml", gate_stage, at_least, dimensions=("governance",))
    without = score(framework(), given_answers)
    result = score(framework(gate), given_answers)
    assert result.pillar("ml").score == without.pillar("ml").score
    assert result.pillar("ml").stage <= without.pillar("ml").stage
    held = result.pillar("ml").stage
    if result.gate("g").met:
        assert held == without.pillar("ml").stage
    else:
        assert held == min(without.pillar("ml").stage, gate_stage - 1)
    # The gate fails exactly when a governance answer lies below at_least.
    assert result.gate("g").met == all(s >= at_least for s in stages[2:4])


def test_question_meets_reads_values_first() -> None:
    result = score(framework(), answers(m1=2))
    assert question_meets(result.question("m1"), 2)
    assert not question_meets(result.question("m1"), 3)
