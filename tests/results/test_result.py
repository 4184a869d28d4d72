"""Scoring an assessment from the database: figures, snapshots, role groups, presentation."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import (
    Answer,
    Assessment,
    CuratedRecommendation,
    DimensionNote,
    ResultSnapshot,
)
from assessments.services.answers import respondent_submit
from assessments.services.lifecycle import MSG_PUBLISHED_FROZEN, assessment_set_status
from lib.formatting import format_score as display
from maturity.models import Framework, Option
from maturity.selectors import framework_content_forget
from results.presentation import present_result
from results.result import compute_result, result_for
from results.selectors import result_bundle
from results.services import assessment_result_refresh
from tests.factories import QuestionFactory, RespondentFactory, make_answer

pytestmark = pytest.mark.django_db

# Answers by role, as option keys (see tests/fixtures/sample-framework.yaml).
ANSWERS = {
    "leadership": {
        "automation-deploy": "s4",
        "automation-iac": "yes",
        "experiments-tracking": "s4",
        "experiments-reproduce": "s3",
        "monitoring-drift": "s3",
        "monitoring-latency": "s2",
    },
    "data_science": {
        "automation-deploy": "s1",
        "automation-iac": "no",
        "experiments-tracking": "s2",
        "experiments-reproduce": "s1",
        "monitoring-drift": "dont_know",
        "monitoring-latency": "na",
    },
    "operations": {
        "automation-deploy": "s0",
        "automation-iac": "no",
        "experiments-tracking": "s0",
        "experiments-reproduce": "s2",
        "monitoring-drift": "s1",
        "monitoring-latency": "s1",
    },
}


@pytest.fixture
def answered(assessment):
    """Three submitted respondents of different roles, and one who has not submitted."""
    for role, answers in ANSWERS.items():
        respondent = RespondentFactory(assessment=assessment, role=role, status="submitted")
        for key, value in answers.items():
            make_answer(
                respondent,
                key,
                value,
                comment=f"<b>{role}</b> on {key}" if key == "automation-iac" else "",
            )
    late = RespondentFactory(assessment=assessment, role="data_engineering", status="in_progress")
    make_answer(late, "automation-deploy", "s4")
    return assessment


def test_the_frameworks_dont_know_rule_reaches_the_result(answered):
    Framework.objects.filter(pk=answered.framework_id).update(dont_know_rule="no_value")
    answered.refresh_from_db()
    result = compute_result(result_bundle(answered)).overall
    # drift: 3 and 1, the data scientist's "don't know" left out -> 2 (4/3 when it counts 0);
    # monitoring = (2 + 3/2)/2 = 7/4 (17/12 under the bottom rule).
    drift = result.question("monitoring-drift")
    assert (drift.value, drift.n_values, drift.n_dont_know) == (2, 2, 1)
    assert result.dimension("monitoring").score == Fraction(7, 4)


def test_worked_example(answered):
    # By hand (see the fixture's answers):
    # deploy (4+1+0)/3 = 5/3, iac 4/3, tracking 2, reproduce 2, drift (3+0+1)/3 = 4/3,
    # latency (2+1)/2 = 3/2. automation = (5/3*2 + 4/3)/3 = 14/9; experiments =
    # (2 + 2*1.5)/2.5 = 2; monitoring = (4/3 + 3/2)/2 = 17/12.
    # overall = (14/9 + 2 + 17/12*2)/4 = 115/72.
    result = compute_result(result_bundle(answered)).overall
    assert result.n_respondents == 3
    assert result.dimension("automation").score == Fraction(14, 9)
    assert result.dimension("experiments").score == 2
    assert result.dimension("monitoring").score == Fraction(17, 12)
    assert result.overall == Fraction(115, 72)
    assert display(result.overall) == "1.60"
    assert (result.overall_stage, result.weakest_link_stage) == (1, 1)
    assert result.pillar("ml").score == Fraction(29, 18)
    latency = result.question("monitoring-latency")
    assert (latency.value, latency.n_not_applicable, latency.disagreement) == (
        Fraction(3, 2),
        1,
        False,
    )
    assert result.question("monitoring-drift").n_dont_know == 1
    # 3, 1, 2: spread 2 = M/2, but a continuum with no gap of 2, consensus 2/3: no split.
    assert not result.question("experiments-reproduce").disagreement
    assert result.question("experiments-reproduce").consensus == Fraction(2, 3)
    # Priorities: drift (3-4/3)*1*2 = 10/3, latency 3, deploy (3-5/3)*2 = 8/3, iac 5/3.
    assert [(r.question_key, r.option_key, r.priority) for r in result.recommendations] == [
        ("monitoring-drift", "s1", Fraction(10, 3)),
        ("monitoring-latency", "s1", Fraction(3)),
        ("automation-deploy", "s1", Fraction(8, 3)),
        ("automation-iac", "no", Fraction(5, 3)),
    ]


def test_targets_set_on_the_assessment_are_used(answered):
    answered.targets = {"experiments": 4}
    answered.save()
    result = compute_result(result_bundle(answered)).overall
    assert result.dimension("experiments").gap == 2
    assert "experiments-tracking" in [r.question_key for r in result.recommendations]


def test_out_of_scope_questions_are_not_scored(answered):
    answered.scoping_answers = {"online_serving": False}
    answered.save()
    monitoring = compute_result(result_bundle(answered)).overall.dimension("monitoring")
    assert monitoring.score == Fraction(4, 3)
    assert monitoring.n_in_scope == 1


def test_revoked_respondents_do_not_count(answered):
    answered.respondents.filter(role="leadership").update(revoked_at=timezone.now())
    assert compute_result(result_bundle(answered)).overall.n_respondents == 2


def test_role_groups(answered):
    groups = compute_result(result_bundle(answered)).groups
    assert list(groups) == ["leadership", "practitioners", "role:data_science", "role:operations"]
    assert groups["leadership"].dimension("automation").score == 4
    # Practitioners: deploy (1+0)/2 = 1/2, iac 0 -> (1/2*2 + 0)/3 = 1/3.
    assert groups["practitioners"].dimension("automation").score == Fraction(1, 3)


def assert_bundle_then_scoring_queries(assessment, django_assert_num_queries) -> None:
    # The bundle: respondents, answers, scoping questions, stages, dimensions, questions,
    # options, notes, curated recommendations. Scoring it reads nothing more. Read cold: a
    # process keeps a published framework's content after its first read (test_bundle_...).
    framework_content_forget()
    with django_assert_num_queries(9):
        bundle = result_bundle(assessment)
    with django_assert_num_queries(0):
        compute_result(bundle)


def test_bundle_reads_a_published_framework_once_per_process(answered, django_assert_num_queries):
    result_bundle(answered)
    # The respondents, answers, notes, curated recommendations: the framework's scoping
    # questions, stages, dimensions, questions and options are kept from the first read.
    with django_assert_num_queries(4):
        bundle = result_bundle(answered)
    assert [d.key for d in bundle.dimensions] == ["automation", "experiments", "monitoring"]
    assert bundle.max_stage == 4


def test_compute_result_runs_a_fixed_number_of_queries(answered, django_assert_num_queries):
    assert_bundle_then_scoring_queries(answered, django_assert_num_queries)
    dimension = answered.framework.dimensions.get(key="automation")
    for _ in range(5):
        question = QuestionFactory(dimension=dimension, framework=answered.framework)
        for respondent in answered.respondents.all():
            Answer.objects.create(
                respondent=respondent,
                question=question,
                kind="option",
                option=question.options.first(),
            )
    RespondentFactory(assessment=answered, status="submitted")
    assert_bundle_then_scoring_queries(answered, django_assert_num_queries)


def test_closing_stores_a_snapshot_and_later_changes_do_not_move_the_figures(answered):
    assessment_set_status(assessment=answered, status="closed")
    snapshot = ResultSnapshot.objects.get(assessment=answered)
    assert snapshot.reason == "closed"
    assert snapshot.framework_id == answered.framework_id
    before = result_for(answered)
    # Someone edits an answer in the database after closing: published figures stay.
    Answer.objects.filter(question__key="automation-deploy").update(
        option=Option.objects.get(question__key="automation-deploy", key="s4")
    )
    after = result_for(Assessment.objects.get(pk=answered.pk))
    assert after.overall == before.overall
    assert after.snapshot_id == snapshot.pk
    # An explicit refresh picks the change up.
    assessment_result_refresh(assessment=answered)
    assert result_for(answered).overall.overall != before.overall.overall


def test_published_results_cannot_be_refreshed(answered):
    assessment_set_status(assessment=answered, status="closed")
    assessment_set_status(assessment=answered, status="published")
    with pytest.raises(ValidationError) as excinfo:
        assessment_result_refresh(assessment=answered)
    assert excinfo.value.messages == [str(MSG_PUBLISHED_FROZEN)]
    assert answered.snapshots.count() == 1


def test_a_submission_refreshes_the_snapshot_while_open(answered):
    late = answered.respondents.get(role="data_engineering")
    respondent_submit(respondent=late)
    snapshot = answered.snapshots.latest()
    assert snapshot.reason == "submission"
    assert snapshot.data["overall"]["n_respondents"] == 4


def test_snapshot_round_trips_exactly(answered):
    live = compute_result(result_bundle(answered))
    assessment_set_status(assessment=answered, status="closed")
    stored = result_for(answered)
    assert stored.overall == live.overall
    assert stored.groups == live.groups
    assert stored.respondents == live.respondents


# Presentation ------------------------------------------------------------------------------


def test_presentation_attaches_texts_and_flags_perception_gaps(answered):
    presentation = present_result(result_bundle(answered), compute_result(result_bundle(answered)))
    assert presentation.overall_display == "1.60"
    assert presentation.overall_stage.name == "Repeatable"
    automation = presentation.dimensions[0]
    assert (automation.title, automation.score_display, automation.gap_display) == (
        "Automation",
        "1.56",
        "1.44",
    )
    # Leadership rates automation 4, practitioners 1/3: more than a stage apart.
    gaps = {g.dimension.key: g for g in presentation.perception_gaps}
    assert gaps["automation"].difference_display == "3.67"
    drift = presentation.recommendations[0]
    assert (drift.question_key, drift.text, drift.horizon) == (
        "monitoring-drift",
        "Run the script from CI.",
        "now",
    )


def test_presentation_in_french(answered):
    from django.utils import translation

    with translation.override("fr"):
        presentation = present_result(
            result_bundle(answered), compute_result(result_bundle(answered))
        )
        assert presentation.dimensions[0].title == "Automatisation"
        assert presentation.recommendations[0].text == "Lancez le script depuis la CI."


def test_curation_hides_rewords_and_sets_horizons(answered):
    CuratedRecommendation.objects.create(
        assessment=answered,
        question_key="monitoring-drift",
        dimension_key="monitoring",
        hidden=True,
    )
    CuratedRecommendation.objects.create(
        assessment=answered,
        question_key="automation-deploy",
        dimension_key="automation",
        text_en="Automate the release train first.",
        horizon="later",
    )
    CuratedRecommendation.objects.create(
        assessment=answered,
        dimension_key="experiments",
        text_en="Pair data scientists with SREs.",
        horizon="now",
    )
    presentation = present_result(result_bundle(answered), compute_result(result_bundle(answered)))
    assert [r.question_key for r in presentation.hidden_recommendations] == ["monitoring-drift"]
    deploy = next(r for r in presentation.recommendations if r.question_key == "automation-deploy")
    assert (deploy.text, deploy.horizon, deploy.is_reworded) == (
        "Automate the release train first.",
        "later",
        True,
    )
    custom = presentation.recommendations[-1]
    assert (custom.is_custom, custom.dimension_title, custom.horizon) == (
        True,
        "Experiment tracking",
        "now",
    )
    roadmap = dict((key, items) for key, _, items in presentation.roadmap)
    assert custom in roadmap["now"] and deploy in roadmap["later"]


def test_comments_heat_map_and_participation(answered):
    DimensionNote.objects.create(
        assessment=answered, dimension_key="automation", text_en="Talk to ops."
    )
    presentation = present_result(result_bundle(answered), compute_result(result_bundle(answered)))
    iac = next(q for q in presentation.questions if q.key == "automation-iac")
    assert sorted(c.role_label for c in iac.comments) == [
        "Data science",
        "Leadership",
        "Operations / platform",
    ]
    assert len(presentation.heat_rows) == 3  # submitted respondents only
    assert len(presentation.heat_rows[0].cells) == 6
    assert presentation.dimensions[0].note == "Talk to ops."
    rows = {
        row.role: (row.invited, row.in_progress, row.submitted)
        for row in presentation.participation
    }
    assert rows["data_engineering"] == (0, 1, 0)
    assert rows["leadership"] == (0, 0, 1)


def test_charts_escape_user_and_framework_text(answered):
    presentation = present_result(result_bundle(answered), compute_result(result_bundle(answered)))
    presentation.dimensions[0].title = "<script>x</script>"
    assert "<script>x" not in presentation.radar_svg()
    assert "&lt;script&gt;" in presentation.radar_svg()


def test_client_view_drops_groups_below_the_anonymity_threshold(answered):
    result = compute_result(result_bundle(answered))
    consultant_view = present_result(result_bundle(answered), result)
    client_view = present_result(result_bundle(answered), result, for_client=True)
    assert [c.key for c in consultant_view.group_columns] == [
        "leadership",
        "practitioners",
        "role:data_science",
        "role:operations",
    ]
    # Leadership is one person here, each single role too, practitioners two: all below 5.
    assert client_view.group_columns == []
    assert [(h.key, h.reason) for h in client_view.hidden_groups] == [
        ("leadership", "below_threshold"),
        ("practitioners", "below_threshold"),
        ("role:data_science", "below_threshold"),
        ("role:operations", "below_threshold"),
    ]
    assert client_view.perception_gaps == []
    assert all(row.scores == [] for row in client_view.group_rows)


def test_client_view_does_not_label_a_comment_with_a_role_of_one_person(answered):
    result = compute_result(result_bundle(answered))
    iac = "automation-iac"
    consultant_view = next(
        q for q in present_result(result_bundle(answered), result).questions if q.key == iac
    )
    client_view = next(
        q
        for q in present_result(result_bundle(answered), result, for_client=True).questions
        if q.key == iac
    )
    assert "Leadership" in [c.role_label for c in consultant_view.comments]
    # Every role has one respondent here: no comment may point at its author.
    assert {c.role_label for c in client_view.comments} == {"A respondent"}
    assert len(client_view.comments) == len(consultant_view.comments)
