"""Checklist questions: items ticked one by one, put on the scale by share or by ordered rules.

A respondent's checklist answer is the set of items ticked and the set marked not applicable;
an item in neither is not in place. Its value is

- `share` (no rules): the weight of the items ticked over the weight of the items that apply
  (not marked not applicable), times the top stage M, exactly;
- ordered rules: the stage of the first rule whose every condition holds. `all` holds when each
  item named is ticked or not applicable, `any` when one of them is ticked, `min_ticked` when at
  least that many items are ticked: an item not applicable never counts as ticked.

An answer marking every item not applicable gives no value, as a question answered "not
applicable" does. The rules, with worked examples, are in ``docs/scoring.md`` ("Checklist
questions").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .outcomes import ItemTally


@dataclass(frozen=True)
class ItemSpec:
    """One item of a checklist: its key, its weight for `share`, and whether it may be N/A."""

    key: str
    weight: Fraction = Fraction(1)
    allow_na: bool = False

    def __post_init__(self) -> None:
        """Normalise the weight to a positive Fraction (floats are refused, as elsewhere)."""
        weight = self.weight
        if isinstance(weight, bool) or not isinstance(weight, int | Fraction | Decimal):
            raise TypeError(f"item {self.key!r}: weight must be an exact number, got {weight!r}")
        if weight <= 0:
            raise ValueError(f"item {self.key!r}: weight must be > 0, got {weight!r}")
        object.__setattr__(self, "weight", Fraction(weight))


@dataclass(frozen=True)
class ChecklistRule:
    """One ordered rule: the stage it gives when all its conditions hold (none: always)."""

    stage: int
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    min_ticked: int | None = None

    def __post_init__(self) -> None:
        """Normalise the item lists and refuse a non-integer stage or count."""
        object.__setattr__(self, "all", tuple(self.all))
        object.__setattr__(self, "any", tuple(self.any))
        for name in ("stage", "min_ticked"):
            value = getattr(self, name)
            if value is None and name == "min_ticked":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"rule: {name} must be an int, got {value!r}")

    @property
    def is_fallback(self) -> bool:
        """A rule without a condition, which always holds."""
        return not self.all and not self.any and self.min_ticked is None

    @property
    def item_keys(self) -> frozenset[str]:
        return frozenset(self.all) | frozenset(self.any)

    def holds(self, ticked: Collection[str], not_applicable: Collection[str]) -> bool:
        """Whether every condition holds for these ticked and not-applicable items."""
        if any(key not in ticked and key not in not_applicable for key in self.all):
            return False
        if self.any and not any(key in ticked for key in self.any):
            return False
        return self.min_ticked is None or len(ticked) >= self.min_ticked

    @classmethod
    def from_document(cls, rule: Mapping) -> ChecklistRule:
        """A rule as the framework file writes it: {stage, all?, any?, min_ticked?}."""
        return cls(
            stage=rule["stage"],
            all=tuple(rule.get("all", ())),
            any=tuple(rule.get("any", ())),
            min_ticked=rule.get("min_ticked"),
        )


def check_checklist(
    question_key: str,
    items: tuple[ItemSpec, ...],
    rules: tuple[ChecklistRule, ...] | None,
    max_stage: int,
) -> None:
    """Refuse a checklist scoring cannot read unambiguously; ValueError naming the question."""
    keys = [item.key for item in items]
    if len(keys) < 2:
        raise ValueError(f"question {question_key!r}: a checklist needs at least two items")
    if len(set(keys)) != len(keys):
        raise ValueError(f"question {question_key!r}: duplicate item keys")
    if rules is None:
        return
    if not rules or not rules[-1].is_fallback:
        raise ValueError(f"question {question_key!r}: the last rule has no condition")
    for rule in rules:
        if rule.is_fallback and rule is not rules[-1]:
            raise ValueError(f"question {question_key!r}: a rule after the one without condition")
        if not 0 <= rule.stage <= max_stage:
            raise ValueError(f"question {question_key!r}: rule stage {rule.stage} off the scale")
        if rule.item_keys - set(keys):
            raise ValueError(
                f"question {question_key!r}: rule names unknown items "
                f"{sorted(rule.item_keys - set(keys))}"
            )
        if rule.min_ticked is not None and not 1 <= rule.min_ticked <= len(keys):
            raise ValueError(f"question {question_key!r}: min_ticked off 1..{len(keys)}")


def checklist_value(
    items: tuple[ItemSpec, ...],
    rules: tuple[ChecklistRule, ...] | None,
    ticked: frozenset[str],
    not_applicable: frozenset[str],
    max_stage: int,
) -> Fraction | None:
    """A respondent's value for a checklist answer; None when every item is not applicable."""
    applicable = [item for item in items if item.key not in not_applicable]
    if not applicable:
        return None
    if rules is None:
        total = sum((item.weight for item in applicable), Fraction(0))
        done = sum((item.weight for item in applicable if item.key in ticked), Fraction(0))
        return done / total * max_stage
    for rule in rules:
        if rule.holds(ticked, not_applicable):
            return Fraction(rule.stage)
    # check_checklist guarantees a final rule that always holds.
    raise AssertionError("no checklist rule held")


def item_tallies(
    items: tuple[ItemSpec, ...],
    answers: Iterable[tuple[frozenset[str], frozenset[str]]],
) -> tuple[ItemTally, ...]:
    """For each item, in order: how many checklist answers ticked it, marked it N/A, or gave it.

    answers are the (ticked, not applicable) sets of the respondents asked who answered the
    question item by item; an answer "don't know" or "not applicable" to the whole question is
    not among them.
    """
    answers = list(answers)
    return tuple(
        ItemTally(
            key=item.key,
            n_ticked=sum(1 for ticked, _ in answers if item.key in ticked),
            n_not_applicable=sum(1 for _, na in answers if item.key in na),
            n_answers=len(answers),
        )
        for item in items
    )


def item_to_recommend(tallies: tuple[ItemTally, ...]) -> str | None:
    """The item whose advice applies to a checklist below target, or None if every one is done.

    It is the first item, in the framework's order, that fewer than half of those it applies to
    ticked; failing one, the first of the least ticked items not ticked by all of them.
    """
    applying = [tally for tally in tallies if tally.n_applicable]
    for tally in applying:
        if tally.share < Fraction(1, 2):
            return tally.key
    short = [tally for tally in applying if tally.share < 1]
    if not short:
        return None
    return min(short, key=lambda tally: tally.share).key
