"""Scoring sections and audiences: the worked example of docs/scoring.md, then properties."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maturity.scoring import (
    DimensionSpec,
    FrameworkSpec,
    MissingValueRule,
    QuestionSpec,
    RespondentInput,
    SectionSpec,
    result_from_dict,
    result_to_dict,
    score,
    score_by_group,
)
from maturity.scoring.analysis import dont_know_share
from tests.maturity.test_scoring import dont_know, opts, pick, scenarios

F = Fraction
ENGINEERS = frozenset({"software_engineering", "operations"})

# --------------------------------------------------------------------------------------------
# Worked example (docs/scoring.md, "Sections and audiences")
# --------------------------------------------------------------------------------------------
#
# Scale 0..4. Pillar ml.
#   security (weight 1, target 3)
#     section supply-chain (scored)
#       scan    weight 2  options s0=0 s2=2 s4=4   audience: software_engineering, operations
#       sign    weight 1  options no=0 yes=4
#     section access (not scored)
#       access  weight 1  options a0..a4            audience: leadership
#   delivery (weight 1, target 2)
#       pipeline weight 1 options p0..p4            audience: software_engineering, operations
#
#   answers    lea (leadership)  eric (software_engineering)  oli (operations)
#   scan       (not asked)       s4: 4                        (unanswered)
#   sign       no: 0             yes: 4                       yes: 4
#   access     a2: 2             (not asked)                  (not asked)
#   pipeline   (not asked)       p3: 3                        p1: 1

FIVE = opts(("a0", 0), ("a1", 1), ("a2", 2), ("a3", 3), ("a4", 4))
EXAMPLE = FrameworkSpec(
    max_stage=4,
    pillars=("ml",),
    dimensions=(
        DimensionSpec(
            "security",
            "ml",
            1,
            3,
            (
                QuestionSpec("scan", 2, opts(("s0", 0), ("s2", 2), ("s4", 4)), audience=ENGINEERS),
                QuestionSpec("sign", 1, opts(("no", 0), ("yes", 4))),
                QuestionSpec("access", 1, FIVE, audience={"leadership"}),
            ),
            sections=(SectionSpec("supply-chain", ("scan", "sign")),),
        ),
        DimensionSpec(
            "delivery",
            "ml",
            1,
            2,
            (
                QuestionSpec(
                    "pipeline",
                    1,
                    opts(("p0", 0), ("p1", 1), ("p2", 2), ("p3", 3), ("p4", 4)),
                    audience=ENGINEERS,
                ),
            ),
        ),
    ),
)
RESPONDENTS = (
    RespondentInput("lea", "leadership", True, (pick("sign", "no"), pick("access", "a2"))),
    RespondentInput(
        "eric",
        "software_engineering",
        True,
        (pick("scan", "s4"), pick("sign", "yes"), pick("pipeline", "p3")),
    ),
    RespondentInput("oli", "operations", True, (pick("sign", "yes"), pick("pipeline", "p1"))),
)


def test_a_question_counts_only_the_respondents_asked():
    result = score(EXAMPLE, RESPONDENTS)
    scan = result.question("scan")
    assert (scan.value, scan.n_asked, scan.n_unanswered) == (4, 2, 1)
    assert scan.values_by_respondent == (("eric", 4),)
    sign = result.question("sign")
    assert (sign.value, sign.n_asked) == (F(8, 3), None)
    access = result.question("access")
    assert (access.value, access.n_asked, access.n_unanswered) == (2, 1, 0)


def test_the_dimension_is_the_weighted_mean_of_all_its_questions():
    security = score(EXAMPLE, RESPONDENTS).dimension("security")
    # (2 x 4 + 1 x 8/3 + 1 x 2) / 4 = 19/6, sections or not.
    assert security.score == F(19, 6)
    assert (security.coverage, security.n_in_scope, security.n_with_value) == (1, 3, 3)


def test_a_scored_section_is_the_weighted_mean_of_its_valued_questions():
    security = score(EXAMPLE, RESPONDENTS).dimension("security")
    supply_chain = security.section("supply-chain")
    # (2 x 4 + 1 x 8/3) / 3 = 32/9
    assert supply_chain.score == F(32, 9)
    assert supply_chain.stage == 3
    assert supply_chain.coverage == 1
    # The access section is not scored: no result of its own.
    assert [s.key for s in security.sections] == ["supply-chain"]


def test_overall_over_the_dimensions():
    result = score(EXAMPLE, RESPONDENTS)
    assert result.dimension("delivery").score == 2
    assert result.overall == F(31, 12)


def test_unanswered_bottom_counts_only_the_respondents_asked():
    bottom = replace(EXAMPLE, unanswered=MissingValueRule.BOTTOM)
    result = score(bottom, RESPONDENTS)
    # scan: eric 4, oli unanswered 0; lea was not asked, so no 0 for her.
    assert result.question("scan").value == 2
    # access: only lea was asked; eric and oli add nothing.
    assert result.question("access").value == 2
    assert result.dimension("security").section("supply-chain").score == F(20, 9)
    assert result.dimension("security").score == F(13, 6)


def test_a_group_asked_no_question_of_a_dimension_gets_no_score_for_it():
    groups = {"leadership": frozenset({"leadership"}), "engineers": ENGINEERS}
    by_group = score_by_group(EXAMPLE, RESPONDENTS, groups)
    leadership = by_group["leadership"]
    delivery = leadership.dimension("delivery")
    assert (delivery.score, delivery.coverage, delivery.n_in_scope) == (None, None, 0)
    assert leadership.question("pipeline").n_asked == 0
    security = leadership.dimension("security")
    # scan was asked of nobody in the group: left out of the score and the coverage.
    assert (security.score, security.coverage, security.n_in_scope) == (1, 1, 2)
    assert security.section("supply-chain").score == 0
    assert leadership.overall == 1
    engineers = by_group["engineers"].dimension("security")
    # access asked of nobody there: scan 4 and sign 4 give 4.
    assert (engineers.score, engineers.n_in_scope) == (4, 2)


def test_the_share_of_dont_know_counts_the_answers_asked_for():
    respondents = (
        replace(RESPONDENTS[0], answers=(dont_know("sign"), pick("access", "a2"))),
        *RESPONDENTS[1:],
    )
    result = score(EXAMPLE, respondents)
    # scan asked of 2, sign of 3, access of 1: one "don't know" in 6.
    assert dont_know_share(result.dimension("security"), 3) == F(1, 6)


def test_sections_and_audiences_survive_a_snapshot():
    result = score(EXAMPLE, RESPONDENTS)
    data = result_to_dict(result)
    assert data["dimensions"][0]["sections"][0]["score"] == "32/9"
    assert data["dimensions"][0]["questions"][0]["n_asked"] == 2
    assert "n_asked" not in data["dimensions"][0]["questions"][1]
    assert "sections" not in data["dimensions"][1]
    assert result_from_dict(data) == result


def test_specs_refuse_a_section_naming_another_dimensions_question():
    with pytest.raises(ValueError, match="section 'x'"):
        DimensionSpec(
            "d",
            "ml",
            1,
            1,
            (QuestionSpec("q", 1, opts(("a", 0), ("b", 1))),),
            sections=(SectionSpec("x", ("elsewhere",)),),
        )


def test_specs_refuse_an_empty_audience():
    with pytest.raises(ValueError, match="audience"):
        QuestionSpec("q", 1, opts(("a", 0), ("b", 1)), audience=frozenset())


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

PROPERTIES = settings(max_examples=120, deadline=None, database=None)
ROLES = ("lead", "engineer", "manager")


def _with_audiences(framework: FrameworkSpec, audiences: dict[str, frozenset[str]]):
    return replace(
        framework,
        dimensions=tuple(
            replace(
                d,
                questions=tuple(replace(q, audience=audiences.get(q.key)) for q in d.questions),
            )
            for d in framework.dimensions
        ),
    )


@st.composite
def audienced(draw: st.DrawFn):
    """A scenario whose questions each may have an audience among the scenario's roles."""
    framework, respondents, targets = draw(scenarios())
    audiences = {
        q.key: frozenset(draw(st.lists(st.sampled_from(ROLES), min_size=1, unique=True)))
        for d in framework.dimensions
        for q in d.questions
        if draw(st.booleans())
    }
    rule = draw(st.sampled_from(tuple(MissingValueRule)))
    framework = replace(_with_audiences(framework, audiences), unanswered=rule)
    return framework, respondents, targets


