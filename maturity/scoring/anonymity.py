"""Which groups of respondents client contacts may see: a threshold k, and complementary
suppression so that no hidden group can be worked out from the shown ones.

Pure: sets of cells (the respondents' roles) and counts in, the groups shown out. A group is the
set of cells it pools (leadership = {leadership}, practitioners = {data science, ...}, all
respondents = every role). A shown group reveals the sum of its cells' figures (its size, and
each question's sum of values, which its mean and size give away). So what a reader can work
out is exactly the linear span of the shown groups' cell vectors: "all minus practitioners"
is leadership's vector when those are all the roles. `suppress` hides groups until every
combination of cells a reader can work out is empty or pools at least k respondents.
``docs/scoring.md`` ("Anonymity") describes the rule.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)

# The threshold an assessment starts with, and the lowest one it may be given.
DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
# Above this a threshold would hide every breakdown of any real assessment: surely a typo.
MAX_THRESHOLD = 50

BELOW_THRESHOLD = "below_threshold"
COMPLEMENTARY = "complementary"

# Every combination of cells is tried: fine for the seven roles, not for hundreds of cells.
MAX_CELLS = 16


@dataclass(frozen=True)
class Suppression(Generic[Key]):
    """The groups shown, and each hidden group with why: too small, or hidden to protect one."""

    shown: frozenset[Key]
    hidden: Mapping[Key, str]


def suppress(
    groups: Mapping[Key, Collection[str]],
    sizes: Mapping[str, int],
    threshold: int,
    always_shown: Collection[Key] = (),
) -> Suppression[Key]:
    """The groups client contacts may see, given each group's cells and each cell's size.

    1. Every group below `threshold` respondents is hidden (`always_shown` ones excepted: the
       whole assessment is shown even when small; the consultant is told).
    2. While some combination of cells with 1 to k-1 respondents can be worked out from the
       shown groups (say "all minus practitioners" is a leadership of 2), one more group is
       hidden: the one that leaves fewest such combinations, the smallest first. What the
       `always_shown` groups alone give away cannot be helped and is left out.
    3. A group hidden in step 2 that can be worked out anyway (its cells are sums and
       differences of shown groups) is shown again: hiding it protects nothing.
    Groups pooling exactly the same cells are shown or hidden alike.
    """
    cells = sorted({c for members in groups.values() for c in members if sizes.get(c, 0) > 0})
    if len(cells) > MAX_CELLS:
        raise ValueError(f"at most {MAX_CELLS} cells, got {len(cells)}")
    vectors = {g: tuple(int(c in members) for c in cells) for g, members in groups.items()}
    cell_sizes = [sizes[c] for c in cells]

    def size(vector: tuple[int, ...]) -> int:
        return sum(s for s, v in zip(cell_sizes, vector, strict=True) if v)

    pinned = [g for g in groups if g in always_shown]
    pinned_basis = _basis(vectors[g] for g in pinned)
    small = [
        vector
        for n in range(1, len(cells) + 1)
        for chosen in combinations(range(len(cells)), n)
        if 0 < size(vector := tuple(int(i in chosen) for i in range(len(cells)))) < threshold
        and not _in_span(pinned_basis, vector)
    ]

    def disclosed(shown: Collection[Key]) -> int:
        basis = _basis(vectors[g] for g in shown)
        return sum(1 for vector in small if _in_span(basis, vector))

    order = list(groups)
    shown = [g for g in order if g in always_shown or size(vectors[g]) >= threshold]
    while disclosed(shown) and len(shown) > len(pinned):
        candidates = [g for g in shown if g not in always_shown]
        _, _, chosen = min(
            (disclosed([s for s in shown if s != g]), size(vectors[g]), order.index(g))
            for g in candidates
        )
        shown.remove(order[chosen])
    basis = _basis(vectors[g] for g in shown)
    shown += [
        g
        for g in order
        if g not in shown and size(vectors[g]) >= threshold and _in_span(basis, vectors[g])
    ]
    hidden = {
        g: BELOW_THRESHOLD if size(vectors[g]) < threshold else COMPLEMENTARY
        for g in order
        if g not in shown
    }
    return Suppression(shown=frozenset(shown), hidden=hidden)


def _basis(vectors: Iterable[tuple[int, ...]]) -> list[tuple[int, list[Fraction]]]:
    """A row-echelon basis of the vectors' span: (pivot column, row with 1 at the pivot)."""
    basis: list[tuple[int, list[Fraction]]] = []
    for vector in vectors:
        row = _reduce(basis, vector)
        pivot = next((i for i, x in enumerate(row) if x), None)
        if pivot is not None:
            basis.append((pivot, [x / row[pivot] for x in row]))
    return basis


def _reduce(basis: list[tuple[int, list[Fraction]]], vector: tuple[int, ...]) -> list[Fraction]:
    row = [Fraction(x) for x in vector]
    for pivot, base in basis:
        if factor := row[pivot]:
            row = [x - factor * b for x, b in zip(row, base, strict=True)]
    return row


def _in_span(basis: list[tuple[int, list[Fraction]]], vector: tuple[int, ...]) -> bool:
    return not any(_reduce(basis, vector))
