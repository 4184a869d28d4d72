"""Tests of maturity.scoring.agreement: the consensus share and the split rule."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity.scoring.agreement import (
    DEFAULT_CONSENSUS_THRESHOLD,
    consensus,
    disagreement,
    split,
)

F = Fraction
T = DEFAULT_CONSENSUS_THRESHOLD


def test_default_threshold_is_65_percent() -> None:
    assert F(65, 100) == T


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([3], F(1)),
        ([1, 2], F(1)),  # within one stage of each other
        ([0, 2], F(1, 2)),
        ([0, 2, 4], F(1, 3)),
        ([4, 4, 0], F(2, 3)),
        ([0, 1, 2, 3, 4], F(2, 5)),  # [0, 1], [1, 2]... hold two values each
        ([1, 1, 2, 4, 4], F(3, 5)),  # 1, 1, 2 in [1, 2]
    ],
)
def test_consensus_is_the_largest_share_within_one_stage(values, expected) -> None:
    assert consensus(values) == expected


@pytest.mark.parametrize(
    ("values", "max_stage", "expected"),
    [
        ([0, 1, 2, 3, 4], 4, False),  # a continuum: every gap is 1
        ([0, 2], 4, True),
        ([1, 3, 3], 4, True),
        ([1, 2], 3, False),  # 1 < 3/2
        ([1, 3], 3, True),  # 2 >= 3/2
        ([0, 1], 1, True),  # a two-stage scale: any difference is half of it or more
        ([2, 2, 2], 4, False),
    ],
)
def test_split_needs_a_gap_of_half_the_scale_between_neighbours(values, max_stage, expected):
    assert split(values, max_stage) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0, 4], True),  # two people, far apart
        ([4, 4, 0], False),  # one outlier: consensus 2/3 >= 0.65
        ([0, 0, 0, 4, 4], True),  # three against two: consensus 3/5 < 0.65
        ([0, 0, 0, 0, 4], False),  # consensus 4/5
        ([0, 1, 2, 3, 4], False),  # spread 4, yet no split: the old rule flagged it
        ([1, 2, 2, 3], False),  # no gap of 2
        ([3], False),  # a lone value
    ],
)
def test_disagreement_is_a_split_with_little_consensus(values, expected) -> None:
    assert disagreement(values, 4, T) is expected


scales = st.integers(1, 10)


@st.composite
def values_on_a_scale(draw: st.DrawFn, min_size: int = 0) -> tuple[list[int], int]:
    max_stage = draw(scales)
    values = draw(st.lists(st.integers(0, max_stage), min_size=min_size, max_size=12))
    return values, max_stage


thresholds = st.fractions(min_value=F(1, 100), max_value=1)


@given(values_on_a_scale(min_size=1))
def test_consensus_is_a_share_at_least_one_value(case) -> None:
    values, _ = case
    share = consensus(values)
    assert F(1, len(values)) <= share <= 1


@given(values_on_a_scale(min_size=1), st.randoms())
def test_order_of_the_values_changes_nothing(case, rng) -> None:
    values, max_stage = case
    shuffled = list(values)
    rng.shuffle(shuffled)
    assert consensus(shuffled) == consensus(values)
    assert disagreement(shuffled, max_stage, T) == disagreement(values, max_stage, T)


@given(values_on_a_scale(min_size=1))
def test_values_within_one_stage_have_full_consensus_and_never_disagree(case) -> None:
    values, max_stage = case
    low = min(values)
    close = [min(value, low + 1) for value in values]
    assert consensus(close) == 1
    assert not disagreement(close, max_stage, F(1))


@given(values_on_a_scale(), thresholds)
def test_a_disagreement_spans_at_least_half_the_scale(case, threshold) -> None:
    values, max_stage = case
    if disagreement(values, max_stage, threshold):
        assert len(values) >= 2
        assert max(values) - min(values) >= F(max_stage, 2)
        assert consensus(values) < threshold


@given(values_on_a_scale(), thresholds, thresholds)
def test_a_higher_threshold_never_clears_a_flag(case, one, other) -> None:
    values, max_stage = case
    low, high = sorted((one, other))
    if disagreement(values, max_stage, low):
        assert disagreement(values, max_stage, high)


@given(values_on_a_scale(min_size=1), st.integers(2, 5))
def test_repeating_every_value_changes_nothing(case, times) -> None:
    # Consensus is a share: the same views held by more people are the same split.
    values, max_stage = case
    assert consensus(values * times) == consensus(values)
    assert disagreement(values * times, max_stage, T) == disagreement(values, max_stage, T)
