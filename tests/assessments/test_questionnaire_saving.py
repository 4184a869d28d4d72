"""Saving a dimension page: where the respondent lands, where "Saved" is said, the counter."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.assessments.test_questionnaire import page_post, page_url, url
from tests.factories import make_answer

pytestmark = pytest.mark.django_db


def save_status(page: str) -> str:
    """The text of the save bar's status line."""
    match = re.search(r'<p [^>]*id="save-status"[^>]*>(.*?)</p>', page, re.S)
    assert match, "no save status on the page"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def counter(page: str, question_key: str) -> str:
    match = re.search(rf'id="id_q-{question_key}-comment_count"[^>]*>([^<]*)</div>', page)
    assert match, f"no counter for {question_key}"
    return match.group(1)


# Where "Save" brings the respondent back ----------------------------------------------------


def test_save_comes_back_to_the_last_question_changed(client, respondent):
    data = page_post(client, respondent) | {
        "q-automation-deploy": "o:s1",
        "q-automation-iac": "o:yes",
        "stay": "1",
    }
    response = client.post(page_url(respondent), data)
    assert response.status_code == 302
    assert response["Location"] == page_url(respondent) + "#question-automation-iac"


def test_save_comes_back_to_the_question_the_script_says_the_respondent_was_at(client, respondent):
    data = page_post(client, respondent) | {
        "q-automation-iac": "o:yes",
        "at": "automation-deploy",
        "stay": "1",
    }
    response = client.post(page_url(respondent), data)
    assert response["Location"] == page_url(respondent) + "#question-automation-deploy"


@pytest.mark.parametrize("at", ["monitoring-drift", "x\r\nSet-Cookie: a=b", "../../admin"])
def test_a_place_not_on_this_page_is_ignored(client, respondent, at):
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1", "at": at, "stay": "1"}
    response = client.post(page_url(respondent), data)
    assert response["Location"] == page_url(respondent) + "#question-automation-deploy"


def test_save_with_nothing_changed_comes_back_to_the_page(client, respondent):
    response = client.post(page_url(respondent), page_post(client, respondent) | {"stay": "1"})
    assert response["Location"] == page_url(respondent)


def test_save_and_continue_opens_the_next_page_at_its_top(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1", "next": "1"}
    response = client.post(page_url(respondent), data)
    assert response["Location"] == page_url(respondent, "experiments")


# Where "Saved" is said ---------------------------------------------------------------------


def test_saved_message_is_in_the_save_bar_not_at_the_top_of_the_page(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1", "stay": "1"}
    client.post(page_url(respondent), data)
    page = client.get(page_url(respondent)).content.decode()
    assert save_status(page) == "Your answers are saved."
    assert 'class="messages"' not in page  # base.html's place, at the top of the page
    assert 'role="status" aria-live="polite"' in page
    # Said once: the next visit has nothing to say.
    assert save_status(client.get(page_url(respondent)).content.decode()) == ""


def test_saved_message_in_french_on_the_next_page(client, respondent):
    client.cookies["django_language"] = "fr"
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1", "next": "1"}
    client.post(page_url(respondent), data)
    page = client.get(page_url(respondent, "experiments")).content.decode()
    assert save_status(page) == "Vos réponses sont enregistrées."


def test_a_refused_save_says_so_in_the_save_bar(client, respondent):
    data = page_post(client, respondent) | {"q-automation-iac-comment": "x" * 2001}
    page = client.post(page_url(respondent), data).content.decode()
    assert save_status(page) == "Nothing was saved: please correct the errors on this page."


def test_saved_message_after_save_and_review_is_at_the_top_of_the_review(client, respondent):
    data = page_post(client, respondent, "monitoring") | {"next": "1"}
    response = client.post(page_url(respondent, "monitoring"), data)
    assert response["Location"] == url(respondent, "review")
    page = client.get(url(respondent, "review")).content.decode()
    assert page.index("Your answers are saved.") < page.index("<h1")


# The comment counter -----------------------------------------------------------------------


def test_counter_shows_the_characters_left_of_the_saved_comment(client, respondent):
    make_answer(respondent, "automation-deploy", "s1", comment="Only on Fridays")  # 15 characters
    page = client.get(page_url(respondent)).content.decode()
    assert counter(page, "automation-deploy") == "1985 characters left"
    assert counter(page, "automation-iac") == "2000 characters left"
    assert 'aria-describedby="id_q-automation-deploy-comment_count"' in page
    assert re.search(r'id="id_q-automation-deploy-comment_count"[^>]*aria-live="polite"', page)


def test_counter_in_french(client, respondent):
    make_answer(respondent, "automation-deploy", "s1", comment="x" * 1999)
    client.cookies["django_language"] = "fr"
    page = client.get(page_url(respondent)).content.decode()
    assert counter(page, "automation-deploy") == "1 caractère restant"
    assert counter(page, "automation-iac") == "2000 caractères restants"


def test_counter_texts_for_the_script(client, respondent):
    page = client.get(page_url(respondent)).content.decode()
    assert (
        '<script id="comment-count-messages" type="application/json">{"max": 2000, '
        '"left": ["%(count)s character left", "%(count)s characters left"], '
        '"over": ["%(count)s character too many", "%(count)s characters too many"]}</script>'
    ) in page


def test_background_save_refuses_a_too_long_comment_with_the_message(client, respondent):
    response = client.post(
        url(respondent, "autosave", dimension_key="automation"),
        {"question": "automation-deploy", "q-automation-deploy-comment": "x" * 2001},
    )
    assert response.status_code == 400
    assert response.json()["fields"]["q-automation-deploy-comment"] == [
        "A comment may hold at most 2000 characters; this one has 2001. Please shorten it."
    ]
