"""The consultant's dashboard: latest overall scores, results links, filters and sort orders."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assessments.forms import MSG_FILTERS_IGNORED
from assessments.models import Assessment, ResultSnapshot
from assessments.services.lifecycle import assessment_set_status
from assessments.views import workspace
from assessments.views.workspace import DASHBOARD_PAGE_SIZE
from lib.formatting import format_score as display
from maturity.models import Option, Question
from results.presentation import present_result
from results.result import result_for
from results.selectors import result_bundle
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    RespondentFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("assessments:dashboard")
NOW = timezone.now()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def filter_form_of(response) -> str:
    return response.content.decode().split('<form method="get"')[1].split("</form>")[0]


def titles(response) -> list[str]:
    return [a.title for a in response.context["assessments"]]


def snapshot(assessment: Assessment, overall: str | None, stage: int | None, minutes_ago: int):
    """A stored result; the dashboard reads only its overall score and stage."""
    return ResultSnapshot.objects.create(
        assessment=assessment,
        framework=assessment.framework,
        computed_at=NOW - timedelta(minutes=minutes_ago),
        reason=ResultSnapshot.Reason.SUBMISSION,
        data={"overall": {"overall": overall, "overall_stage": stage}},
    )


def respondents(
    assessment: Assessment, submitted: int, invited: int, seen_days_ago: int | None = None
) -> None:
    for number in range(invited):
        RespondentFactory(
            assessment=assessment,
            status="submitted" if number < submitted else "invited",
            last_seen_at=None if seen_days_ago is None else NOW - timedelta(days=seen_days_ago),
        )


@pytest.fixture
def zeta(consultant):
    """A second organisation of the consultant's."""
    organisation = OrganisationFactory(name="Zeta Zinc")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    return organisation


@pytest.fixture
def portfolio(organisation, zeta, sample_framework):
    """Four assessments across two organisations, created in this order.

    Alpha (Acme, open, 1/2, 2.50, seen 2 days ago), Bravo (Zeta, draft, 0/0, no snapshot),
    Charlie (Acme, closed, 2/2, 1.20, seen 1 day ago), Delta (Zeta, published, 1/4, 3.10,
    seen 3 days ago).
    """
    made = {}
    for title, organisation_, status in [
        ("Alpha", organisation, "open"),
        ("Bravo", zeta, "draft"),
        ("Charlie", organisation, "closed"),
        ("Delta", zeta, "published"),
    ]:
        made[title] = AssessmentFactory(
            title=title, organisation=organisation_, framework=sample_framework, status=status
        )
    respondents(made["Alpha"], 1, 2, seen_days_ago=2)
    respondents(made["Charlie"], 2, 2, seen_days_ago=1)
    respondents(made["Delta"], 1, 4, seen_days_ago=3)
    snapshot(made["Alpha"], "5/2", 2, minutes_ago=5)
    snapshot(made["Charlie"], "6/5", 1, minutes_ago=5)
    snapshot(made["Delta"], "31/10", 3, minutes_ago=5)
    return made


# Scores and links


def test_dashboard_shows_the_latest_snapshots_overall_score_and_stage(
    client, consultant, assessment
):
    snapshot(assessment, "1/2", 0, minutes_ago=30)
    snapshot(assessment, "29/18", 1, minutes_ago=10)
    snapshot(assessment, "3", 3, minutes_ago=20)
    client.force_login(consultant)
    response = client.get(DASHBOARD)
    (shown,) = response.context["assessments"]
    assert shown.overall == Fraction(29, 18)
    content = response.content.decode()
    assert "<strong>1.61</strong>" in content
    assert "Stage 1 · Repeatable" in content


def test_french_dashboard_writes_the_score_with_a_decimal_comma(
    client, consultant, assessment, settings
):
    snapshot(assessment, "29/18", 1, minutes_ago=10)
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "<strong>1,61</strong>" in client.get(DASHBOARD).content.decode()


