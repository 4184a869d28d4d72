"""Checklist questions in the pure scoring module: share, ordered rules, N/A items, advice.

The worked example of docs/scoring.md ("Checklist questions"), by hand, on a 0-to-4 scale.
Dimension "security" (target 3) holds two checklists:

- "supply" (weight 2), scored by share: items scanned (weight 2), signed (1), pinned (1, may be
  not applicable);
- "access" (weight 1), by rules: 4 if all of sso, roles, audit; 2 if at least 2 ticked; 1 if any
  of sso, roles; else 0. audit may be not applicable.

Ana ticks scanned and signed (3 of 4 weight: 3), and sso and roles with audit N/A (all holds: 4).
Ben ticks signed with pinned N/A (1 of 3 weight: 4/3), and sso and audit (2 ticked: 2).
Chloe ticks no supply item (0), and audit only (1 ticked, neither sso nor roles: 0).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity.scoring import (
    AnswerInput,
    AnswerKind,
    ChecklistRule,
    DimensionSpec,
    FrameworkSpec,
    ItemSpec,
    ItemTally,
    OptionSpec,
    QuestionSpec,
    RespondentInput,
    result_from_dict,
    result_to_dict,
    score,
)
from maturity.scoring.checklists import checklist_value, item_to_recommend

SUPPLY_ITEMS = (
    ItemSpec("scanned", F(2)),
    ItemSpec("signed"),
    ItemSpec("pinned", allow_na=True),
)
ACCESS_ITEMS = (ItemSpec("sso"), ItemSpec("roles"), ItemSpec("audit", allow_na=True))
ACCESS_RULES = (
    ChecklistRule(4, all=("sso", "roles", "audit")),
    ChecklistRule(2, min_ticked=2),
    ChecklistRule(1, any=("sso", "roles")),
    ChecklistRule(0),
)


def framework() -> FrameworkSpec:
    return FrameworkSpec(
        4,
        ("ml",),
        (
            DimensionSpec(
                "security",
                "ml",
                F(1),
                3,
                (
                    QuestionSpec("supply", F(2), items=SUPPLY_ITEMS),
                    QuestionSpec("access", F(1), items=ACCESS_ITEMS, rules=ACCESS_RULES),
                ),
            ),
        ),
    )


def ticks(question: str, ticked: set[str], na: set[str] = frozenset()) -> AnswerInput:
    return AnswerInput(question, AnswerKind.CHECKLIST, ticked=ticked, not_applicable=na)


def respondent(key: str, *answers: AnswerInput) -> RespondentInput:
    return RespondentInput(key, "engineering", True, answers)


WORKED = (
    respondent(
        "ana",
        ticks("supply", {"scanned", "signed"}),
        ticks("access", {"sso", "roles"}, {"audit"}),
    ),
    respondent("ben", ticks("supply", {"signed"}, {"pinned"}), ticks("access", {"sso", "audit"})),
    respondent("chloe", ticks("supply", set()), ticks("access", {"audit"})),
)


def test_share_is_the_ticked_weight_over_the_applicable_weight():
    supply = score(framework(), WORKED).question("supply")
    assert supply.values_by_respondent == (("ana", F(3)), ("ben", F(4, 3)), ("chloe", F(0)))
    assert supply.value == F(13, 9)


def test_the_first_rule_that_holds_gives_the_stage():
    access = score(framework(), WORKED).question("access")
    # Ana: all holds, audit N/A standing in; Ben: 2 ticked; Chloe: audit alone meets nothing.
    assert access.values_by_respondent == (("ana", F(4)), ("ben", F(2)), ("chloe", F(0)))
    assert access.value == F(2)


def test_the_dimension_weighs_its_checklists_as_any_question():
    security = score(framework(), WORKED).dimension("security")
    # (13/9 × 2 + 2 × 1) / 3 = 44/27, stage 1.
    assert (security.score, security.stage, security.coverage) == (F(44, 27), 1, F(1))


def test_each_item_is_tallied_over_those_it_applies_to():
    result = score(framework(), WORKED)
    assert result.question("supply").items == (
        ItemTally("scanned", 1, 0, 3),
        ItemTally("signed", 2, 0, 3),
        ItemTally("pinned", 0, 1, 3),
    )
    access = result.question("access").items
    assert [(tally.key, tally.share) for tally in access] == [
        ("sso", F(2, 3)),
        ("roles", F(1, 3)),
        ("audit", F(1)),
    ]


def test_the_advice_is_the_first_item_fewer_than_half_ticked():
    recommendations = {r.question_key: r for r in score(framework(), WORKED).recommendations}
    assert recommendations["supply"].option_key == "scanned"
    assert recommendations["access"].option_key == "roles"
    # Priority as for any question: (target - value) × question weight × dimension weight.
    assert recommendations["supply"].priority == F(28, 9)


def test_a_not_applicable_item_never_counts_as_ticked():
    # Dave ticks roles with audit N/A: `all` fails (sso missing), 1 ticked is below min_ticked
    # 2 although audit is N/A, and any [sso, roles] holds: stage 1.
    result = score(framework(), (respondent("dave", ticks("access", {"roles"}, {"audit"})),))
    assert result.question("access").value == 1


def test_every_item_not_applicable_gives_no_value():
    items = (ItemSpec("a", allow_na=True), ItemSpec("b", allow_na=True))
    assert checklist_value(items, None, frozenset(), frozenset({"a", "b"}), 4) is None
    spec = FrameworkSpec(
        4,
        ("ml",),
        (DimensionSpec("d", "ml", F(1), 3, (QuestionSpec("q", F(1), items=items),)),),
    )
    question = score(spec, (respondent("ana", ticks("q", set(), {"a", "b"})),)).question("q")
    assert (question.value, question.n_not_applicable, question.n_values) == (None, 1, 0)


def test_dont_know_and_not_applicable_answer_the_whole_checklist():
    answers = (
        respondent("ana", AnswerInput("supply", AnswerKind.DONT_KNOW)),
        respondent("ben", AnswerInput("supply", AnswerKind.NOT_APPLICABLE)),
        respondent("chloe", ticks("supply", {"scanned"})),
    )
    supply = score(framework(), answers).question("supply")
    # 1.0's rule: "don't know" counts 0; chloe's 2 of 4 weight is 2; the mean of 0 and 2 is 1.
    assert (supply.value, supply.n_dont_know, supply.n_not_applicable) == (1, 1, 1)
    # Only chloe answered item by item.
    assert supply.items[0] == ItemTally("scanned", 1, 0, 1)


def test_no_advice_when_every_item_is_ticked_by_everyone_it_applies_to():
    done = (ItemTally("a", 2, 0, 2), ItemTally("b", 1, 1, 2))
    assert item_to_recommend(done) is None
    # Over half everywhere: the least ticked item not ticked by all, first on a tie.
    assert item_to_recommend((ItemTally("a", 3, 0, 4), ItemTally("b", 2, 0, 3))) == "b"
    assert item_to_recommend((ItemTally("a", 2, 0, 3), ItemTally("b", 2, 0, 3))) == "a"
    # An item that applies to nobody is never advised.
    assert item_to_recommend((ItemTally("a", 0, 2, 2), ItemTally("b", 2, 0, 2))) is None


def test_the_snapshot_keeps_the_tallies():
    result = score(framework(), WORKED)
    assert result_from_dict(result_to_dict(result)) == result


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (ticks("supply", {"hashed"}), "unknown items \\['hashed'\\]"),
        (ticks("supply", set(), {"signed"}), "which they do not allow"),
    ],
)
def test_answers_naming_wrong_items_are_refused(answer, message):
    with pytest.raises(ValueError, match=message):
        score(framework(), (respondent("ana", answer),))


def test_items_ticked_on_a_choice_question_are_refused():
    spec = FrameworkSpec(
        4,
        ("ml",),
        (DimensionSpec("d", "ml", F(1), 3, (QuestionSpec("q", F(1), (OptionSpec("s0", 0),)),)),),
    )
    with pytest.raises(ValueError, match="not a checklist"):
        score(spec, (respondent("ana", ticks("q", {"a"})),))


def test_an_item_both_ticked_and_not_applicable_is_refused():
    with pytest.raises(ValueError, match="both ticked and not applicable"):
        ticks("supply", {"pinned"}, {"pinned"})


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ((ChecklistRule(4, min_ticked=2),), "last rule has no condition"),
        ((ChecklistRule(0), ChecklistRule(4, any=("sso",))), "last rule has no condition"),
        ((ChecklistRule(5, any=("sso",)), ChecklistRule(0)), "off the scale"),
        ((ChecklistRule(4, any=("mfa",)), ChecklistRule(0)), "unknown items"),
        ((ChecklistRule(4, min_ticked=4), ChecklistRule(0)), "min_ticked"),
    ],
)
def test_malformed_rules_are_refused(rules, message):
    with pytest.raises(ValueError, match=message):
        FrameworkSpec(
            4,
            ("ml",),
            (
                DimensionSpec(
                    "d", "ml", F(1), 3, (QuestionSpec("q", F(1), items=ACCESS_ITEMS, rules=rules),)
                ),
            ),
        )


# Properties of share scoring --------------------------------------------------------------

weights = st.lists(st.integers(1, 5), min_size=2, max_size=12)


@st.composite
def checklist_answers(draw):
    item_weights = draw(weights)
    items = tuple(ItemSpec(f"i{n}", F(w), allow_na=True) for n, w in enumerate(item_weights))
    states = draw(st.lists(st.sampled_from(["ticked", "na", ""]), min_size=len(items)))
    states = states[: len(items)] + [""] * (len(items) - len(states))
    ticked = frozenset(i.key for i, s in zip(items, states, strict=True) if s == "ticked")
    na = frozenset(i.key for i, s in zip(items, states, strict=True) if s == "na")
    return items, ticked, na


@given(checklist_answers(), st.integers(1, 6))
def test_share_lies_on_the_scale_and_ticking_more_never_lowers_it(answer, max_stage):
    items, ticked, na = answer
    value = checklist_value(items, None, ticked, na, max_stage)
    if len(na) == len(items):
        assert value is None
        return
    assert 0 <= value <= max_stage
    for item in items:
        if item.key not in ticked and item.key not in na:
            assert checklist_value(items, None, ticked | {item.key}, na, max_stage) > value
    applicable = frozenset(i.key for i in items) - na
    assert checklist_value(items, None, applicable, na, max_stage) == max_stage
    assert checklist_value(items, None, frozenset(), na, max_stage) == 0


@given(checklist_answers())
def test_without_all_rules_an_unticked_item_marked_na_changes_nothing(answer):
    items, ticked, na = answer
    keys = [item.key for item in items]
    rules = (
        ChecklistRule(3, min_ticked=len(keys)),
        ChecklistRule(2, any=tuple(keys[:2])),
        ChecklistRule(0),
    )
    unticked = [key for key in keys if key not in ticked and key not in na]
    remaining = frozenset(keys) - na
    if not unticked or len(remaining) < 2:
        return
    before = checklist_value(items, rules, ticked, na, 4)
    assert checklist_value(items, rules, ticked, na | {unticked[0]}, 4) == before


@given(st.permutations(WORKED))
def test_the_order_respondents_come_in_changes_nothing(respondents):
    assert score(framework(), respondents) == score(framework(), WORKED)
