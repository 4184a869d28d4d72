"""How a result is read: which recommendations come first, what is a strength or a gap, when
two points of view differ. Rules as data, applied by pure functions; ``docs/scoring.md``
describes each with its default. Which groups client contacts may see is `anonymity`'s.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from .outcomes import DimensionResult

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class AnalysisRules:
    """The reading rules, with the defaults Palier applies."""

    # Recommendations in priority order take a horizon by rank: the first `now_count` are for
    # now, up to `next_count` for next, the rest for later (a consultant may change any).
    now_count: int = 5
    next_count: int = 10
    # Leadership seeing at least this much more than practitioners is worth saying.
    perception_gap: Fraction = Fraction(1)
    # How many strengths and gaps a dimension lists, and strongest and weakest dimensions.
    strengths_and_gaps: int = 2
    strongest_and_weakest: int = 3


DEFAULT_RULES = AnalysisRules()

NOW, NEXT, LATER = "now", "next", "later"


def default_horizon(rank: int, rules: AnalysisRules = DEFAULT_RULES) -> str:
    """The horizon of the recommendation at `rank` (0 first) in priority order."""
    if rank < rules.now_count:
        return NOW
    return NEXT if rank < rules.next_count else LATER


def highest(values: Iterable[tuple[Key, Fraction]], count: int) -> list[Key]:
    """The keys of the `count` highest values; ties keep the order given."""
    return [key for key, _ in sorted(values, key=lambda kv: -kv[1])[:count]]


def lowest(values: Iterable[tuple[Key, Fraction]], count: int) -> list[Key]:
    """The keys of the `count` lowest values; ties keep the order given."""
    return [key for key, _ in sorted(values, key=lambda kv: kv[1])[:count]]


def weakest_link(values: Iterable[tuple[Key, Fraction]]) -> list[Key]:
    """The keys sharing the lowest value: the weakest link, ties all named, in the order given.

    Only an exact tie shares it: 1.40 and 1.41 are both stage 1, but only the first is weakest.
    """
    values = list(values)
    if not values:
        return []
    bottom = min(value for _, value in values)
    return [key for key, value in values if value == bottom]


def strengths_and_gaps(
    values: Iterable[tuple[Key, Fraction]], rules: AnalysisRules = DEFAULT_RULES
) -> tuple[list[Key], list[Key]]:
    """The highest-valued keys, then the lowest-valued ones not already strengths."""
    values = list(values)
    strengths = highest(values, rules.strengths_and_gaps)
    rest = [(key, value) for key, value in values if key not in strengths]
    return strengths, lowest(rest, rules.strengths_and_gaps)


def perception_gaps(
    leadership: Mapping[Key, Fraction | None],
    practitioners: Mapping[Key, Fraction | None],
    rules: AnalysisRules = DEFAULT_RULES,
) -> list[Key]:
    """The keys where leadership's score exceeds practitioners' by the rule's gap or more."""
    return [
        key
        for key, lead in leadership.items()
        if lead is not None
        and (prac := practitioners.get(key)) is not None
        and lead - prac >= rules.perception_gap
    ]


def dont_know_share(dimension: DimensionResult, n_respondents: int) -> Fraction | None:
    """The share of "don't know" among the answers the dimension asked for: a knowledge gap.

    Over every in-scope question of the dimension and each counted respondent asked it (a
    question left unanswered counts in the denominator: it was asked); None when nothing was.
    """
    asked = sum(
        n_respondents if question.n_asked is None else question.n_asked
        for question in dimension.questions
    )
    if asked == 0:
        return None
    return Fraction(sum(question.n_dont_know for question in dimension.questions), asked)
