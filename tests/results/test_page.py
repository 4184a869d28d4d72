"""The results page and the client contacts' home: who sees what, and in how many queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, CuratedRecommendation, DimensionNote
from assessments.services import lifecycle
from assessments.services.lifecycle import MSG_PUBLISHED_FROZEN
from lib.formatting import format_score as display
from results import services as result_services
from results.presentation import present_result
from results.result import result_for
from results.selectors import result_bundle
from results.views.page import MSG_REFRESHED
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    QuestionFactory,
    RespondentFactory,
    UserFactory,
)
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

# The leader sees every practice at its best; the practitioner at its worst.
PRACTITIONER_COMMENT = "Deploys break <b>often</b> on Fridays."


def url(name: str, *args: object) -> str:
    return reverse(name if ":" in name else f"assessments:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def answered(assessment):
    """Organisation A's assessment with a leader and a practitioner who disagree."""
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(
        assessment,
        "Paul Practitioner",
        "data_science",
        BOTTOM,
        comments={"automation-deploy": PRACTITIONER_COMMENT},
    )
    return assessment


@pytest.fixture
def published(answered):
    return publish(answered)


def post_urls(assessment: Assessment, custom: CuratedRecommendation) -> list[tuple[str, dict]]:
    """Every POST URL of the page with valid data."""
    return [
        (url("results:refresh", assessment.pk), {}),
        (url("results:summary_save", assessment.pk), {"executive_summary_en": "Summary"}),
        (url("results:note_save", assessment.pk, "automation"), {"text_en": "Note"}),
        (
            url("results:recommendation_curate", assessment.pk),
            {"question_key": "automation-deploy", "action": "hide"},
        ),
        (
            url("results:recommendation_add", assessment.pk),
            {"dimension_key": "automation", "text_en": "Hire", "horizon": "now"},
        ),
        (url("results:recommendation_delete", assessment.pk, custom.pk), {}),
    ]


@pytest.fixture
def custom(answered):
    return CuratedRecommendation.objects.create(
        assessment=answered, dimension_key="automation", text_en="Train the team", horizon="now"
    )


# Access: the page, for each persona ---------------------------------------------------------


def test_assigned_consultant_sees_the_page_with_curation(client, consultant, answered):
    client.force_login(consultant)
    response = client.get(url("results:page", answered.pk))
    assert response.status_code == 200
    assert "results/page.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert url("results:summary_save", answered.pk) in page
    assert url("results:recommendation_add", answered.pk) in page
    assert url("results:export_csv", answered.pk) in page
    assert url("results:export_json", answered.pk) in page
    assert 'id="heat-map"' in page
    assert "Lena Leader" in page


def test_unassigned_consultant_gets_a_404(client, other_consultant, published):
    client.force_login(other_consultant)
    assert client.get(url("results:page", published.pk)).status_code == 404


def test_client_contact_gets_a_404_before_publication(client, client_contact, answered):
    client.force_login(client_contact)
    for status in ("open", "closed"):
        Assessment.objects.filter(pk=answered.pk).update(status=status)
        assert client.get(url("results:page", answered.pk)).status_code == 404


def test_client_contact_reads_the_published_results_without_individual_answers(
    client, client_contact, published
):
    DimensionNote.objects.create(assessment=published, dimension_key="automation", text_en="Shared")
    client.force_login(client_contact)
    response = client.get(url("results:page", published.pk))
    assert response.status_code == 200
    page = response.content.decode()
    # Read-only: no form posts anywhere but the log-out and the language switch (the
    # recommendations' filter is a GET form).
    forms = re.findall(r'<form([^>]*)action="([^"]+)"', page)
    assert {action for attrs, action in forms if 'method="get"' not in attrs} == {
        reverse("logout"),
        reverse("set_language"),
    }
    assert {action for attrs, action in forms if 'method="get"' in attrs} == {"#recommendations"}
    assert "<textarea" not in page
    # No individual respondents: no heat map, no names, no exports, no refresh.
    assert 'id="heat-map"' not in page
    assert "palier-heat" not in page
    assert "Lena Leader" not in page
    assert "Paul Practitioner" not in page
    assert url("results:export_csv", published.pk) not in page
    # What they do see: the report, the roadmap, notes and comments (by role where the role
    # has several respondents; here each role has one).
    assert "Download the PDF report" in page
    assert f"{url('reports:pdf', published.pk)}?lang=fr" in page
    assert "Shared" in page
    assert "Deploy on every merge." in page
    assert "A respondent:</span> Deploys break &lt;b&gt;often&lt;/b&gt; on Fridays." in page
    assert "Data science:</span>" not in page


