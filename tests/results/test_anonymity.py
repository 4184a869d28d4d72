"""What the anonymity threshold hides from client contacts, on the page and in the PDF, and
the consultant's warning of it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from reports.cache import report_cache_key
from reports.context import report_context
from results.presentation import present_result
from results.presentation.anonymity import hidden_from_client
from results.result import result_of
from results.selectors import result_bundle
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

LEADERSHIP_HIDDEN = (
    "Leadership: Hidden: below the anonymity threshold (fewer than 3 submitted respondents)"
)


def views(assessment):
    bundle = result_bundle(assessment)
    result = result_of(bundle)
    return present_result(bundle, result), present_result(bundle, result, for_client=True)


@pytest.fixture
def one_leader(assessment):
    """One leader (every practice at its worst), three data scientists and three data
    engineers (at their best), and a threshold of 3."""
    assessment.anonymity_threshold = 3
    assessment.save()
    submitted_respondent(
        assessment, "Lena Leader", "leadership", BOTTOM, comments={"automation-iac": "Boss"}
    )
    for i in range(3):
        submitted_respondent(
            assessment,
            f"Dana {i}",
            "data_science",
            TOP,
            comments={"automation-iac": f"Scientist {i}"} if i == 0 else None,
        )
        submitted_respondent(assessment, f"Eric {i}", "data_engineering", TOP)
    return assessment


def test_practitioners_at_k_and_leadership_below_it_never_show_both_total_and_practitioners(
    assessment,
):
    # The default threshold 5: five practitioners, one leader.
    submitted_respondent(assessment, "Lena Leader", "leadership", BOTTOM)
    for i in range(5):
        submitted_respondent(assessment, f"Dana {i}", "data_science", TOP)
    consultant_view, client_view = views(assessment)
    assert [c.key for c in consultant_view.group_columns] == [
        "leadership",
        "practitioners",
        "role:data_science",
    ]
    # The whole assessment is always shown; practitioners (and data science, the same five
    # people) would give leadership away by subtraction, so they are hidden too.
    assert client_view.group_columns == []
    assert [(h.key, h.reason) for h in client_view.hidden_groups] == [
        ("leadership", "below_threshold"),
        ("practitioners", "complementary"),
        ("role:data_science", "complementary"),
    ]
    assert client_view.perception_gaps == []


def test_the_subtraction_on_the_clients_figures_gives_no_group_below_k(one_leader):
    consultant_view, client_view = views(one_leader)
    assert [c.key for c in consultant_view.group_columns] == [
        "leadership",
        "practitioners",
        "role:data_science",
        "role:data_engineering",
    ]
    # Leadership (1) is below 3; all minus practitioners, or all minus both roles, would be
    # leadership: practitioners and data science go, data engineering stays.
    assert [c.key for c in client_view.group_columns] == ["role:data_engineering"]
    # The reader's attempt, on what the client's view shows: all minus data engineering.
    automation = client_view.dimensions[0]
    assert automation.key == "automation"
    (engineers,) = client_view.group_columns
    engineers_score = client_view.group_rows[0].scores[0]
    rest_n = client_view.n_submitted - engineers.n_respondents
    rest = (automation.score * client_view.n_submitted - engineers_score * 3) / rest_n
    # Four people (the leader and the scientists) pooled at 3, not the leader's 0.
    assert (rest_n, rest) == (4, Fraction(3))
    assert consultant_view.group_rows[0].scores[0] == 0  # the leader's own, out of reach


def test_client_comments_name_a_role_only_where_it_has_k_respondents(one_leader):
    consultant_view, client_view = views(one_leader)
    iac = next(q for q in client_view.questions if q.key == "automation-iac")
    assert [(c.role_label, c.text) for c in iac.comments] == [
        ("A respondent", "Boss"),
        ("Data science", "Scientist 0"),
    ]
    iac = next(q for q in consultant_view.questions if q.key == "automation-iac")
    assert [c.role_label for c in iac.comments] == ["Leadership", "Data science"]


def test_client_participation_merges_the_roles_whose_group_is_hidden(one_leader):
    consultant_view, client_view = views(one_leader)
    assert [(r.role_label, r.submitted) for r in consultant_view.participation] == [
        ("Leadership", 1),
        ("Data science", 3),
        ("Data engineering", 3),
    ]
    assert [(r.role_label, r.submitted) for r in client_view.participation] == [
        ("Data engineering", 3),
        ("Other roles, together", 4),
    ]


def test_client_view_has_no_per_respondent_heat_map_rows(one_leader):
    consultant_view, client_view = views(one_leader)
    assert len(consultant_view.heat_rows) == 7
    assert client_view.heat_rows == []


def test_perception_gaps_only_between_groups_the_client_sees(assessment):
    for i in range(5):
        submitted_respondent(assessment, f"Lena {i}", "leadership", TOP)
        submitted_respondent(assessment, f"Dana {i}", "data_science", BOTTOM)
    _, client_view = views(assessment)
    assert {"leadership", "practitioners"} <= {c.key for c in client_view.group_columns}
    assert len(client_view.perception_gaps) == 3  # every dimension, leadership 4 above
    assessment.anonymity_threshold = 6
    assessment.save()
    _, client_view = views(assessment)
    assert client_view.group_columns == []
    assert client_view.perception_gaps == []


def test_the_consultant_is_warned_of_every_group_the_client_will_not_see(one_leader):
    consultant_view, _ = views(one_leader)
    assert consultant_view.anonymity_warnings == [
        "Leadership (1 submitted): fewer than 3 respondents.",
        "Practitioners (6 submitted): hidden so that a smaller group cannot be worked out by "
        "subtracting it from a larger one.",
        "Data science (3 submitted): hidden so that a smaller group cannot be worked out by "
        "subtracting it from a larger one.",
    ]


def test_the_consultant_is_warned_when_the_whole_assessment_is_below_k(assessment):
    submitted_respondent(assessment, "Dana", "data_science", TOP)
    submitted_respondent(assessment, "Eric", "data_science", TOP)
    consultant_view, _ = views(assessment)
    assert consultant_view.anonymity_warnings[-1] == (
        "Only 2 respondents submitted, fewer than 5: client contacts will see the overall "
        "result of this small group."
    )


def test_nothing_hidden_means_no_warning(assessment):
    for i in range(5):
        submitted_respondent(assessment, f"Dana {i}", "data_science", TOP)
    consultant_view, client_view = views(assessment)
    assert consultant_view.anonymity_warnings == []
    assert [c.key for c in client_view.group_columns] == ["practitioners", "role:data_science"]
    assert hidden_from_client(client_view.result, 5) == []


def test_results_page_warns_the_consultant_and_tells_the_client_hidden_from_no_answers(
    client, consultant, client_contact, one_leader
):
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[one_leader.pk])).content.decode()
    assert 'id="anonymity-warning"' in page
    assert "Leadership (1 submitted): fewer than 3 respondents." in page
    assert reverse("assessments:assessment_scope", args=[one_leader.pk]) in page
    publish(one_leader)
    client.force_login(client_contact)
    page = client.get(reverse("results:page", args=[one_leader.pk])).content.decode()
    assert 'id="anonymity-warning"' not in page
    assert LEADERSHIP_HIDDEN in page
    assert "Practitioners: Hidden: a smaller group could otherwise be worked out" in page
    assert "No submitted answers yet." not in page
    assert "Lena Leader" not in page


def test_results_page_says_no_answers_when_nobody_submitted(client, client_contact, assessment):
    publish(assessment)
    client.force_login(client_contact)
    page = client.get(reverse("results:page", args=[assessment.pk])).content.decode()
    assert "No submitted answers yet." in page
    assert "Hidden:" not in page


def test_pdf_shows_the_clients_view_with_the_hidden_groups_said(one_leader):
    bundle = result_bundle(one_leader)
    context = report_context(bundle, result_of(bundle))
    presentation = context["presentation"]
    assert presentation.for_client
    assert [r.role_label for r in presentation.participation] == [
        "Data engineering",
        "Other roles, together",
    ]
    assert context["participation_total"]["submitted"] == 7
    html = render_to_string("reports/_participation.html", context)
    assert LEADERSHIP_HIDDEN in html
    assert "Data science: Hidden: a smaller group could otherwise be worked out" in html
    assert "Lena Leader" not in html
    appendix = render_to_string("reports/_appendix.html", context)
    assert "A respondent</span> Boss" in appendix
    assert "Data science</span> Scientist 0" in appendix


def test_changing_the_threshold_changes_the_reports_cache_key(one_leader):
    before = report_cache_key(result_bundle(one_leader), "en")
    one_leader.anonymity_threshold = 4
    one_leader.save()
    assert report_cache_key(result_bundle(one_leader), "en") != before