def _scores(result):
    return (
        result.overall,
        [(d.key, d.score, d.coverage) for d in result.dimensions],
        [(q.key, q.value, q.n_unanswered) for d in result.dimensions for q in d.questions],
    )


@PROPERTIES
@given(audienced(), st.data())
def test_answers_of_respondents_not_asked_change_nothing(scenario, data):
    framework, respondents, targets = scenario
    audiences = {q.key: q.audience for d in framework.dimensions for q in d.questions}

    def asked_only(respondent: RespondentInput) -> RespondentInput:
        answers = tuple(
            a
            for a in respondent.answers
            if audiences[a.question_key] is None or respondent.role in audiences[a.question_key]
        )
        return replace(respondent, answers=answers)

    cleaned = tuple(asked_only(r) for r in respondents)
    assert score(framework, respondents, targets) == score(framework, cleaned, targets)


@PROPERTIES
@given(audienced())
def test_an_audience_of_every_role_is_no_audience(scenario):
    framework, respondents, targets = scenario
    # With nobody counted, a question with an audience is asked of nobody (no coverage), while
    # one without is asked of everyone (coverage 0): the same only once someone counts.
    assume(any(r.submitted for r in respondents))
    everyone = _with_audiences(
        framework,
        {q.key: frozenset(ROLES) for d in framework.dimensions for q in d.questions},
    )
    nobody = _with_audiences(framework, {})
    assert _scores(score(everyone, respondents, targets)) == _scores(
        score(nobody, respondents, targets)
    )


