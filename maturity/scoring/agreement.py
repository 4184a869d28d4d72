"""Whether respondents agree on a question: a consensus share, and the split rule.

The rule, in plain words with a worked example, is in ``docs/scoring.md`` ("Consensus and
disagreement"). Values are the stages respondents chose ("don't know" counting 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise

# A question is flagged when fewer than this share of its values lie within one stage of each
# other (and the values are split by a gap of half the scale): a framework setting,
# `consensus_threshold` in its file, 0.65 by default.
DEFAULT_CONSENSUS_THRESHOLD = Fraction(13, 20)


def consensus(values: Sequence[int]) -> Fraction | None:
    """The largest share of the values lying within one stage of each other; None without any.

    That is, the most values any window of two neighbouring stages [s, s + 1] holds, over their
    number: 1 when everyone is within a stage of everyone else.
    """
    if not values:
        return None
    most = max(sum(1 for value in values if low <= value <= low + 1) for low in set(values))
    return Fraction(most, len(values))


def split(values: Sequence[int], max_stage: int) -> bool:
    """Whether some values lie on both sides of a gap of at least half the scale (M / 2).

    A gap is the distance between two neighbouring distinct values, with no value in between:
    0, 2, 4 on a 0-to-4 scale is split twice; 0, 1, 2, 3, 4 is a continuum, never split.
    """
    distinct = sorted(set(values))
    half = Fraction(max_stage, 2)
    return any(high - low >= half for low, high in pairwise(distinct))


def disagreement(values: Sequence[int], max_stage: int, threshold: Fraction) -> bool:
    """Whether the values show a real split of views.

    At least two values, split by a gap of half the scale or more, and a consensus share below
    the threshold: one respondent far from a group that agrees is an outlier, not a split.
    """
    if len(values) < 2 or not split(values, max_stage):
        return False
    share = consensus(values)
    return share is not None and share < threshold