def test_dashboard_shows_a_dash_without_a_snapshot(client, consultant, assessment):
    # Submitted answers but no snapshot: the dashboard does not compute the result itself.
    RespondentFactory(assessment=assessment, status="submitted")
    client.force_login(consultant)
    response = client.get(DASHBOARD)
    (shown,) = response.context["assessments"]
    assert shown.overall is None
    assert '<span aria-hidden="true">–</span>' in response.content.decode()
    assert "No result yet" in response.content.decode()


def test_dashboard_shows_a_dash_for_an_unscored_snapshot(client, consultant, assessment):
    snapshot(assessment, None, None, minutes_ago=1)
    client.force_login(consultant)
    (shown,) = client.get(DASHBOARD).context["assessments"]
    assert (shown.overall, shown.overall_display, shown.overall_stage) == (None, "–", None)


def test_dashboard_score_equals_the_results_presentation(client, consultant, assessment):
    for role, option_key in [("leadership", "s4"), ("data_science", "s1"), ("operations", "s0")]:
        respondent = RespondentFactory(assessment=assessment, role=role, status="submitted")
        question = Question.objects.get(framework=assessment.framework, key="automation-deploy")
        respondent.answers.create(
            question=question,
            kind="option",
            option=Option.objects.get(question=question, key=option_key),
        )
    closed = assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    presentation = present_result(result_bundle(closed), result_for(closed))
    client.force_login(consultant)
    content = client.get(DASHBOARD).content.decode()
    assert f"<strong>{display(presentation.overall)}</strong>" in content
    assert f"Stage {presentation.overall_stage.number} · {presentation.overall_stage.name}" in (
        content
    )


def test_dashboard_links_each_assessment_to_its_results(client, consultant, portfolio):
    client.force_login(consultant)
    content = client.get(DASHBOARD).content.decode()
    for assessment in portfolio.values():
        assert reverse("results:page", args=[assessment.pk]) in content
        assert reverse("assessments:assessment_detail", args=[assessment.pk]) in content


def test_dashboard_lists_organisations_with_their_assessment_counts(
    client, consultant, portfolio, sample_framework
):
    empty = OrganisationFactory(name="Empty Energy")
    MembershipFactory(organisation=empty, user=consultant, role="consultant")
    client.force_login(consultant)
    content = client.get(DASHBOARD).content.decode()
    assert "Empty Energy" in content
    assert "No assessment yet." in content
    assert reverse("assessments:assessment_create", args=[empty.pk]) in content
    assert f'href="?organisation={portfolio["Bravo"].organisation_id}">2 assessments' in content


# Filters


def test_dashboard_filters_by_status(client, consultant, portfolio):
    client.force_login(consultant)
    response = client.get(DASHBOARD, {"status": "closed"})
    assert titles(response) == ["Charlie"]
    assert messages_of(response) == []


def test_dashboard_filters_by_organisation(client, consultant, portfolio, zeta):
    client.force_login(consultant)
    assert titles(client.get(DASHBOARD, {"organisation": zeta.pk})) == ["Delta", "Bravo"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("charl", ["Charlie"]), ("ZINC", ["Delta", "Bravo"]), ("  alpha  ", ["Alpha"])],
)
def test_dashboard_searches_titles_and_organisation_names(
    client, consultant, portfolio, text, expected
):
    client.force_login(consultant)
    assert titles(client.get(DASHBOARD, {"q": text})) == expected


def test_dashboard_combines_filters(client, consultant, portfolio, organisation):
    client.force_login(consultant)
    response = client.get(DASHBOARD, {"organisation": organisation.pk, "status": "open", "q": "a"})
    assert titles(response) == ["Alpha"]


