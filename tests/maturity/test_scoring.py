"""Tests of maturity.scoring: worked examples computed by hand, then Hypothesis properties."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.formatting import round_half_up
from maturity.scoring import (
    AnswerInput,
    AnswerKind,
    DimensionSpec,
    FrameworkSpec,
    MissingValueRule,
    OptionSpec,
    QuestionSpec,
    Recommendation,
    RespondentInput,
    Result,
    result_from_dict,
    result_to_dict,
    score,
    score_by_group,
    score_respondent,
)

F = Fraction

# --------------------------------------------------------------------------------------------
# Worked example (the one told step by step in docs/scoring.md)
# --------------------------------------------------------------------------------------------
#
# Scale 0..4 (M = 4). Two pillars, two dimensions, both with target 3.
#
#   versioning (pillar process, weight 1)
#     vcs      weight 2  options none=0 partial=2 full=4
#     lineage  weight 1  options l0=0 l1=1 l2=2 l3=3 l4=4
#   monitoring (pillar platform, weight 2)
#     alerts   weight 1  options no=0 yes=4
#     drift    weight 1  options d0=0 d1=1 d2=2 d3=3
#     edge     weight 1  options no=0 yes=4  -- out of scope
#
#   answers    ana (lead)  ben (engineer)  chloe (engineer)  dan (manager, NOT submitted)
#   vcs        full 4      partial 2       don't know -> 0   full
#   lineage    l2 2        l1 1            N/A               l4
#   alerts     yes 4       yes 4           no 0              yes
#   drift      N/A         N/A             (unanswered)      d3
#   edge       yes         -               -                 yes


def opts(*pairs: tuple[str, int]) -> tuple[OptionSpec, ...]:
    """Build options from (key, score) pairs."""
    return tuple(OptionSpec(key, value) for key, value in pairs)


def pick(question_key: str, option_key: str) -> AnswerInput:
    """Answer a question with an option."""
    return AnswerInput(question_key, AnswerKind.OPTION, option_key)


def na(question_key: str) -> AnswerInput:
    """Answer a question with "not applicable"."""
    return AnswerInput(question_key, AnswerKind.NOT_APPLICABLE)


def dont_know(question_key: str) -> AnswerInput:
    """Answer a question with "don't know"."""
    return AnswerInput(question_key, AnswerKind.DONT_KNOW)


EXAMPLE = FrameworkSpec(
    max_stage=4,
    pillars=("process", "platform"),
    dimensions=(
        DimensionSpec(
            key="versioning",
            pillar="process",
            weight=F(1),
            target=3,
            questions=(
                QuestionSpec("vcs", F(2), opts(("none", 0), ("partial", 2), ("full", 4))),
                QuestionSpec(
                    "lineage", F(1), opts(("l0", 0), ("l1", 1), ("l2", 2), ("l3", 3), ("l4", 4))
                ),
            ),
        ),
        DimensionSpec(
            key="monitoring",
            pillar="platform",
            weight=F(2),
            target=3,
            questions=(
                QuestionSpec("alerts", F(1), opts(("no", 0), ("yes", 4))),
                QuestionSpec("drift", F(1), opts(("d0", 0), ("d1", 1), ("d2", 2), ("d3", 3))),
                QuestionSpec("edge", F(1), opts(("no", 0), ("yes", 4)), in_scope=False),
            ),
        ),
    ),
)

ANA = RespondentInput(
    "ana",
    "lead",
    True,
    (
        pick("vcs", "full"),
        pick("lineage", "l2"),
        pick("alerts", "yes"),
        na("drift"),
        pick("edge", "yes"),
    ),
)
BEN = RespondentInput(
    "ben",
    "engineer",
    True,
    (pick("vcs", "partial"), pick("lineage", "l1"), pick("alerts", "yes"), na("drift")),
)
CHLOE = RespondentInput(
    "chloe", "engineer", True, (dont_know("vcs"), na("lineage"), pick("alerts", "no"))
)
DAN = RespondentInput(
    "dan",
    "manager",
    False,
    (
        pick("vcs", "full"),
        pick("lineage", "l4"),
        pick("alerts", "yes"),
        pick("drift", "d3"),
        pick("edge", "yes"),
    ),
)
EXAMPLE_RESPONDENTS = (ANA, BEN, CHLOE, DAN)


def test_example_question_values_are_means_of_respondent_values() -> None:
    result = score(EXAMPLE, EXAMPLE_RESPONDENTS)
    # vcs: 4, 2 and don't know = 0 -> (4 + 2 + 0) / 3 = 2, spread 4 - 0 = 4. Gaps of 2 >= 4/2
    # between neighbours and no two values within a stage: consensus 1/3 < 0.65, disagreement.
    vcs = result.question("vcs")
    assert vcs.value == F(2)
    assert vcs.spread == F(4)
    assert vcs.consensus == F(1, 3)
    assert vcs.disagreement is True
    assert vcs.values_by_respondent == (("ana", 4), ("ben", 2), ("chloe", 0))
    assert (vcs.n_values, vcs.n_not_applicable, vcs.n_dont_know, vcs.n_unanswered) == (3, 0, 1, 0)
    # lineage: 2 and 1, chloe N/A -> 3/2, spread 1 < 2: no disagreement.
    lineage = result.question("lineage")
    assert lineage.value == F(3, 2)
    assert lineage.spread == F(1)
    assert lineage.consensus == F(1)
    assert lineage.disagreement is False
    assert (lineage.n_values, lineage.n_not_applicable) == (2, 1)
    # alerts: 4, 4, 0 -> 8/3, spread 4, split by a gap of 4; but 2 of 3 agree: consensus
    # 2/3 >= 0.65, chloe is an outlier, not a split of views.
    alerts = result.question("alerts")
    assert alerts.value == F(8, 3)
    assert alerts.consensus == F(2, 3)
    assert alerts.disagreement is False
    # drift: N/A, N/A, unanswered -> no value at all.
    drift = result.question("drift")
    assert (drift.value, drift.spread, drift.consensus, drift.disagreement) == (
        None,
        None,
        None,
        False,
    )
    assert (drift.n_values, drift.n_not_applicable, drift.n_unanswered) == (0, 2, 1)


def test_example_dimension_scores_are_weighted_means_of_question_values() -> None:
    result = score(EXAMPLE, EXAMPLE_RESPONDENTS)
    # versioning: (2 x 2 + 1 x 3/2) / (2 + 1) = (11/2) / 3 = 11/6 = 1.83 -> stage 1.
    versioning = result.dimension("versioning")
    assert versioning.score == F(11, 6)
    assert versioning.stage == 1
    assert versioning.target == 3
    assert versioning.gap == F(7, 6)  # 3 - 11/6
    assert versioning.coverage == F(1)  # 2 of 2 questions have a value
    assert (versioning.n_in_scope, versioning.n_with_value) == (2, 2)
    # monitoring: only alerts has a value -> 8/3 = 2.67 -> stage 2; edge is out of scope.
    monitoring = result.dimension("monitoring")
    assert monitoring.score == F(8, 3)
    assert monitoring.stage == 2
    assert monitoring.gap == F(1, 3)  # 3 - 8/3
    assert monitoring.coverage == F(1, 2)  # alerts of {alerts, drift}
    assert (monitoring.n_in_scope, monitoring.n_with_value) == (2, 1)


def test_example_pillars_overall_and_weakest_link() -> None:
    result = score(EXAMPLE, EXAMPLE_RESPONDENTS)
    assert result.n_respondents == 3  # dan has not submitted
    assert result.pillar("process").score == F(11, 6)
    assert result.pillar("process").stage == 1
    assert result.pillar("platform").score == F(8, 3)
    assert result.pillar("platform").stage == 2
    # overall: (1 x 11/6 + 2 x 8/3) / (1 + 2) = (11/6 + 32/6) / 3 = 43/18 = 2.39 -> stage 2.
    assert result.overall == F(43, 18)
    assert result.overall_stage == 2
    assert round_half_up(result.overall) == Decimal("2.39")
    # The weakest link is versioning's stage 1, below the overall stage.
    assert result.weakest_link_stage == 1


def test_example_recommendations_are_sorted_by_priority() -> None:
    result = score(EXAMPLE, EXAMPLE_RESPONDENTS)
    # vcs     2 < 3:   option at floor 2 = partial; priority (3 - 2) x 2 x 1 = 2
    # lineage 3/2 < 3: option at floor 1 = l1;      priority (3 - 3/2) x 1 x 1 = 3/2
    # alerts  8/3 < 3: highest option <= 2 = no;   priority (3 - 8/3) x 1 x 2 = 2/3
    # drift has no value: no recommendation.
    assert result.recommendations == (
        Recommendation("versioning", "vcs", "partial", F(2), F(2)),
        Recommendation("versioning", "lineage", "l1", F(3, 2), F(3, 2)),
        Recommendation("monitoring", "alerts", "no", F(8, 3), F(2, 3)),
    )


def test_target_override_changes_gap_and_recommendation_order() -> None:
    result = score(EXAMPLE, EXAMPLE_RESPONDENTS, targets={"monitoring": 4})
    monitoring = result.dimension("monitoring")
    assert monitoring.target == 4
    assert monitoring.gap == F(4, 3)  # 4 - 8/3
    # alerts now weighs (4 - 8/3) x 1 x 2 = 8/3 > 2, so it comes first.
    assert [r.question_key for r in result.recommendations] == ["alerts", "vcs", "lineage"]
    assert result.recommendations[0].priority == F(8, 3)


def test_target_reached_means_zero_gap_and_no_recommendation() -> None:
    result = score(EXAMPLE, EXAMPLE_RESPONDENTS, targets={"versioning": 1})
    # 1 - 11/6 is negative, so the gap is 0; vcs (2) and lineage (3/2) both reach 1.
    assert result.dimension("versioning").gap == F(0)
    assert [r.question_key for r in result.recommendations] == ["alerts"]


def test_unsubmitted_respondent_is_ignored() -> None:
    assert score(EXAMPLE, EXAMPLE_RESPONDENTS) == score(EXAMPLE, (ANA, BEN, CHLOE))


def test_unsubmitted_respondent_answers_are_not_even_checked() -> None:
    draft = RespondentInput("eve", "lead", False, (pick("nonexistent", "x"),))
    assert score(EXAMPLE, (ANA, draft)) == score(EXAMPLE, (ANA,))


def test_out_of_scope_question_does_not_appear() -> None:
    result = score(EXAMPLE, EXAMPLE_RESPONDENTS)
    assert [q.key for q in result.dimension("monitoring").questions] == ["alerts", "drift"]
    with pytest.raises(KeyError):
        result.question("edge")


def test_score_respondent_counts_a_draft_as_submitted() -> None:
    result = score_respondent(EXAMPLE, DAN)
    assert result.n_respondents == 1
    # versioning: vcs 4, lineage 4 -> 4. monitoring: alerts 4, drift 3 -> (4 + 3) / 2 = 7/2.
    assert result.dimension("versioning").score == F(4)
    assert result.dimension("monitoring").score == F(7, 2)
    # overall: (1 x 4 + 2 x 7/2) / 3 = 11/3 -> stage 3; weakest link: floor(7/2) = 3.
    assert result.overall == F(11, 3)
    assert (result.overall_stage, result.weakest_link_stage) == (3, 3)
    assert result.recommendations == ()


def test_score_by_group_scores_each_set_of_roles() -> None:
    groups = {
        "leadership": frozenset({"lead", "manager"}),
        "engineering": frozenset({"engineer"}),
        "nobody": frozenset({"auditor"}),
    }
    results = score_by_group(EXAMPLE, EXAMPLE_RESPONDENTS, groups)
    assert list(results) == ["leadership", "engineering", "nobody"]
    # leadership: ana only (dan has not submitted).
    # versioning (2 x 4 + 1 x 2) / 3 = 10/3; monitoring: alerts 4, drift N/A -> 4.
    # overall (10/3 + 2 x 4) / 3 = (34/3) / 3 = 34/9.
    leadership = results["leadership"]
    assert leadership.n_respondents == 1
    assert leadership.dimension("versioning").score == F(10, 3)
    assert leadership.dimension("monitoring").score == F(4)
    assert leadership.overall == F(34, 9)
    # engineering: ben and chloe. vcs (2 + 0) / 2 = 1, lineage 1 -> versioning (2 + 1) / 3 = 1.
    # alerts (4 + 0) / 2 = 2 -> monitoring 2. overall (1 + 2 x 2) / 3 = 5/3.
    engineering = results["engineering"]
    assert engineering.n_respondents == 2
    assert engineering.dimension("versioning").score == F(1)
    assert engineering.dimension("monitoring").score == F(2)
    assert engineering.overall == F(5, 3)
    # A group nobody belongs to scores nothing.
    nobody = results["nobody"]
    assert (nobody.n_respondents, nobody.overall, nobody.weakest_link_stage) == (0, None, None)
    assert all(p.score is None for p in nobody.pillars)


def test_result_to_dict_writes_exact_fractions_as_strings() -> None:
    data = result_to_dict(score(EXAMPLE, EXAMPLE_RESPONDENTS))
    assert data["overall"] == "43/18"
    assert data["overall_stage"] == 2
    assert data["dimensions"][0]["score"] == "11/6"
    assert data["dimensions"][0]["coverage"] == "1"
    assert data["dimensions"][1]["questions"][1]["value"] is None
    assert data["recommendations"][0]["priority"] == "2"
    assert json.loads(json.dumps(data)) == data


def test_result_from_dict_refuses_an_unknown_schema_version() -> None:
    data = result_to_dict(score(EXAMPLE, EXAMPLE_RESPONDENTS))
    data["schema_version"] = 999
    with pytest.raises(ValueError, match="schema"):
        result_from_dict(data)


# --------------------------------------------------------------------------------------------
# Smaller hand-computed cases
# --------------------------------------------------------------------------------------------


def single_question_framework(
    options: tuple[OptionSpec, ...], max_stage: int = 4, target: int = 3
) -> FrameworkSpec:
    """A framework with one dimension holding one question "q"."""
    return FrameworkSpec(
        max_stage,
        ("p",),
        (DimensionSpec("d", "p", F(1), target, (QuestionSpec("q", F(1), options),)),),
    )


def answering(*answers: AnswerInput) -> tuple[RespondentInput, ...]:
    """One submitted respondent per answer, keyed r0, r1..."""
    return tuple(RespondentInput(f"r{i}", "x", True, (a,)) for i, a in enumerate(answers))


def test_top_option_is_never_recommended() -> None:
    # Target 4 above the top score 2: everyone answering "yes" gives value 2 < 4, but the option
    # at floor(2) is the top one, so there is no advice to give.
    framework = single_question_framework(opts(("no", 0), ("yes", 2)), target=4)
    result = score(framework, answering(pick("q", "yes"), pick("q", "yes")))
    assert result.question("q").value == F(2)
    assert result.dimension("d").gap == F(2)
    assert result.recommendations == ()


def test_value_below_every_option_recommends_the_lowest_option() -> None:
    # Don't know counts 0, below the lowest score 1: floor(0) matches no option -> lowest (o1).
    framework = single_question_framework(opts(("o1", 1), ("o2", 2), ("o3", 3)))
    result = score(framework, answering(dont_know("q")))
    assert result.question("q").value == F(0)
    assert result.recommendations == (Recommendation("d", "q", "o1", F(0), F(3)),)


def test_recommendation_ties_follow_dimension_then_question_order() -> None:
    # Every question scores 1 against target 2 with all weights 1: every priority is 1.
    options = opts(("o0", 0), ("o1", 1), ("o2", 2))
    framework = FrameworkSpec(
        2,
        ("p",),
        (
            DimensionSpec(
                "zeta",
                "p",
                F(1),
                2,
                (QuestionSpec("qb", F(1), options), QuestionSpec("qa", F(1), options)),
            ),
            DimensionSpec("alpha", "p", F(1), 2, (QuestionSpec("qc", F(1), options),)),
        ),
    )
    respondent = RespondentInput(
        "r", "x", True, (pick("qa", "o1"), pick("qb", "o1"), pick("qc", "o1"))
    )
    result = score(framework, (respondent,))
    assert {r.priority for r in result.recommendations} == {F(1)}
    assert [r.question_key for r in result.recommendations] == ["qb", "qa", "qc"]


@pytest.mark.parametrize(
    ("max_stage", "low", "high", "expected"),
    [
        (4, 0, 2, True),  # gap 2 >= 4/2, consensus 1/2 < 0.65
        (4, 0, 1, False),  # gap 1 < 2
        (3, 1, 3, True),  # gap 2 >= 3/2, consensus 1/2
        (3, 1, 2, False),  # gap 1 < 3/2
    ],
)
def test_two_respondents_disagree_across_half_the_scale(
    max_stage: int, low: int, high: int, expected: bool
) -> None:
    framework = single_question_framework(
        opts(*((f"o{s}", s) for s in range(max_stage + 1))), max_stage=max_stage, target=0
    )
    result = score(framework, answering(pick("q", f"o{low}"), pick("q", f"o{high}")))
    assert result.question("q").disagreement is expected


def test_lone_value_never_disagrees() -> None:
    framework = single_question_framework(opts(("o0", 0), ("o1", 1)), max_stage=1, target=0)
    result = score(framework, answering(pick("q", "o1")))
    assert (result.question("q").spread, result.question("q").disagreement) == (F(0), False)


def test_dimension_without_any_value_is_unscored() -> None:
    framework = single_question_framework(opts(("o0", 0), ("o4", 4)))
    result = score(framework, answering(na("q")))
    dimension = result.dimension("d")
    assert (dimension.score, dimension.stage, dimension.gap) == (None, None, None)
    assert dimension.coverage == F(0)
    assert (result.overall, result.overall_stage, result.weakest_link_stage) == (None, None, None)


def test_dimension_without_questions_in_scope_has_no_coverage() -> None:
    question = QuestionSpec("q", F(1), opts(("o0", 0), ("o4", 4)), in_scope=False)
    framework = FrameworkSpec(4, ("p",), (DimensionSpec("d", "p", F(1), 3, (question,)),))
    dimension = score(framework, answering(pick("q", "o4"))).dimension("d")
    assert (dimension.coverage, dimension.n_in_scope, dimension.questions) == (None, 0, ())


def test_weights_accept_decimal_and_int() -> None:
    question = QuestionSpec("q", Decimal("1.50"), opts(("o0", 0), ("o4", 4)))
    dimension = DimensionSpec("d", "p", 2, 3, (question,))
    assert (question.weight, dimension.weight) == (F(3, 2), F(2))
    assert isinstance(dimension.weight, Fraction)


@pytest.mark.parametrize(
    ("respondent", "message"),
    [
        (RespondentInput("r", "x", True, (pick("nope", "o0"),)), "unknown question"),
        (RespondentInput("r", "x", True, (pick("q", "nope"),)), "unknown option"),
        (RespondentInput("r", "x", True, (dont_know("nope"),)), "unknown question"),
    ],
)
def test_answers_to_unknown_keys_raise(respondent: RespondentInput, message: str) -> None:
    framework = single_question_framework(opts(("o0", 0), ("o4", 4)))
    with pytest.raises(ValueError, match=message):
        score(framework, (respondent,))


def test_duplicate_submitted_respondent_keys_raise() -> None:
    with pytest.raises(ValueError, match="share a key"):
        score(EXAMPLE, (ANA, ANA))


@pytest.mark.parametrize("targets", [{"nope": 2}, {"versioning": 5}, {"versioning": -1}])
def test_bad_target_overrides_raise(targets: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        score(EXAMPLE, EXAMPLE_RESPONDENTS, targets=targets)


def test_inconsistent_specs_raise() -> None:
    with pytest.raises(TypeError):
        QuestionSpec("q", 1.5, opts(("o0", 0)))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        QuestionSpec("q", F(0), opts(("o0", 0)))
    with pytest.raises(ValueError):
        QuestionSpec("q", F(1), opts(("a", 1), ("b", 1)))
    with pytest.raises(ValueError, match="off the scale"):
        single_question_framework(opts(("o0", 0), ("o5", 5)))
    with pytest.raises(ValueError):
        AnswerInput("q", AnswerKind.OPTION)
    with pytest.raises(ValueError):
        AnswerInput("q", AnswerKind.NOT_APPLICABLE, "o0")
    with pytest.raises(ValueError):
        RespondentInput("r", "x", True, (na("q"), dont_know("q")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F("2.345"), "2.35"),
        (F(1, 3), "0.33"),
        (F(2, 3), "0.67"),
        (F("0.125"), "0.13"),
        (F("0.005"), "0.01"),
        (F("0.004"), "0.00"),
        (F(4), "4.00"),
        (F(0), "0.00"),
        (F("-2.345"), "-2.35"),
        (F("-0.001"), "0.00"),
    ],
)
def test_round_half_up_rounds_exact_halves_up(value: Fraction, expected: str) -> None:
    rounded = round_half_up(value)
    assert rounded == Decimal(expected)
    assert str(rounded) == expected


def test_round_half_up_other_places() -> None:
    assert str(round_half_up(F(5, 2), 0)) == "3"
    assert str(round_half_up(F(43, 18), 3)) == "2.389"


# --------------------------------------------------------------------------------------------
# Hypothesis properties
# --------------------------------------------------------------------------------------------

PROPERTIES = settings(max_examples=150, deadline=None, database=None)
ROLES = ("lead", "engineer", "manager")
weights = st.builds(Fraction, st.integers(1, 6), st.integers(1, 4))


@st.composite
def frameworks(draw: st.DrawFn) -> FrameworkSpec:
    """Random frameworks: 1-3 pillars, 1-4 dimensions, 0-4 questions each, 1-5 options each."""
    max_stage = draw(st.integers(1, 6))
    pillars = tuple(f"p{i}" for i in range(draw(st.integers(1, 3))))
    dimensions = []
    for d in range(draw(st.integers(1, 4))):
        questions = []
        for q in range(draw(st.integers(0, 4))):
            scores = draw(
                st.lists(
                    st.integers(0, max_stage),
                    min_size=1,
                    max_size=min(5, max_stage + 1),
                    unique=True,
                )
            )
            options = tuple(OptionSpec(f"o{s}", s) for s in scores)  # not necessarily ascending
            in_scope = draw(st.sampled_from((True, True, True, False)))
            questions.append(QuestionSpec(f"q{d}_{q}", draw(weights), options, in_scope))
        dimensions.append(
            DimensionSpec(
                f"d{d}",
                draw(st.sampled_from(pillars)),
                draw(weights),
                draw(st.integers(0, max_stage)),
                tuple(questions),
            )
        )
    return FrameworkSpec(max_stage, pillars, tuple(dimensions))


def all_questions(framework: FrameworkSpec) -> list[QuestionSpec]:
    """Every question of the framework, in scope or not."""
    return [q for d in framework.dimensions for q in d.questions]


@st.composite
def respondents_for(
    draw: st.DrawFn, framework: FrameworkSpec, min_size: int = 0, max_size: int = 4
) -> tuple[RespondentInput, ...]:
    """Random respondents answering any subset of the questions in any way."""
    respondents = []
    for i in range(draw(st.integers(min_size, max_size))):
        answers = []
        for question in all_questions(framework):
            kind = draw(st.sampled_from(("skip", "option", "option", "option", "na", "dk")))
            if kind == "option":
                answers.append(pick(question.key, draw(st.sampled_from(question.options)).key))
            elif kind == "na":
                answers.append(na(question.key))
            elif kind == "dk":
                answers.append(dont_know(question.key))
        role = draw(st.sampled_from(ROLES))
        submitted = draw(st.sampled_from((True, True, True, False)))
        respondents.append(RespondentInput(f"r{i}", role, submitted, tuple(answers)))
    return tuple(respondents)


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[FrameworkSpec, tuple[RespondentInput, ...], dict[str, int]]:
    """A framework, respondents and a few target overrides."""
    framework = draw(frameworks())
    respondents = draw(respondents_for(framework))
    overridden = draw(st.lists(st.sampled_from(framework.dimensions), unique=True, max_size=2))
    targets = {d.key: draw(st.integers(0, framework.max_stage)) for d in overridden}
    return framework, respondents, targets


def all_scores(result: Result) -> list[Fraction | None]:
    """Every score of a result: question values, dimension, pillar and overall scores."""
    scores: list[Fraction | None] = [result.overall]
    scores += [p.score for p in result.pillars]
    scores += [d.score for d in result.dimensions]
    scores += [q.value for d in result.dimensions for q in d.questions]
    return scores


def all_stages(result: Result) -> list[int | None]:
    """Every stage of a result."""
    return (
        [result.overall_stage, result.weakest_link_stage]
        + [p.stage for p in result.pillars]
        + [d.stage for d in result.dimensions]
    )


@PROPERTIES
@given(scenarios())
def test_scores_stay_on_the_scale(scenario) -> None:
    framework, respondents, targets = scenario
    result = score(framework, respondents, targets)
    top = framework.max_stage
    assert all(0 <= s <= top for s in all_scores(result) if s is not None)
    assert all(0 <= s <= top for s in all_stages(result) if s is not None)
    for dimension in result.dimensions:
        if dimension.coverage is not None:
            assert 0 <= dimension.coverage <= 1
        if dimension.gap is not None:
            assert 0 <= dimension.gap <= dimension.target
        if dimension.score is not None:
            assert dimension.stage == math.floor(dimension.score)
            assert result.weakest_link_stage <= dimension.stage


@PROPERTIES
@given(scenarios())
def test_recommendations_are_below_target_and_sorted(scenario) -> None:
    framework, respondents, targets = scenario
    result = score(framework, respondents, targets)
    specs = {q.key: q for q in all_questions(framework)}
    for recommendation in result.recommendations:
        dimension = result.dimension(recommendation.dimension_key)
        question = result.question(recommendation.question_key)
        assert recommendation.value == question.value < dimension.target
        assert recommendation.priority > 0
        options = {o.key: o.score for o in specs[question.key].options}
        assert options[recommendation.option_key] < max(options.values())
    priorities = [r.priority for r in result.recommendations]
    assert priorities == sorted(priorities, reverse=True)


@PROPERTIES
@given(scenarios(), st.data())
def test_raising_an_answer_never_lowers_any_score(scenario, data) -> None:
    framework, respondents, targets = scenario
    specs = {q.key: q for q in all_questions(framework)}

    def higher_options(answer: AnswerInput) -> list[OptionSpec]:
        """Options scoring more than answer: any option beats "don't know" (worth 0, below all)."""
        options = specs[answer.question_key].options
        if answer.kind is AnswerKind.DONT_KNOW:
            return list(options)
        if answer.kind is AnswerKind.NOT_APPLICABLE:
            return []  # N/A has no value to raise; giving it one is not "raising"
        current = next(o.score for o in options if o.key == answer.option_key)
        return [o for o in options if o.score > current]

    raisable = [
        (i, j)
        for i, respondent in enumerate(respondents)
        for j, answer in enumerate(respondent.answers)
        if higher_options(answer)
    ]
    if not raisable:
        return
    i, j = data.draw(st.sampled_from(raisable))
    answer = respondents[i].answers[j]
    higher = data.draw(st.sampled_from(higher_options(answer)))
    new_answers = list(respondents[i].answers)
    new_answers[j] = pick(answer.question_key, higher.key)
    raised = list(respondents)
    raised[i] = replace(respondents[i], answers=tuple(new_answers))

    before = score(framework, respondents, targets)
    after = score(framework, raised, targets)
    for old, new in zip(all_scores(before), all_scores(after), strict=True):
        assert (old is None) == (new is None)
        if old is not None:
            assert new >= old
    for old, new in zip(all_stages(before), all_stages(after), strict=True):
        if old is not None:
            assert new >= old


def with_question(result: Result, key: str, **changes: int) -> Result:
    """Return result with the counters of question key replaced."""
    dimensions = tuple(
        replace(
            d,
            questions=tuple(replace(q, **changes) if q.key == key else q for q in d.questions),
        )
        for d in result.dimensions
    )
    return replace(result, dimensions=dimensions)


@PROPERTIES
@given(scenarios(), st.data())
def test_not_applicable_instead_of_unanswered_changes_only_the_counters(scenario, data) -> None:
    framework, respondents, targets = scenario
    unanswered = [
        (i, q)
        for i, respondent in enumerate(respondents)
        for q in all_questions(framework)
        if q.key not in {a.question_key for a in respondent.answers}
    ]
    if not unanswered:
        return
    i, question = data.draw(st.sampled_from(unanswered))
    changed = list(respondents)
    changed[i] = replace(respondents[i], answers=(*respondents[i].answers, na(question.key)))

    before = score(framework, respondents, targets)
    after = score(framework, changed, targets)
    if question.in_scope and respondents[i].submitted:
        counters = before.question(question.key)
        expected = with_question(
            before,
            question.key,
            n_unanswered=counters.n_unanswered - 1,
            n_not_applicable=counters.n_not_applicable + 1,
        )
    else:
        expected = before  # out of scope or not submitted: nothing at all changes
    assert after == expected


@PROPERTIES
@given(scenarios(), weights, weights)
def test_scaling_all_weights_changes_nothing_but_priorities(scenario, q_factor, d_factor) -> None:
    framework, respondents, targets = scenario
    scaled = replace(
        framework,
        dimensions=tuple(
            replace(
                d,
                weight=d.weight * d_factor,
                questions=tuple(replace(q, weight=q.weight * q_factor) for q in d.questions),
            )
            for d in framework.dimensions
        ),
    )
    before = score(framework, respondents, targets)
    after = score(scaled, respondents, targets)
    # Priorities are products of the weights, so they scale too; their order does not change.
    expected = replace(
        before,
        recommendations=tuple(
            replace(r, priority=r.priority * q_factor * d_factor) for r in before.recommendations
        ),
    )
    assert after == expected


@PROPERTIES
@given(st.data())
def test_one_respondent_equals_their_individual_score(data) -> None:
    framework = data.draw(frameworks())
    (respondent,) = data.draw(respondents_for(framework, min_size=1, max_size=1))
    individual = score_respondent(framework, respondent)
    assert individual == score(framework, (replace(respondent, submitted=True),))
    if respondent.submitted:
        assert individual == score(framework, (respondent,))
    # Alone in a group, too.
    groups = {"mine": frozenset({respondent.role})}
    assert score_by_group(framework, (respondent,), groups)["mine"] == score(
        framework, (respondent,)
    )


@PROPERTIES
@given(scenarios(), st.data())
def test_permuting_respondents_changes_nothing(scenario, data) -> None:
    framework, respondents, targets = scenario
    permuted = data.draw(st.permutations(respondents))
    assert score(framework, permuted, targets) == score(framework, respondents, targets)


@PROPERTIES
@given(scenarios())
def test_group_of_every_role_equals_the_whole(scenario) -> None:
    framework, respondents, targets = scenario
    groups = {"all": frozenset(ROLES), "none": frozenset()}
    results = score_by_group(framework, respondents, groups, targets)
    assert results["all"] == score(framework, respondents, targets)
    assert results["none"] == score(framework, (), targets)


@PROPERTIES
@given(scenarios())
def test_result_round_trips_through_json(scenario) -> None:
    framework, respondents, targets = scenario
    result = score(framework, respondents, targets)
    data = json.loads(json.dumps(result_to_dict(result)))
    back = result_from_dict(data)
    assert back == result
    # repr also tells Fraction(2, 1) from 2, so the types survive the trip as well.
    assert repr(back) == repr(result)


# --------------------------------------------------------------------------------------------
# The framework's rules for "don't know" and unanswered questions
# --------------------------------------------------------------------------------------------


def test_example_with_dont_know_giving_no_value() -> None:
    result = score(replace(EXAMPLE, dont_know=MissingValueRule.NO_VALUE), EXAMPLE_RESPONDENTS)
    # vcs: 4 and 2, chloe's "don't know" left out -> 6/2 = 3 (2 under the bottom rule); it is
    # still counted, as a knowledge gap.
    vcs = result.question("vcs")
    assert vcs.value == F(3)
    assert vcs.values_by_respondent == (("ana", 4), ("ben", 2))
    assert (vcs.n_values, vcs.n_dont_know) == (2, 1)
    # versioning: (2 x 3 + 1 x 3/2) / 3 = 5/2 (11/6 under the bottom rule).
    assert result.dimension("versioning").score == F(5, 2)


def test_example_with_unanswered_questions_at_the_bottom() -> None:
    result = score(replace(EXAMPLE, unanswered=MissingValueRule.BOTTOM), EXAMPLE_RESPONDENTS)
    # drift: ana and ben N/A, chloe left it unanswered -> 0, a value (none under the default).
    drift = result.question("drift")
    assert drift.value == F(0)
    assert drift.values_by_respondent == (("chloe", 0),)
    assert (drift.n_values, drift.n_unanswered) == (1, 1)
    # monitoring: alerts 8/3 and drift 0, equal weights -> 4/3 (8/3 with drift unscored).
    assert result.dimension("monitoring").score == F(4, 3)
    # dan has not submitted: what he left unanswered is not counted, nor anything else of his.
    assert all(key != "dan" for key, _ in result.question("alerts").values_by_respondent)


def test_a_misspelt_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="'sometimes' is not a valid MissingValueRule"):
        replace(EXAMPLE, dont_know="sometimes")


def without_dont_know(respondent: RespondentInput) -> RespondentInput:
    answers = tuple(a for a in respondent.answers if a.kind is not AnswerKind.DONT_KNOW)
    return replace(respondent, answers=answers)


def every_question_answered(framework: FrameworkSpec, respondent: RespondentInput):
    """The respondent with "don't know" wherever they gave no answer."""
    answered = {a.question_key for a in respondent.answers}
    missing = [dont_know(q.key) for q in all_questions(framework) if q.key not in answered]
    return replace(respondent, answers=(*respondent.answers, *missing))


@PROPERTIES
@given(scenarios())
def test_dont_know_giving_no_value_is_as_if_it_were_not_there(scenario) -> None:
    framework, respondents, targets = scenario
    no_value = replace(framework, dont_know=MissingValueRule.NO_VALUE)
    result = score(no_value, respondents, targets)
    skipped = score(framework, tuple(without_dont_know(r) for r in respondents), targets)
    assert all_scores(result) == all_scores(skipped)
    assert result.recommendations == skipped.recommendations
    for dimension in result.dimensions:
        for question in dimension.questions:
            # Left out of the value, still reported.
            twin = skipped.question(question.key)
            assert question.n_dont_know == twin.n_unanswered - question.n_unanswered


@PROPERTIES
@given(scenarios())
def test_unanswered_at_the_bottom_is_as_if_each_were_a_dont_know_worth_zero(scenario) -> None:
    framework, respondents, targets = scenario
    bottom = replace(framework, unanswered=MissingValueRule.BOTTOM)
    filled = tuple(every_question_answered(framework, r) for r in respondents)
    assert all_scores(score(bottom, respondents, targets)) == all_scores(
        score(framework, filled, targets)
    )