def test_client_contact_of_another_organisation_gets_a_404(client, outsider_assessment):
    publish(outsider_assessment)
    client.force_login(UserFactory(username="dora"))
    assert client.get(url("results:page", outsider_assessment.pk)).status_code == 404
    MembershipFactory(
        organisation=outsider_assessment.organisation, user=UserFactory(username="erin")
    )
    client.force_login(UserFactory(username="erin"))
    assert client.get(url("results:page", outsider_assessment.pk)).status_code == 200


def test_outsider_consultant_and_contact_cannot_see_organisation_b(
    client, consultant, client_contact, outsider_assessment
):
    publish(outsider_assessment)
    for user in (consultant, client_contact):
        client.force_login(user)
        assert client.get(url("results:page", outsider_assessment.pk)).status_code == 404


def test_anonymous_user_is_sent_to_log_in(client, published):
    target = url("results:page", published.pk)
    response = client.get(target)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={target}"


def test_respondent_link_gives_no_access_to_results(client, answered):
    respondent = RespondentFactory(assessment=answered, name="Rita")
    assert client.get(reverse("questionnaire:welcome", args=[respondent.token])).status_code == 200
    response = client.get(url("results:page", answered.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    publish(answered)
    assert client.get(url("results:page", answered.pk)).status_code == 302


# Access: the POST URLs, for each persona ----------------------------------------------------


def test_post_urls_work_for_the_assigned_consultant(client, consultant, answered, custom):
    client.force_login(consultant)
    for target, data in post_urls(answered, custom):
        response = client.post(target, data)
        assert response.status_code == 302, target
        assert response.url.startswith(url("results:page", answered.pk)), target


@pytest.mark.parametrize("persona", ["other_consultant", "client_contact"])
def test_post_urls_are_404_for_others(client, request, persona, answered, custom):
    client.force_login(request.getfixturevalue(persona))
    for state in ("open", "published"):
        if state == "published":
            publish(answered)
        for target, data in post_urls(answered, custom):
            assert client.post(target, data).status_code == 404, target
    assert CuratedRecommendation.objects.filter(pk=custom.pk).exists()
    assert not DimensionNote.objects.exists()


def test_post_urls_send_anonymous_users_to_log_in(client, answered, custom):
    for target, data in post_urls(answered, custom):
        response = client.post(target, data)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={target}"


def test_post_urls_refuse_get(client, consultant, answered, custom):
    client.force_login(consultant)
    for target, _data in post_urls(answered, custom):
        assert client.get(target).status_code == 405


# What the page shows ------------------------------------------------------------------------


def test_overall_score_is_the_presentation_s(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(url("results:page", answered.pk)).content.decode()
    expected = display(present_result(result_bundle(answered), result_for(answered)).overall)
    assert f'<span class="overall-score">{expected}</span>' in page
    # Automation 2, experiments (2 + 2.5 x 1.5) / 2.5 = 2.3, monitoring 2 (weight 2):
    # 8.3 / 4 = 2.075, shown half up.
    assert expected == "2.08"


def test_page_shows_header_dimensions_charts_and_groups(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(url("results:page", answered.pk)).content.decode()
    assert "Acme Analytics" in page
    assert "sample 1.0" in page
    assert "2 submitted respondents" in page
    assert "live" in page
    for title in ("Automation", "Experiment tracking", "Monitoring"):
        assert title in page
    assert "<caption>" in page
    assert 'class="score-bar"' in page
    assert "palier-radar" in page
    assert "The chart's data as a table" in page
    # Role groups side by side.
    assert "Leadership" in page
    assert "Practitioners" in page
    # The heat map marks the disagreement, with a data table.
    assert "Respondents disagree on" in page
    assert "heat-table" in page


def test_leadership_seeing_more_maturity_is_said(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(url("results:page", answered.pk)).content.decode()
    assert "Leadership rates Monitoring 4.00 higher than practitioners" in page


def test_no_perception_sentence_under_one_stage(client, consultant, assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", TOP)
    client.force_login(consultant)
    page = client.get(url("results:page", assessment.pk)).content.decode()
    assert "higher than practitioners" not in page


def test_page_follows_the_interface_language(client, consultant, answered, settings):
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(url("results:page", answered.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Surveillance" in page
    assert "Déployez à chaque fusion." in page


def test_snapshot_is_dated_once_closed(client, consultant, answered):
    lifecycle.assessment_set_status(assessment=answered, status=Assessment.Status.CLOSED)
    client.force_login(consultant)
    page = client.get(url("results:page", answered.pk)).content.decode()
    assert "snapshot of" in page


def test_empty_assessment_renders(client, consultant, assessment):
    client.force_login(consultant)
    response = client.get(url("results:page", assessment.pk))
    assert response.status_code == 200
    assert "No submitted answers yet." in response.content.decode()


def test_hidden_recommendations_are_listed_apart_for_the_consultant_only(
    client, consultant, client_contact, answered
):
    CuratedRecommendation.objects.create(
        assessment=answered,
        question_key="automation-iac",
        dimension_key="automation",
        hidden=True,
    )
    client.force_login(consultant)
    page = client.get(url("results:page", answered.pk)).content.decode()
    hidden_part = page.split('id="hidden-recommendations"')[1]
    assert "Describe one environment as code." in hidden_part
    publish(answered)
    client.force_login(client_contact)
    page = client.get(url("results:page", answered.pk)).content.decode()
    assert "Describe one environment as code." not in page


# Refresh ------------------------------------------------------------------------------------


def test_refresh_stores_a_new_snapshot(client, consultant, answered):
    lifecycle.assessment_set_status(assessment=answered, status=Assessment.Status.CLOSED)
    client.force_login(consultant)
    before = answered.snapshots.count()
    response = client.post(url("results:refresh", answered.pk), follow=True)
    assert MSG_REFRESHED in messages_of(response)
    assert answered.snapshots.count() == before + 1


def test_refresh_is_refused_once_published(client, consultant, published):
    client.force_login(consultant)
    before = published.snapshots.count()
    response = client.post(url("results:refresh", published.pk), follow=True)
    assert str(MSG_PUBLISHED_FROZEN) in messages_of(response)
    assert published.snapshots.count() == before
    # The page is read-only for the consultant too: no refresh, no curation.
    page = response.content.decode()
    assert url("results:refresh", published.pk) not in page
    assert url("results:summary_save", published.pk) not in page
    assert "<textarea" not in page


# Client contacts' home ----------------------------------------------------------------------


def test_client_home_lists_published_assessments_of_the_contact(
    client, client_contact, answered, outsider_assessment, organisation, sample_framework
):
    draft = AssessmentFactory(organisation=organisation, framework=sample_framework, title="Draft")
    publish(answered)
    publish(outsider_assessment)
    client.force_login(client_contact)
    response = client.get(url("results:client_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert url("results:page", answered.pk) in page
    assert url("results:page", draft.pk) not in page
    assert url("results:page", outsider_assessment.pk) not in page


def test_client_home_sends_consultants_to_their_dashboard(client, consultant):
    client.force_login(consultant)
    response = client.get(url("results:client_home"))
    assert response.status_code == 302
    assert response.url == url("dashboard")


def test_client_home_sends_anonymous_users_to_log_in(client):
    response = client.get(url("results:client_home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url('results:client_home')}"


def test_assessment_detail_links_to_the_results(client, consultant, assessment):
    client.force_login(consultant)
    page = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert url("results:page", assessment.pk) in page


# Performance --------------------------------------------------------------------------------

# Queries: session, user, consultants group; assessment with organisation and framework (4);
# the result bundle: respondents, answers, scoping questions, stages, dimensions with pillars,
# questions, options, notes, curated recommendations (9): 13, whatever the size. Scoring and
# the presentation read the bundle only.
RESULTS_PAGE_QUERIES = 13


def test_results_page_runs_a_fixed_number_of_queries(
    client, consultant, answered, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(consultant)
    with django_assert_num_queries(RESULTS_PAGE_QUERIES) as small:
        client.get(url("results:page", answered.pk))

    dimension = answered.framework.dimensions.get(key="automation")
    for _ in range(5):
        QuestionFactory(dimension=dimension, framework=answered.framework)
    for i in range(8):
        role = "leadership" if i % 2 else "operations"
        submitted_respondent(
            answered, f"Extra {i}", role, BOTTOM, comments=dict.fromkeys(BOTTOM, "Hm")
        )
    for i in range(4):
        CuratedRecommendation.objects.create(
            assessment=answered, dimension_key="monitoring", text_en=f"Custom {i}"
        )
        DimensionNote.objects.update_or_create(
            assessment=answered, dimension_key="automation", defaults={"text_en": f"Note {i}"}
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("results:page", answered.pk))
    assert "Custom 3" in response.content.decode()


def test_published_page_for_a_client_runs_a_fixed_number_of_queries(
    client, client_contact, published, django_assert_num_queries, django_assert_max_num_queries
):
    # Queries: session, user, consultants group, assessment (4); the bundle's nine, the latest
    # snapshot taking the place of the respondents (it lists who it counted), less the
    # framework's scoping questions, stages, dimensions, questions and options, which the
    # process keeps since publishing read them: 8 (13 before they were kept).
    client.force_login(client_contact)
    with django_assert_num_queries(8) as small:
        client.get(url("results:page", published.pk))
    for i in range(6):
        submitted_respondent(published, f"Late {i}", "operations", TOP)
    lifecycle.assessment_set_status(assessment=published, status=Assessment.Status.CLOSED)
    result_services.result_refresh(assessment=published, reason="refresh")
    lifecycle.assessment_set_status(assessment=published, status=Assessment.Status.PUBLISHED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("results:page", published.pk))


def test_weakest_link_names_the_lowest_dimension_not_its_whole_stage(
    client, consultant, assessment
):
    # Automation (2 x 2 + 0) / 3 = 4/3, experiments (2 + 1.5 x 1) / 2.5 = 1.4, monitoring
    # (1 + 1) / 2 = 1: all three at stage 1, but monitoring alone is the lowest.
    submitted_respondent(
        assessment,
        "Lena Leader",
        "leadership",
        {
            "automation-deploy": "s2",
            "automation-iac": "no",
            "experiments-tracking": "s2",
            "experiments-reproduce": "s1",
            "monitoring-drift": "s1",
            "monitoring-latency": "s1",
        },
    )
    client.force_login(consultant)
    page = client.get(url("results:page", assessment.pk)).content.decode()
    weakest = re.search(r"<ul[^>]*data-weakest-link>(.*?)</ul>", page, re.S).group(1)
    assert "Monitoring" in weakest
    assert "Automation" not in weakest and "Experiment" not in weakest
    assert "2 other dimensions are at the same stage with a higher score." in page


def test_each_question_shows_its_consensus(client, consultant, answered):
    # The leader answers 4 and the practitioner 0 everywhere: half agree with each other.
    client.force_login(consultant)
    page = client.get(url("results:page", answered.pk)).content.decode()
    row = re.search(r'<tr data-question="automation-deploy">(.*?)</tr>', page, re.S).group(1)
    assert "<td>50%</td>" in row
    assert "Disagreement" in row


def test_heat_map_columns_are_numbered_with_their_question_in_tooltips_and_the_table(
    client, consultant, answered
):
    client.force_login(consultant)
    page = client.get(url("results:page", answered.pk)).content.decode()
    heat = page[page.index('id="heat-map"') : page.index('id="comments"')]
    # The in-scope questions in the page's order: automation's two first.
    assert "<title>Q1 · How are models deployed?</title>" in heat
    assert "<title>Q2 · Is infrastructure described as code?</title>" in heat
    assert (
        '<th scope="col" title="How are models deployed?">Q1<span class="visually-hidden"> '
        "How are models deployed?</span>" in heat
    )
    assert '<dt class="col-2 col-md-1 table-figures">Q1</dt>' in heat
    # No question key is shown as a label any more.
    assert ">automation-deploy<" not in heat
    assert "<abbr" not in heat
