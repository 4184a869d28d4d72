"""The anonymity threshold and complementary suppression (pure: no database)."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.scoring.anonymity import BELOW_THRESHOLD, COMPLEMENTARY, suppress

PRACTITIONER_ROLES = ("data_science", "data_engineering", "software_engineering", "operations")
ROLES = ("leadership", *PRACTITIONER_ROLES, "product", "other")
# Palier's hierarchy: all respondents -> leadership, practitioners, product, other;
# practitioners -> its four roles (results/result.py).
GROUPS = {
    "all": frozenset(ROLES),
    "leadership": frozenset({"leadership"}),
    "practitioners": frozenset(PRACTITIONER_ROLES),
    **{f"role:{r}": frozenset({r}) for r in ROLES if r != "leadership"},
}


def shown(sizes: dict[str, int], k: int) -> set[str]:
    present = {g: m for g, m in GROUPS.items() if any(sizes.get(r, 0) for r in m)}
    return set(suppress(present, sizes, k, always_shown={"all"}).shown)


def test_groups_below_the_threshold_are_hidden_and_say_why():
    sizes = {"leadership": 6, "data_science": 5, "data_engineering": 5, "operations": 2}
    result = suppress(
        {g: m for g, m in GROUPS.items() if any(sizes.get(r) for r in m)},
        sizes,
        5,
        always_shown={"all"},
    )
    # Operations (2) is hidden; practitioners minus the two shown roles would be operations,
    # so a shown role goes too (data science: the first of two equal sizes).
    assert result.hidden == {
        "role:operations": BELOW_THRESHOLD,
        "role:data_science": COMPLEMENTARY,
    }
    assert result.shown == {"all", "leadership", "practitioners", "role:data_engineering"}


def test_leadership_below_k_hides_practitioners_since_all_minus_practitioners_is_leadership():
    # All minus practitioners is leadership; all minus both roles is leadership too: so one
    # role goes with practitioners, and all minus the other pools 6.
    assert shown({"leadership": 1, "data_science": 5, "data_engineering": 5}, 5) == {
        "all",
        "role:data_engineering",
    }


def test_a_hidden_group_that_the_shown_ones_give_away_anyway_is_shown_again():
    # Practitioners = data science + data engineering, both shown: hiding it would protect
    # nobody, so it is shown.
    assert shown({"leadership": 5, "data_science": 5, "data_engineering": 5}, 5) == {
        "all",
        "leadership",
        "practitioners",
        "role:data_science",
        "role:data_engineering",
    }


def test_two_small_groups_whose_sum_is_still_small_are_not_left_to_subtraction():
    # Leadership 1 and product 1 hidden: all minus practitioners would be those two people.
    assert shown({"leadership": 1, "product": 1, "data_science": 5}, 5) == {"all"}


def test_two_hidden_groups_that_pool_k_respondents_together_may_stay_hidden_together():
    assert shown({"leadership": 2, "product": 3, "data_science": 5}, 5) == {
        "all",
        "practitioners",
        "role:data_science",
    }


def test_the_whole_assessment_is_shown_even_below_the_threshold():
    assert shown({"leadership": 1, "data_science": 1}, 5) == {"all"}


def test_everything_is_shown_when_every_group_is_large_enough():
    sizes = dict.fromkeys(ROLES, 3)
    assert shown(sizes, 3) == set(GROUPS)


def test_too_many_cells_are_refused():
    cells = [str(i) for i in range(17)]
    with pytest.raises(ValueError):
        suppress({"all": frozenset(cells)}, dict.fromkeys(cells, 1), 5)


# The property: whatever the sizes and k, nothing hidden can be worked out. The oracle is
# independent of the code: a hidden group is safe when two sets of per-role figures exist
# that agree on every shown group but differ on it; the difference of the two is a vector x of
# -1, 0, 1 per role with x . shown = 0 for each shown group and x . hidden != 0. (Groups that
# nest form a totally unimodular matrix, so such an x exists whenever one exists at all.)


def dot(x: tuple[int, ...], members: frozenset[str], cells: list[str]) -> int:
    return sum(v for v, c in zip(x, cells, strict=True) if c in members)


def cannot_be_worked_out(target: frozenset[str], visible: list[frozenset[str]], cells) -> bool:
    return any(
        dot(x, target, cells) != 0 and all(dot(x, m, cells) == 0 for m in visible)
        for x in product((-1, 0, 1), repeat=len(cells))
    )


sizes_strategy = st.fixed_dictionaries({r: st.integers(0, 9) for r in ROLES})


@settings(max_examples=60, deadline=None)
@given(
    sizes=sizes_strategy,
    k=st.integers(3, 8),
    values=st.lists(st.integers(0, 40), min_size=7, max_size=7),
)
def test_no_hidden_group_or_small_pool_can_be_worked_out_by_subtraction(sizes, k, values):
    present = {g: m for g, m in GROUPS.items() if any(sizes[r] for r in m)}
    result = suppress(present, sizes, k, always_shown={"all"})
    assert set(result.shown) | set(result.hidden) == set(present)
    cells = [r for r in ROLES if sizes[r]]
    # Witness vectors over the cells with respondents (the others are empty in every view).
    visible = [present[g] for g in result.shown]
    everyone = frozenset(cells)
    for group, reason in result.hidden.items():
        size = sum(sizes[r] for r in present[group])
        assert (reason == BELOW_THRESHOLD) == (size < k)
        if present[group] & everyone == everyone:
            continue  # the same people as the whole assessment, which is always shown
        assert cannot_be_worked_out(present[group], visible, cells), group
    # The literal attempt of a reader: a shown parent minus its shown children, for sizes
    # and for a question's sum of values.
    role_values = {r: v if sizes[r] else 0 for r, v in zip(ROLES, values, strict=True)}
    for parent, children in [
        ("all", ["leadership", "practitioners", "role:product", "role:other"]),
        ("practitioners", [f"role:{r}" for r in PRACTITIONER_ROLES]),
    ]:
        if parent not in result.shown:
            continue
        missing = [c for c in children if c in result.hidden]
        if not missing:
            continue
        rest_size = sum(sizes[r] for r in present[parent]) - sum(
            sizes[r] for c in children if c in result.shown for r in present[c]
        )
        pool = frozenset(r for c in missing for r in present[c] if sizes[r])
        if pool == everyone:
            continue  # nothing shown but the whole assessment
        assert len(missing) >= 2 or sum(sizes[r] for r in present[missing[0]]) >= k
        # What the subtraction gives is the hidden children's pool, never fewer than k.
        assert rest_size >= k
        assert rest_size == sum(sizes[r] for c in missing for r in present[c])
        assert sum(role_values[r] for c in missing for r in present[c]) == sum(
            role_values[r] for r in present[parent]
        ) - sum(role_values[r] for c in children if c in result.shown for r in present[c])
    # Any pool of roles of 1 to k-1 respondents is out of reach, unless it is everyone.
    for chosen in product((0, 1), repeat=len(cells)):
        pool = frozenset(c for c, on in zip(cells, chosen, strict=True) if on)
        size = sum(sizes[r] for r in pool)
        if 0 < size < k and pool != frozenset(cells):
            assert cannot_be_worked_out(pool, visible, cells), sorted(pool)
