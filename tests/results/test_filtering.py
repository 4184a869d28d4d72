"""The results page's recommendation filter (by dimension, by horizon, kept in the URL and
through a save) and the saves' messages shown in their own section."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import CuratedRecommendation
from results.filtering import MSG_FILTER_IGNORED
from results.views.curation import MSG_NOTE_SAVED, MSG_RECOMMENDATION_HIDDEN, MSG_SUMMARY_SAVED
from results.views.page import MSG_REFRESHED
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

from .test_page import RESULTS_PAGE_QUERIES

pytestmark = pytest.mark.django_db


def page_url(assessment, query: str = "") -> str:
    url = reverse("results:page", args=[assessment.pk])
    return f"{url}?{query}" if query else url


@pytest.fixture
def answered(assessment):
    """Automation and monitoring below their targets (four "now" recommendations), and one
    recommendation of the consultant's own, in experiments, for later."""
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    CuratedRecommendation.objects.create(
        assessment=assessment,
        dimension_key="experiments",
        text_en="Share notebooks",
        horizon="later",
    )
    return assessment


def listed(page: str) -> list[str]:
    """The ids of the recommendations the page lists, in order."""
    return re.findall(r'<li class="list-group-item" id="recommendation-([^"]+)"', page)


def section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    return page[start : page.find("<section id=", start + 1)]


def test_unfiltered_page_lists_every_recommendation(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(page_url(answered)).content.decode()
    assert {"automation-deploy", "automation-iac", "monitoring-drift"} <= set(listed(page))
    assert "Share notebooks" in page
    assert "Show all" not in page


def test_filter_by_dimension_keeps_its_recommendations_and_its_choice(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(page_url(answered, "dimension=automation")).content.decode()
    assert set(listed(page)) == {"automation-deploy", "automation-iac"}
    assert "Share notebooks" not in page
    assert '<option value="automation" selected>' in page
    assert "Show all" in page


def test_filter_by_horizon_shows_that_horizon_only(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(page_url(answered, "horizon=later")).content.decode()
    assert 'id="horizon-later"' in page
    assert 'id="horizon-now"' not in page and 'id="horizon-next"' not in page
    assert "Share notebooks" in page
    assert '<option value="later" selected>' in page


def test_both_filters_together_may_select_nothing_and_say_so(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(page_url(answered, "dimension=automation&horizon=later")).content.decode()
    assert listed(page) == []
    assert "No recommendation at this horizon matches the filter." in page


def test_an_invalid_filter_is_ignored_with_a_message_and_the_valid_one_kept(
    client, consultant, answered
):
    client.force_login(consultant)
    response = client.get(page_url(answered, "dimension=nope&horizon=later"))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(MSG_FILTER_IGNORED) in section(page, "recommendations")
    assert 'id="horizon-now"' not in page
    assert "Share notebooks" in page


def test_client_contact_filters_too(client, client_contact, answered):
    publish(answered)
    client.force_login(client_contact)
    page = client.get(page_url(answered, "dimension=experiments")).content.decode()
    assert listed(page) == [f"{answered.curated_recommendations.get().pk}"]


def test_filtering_costs_no_query(client, consultant, answered, django_assert_num_queries):
    client.force_login(consultant)
    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        client.get(page_url(answered, "dimension=automation&horizon=now"))


def test_a_save_from_a_filtered_page_goes_back_to_it_with_its_message_in_place(
    client, consultant, answered
):
    client.force_login(consultant)
    action = reverse("results:recommendation_curate", args=[answered.pk]) + "?dimension=automation"
    response = client.post(action, {"question_key": "automation-iac", "action": "hide"})
    assert response.status_code == 302
    assert response.url == page_url(answered, "dimension=automation") + "#recommendations"
    page = client.get(response.url).content.decode()
    assert str(MSG_RECOMMENDATION_HIDDEN) in section(page, "recommendations")
    assert '<div class="messages">' not in page
    assert listed(page) == ["automation-deploy", "automation-iac"]  # then the hidden list


def test_the_pages_forms_post_with_the_filter_and_to_their_section(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(page_url(answered, "dimension=automation")).content.decode()
    curate = reverse("results:recommendation_curate", args=[answered.pk])
    assert f'action="{curate}?dimension=automation#recommendations"' in page
    note = reverse("results:note_save", args=[answered.pk, "automation"])
    assert f'action="{note}#dimension-automation"' in page


def test_summary_and_note_messages_are_shown_in_their_section(client, consultant, answered):
    client.force_login(consultant)
    client.post(reverse("results:summary_save", args=[answered.pk]), {"executive_summary": "S"})
    page = client.get(page_url(answered)).content.decode()
    assert str(MSG_SUMMARY_SAVED) in section(page, "summary")
    assert page.count(str(MSG_SUMMARY_SAVED)) == 1
    client.post(reverse("results:note_save", args=[answered.pk, "monitoring"]), {"text_en": "N"})
    page = client.get(page_url(answered)).content.decode()
    start = page.index('id="dimension-monitoring"')
    assert str(MSG_NOTE_SAVED) in page[start : page.index("</article>", start)]
    assert page.count(str(MSG_NOTE_SAVED)) == 1


def test_an_invalid_save_says_so_in_its_section(client, consultant, answered):
    client.force_login(consultant)
    response = client.post(
        reverse("results:note_save", args=[answered.pk, "monitoring"]), {"text_en": "x" * 5001}
    )
    assert response.status_code == 400
    page = response.content.decode()
    card = page[page.index('id="dimension-monitoring"') :]
    assert "Nothing was saved: correct the form below." in card[: card.index("</article>")]


def test_a_message_of_no_section_stays_at_the_top(client, consultant, answered):
    client.force_login(consultant)
    client.post(reverse("results:refresh", args=[answered.pk]))
    page = client.get(page_url(answered)).content.decode()
    assert page.index(str(MSG_REFRESHED)) < page.index('id="overview"')
