"""Options worth points (format 2.0): exact values on the scale, and the figures they keep.

The worked example of docs/scoring.md ("Options worth points"), by hand: a 0-to-4 scale, a
question whose options are worth 0, 1, 2.5 and 5 points puts them at 0, 4/5, 2 and 4.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity.scoring import (
    AnswerInput,
    AnswerKind,
    DimensionSpec,
    FrameworkSpec,
    OptionSpec,
    QuestionSpec,
    Recommendation,
    RespondentInput,
    result_from_dict,
    result_to_dict,
    score,
)


def points(*pairs: tuple[str, object]) -> tuple[OptionSpec, ...]:
    return tuple(OptionSpec(key, points=value) for key, value in pairs)


def pick(question_key: str, option_key: str) -> AnswerInput:
    return AnswerInput(question_key, AnswerKind.OPTION, option_key)


def respondents(*answer_lists: tuple[AnswerInput, ...]) -> tuple[RespondentInput, ...]:
    return tuple(
        RespondentInput(f"r{i}", "x", True, answers) for i, answers in enumerate(answer_lists)
    )


AUDIT = QuestionSpec(
    "audit", F(1), points(("none", 0), ("some", 1), ("half", Decimal("2.5")), ("all", 5))
)


def framework(*questions: QuestionSpec, max_stage: int = 4, target: int = 3) -> FrameworkSpec:
    return FrameworkSpec(max_stage, ("p",), (DimensionSpec("d", "p", F(1), target, questions),))


def test_option_values_are_points_over_the_most_points_on_the_scale() -> None:
    assert AUDIT.option_values(4) == {"none": F(0), "some": F(4, 5), "half": F(2), "all": F(4)}
    # On another scale the same points land elsewhere: 1 point of 5 on 0-to-10 is 2.
    assert AUDIT.option_values(10)["some"] == F(2)


def test_stage_options_keep_their_stage() -> None:
    question = QuestionSpec("q", F(1), (OptionSpec("a", 0), OptionSpec("b", 3)))
    assert question.option_values(4) == {"a": F(0), "b": F(3)}


def test_question_value_is_the_mean_of_the_respondents_values() -> None:
    # 4/5 and 2: (4/5 + 2) / 2 = 7/5, whose stage is 1.
    result = score(
        framework(AUDIT), respondents((pick("audit", "some"),), (pick("audit", "half"),))
    )
    assert result.question("audit").value == F(7, 5)
    assert result.dimension("d").score == F(7, 5)
    assert result.dimension("d").stage == 1


def test_weights_equal_to_the_most_points_keep_sum_of_points_over_maximum() -> None:
    # A questionnaire scored "sum of points over the maximum": 3 of 5 and 1 of 2 is 4 of 7.
    # With each question weighted by its most points, the dimension is 4/7 of the scale.
    first = QuestionSpec("first", 5, points(("p0", 0), ("p3", 3), ("p5", 5)))
    second = QuestionSpec("second", 2, points(("p0", 0), ("p1", 1), ("p2", 2)))
    result = score(
        framework(first, second),
        respondents((pick("first", "p3"), pick("second", "p1"))),
    )
    assert result.dimension("d").score == F(4, 7) * 4


def test_recommendation_is_the_option_reached_by_the_value() -> None:
    # Value 7/5 reaches "some" (4/5) but not "half" (2): the advice is "some"'s next step,
    # priority (3 - 7/5) × 1 × 1 = 8/5.
    result = score(
        framework(AUDIT), respondents((pick("audit", "some"),), (pick("audit", "half"),))
    )
    assert result.recommendations == (Recommendation("d", "audit", "some", F(7, 5), F(8, 5)),)


def test_value_between_whole_stages_reaches_an_option_above_its_floor() -> None:
    # Options at 0, 4/3 and 4 (0, 1 and 3 points): two respondents at 4/3 give 4/3. Its floor,
    # 1, lies below 4/3, yet the group has reached "one": the advice is one's, not zero's.
    question = QuestionSpec("q", F(1), points(("zero", 0), ("one", 1), ("three", 3)))
    result = score(framework(question), respondents((pick("q", "one"),), (pick("q", "one"),)))
    assert result.question("q").value == F(4, 3)
    assert result.recommendations[0].option_key == "one"


def test_snapshot_keeps_values_worth_points_exactly() -> None:
    result = score(framework(AUDIT), respondents((pick("audit", "some"),), (pick("audit", "all"),)))
    data = result_to_dict(result)
    assert data["dimensions"][0]["questions"][0]["values_by_respondent"] == [
        ["r0", "4/5"],
        ["r1", 4],
    ]
    assert result_from_dict(data) == result


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((OptionSpec("a", 0), OptionSpec("b", points=2)), "mix scores and points"),
        ((OptionSpec("a", points=1), OptionSpec("b", points=1)), "distinct"),
        ((OptionSpec("a", points=0),), "must be worth points"),
    ],
)
def test_inconsistent_point_options_raise(options: tuple[OptionSpec, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        QuestionSpec("q", F(1), options)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, ValueError),
        ({"score": 1, "points": 1}, ValueError),
        ({"points": -1}, ValueError),
        ({"points": 0.5}, TypeError),
    ],
)
def test_bad_options_raise(kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        OptionSpec("o", **kwargs)


point_lists = st.lists(
    st.decimals(min_value=0, max_value=1000, places=2), min_size=2, max_size=7, unique=True
).map(sorted)


@given(values=point_lists, max_stage=st.integers(1, 10), data=st.data())
def test_values_lie_on_the_scale_with_the_top_option_at_its_top(values, max_stage, data) -> None:
    question = QuestionSpec("q", F(1), points(*((f"o{i}", v) for i, v in enumerate(values))))
    option_values = question.option_values(max_stage)
    assert all(0 <= value <= max_stage for value in option_values.values())
    assert option_values[f"o{len(values) - 1}"] == max_stage
    # Order kept: more points is never a lower value.
    ordered = [option_values[f"o{i}"] for i in range(len(values))]
    assert ordered == sorted(ordered)
    chosen = data.draw(st.lists(st.integers(0, len(values) - 1), min_size=1, max_size=6))
    result = score(
        framework(question, max_stage=max_stage, target=max_stage),
        respondents(*((pick("q", f"o{i}"),) for i in chosen)),
    )
    # The pooled value is the mean of the points over the most points, on the scale.
    expected = sum(F(values[i]) for i in chosen) / len(chosen) / F(values[-1]) * max_stage
    assert result.question("q").value == expected