def test_dashboard_says_when_no_assessment_matches(client, consultant, portfolio):
    client.force_login(consultant)
    response = client.get(DASHBOARD, {"q": "nothing like this"})
    assert titles(response) == []
    assert "No assessment matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        ("title", ["Alpha", "Bravo", "Charlie", "Delta"]),
        ("status", ["Bravo", "Alpha", "Charlie", "Delta"]),
        ("response_rate", ["Delta", "Alpha", "Charlie", "Bravo"]),
        ("overall", ["Charlie", "Alpha", "Delta", "Bravo"]),
        ("last_activity", ["Delta", "Alpha", "Charlie", "Bravo"]),
    ],
)
def test_dashboard_sorts_both_ways_with_missing_values_last(
    client, consultant, portfolio, sort, ascending
):
    client.force_login(consultant)
    assert titles(client.get(DASHBOARD, {"sort": sort})) == ascending
    assert titles(client.get(DASHBOARD, {"sort": sort, "order": "asc"})) == ascending
    descending = client.get(DASHBOARD, {"sort": sort, "order": "desc"})
    # Bravo has no response rate, score nor activity: it stays last either way.
    has_missing = sort in ("response_rate", "overall", "last_activity")
    expected = [*reversed(ascending[:-1]), "Bravo"] if has_missing else ascending[::-1]
    assert titles(descending) == expected
    assert 'aria-sort="descending">' in descending.content.decode()


def test_dashboard_sorts_by_organisation_then_newest_first_by_default(
    client, consultant, portfolio
):
    client.force_login(consultant)
    assert titles(client.get(DASHBOARD)) == ["Charlie", "Alpha", "Delta", "Bravo"]
    reverse_order = client.get(DASHBOARD, {"sort": "organisation", "order": "desc"})
    assert titles(reverse_order) == ["Delta", "Bravo", "Charlie", "Alpha"]


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "deleted"},
        {"sort": "created_at"},
        {"order": "sideways"},
        {"organisation": "not-a-number"},
        {"q": "x" * 201},
    ],
)
def test_dashboard_ignores_invalid_filters_with_a_message(client, consultant, portfolio, bad):
    client.force_login(consultant)
    response = client.get(DASHBOARD, {**bad, "status": bad.get("status", "open")})
    assert response.status_code == 200
    assert messages_of(response) == [MSG_FILTERS_IGNORED]
    # The valid filters still apply; the invalid one is dropped.
    expected = ["Alpha"] if "status" not in bad else ["Charlie", "Alpha", "Delta", "Bravo"]
    assert titles(response) == expected
    form = response.context["form"]
    assert not form.errors
    assert next(iter(bad.values())) not in filter_form_of(response)


def test_dashboard_ignores_an_organisation_of_someone_else(
    client, consultant, portfolio, outsider_assessment
):
    client.force_login(consultant)
    response = client.get(DASHBOARD, {"organisation": outsider_assessment.organisation_id})
    assert messages_of(response) == [MSG_FILTERS_IGNORED]
    assert titles(response) == ["Charlie", "Alpha", "Delta", "Bravo"]
    assert "Beta Bank" not in response.content.decode()


def test_dashboard_filter_form_offers_only_the_consultants_organisations(
    client, consultant, portfolio, outsider_assessment
):
    client.force_login(consultant)
    form = client.get(DASHBOARD).context["form"]
    names = [label for _, label in form.fields["organisation"].choices][1:]
    assert names == ["Acme Analytics", "Zeta Zinc"]


def test_dashboard_filter_form_is_a_get_form_without_csrf(client, consultant, portfolio):
    client.force_login(consultant)
    form = filter_form_of(client.get(DASHBOARD, {"q": "alpha"}))
    assert 'value="alpha"' in form
    assert "csrfmiddlewaretoken" not in form


# Access and queries


def test_dashboard_of_an_unassigned_consultant_lists_nothing(client, other_consultant, portfolio):
    client.force_login(other_consultant)
    response = client.get(DASHBOARD, {"q": "a"})
    assert response.status_code == 200
    assert titles(response) == []
    assert "Acme Analytics" not in response.content.decode()


def test_dashboard_is_refused_to_client_contacts(client, client_contact):
    client.force_login(client_contact)
    assert client.get(DASHBOARD).status_code == 404


