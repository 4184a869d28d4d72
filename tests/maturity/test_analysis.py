"""Tests of maturity.scoring.analysis: the reading rules."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from maturity.scoring.analysis import weakest_link

F = Fraction


def test_weakest_link_is_the_lowest_score_not_its_stage() -> None:
    # All three are stage 1; only the lowest is the weakest link.
    assert weakest_link([("a", F(4, 3)), ("b", F(7, 5)), ("c", F(1))]) == ["c"]


def test_weakest_link_names_every_dimension_tied_at_the_lowest_score() -> None:
    values = [("a", F(3, 2)), ("b", F(1)), ("c", F(2)), ("d", F(1))]
    assert weakest_link(values) == ["b", "d"]


def test_weakest_link_of_nothing_is_empty() -> None:
    assert weakest_link([]) == []


@given(st.lists(st.fractions(min_value=0, max_value=5), min_size=1, max_size=15))
def test_weakest_link_holds_exactly_the_minimum(scores) -> None:
    values = [(i, score) for i, score in enumerate(scores)]
    named = weakest_link(values)
    assert named == [i for i, score in values if score == min(scores)]
