"""Two tabs on one respondent: each saves what it changed, and never undoes the other's answer.

Each tab is a client of its own that rendered the page before the other saved: its form holds
stale values (and stale hidden initial values) for everything it did not touch.
"""

from __future__ import annotations

import pytest
from django.test import Client

from assessments.models import Answer, Respondent
from tests.assessments.test_questionnaire import answer_of, page_post, page_url, url
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

DEPLOY = "q-automation-deploy"


def autosave(client: Client, respondent: Respondent, dimension: str, fields: dict) -> int:
    """A background save as the script sends it: the question and the fields that changed."""
    data = {"question": next(iter(fields)).removeprefix("q-").split("-comment")[0], **fields}
    return client.post(url(respondent, "autosave", dimension_key=dimension), data).status_code


def test_a_stale_page_that_changes_a_comment_keeps_the_choice_another_tab_saved(respondent):
    kept = 0
    for round_ in range(10):
        tab_a, tab_b = Client(), Client()
        stale = page_post(tab_a, respondent)
        fresh = page_post(tab_b, respondent)
        option = f"s{round_ % 5}"
        fresh[DEPLOY] = f"o:{option}"
        assert tab_b.post(page_url(respondent), fresh | {"stay": ""}).status_code == 302
        stale[f"{DEPLOY}-comment"] = f"Round {round_}: deploys are manual."
        assert tab_a.post(page_url(respondent), stale | {"stay": ""}).status_code == 302
        answer = answer_of(respondent, "automation-deploy")
        kept += (answer.option.key, answer.comment) == (
            option,
            f"Round {round_}: deploys are manual.",
        )
    assert kept == 10


def test_a_stale_tab_s_background_comment_keeps_the_choice_another_tab_saved(respondent):
    tab_a, tab_b = Client(), Client()
    page_post(tab_a, respondent)  # tab A renders the page, then tab B answers
    fresh = page_post(tab_b, respondent)
    fresh[DEPLOY] = "o:s3"
    assert tab_b.post(page_url(respondent), fresh | {"stay": ""}).status_code == 302
    fields = {f"{DEPLOY}-comment": "Only the comment changed here."}
    assert autosave(tab_a, respondent, "automation", fields) == 200
    answer = answer_of(respondent, "automation-deploy")
    assert (answer.kind, answer.option.key, answer.comment) == (
        "option",
        "s3",
        "Only the comment changed here.",
    )


def test_a_background_choice_keeps_the_comment_another_tab_saved(respondent):
    tab_a, tab_b = Client(), Client()
    fresh = page_post(tab_b, respondent)
    fresh[f"{DEPLOY}-comment"] = "Written in tab B."
    assert tab_b.post(page_url(respondent), fresh | {"stay": ""}).status_code == 302
    assert autosave(tab_a, respondent, "automation", {DEPLOY: "o:s1"}) == 200
    answer = answer_of(respondent, "automation-deploy")
    assert (answer.option.key, answer.comment) == ("s1", "Written in tab B.")


def test_a_reason_and_a_comment_from_two_tabs_are_both_kept(respondent):
    tab_a, tab_b = Client(), Client()
    stale = page_post(tab_a, respondent, "monitoring")
    fresh = page_post(tab_b, respondent, "monitoring")
    fresh |= {"q-monitoring-latency": "na", "q-monitoring-latency-reason": "constraint"}
    assert tab_b.post(page_url(respondent, "monitoring"), fresh | {"stay": ""}).status_code == 302
    stale["q-monitoring-latency-comment"] = "Latency is the vendor's."
    assert tab_a.post(page_url(respondent, "monitoring"), stale | {"stay": ""}).status_code == 302
    latency = answer_of(respondent, "monitoring-latency")
    assert (latency.kind, latency.na_reason, latency.comment) == (
        "na",
        "constraint",
        "Latency is the vendor's.",
    )


def test_two_tabs_answering_different_questions_keep_both(respondent):
    tab_a, tab_b = Client(), Client()
    stale = page_post(tab_a, respondent)
    fresh = page_post(tab_b, respondent)
    fresh[DEPLOY] = "o:s4"
    assert tab_b.post(page_url(respondent), fresh | {"stay": ""}).status_code == 302
    stale["q-automation-iac"] = "o:yes"
    assert tab_a.post(page_url(respondent), stale | {"stay": ""}).status_code == 302
    assert answer_of(respondent, "automation-deploy").option.key == "s4"
    assert answer_of(respondent, "automation-iac").option.key == "yes"


@pytest.mark.parametrize(
    "fields",
    [
        {"q-monitoring-drift": "dont_know"},  # a question of another page
        {DEPLOY: "o:not-an-option"},
        {DEPLOY: "o:yes"},  # an option of another question
    ],
)
def test_a_tampered_background_save_is_refused_and_writes_nothing(client, respondent, fields):
    data = {"question": "automation-deploy", **fields}
    response = client.post(url(respondent, "autosave", dimension_key="automation"), data)
    assert response.status_code == 400
    assert "error" in response.json()
    assert not Answer.objects.filter(respondent=respondent).exists()


def _add_questions(respondent: Respondent, count: int) -> None:
    dimension = respondent.assessment.framework.dimensions.get(key="automation")
    for _ in range(count):
        QuestionFactory(dimension=dimension, framework=dimension.framework)


def _page_with_changes(client: Client, respondent: Respondent, count: int) -> dict:
    data = page_post(client, respondent)
    # Every question sends its comment; an unanswered one sends no choice.
    comments = [k for k in data if k.startswith("q-") and k.endswith("-comment")]
    chosen = sorted(k.removesuffix("-comment") for k in comments)[:count]
    assert len(chosen) == count
    for name in chosen:
        data[f"{name}-comment"] = "Changed."
        data[name] = "dont_know"
    return data | {"stay": ""}


def test_saving_a_page_costs_the_same_queries_for_2_and_for_20_changed_questions(
    respondent, django_assert_num_queries
):
    # Queries: the respondent by its link's hash, with assessment, organisation, framework (1);
    # the page: scoping questions, answers with their option, dimensions, questions, options
    # (5); the save: savepoint, the respondent locked, the stored answers of the changed
    # questions, one upsert, the respondent's progress, savepoint released (6): 12, for 2
    # changed questions as for 20 (it was 6 a question: 142 for 22). The message goes to a
    # cookie.
    _add_questions(respondent, 18)
    small, large = Client(), Client()
    two, twenty = (
        _page_with_changes(small, respondent, 2),
        _page_with_changes(large, respondent, 20),
    )
    with django_assert_num_queries(12):
        assert small.post(page_url(respondent), two).status_code == 302
    with django_assert_num_queries(12):
        assert large.post(page_url(respondent), twenty).status_code == 302
    assert Answer.objects.filter(respondent=respondent, comment="Changed.").count() == 20


def test_a_background_save_costs_a_fixed_number_of_queries(
    client, respondent, django_assert_num_queries
):
    # Queries: the respondent (1); the page (5); the save (6, as above); the progress read
    # again for the answer (5): 17, whatever the page's size and the answers stored.
    fields = {DEPLOY: "o:s2", f"{DEPLOY}-comment": "Both parts changed."}
    with django_assert_num_queries(17):
        assert autosave(client, respondent, "automation", fields) == 200
    _add_questions(respondent, 18)
    with django_assert_num_queries(17):
        assert autosave(client, respondent, "automation", {DEPLOY: "o:s3"}) == 200