def test_dashboard_sends_anonymous_visitors_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("extra", [0, 6])
def test_filtered_dashboard_queries_are_fixed(
    client, consultant, portfolio, zeta, sample_framework, django_assert_num_queries, extra
):
    for number in range(extra):
        assessment = AssessmentFactory(
            title=f"Extra {number}", organisation=zeta, framework=sample_framework
        )
        respondents(assessment, 1, 2, seen_days_ago=number)
        snapshot(assessment, "2", 2, minutes_ago=number)
        snapshot(assessment, "1", 1, minutes_ago=number + 1)
    client.force_login(consultant)
    # 1 session, 2 user, 3 consultants group check, 4 organisations with counts,
    # 5 assessments filtered, with their latest snapshot's id, 6 those snapshots' overall
    # score and stage, 7 stages of their frameworks.
    with django_assert_num_queries(7):
        response = client.get(
            DASHBOARD, {"q": "a", "status": "open", "sort": "overall", "order": "desc"}
        )
    assert len(titles(response)) == 1 + extra


def test_dashboard_sort_state_stays_machine_readable_in_french(client, consultant, portfolio):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(consultant)
    response = client.get(DASHBOARD, {"sort": "title", "order": "desc"})
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert 'aria-sort="descending">' in content


# Pagination --------------------------------------------------------------------------------


@pytest.fixture
def many(organisation, sample_framework):
    """DASHBOARD_PAGE_SIZE + 5 assessments of the consultant's, each with a snapshot scoring
    its number (so the highest score is the last one created)."""
    made = []
    for number in range(DASHBOARD_PAGE_SIZE + 5):
        assessment = AssessmentFactory(
            organisation=organisation,
            framework=sample_framework,
            title=f"Assessment {number:03}",
            status="closed",
        )
        snapshot(assessment, str(number), 1, minutes_ago=1)
        made.append(assessment)
    return made


def test_dashboard_lists_a_page_of_assessments_and_links_the_next(client, consultant, many):
    client.force_login(consultant)
    first = client.get(DASHBOARD, {"sort": "title"})
    assert titles(first) == [f"Assessment {n:03}" for n in range(DASHBOARD_PAGE_SIZE)]
    page = first.content.decode()
    # The count is of every assessment matching, the next page's link keeps the order.
    assert f"{DASHBOARD_PAGE_SIZE + 5} assessments" in page
    assert 'href="?sort=title&amp;page=2" rel="next"' in page
    assert "Page 1 of 2" in page
    second = client.get(DASHBOARD, {"sort": "title", "page": "2"})
    expected = [f"Assessment {n:03}" for n in range(DASHBOARD_PAGE_SIZE, DASHBOARD_PAGE_SIZE + 5)]
    assert titles(second) == expected
    assert [a.overall for a in second.context["assessments"]] == [
        Fraction(n) for n in range(DASHBOARD_PAGE_SIZE, DASHBOARD_PAGE_SIZE + 5)
    ]
    assert 'rel="prev"' in second.content.decode()
    # A page past the end, or not a number, shows the last or the first page.
    assert titles(client.get(DASHBOARD, {"sort": "title", "page": "9"})) == expected
    assert titles(client.get(DASHBOARD, {"sort": "title", "page": "x"}))[0] == "Assessment 000"


def test_dashboard_sorted_by_score_pages_through_every_score(client, consultant, many):
    client.force_login(consultant)
    response = client.get(DASHBOARD, {"sort": "overall", "order": "desc"})
    top = DASHBOARD_PAGE_SIZE + 4
    assert titles(response)[:2] == [f"Assessment {top:03}", f"Assessment {top - 1:03}"]
    assert len(titles(response)) == DASHBOARD_PAGE_SIZE


def test_dashboard_reads_the_scores_of_its_page_only(client, consultant, many, monkeypatch):
    read = []
    real = workspace.dashboard_scores
    monkeypatch.setattr(
        workspace, "dashboard_scores", lambda rows: read.append(len(rows)) or real(rows)
    )
    client.force_login(consultant)
    client.get(DASHBOARD)
    assert read == [DASHBOARD_PAGE_SIZE]