@PROPERTIES
@given(audienced())
def test_a_question_is_scored_as_if_only_its_audience_answered(scenario):
    framework, respondents, targets = scenario
    result = score(framework, respondents, targets)
    for dimension in framework.dimensions:
        for question in dimension.questions:
            if not question.in_scope or question.audience is None:
                continue
            alone = _with_audiences(framework, {})
            members = [r for r in respondents if r.role in question.audience]
            expected = score(alone, members, targets).question(question.key)
            got = result.question(question.key)
            assert (got.value, got.n_unanswered, got.n_dont_know) == (
                expected.value,
                expected.n_unanswered,
                expected.n_dont_know,
            )
            assert got.n_asked == sum(1 for r in members if r.submitted)


@st.composite
def sectioned(draw: st.DrawFn):
    """A scenario whose dimensions' questions are cut into consecutive sections, all scored."""
    framework, respondents, targets = draw(audienced())
    dimensions = []
    for d in framework.dimensions:
        keys = [q.key for q in d.questions]
        sections, start = [], 0
        while start < len(keys):
            size = draw(st.integers(1, len(keys) - start))
            sections.append(SectionSpec(f"{d.key}-s{len(sections)}", tuple(keys[start:][:size])))
            start += size
        dimensions.append(replace(d, sections=tuple(sections)))
    return replace(framework, dimensions=tuple(dimensions)), respondents, targets


@PROPERTIES
@given(sectioned())
def test_sections_change_no_other_score(scenario):
    framework, respondents, targets = scenario
    plain = replace(
        framework, dimensions=tuple(replace(d, sections=()) for d in framework.dimensions)
    )
    with_sections = score(framework, respondents, targets)
    without = score(plain, respondents, targets)
    assert (
        replace(
            with_sections,
            dimensions=tuple(replace(d, sections=()) for d in with_sections.dimensions),
        )
        == without
    )


@PROPERTIES
@given(sectioned())
def test_a_section_spanning_its_dimension_scores_as_the_dimension(scenario):
    framework, respondents, targets = scenario
    whole = replace(
        framework,
        dimensions=tuple(
            replace(d, sections=(SectionSpec("all", tuple(q.key for q in d.questions)),))
            if d.questions
            else replace(d, sections=())
            for d in framework.dimensions
        ),
    )
    for dimension in score(whole, respondents, targets).dimensions:
        for section in dimension.sections:
            assert (section.score, section.coverage) == (dimension.score, dimension.coverage)


@PROPERTIES
@given(sectioned())
def test_a_section_lies_between_its_questions(scenario):
    framework, respondents, targets = scenario
    result = score(framework, respondents, targets)
    for spec in framework.dimensions:
        dimension = result.dimension(spec.key)
        for section_spec in spec.sections:
            section = dimension.section(section_spec.key)
            values = [
                q.value
                for q in dimension.questions
                if q.key in section_spec.questions and q.value is not None
            ]
            if not values:
                assert section.score is None
            else:
                assert min(values) <= section.score <= max(values)


def test_a_gate_does_not_require_a_question_asked_of_nobody_counted():
    from maturity.scoring import GateScope, GateSpec

    # security reaches stage 3 only if scan (asked of engineers only) is at 4.
    gate = GateSpec("sec-3", GateScope.DIMENSION, "security", 3, 4, questions=("scan",))
    gated = replace(EXAMPLE, gates=(gate,))
    groups = {"leadership": frozenset({"leadership"})}
    leadership = score_by_group(gated, RESPONDENTS, groups)["leadership"]
    # Nobody in leadership was asked scan: not required, the gate holds nothing.
    assert leadership.gates[0].met
    assert leadership.gates[0].failing == ()
    # Overall scan is 4 (eric): met too; with oli's 0 under unanswered: bottom, scan is 2: held.
    assert score(gated, RESPONDENTS).gates[0].met
    bottom = score(replace(gated, unanswered=MissingValueRule.BOTTOM), RESPONDENTS)
    assert bottom.gates[0].failing == ("scan",)
    assert bottom.dimension("security").stage == 2  # 13/6 is stage 2 anyway
