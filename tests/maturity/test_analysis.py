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


def test_dont_know_share_counts_every_answer_asked_for():
    from maturity.scoring import score
    from maturity.scoring.analysis import dont_know_share
    from tests.maturity.test_scoring import EXAMPLE, EXAMPLE_RESPONDENTS

    result = score(EXAMPLE, EXAMPLE_RESPONDENTS)
    # versioning: vcs and lineage asked of 3 submitted respondents, chloe's one "don't know".
    assert dont_know_share(result.dimension("versioning"), 3) == Fraction(1, 6)
    # monitoring: alerts and drift (edge is out of scope); none, though drift is unanswered.
    assert dont_know_share(result.dimension("monitoring"), 3) == 0
    # Nobody submitted: nothing was asked.
    empty = score(EXAMPLE, ())
    assert dont_know_share(empty.dimension("versioning"), 0) is None
