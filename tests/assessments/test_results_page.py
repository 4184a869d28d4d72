"""The results page and the client contacts' home: who sees what, and in how many queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Assessment, CuratedRecommendation, DimensionNote, Respondent
from assessments.presentation import display, present_result
from assessments.results import result_for
from assessments.services import MSG_PUBLISHED_FROZEN
from assessments.views.results import MSG_REFRESHED
from maturity.models import Question
from tests.factories import AssessmentFactory, QuestionFactory, RespondentFactory, UserFactory

pytestmark = pytest.mark.django_db

# The leader sees every practice at its best; the practitioner at its worst.
TOP = {
    "automation-deploy": "s4",
    "automation-iac": "yes",
    "experiments-tracking": "s4",
    "experiments-reproduce": "s4",
    "monitoring-drift": "s4",
    "monitoring-latency": "s4",
}
BOTTOM = {
    "automation-deploy": "s0",
    "automation-iac": "no",
    "experiments-tracking": "s0",
    "experiments-reproduce": "s1",
    "monitoring-drift": "s0",
    "monitoring-latency": "s0",
}
PRACTITIONER_COMMENT = "Deploys break <b>often</b> on Fridays."


def url(name: str, *args: object) -> str:
    return reverse(f"assessments:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def submitted_respondent(
    assessment: Assessment,
    name: str,
    role: str,
    options: dict[str, str],
    comments: dict[str, str] | None = None,
) -> Respondent:
    """A respondent who submitted these option keys, by question key."""
    respondent = RespondentFactory(
        assessment=assessment, name=name, role=role, status=Respondent.Status.SUBMITTED
    )
    questions = {
        q.key: q
        for q in Question.objects.filter(framework=assessment.framework).prefetch_related("options")
    }
    comments = comments or {}
    Answer.objects.bulk_create(
        Answer(
            respondent=respondent,
            question=questions[key],
            kind=Answer.Kind.OPTION,
            option=next(o for o in questions[key].options.all() if o.key == option_key),
            comment=comments.get(key, ""),
        )
        for key, option_key in options.items()
    )
    return respondent


def publish(assessment: Assessment) -> Assessment:
    services.assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    services.assessment_set_status(assessment=assessment, status=Assessment.Status.PUBLISHED)
    return assessment


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
        (url("result_refresh", assessment.pk), {}),
        (url("summary_save", assessment.pk), {"executive_summary": "Summary"}),
        (url("note_save", assessment.pk, "automation"), {"text": "Note"}),
        (
            url("recommendation_curate", assessment.pk),
            {"question_key": "automation-deploy", "action": "hide"},
        ),
        (
            url("recommendation_add", assessment.pk),
            {"dimension_key": "automation", "text": "Hire", "horizon": "now"},
        ),
        (url("recommendation_delete", assessment.pk, custom.pk), {}),
    ]


@pytest.fixture
def custom(answered):
    return CuratedRecommendation.objects.create(
        assessment=answered, dimension_key="automation", text="Train the team", horizon="now"
    )


# Access: the page, for each persona ---------------------------------------------------------


def test_assigned_consultant_sees_the_page_with_curation(client, consultant, answered):
    client.force_login(consultant)
    response = client.get(url("results", answered.pk))
    assert response.status_code == 200
    assert "assessments/results.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert url("summary_save", answered.pk) in page
    assert url("recommendation_add", answered.pk) in page
    assert url("export_csv", answered.pk) in page
    assert url("export_json", answered.pk) in page
    assert 'id="heat-map"' in page
    assert "Lena Leader" in page


def test_unassigned_consultant_gets_a_404(client, other_consultant, published):
    client.force_login(other_consultant)
    assert client.get(url("results", published.pk)).status_code == 404


def test_client_contact_gets_a_404_before_publication(client, client_contact, answered):
    client.force_login(client_contact)
    for status in ("open", "closed"):
        Assessment.objects.filter(pk=answered.pk).update(status=status)
        assert client.get(url("results", answered.pk)).status_code == 404


def test_client_contact_reads_the_published_results_without_individual_answers(
    client, client_contact, published
):
    DimensionNote.objects.create(assessment=published, dimension_key="automation", text="Shared")
    client.force_login(client_contact)
    response = client.get(url("results", published.pk))
    assert response.status_code == 200
    page = response.content.decode()
    # Read-only: no form posts anywhere but the log-out and the language switch.
    actions = set(re.findall(r'<form[^>]*action="([^"]+)"', page))
    assert actions == {reverse("logout"), reverse("set_language")}
    assert "<textarea" not in page
    # No individual respondents: no heat map, no names, no exports, no refresh.
    assert 'id="heat-map"' not in page
    assert "palier-heat" not in page
    assert "Lena Leader" not in page
    assert "Paul Practitioner" not in page
    assert url("export_csv", published.pk) not in page
    # What they do see: the report, the roadmap, notes and comments (by role where the role
    # has several respondents; here each role has one).
    assert "Download the PDF report" in page
    assert f"{url('report', published.pk)}?lang=fr" in page
    assert "Shared" in page
    assert "Deploy on every merge." in page
    assert "A respondent:</span> Deploys break &lt;b&gt;often&lt;/b&gt; on Fridays." in page
    assert "Data science:</span>" not in page


def test_client_contact_of_another_organisation_gets_a_404(client, outsider_assessment):
    publish(outsider_assessment)
    client.force_login(UserFactory(username="dora"))
    assert client.get(url("results", outsider_assessment.pk)).status_code == 404
    outsider_assessment.organisation.client_contacts.add(UserFactory(username="erin"))
    client.force_login(UserFactory(username="erin"))
    assert client.get(url("results", outsider_assessment.pk)).status_code == 200


def test_outsider_consultant_and_contact_cannot_see_organisation_b(
    client, consultant, client_contact, outsider_assessment
):
    publish(outsider_assessment)
    for user in (consultant, client_contact):
        client.force_login(user)
        assert client.get(url("results", outsider_assessment.pk)).status_code == 404


def test_anonymous_user_is_sent_to_log_in(client, published):
    target = url("results", published.pk)
    response = client.get(target)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={target}"


def test_respondent_link_gives_no_access_to_results(client, answered):
    respondent = RespondentFactory(assessment=answered, name="Rita")
    assert client.get(reverse("questionnaire:welcome", args=[respondent.token])).status_code == 200
    response = client.get(url("results", answered.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    publish(answered)
    assert client.get(url("results", answered.pk)).status_code == 302


# Access: the POST URLs, for each persona ----------------------------------------------------


def test_post_urls_work_for_the_assigned_consultant(client, consultant, answered, custom):
    client.force_login(consultant)
    for target, data in post_urls(answered, custom):
        response = client.post(target, data)
        assert response.status_code == 302, target
        assert response.url.startswith(url("results", answered.pk)), target


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
    page = client.get(url("results", answered.pk)).content.decode()
    expected = display(present_result(answered, result_for(answered)).overall)
    assert f'<span class="overall-score">{expected}</span>' in page
    # Automation 2, experiments (2 + 2.5 x 1.5) / 2.5 = 2.3, monitoring 2 (weight 2):
    # 8.3 / 4 = 2.075, shown half up.
    assert expected == "2.08"


def test_page_shows_header_dimensions_charts_and_groups(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(url("results", answered.pk)).content.decode()
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
    page = client.get(url("results", answered.pk)).content.decode()
    assert "Leadership rates Monitoring 4.00 higher than practitioners" in page


def test_no_perception_sentence_under_one_stage(client, consultant, assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", TOP)
    client.force_login(consultant)
    page = client.get(url("results", assessment.pk)).content.decode()
    assert "higher than practitioners" not in page


def test_page_follows_the_interface_language(client, consultant, answered, settings):
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(url("results", answered.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Surveillance" in page
    assert "Déployez à chaque fusion." in page


def test_snapshot_is_dated_once_closed(client, consultant, answered):
    services.assessment_set_status(assessment=answered, status=Assessment.Status.CLOSED)
    client.force_login(consultant)
    page = client.get(url("results", answered.pk)).content.decode()
    assert "snapshot of" in page


def test_empty_assessment_renders(client, consultant, assessment):
    client.force_login(consultant)
    response = client.get(url("results", assessment.pk))
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
    page = client.get(url("results", answered.pk)).content.decode()
    hidden_part = page.split('id="hidden-recommendations"')[1]
    assert "Describe one environment as code." in hidden_part
    publish(answered)
    client.force_login(client_contact)
    page = client.get(url("results", answered.pk)).content.decode()
    assert "Describe one environment as code." not in page


# Refresh ------------------------------------------------------------------------------------


def test_refresh_stores_a_new_snapshot(client, consultant, answered):
    services.assessment_set_status(assessment=answered, status=Assessment.Status.CLOSED)
    client.force_login(consultant)
    before = answered.snapshots.count()
    response = client.post(url("result_refresh", answered.pk), follow=True)
    assert MSG_REFRESHED in messages_of(response)
    assert answered.snapshots.count() == before + 1


def test_refresh_is_refused_once_published(client, consultant, published):
    client.force_login(consultant)
    before = published.snapshots.count()
    response = client.post(url("result_refresh", published.pk), follow=True)
    assert str(MSG_PUBLISHED_FROZEN) in messages_of(response)
    assert published.snapshots.count() == before
    # The page is read-only for the consultant too: no refresh, no curation.
    page = response.content.decode()
    assert url("result_refresh", published.pk) not in page
    assert url("summary_save", published.pk) not in page
    assert "<textarea" not in page


# Client contacts' home ----------------------------------------------------------------------


def test_client_home_lists_published_assessments_of_the_contact(
    client, client_contact, answered, outsider_assessment, organisation, sample_framework
):
    draft = AssessmentFactory(organisation=organisation, framework=sample_framework, title="Draft")
    publish(answered)
    publish(outsider_assessment)
    client.force_login(client_contact)
    response = client.get(url("client_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert url("results", answered.pk) in page
    assert url("results", draft.pk) not in page
    assert url("results", outsider_assessment.pk) not in page


def test_client_home_sends_consultants_to_their_dashboard(client, consultant):
    client.force_login(consultant)
    response = client.get(url("client_home"))
    assert response.status_code == 302
    assert response.url == url("dashboard")


def test_client_home_sends_anonymous_users_to_log_in(client):
    response = client.get(url("client_home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url('client_home')}"


def test_assessment_detail_links_to_the_results(client, consultant, assessment):
    client.force_login(consultant)
    page = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert url("results", assessment.pk) in page


# Performance --------------------------------------------------------------------------------

# Queries: session, user, consultants group; assessment with organisation and framework (4);
# the live result: scoping questions, stage count, dimensions with pillars, questions, options,
# respondents, answers (7); the presentation: stages, dimensions with pillars, questions,
# options, answers, notes, curated recommendations, respondents (8): 19, whatever the size.
RESULTS_PAGE_QUERIES = 19


def test_results_page_runs_a_fixed_number_of_queries(
    client, consultant, answered, django_assert_max_num_queries
):
    client.force_login(consultant)
    with django_assert_max_num_queries(RESULTS_PAGE_QUERIES) as small:
        client.get(url("results", answered.pk))

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
            assessment=answered, dimension_key="monitoring", text=f"Custom {i}"
        )
        DimensionNote.objects.update_or_create(
            assessment=answered, dimension_key="automation", defaults={"text": f"Note {i}"}
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("results", answered.pk))
    assert "Custom 3" in response.content.decode()


def test_published_page_for_a_client_runs_a_fixed_number_of_queries(
    client, client_contact, published, django_assert_max_num_queries
):
    # Queries: session, user, consultants group, assessment (4); latest snapshot instead of
    # the live result (1); the presentation's eight (see above): 13.
    client.force_login(client_contact)
    with django_assert_max_num_queries(13) as small:
        client.get(url("results", published.pk))
    for i in range(6):
        submitted_respondent(published, f"Late {i}", "operations", TOP)
    services.assessment_set_status(assessment=published, status=Assessment.Status.CLOSED)
    services.result_refresh(assessment=published, reason="refresh")
    services.assessment_set_status(assessment=published, status=Assessment.Status.PUBLISHED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("results", published.pk))
