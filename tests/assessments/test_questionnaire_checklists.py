"""Checklist questions in the respondent's questionnaire: the page, saving with and without
JavaScript, two tabs, bad input, progress and the review (tests/fixtures/checklist-framework.yaml).

The "security" page holds two checklists and a choice question:
- sec-model-supply-chain: items scanned, signed, pinned (pinned may be not applicable); the
  question allows "not applicable" as a whole;
- sec-access: items sso, roles, audit (audit may be not applicable); no question-level N/A;
- sec-review: a choice question (options "no", "yes").
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Answer, Respondent
from assessments.questionnaire.forms import (
    MSG_MISSING_FIELD,
    MSG_TICKED_AND_NOT_APPLICABLE,
    MSG_UNEXPECTED_FIELD,
)
from assessments.services.answers import MSG_ITEM_NA_NOT_ALLOWED, MSG_UNKNOWN_ITEM
from maturity.framework_file import parse_framework
from maturity.services import framework_import, framework_set_status
from tests.assessments.test_questionnaire import page_post, url
from tests.conftest import CHECKLIST_FRAMEWORK_FILE
from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory
from tests.one_language import english_only_text

pytestmark = pytest.mark.django_db

PAGE = "security"
CHAIN = "q-sec-model-supply-chain"
ACCESS = "q-sec-access"
REVIEW = "q-sec-review"


@pytest.fixture
def checklist_respondent(checklist_framework):
    framework_set_status(framework=checklist_framework, status="published")
    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=checklist_framework
    )
    return RespondentFactory(assessment=assessment, name="Rita Respondent")


def page_url(respondent: Respondent) -> str:
    return url(respondent, "dimension", dimension_key=PAGE)


def autosave(client: Client, respondent: Respondent, question: str, fields: dict):
    """A background save as static/js/autosave.js sends it: the question, the changed parts."""
    return client.post(
        url(respondent, "autosave", dimension_key=PAGE), {"question": question, **fields}
    )


def stored(respondent: Respondent, key: str) -> tuple[str, dict] | None:
    answer = Answer.objects.filter(respondent=respondent, question__key=key).first()
    return None if answer is None else (answer.kind, answer.items)


def set_answer(respondent: Respondent, key: str, kind: str, items: dict | None = None) -> None:
    question = respondent.assessment.framework.questions.get(key=key)
    Answer.objects.create(respondent=respondent, question=question, kind=kind, items=items or {})


def save_page(client: Client, respondent: Respondent, form: dict, **changes: str):
    """The page's Save button: the form as rendered, with some boxes checked (a value) or
    unchecked (None: a browser does not post an unchecked box)."""
    posted = dict(form)
    for name, value in changes.items():
        if value is None:
            posted.pop(name, None)
        else:
            posted[name] = value
    return client.post(page_url(respondent), posted | {"stay": "1"})


def progress(page: str) -> tuple[str, str]:
    """The sidebar's count for the page's dimension, and the progress bar's percentage."""
    nav = re.search(r'data-nav-count="security">\s*<span[^>]*>answered: </span>(\d+/\d+)', page)
    bar = re.search(r'aria-valuenow="(\d+)" data-progress-bar', page)
    return nav[1], bar[1]


# The page ----------------------------------------------------------------------------------


def test_a_checklist_shows_a_box_per_item_and_na_boxes_where_items_allow_it(
    client, checklist_respondent
):
    page = client.get(page_url(checklist_respondent)).content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]* name="(q-[a-z-]+)" value="([a-z]+)"', page)
    assert boxes == [
        ("q-sec-model-supply-chain-tick-scanned", "ticked"),
        ("q-sec-model-supply-chain-tick-signed", "ticked"),
        ("q-sec-model-supply-chain-tick-pinned", "ticked"),
        ("q-sec-model-supply-chain-itemna-pinned", "na"),
        ("q-sec-access-tick-sso", "ticked"),
        ("q-sec-access-tick-roles", "ticked"),
        ("q-sec-access-tick-audit", "ticked"),
        ("q-sec-access-itemna-audit", "na"),
    ]
    assert "Model files are scanned before loading.</label>" in page
    assert 'Not applicable<span class="visually-hidden"> (<span>Third-party models' in page
    # The question-level choice: "as ticked", N/A where the question allows it, don't know.
    radios = re.findall(r'<input type="radio"[^>]* name="(q-sec-[a-z-]+)" value="([a-z_:]+)"', page)
    assert radios == [
        (CHAIN, "checklist"),
        (CHAIN, "na"),
        (CHAIN, "dont_know"),
        (ACCESS, "checklist"),
        (ACCESS, "dont_know"),
        (REVIEW, "o:no"),
        (REVIEW, "o:yes"),
        (REVIEW, "dont_know"),
    ]
    assert "As ticked above" in page
    assert page.count(f'name="{CHAIN}-reason"') == 1
    assert f'name="{ACCESS}-reason"' not in page
    assert page.count("<textarea") == 3
    assert "Why it matters:</strong> A tampered model runs with your data." in page


def test_a_checklist_shows_what_is_stored(client, checklist_respondent):
    set_answer(
        checklist_respondent,
        "sec-model-supply-chain",
        "checklist",
        {"scanned": "ticked", "pinned": "na"},
    )
    form = page_post(client, checklist_respondent, PAGE)
    assert form[f"{CHAIN}-tick-scanned"] == "ticked"
    assert f"{CHAIN}-tick-signed" not in form
    assert f"{CHAIN}-tick-pinned" not in form
    assert form[f"{CHAIN}-itemna-pinned"] == "na"
    assert form[CHAIN] == "checklist"
    # The hidden initial values: the state the page was rendered with.
    assert form[f"initial-{CHAIN}-tick-scanned"] == "ticked"
    assert form[f"initial-{CHAIN}-tick-signed"] == ""
    assert form[f"initial-{CHAIN}-itemna-pinned"] == "na"


def test_a_checklist_in_french(client, checklist_respondent):
    client.cookies["django_language"] = "fr"
    page = client.get(page_url(checklist_respondent)).content.decode()
    assert "Les fichiers de modèle sont analysés avant chargement.</label>" in page
    assert "Non applicable<span" in page
    assert "Je ne sais pas" in page
    assert "Non applicable chez nous" in page


def test_a_one_language_checklist_marks_its_items_on_the_other_language_page(client):
    text = english_only_text(CHECKLIST_FRAMEWORK_FILE, "checklist-sample")
    framework, _ = framework_import(document=parse_framework(text))
    respondent = RespondentFactory(assessment=AssessmentFactory(framework=framework))
    client.cookies["django_language"] = "fr"
    page = client.get(page_url(respondent)).content.decode()
    assert 'lang="en">Model files are scanned before loading.</label>' in page
    assert '<span lang="en">Third-party models are pinned by digest.</span>' in page
    assert "Non applicable<span" in page  # the interface's own text, in French


# Saving without JavaScript: the page's Save button ------------------------------------------


def test_ticking_items_without_choosing_answers_the_checklist_as_ticked(
    client, checklist_respondent
):
    form = page_post(client, checklist_respondent, PAGE)
    changes = {f"{CHAIN}-tick-scanned": "ticked", f"{CHAIN}-itemna-pinned": "na"}
    response = save_page(client, checklist_respondent, form, **changes)
    assert response.status_code == 302
    assert stored(checklist_respondent, "sec-model-supply-chain") == (
        "checklist",
        {"scanned": "ticked", "pinned": "na"},
    )
    assert stored(checklist_respondent, "sec-access") is None


def test_as_ticked_with_nothing_ticked_is_an_answer_none_of_these(client, checklist_respondent):
    form = page_post(client, checklist_respondent, PAGE)
    response = save_page(client, checklist_respondent, form, **{ACCESS: "checklist"})
    assert response.status_code == 302
    assert stored(checklist_respondent, "sec-access") == ("checklist", {})
    assert progress(client.get(page_url(checklist_respondent)).content.decode()) == ("1/3", "33")


def test_unticking_an_item_on_the_page_unticks_it_and_keeps_the_others(
    client, checklist_respondent
):
    set_answer(
        checklist_respondent, "sec-access", "checklist", {"sso": "ticked", "roles": "ticked"}
    )
    form = page_post(client, checklist_respondent, PAGE)
    response = save_page(client, checklist_respondent, form, **{f"{ACCESS}-tick-roles": None})
    assert response.status_code == 302
    assert stored(checklist_respondent, "sec-access") == ("checklist", {"sso": "ticked"})


def test_marking_a_ticked_item_not_applicable_on_the_page(client, checklist_respondent):
    set_answer(checklist_respondent, "sec-access", "checklist", {"audit": "ticked"})
    form = page_post(client, checklist_respondent, PAGE)
    changes = {f"{ACCESS}-tick-audit": None, f"{ACCESS}-itemna-audit": "na"}
    assert save_page(client, checklist_respondent, form, **changes).status_code == 302
    assert stored(checklist_respondent, "sec-access") == ("checklist", {"audit": "na"})


@pytest.mark.parametrize("choice", ["dont_know", "na"])
def test_dont_know_or_not_applicable_clears_the_items_even_if_still_ticked_on_the_page(
    client, checklist_respondent, choice
):
    set_answer(checklist_respondent, "sec-model-supply-chain", "checklist", {"scanned": "ticked"})
    form = page_post(client, checklist_respondent, PAGE)
    response = save_page(client, checklist_respondent, form, **{CHAIN: choice})
    assert response.status_code == 302
    assert stored(checklist_respondent, "sec-model-supply-chain") == (choice, {})
    page = client.get(page_url(checklist_respondent)).content.decode()
    assert not re.search(r'name="q-sec-model-supply-chain-tick-scanned"[^>]*checked', page)


def test_ticking_an_item_after_dont_know_answers_as_ticked(client, checklist_respondent):
    # Without the script nothing moves the radio; the item ticked is the newer answer.
    set_answer(checklist_respondent, "sec-access", "dont_know")
    form = page_post(client, checklist_respondent, PAGE)
    assert form[ACCESS] == "dont_know"
    response = save_page(client, checklist_respondent, form, **{f"{ACCESS}-tick-sso": "ticked"})
    assert response.status_code == 302
    assert stored(checklist_respondent, "sec-access") == ("checklist", {"sso": "ticked"})


def test_an_item_ticked_and_not_applicable_is_refused_with_the_message(
    client, checklist_respondent
):
    form = page_post(client, checklist_respondent, PAGE)
    changes = {f"{ACCESS}-tick-audit": "ticked", f"{ACCESS}-itemna-audit": "na"}
    changes[f"{CHAIN}-tick-scanned"] = "ticked"  # fine on its own: not saved either
    response = save_page(client, checklist_respondent, form, **changes)
    assert response.status_code == 400
    page = response.content.decode()
    assert str(MSG_TICKED_AND_NOT_APPLICABLE) in page
    assert 'aria-describedby="id_q-sec-access-tick-audit_error"' in page
    assert not Answer.objects.exists()


# Saving with JavaScript: the changed parts only ---------------------------------------------


def test_background_save_of_one_item_and_the_radio(client, checklist_respondent):
    response = autosave(
        client,
        checklist_respondent,
        "sec-access",
        {ACCESS: "checklist", f"{ACCESS}-tick-roles": "ticked"},
    )
    assert response.status_code == 200, response.content
    assert response.json() | {} == {
        "saved": True,
        "answered": 1,
        "total": 3,
        "percent": 33,
        "dimension_answered": 1,
        "dimension_total": 3,
    }
    assert stored(checklist_respondent, "sec-access") == ("checklist", {"roles": "ticked"})
    # Unticked: the script sends the box's "" (an unchecked box is not posted by a browser).
    autosave(client, checklist_respondent, "sec-access", {f"{ACCESS}-tick-roles": ""})
    assert stored(checklist_respondent, "sec-access") == ("checklist", {})


def test_background_save_of_an_item_alone_answers_as_ticked(client, checklist_respondent):
    autosave(client, checklist_respondent, "sec-access", {f"{ACCESS}-itemna-audit": "na"})
    assert stored(checklist_respondent, "sec-access") == ("checklist", {"audit": "na"})


def test_background_dont_know_clears_the_items(client, checklist_respondent):
    set_answer(checklist_respondent, "sec-access", "checklist", {"sso": "ticked"})
    autosave(client, checklist_respondent, "sec-access", {ACCESS: "dont_know"})
    assert stored(checklist_respondent, "sec-access") == ("dont_know", {})


# Two tabs ----------------------------------------------------------------------------------


def _save(tab: Client, respondent: Respondent, how: str, form: dict, box: str, value):
    if how == "page":
        response = save_page(tab, respondent, form, **{box: value})
        assert response.status_code == 302, response.content.decode()
    else:
        question = box.removeprefix("q-").split("-tick-")[0]
        response = autosave(tab, respondent, question, {box: value or ""})
        assert response.status_code == 200, response.content.decode()


@pytest.mark.parametrize(
    ("b_saves_by", "a_saves_by"),
    [("page", "page"), ("page", "autosave"), ("autosave", "page"), ("autosave", "autosave")],
)
def test_two_tabs_ticking_different_items_keep_both(checklist_respondent, b_saves_by, a_saves_by):
    set_answer(checklist_respondent, "sec-model-supply-chain", "checklist", {"pinned": "na"})
    tab_a, tab_b = Client(), Client()
    form_a = page_post(tab_a, checklist_respondent, PAGE)
    form_b = page_post(tab_b, checklist_respondent, PAGE)
    _save(tab_b, checklist_respondent, b_saves_by, form_b, f"{CHAIN}-tick-signed", "ticked")
    # Tab A's page still shows "signed" unticked: it must not untick it.
    _save(tab_a, checklist_respondent, a_saves_by, form_a, f"{CHAIN}-tick-scanned", "ticked")
    assert stored(checklist_respondent, "sec-model-supply-chain") == (
        "checklist",
        {"pinned": "na", "signed": "ticked", "scanned": "ticked"},
    )


@pytest.mark.parametrize("a_saves_by", ["page", "autosave"])
def test_a_stale_tab_unticking_an_item_keeps_the_item_another_tab_ticked(
    checklist_respondent, a_saves_by
):
    set_answer(checklist_respondent, "sec-access", "checklist", {"sso": "ticked"})
    tab_a, tab_b = Client(), Client()
    form_a = page_post(tab_a, checklist_respondent, PAGE)
    form_b = page_post(tab_b, checklist_respondent, PAGE)
    _save(tab_b, checklist_respondent, "page", form_b, f"{ACCESS}-tick-roles", "ticked")
    _save(tab_a, checklist_respondent, a_saves_by, form_a, f"{ACCESS}-tick-sso", None)
    assert stored(checklist_respondent, "sec-access") == ("checklist", {"roles": "ticked"})


# Bad input: a clear message, a 4xx, nothing written -----------------------------------------


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ({f"{ACCESS}-tick-nope": "ticked"}, MSG_UNKNOWN_ITEM),  # an item not in the list
        ({f"{ACCESS}-itemna-sso": "na"}, MSG_ITEM_NA_NOT_ALLOWED),  # N/A on an item without it
        ({f"{ACCESS}-itemna-nope": "na"}, MSG_UNKNOWN_ITEM),
        ({f"initial-{ACCESS}-tick-nope": ""}, MSG_UNKNOWN_ITEM),
        ({f"{REVIEW}-tick-no": "ticked"}, MSG_UNEXPECTED_FIELD),  # items on a choice question
    ],
)
def test_a_forged_page_post_is_refused_and_nothing_is_written(
    client, checklist_respondent, forged, message
):
    form = page_post(client, checklist_respondent, PAGE)
    form[f"{CHAIN}-tick-scanned"] = "ticked"
    response = save_page(client, checklist_respondent, form, **forged)
    assert response.status_code == 400
    assert escape(str(message)) in response.content.decode()
    assert not Answer.objects.exists()


def test_a_page_post_without_an_items_initial_value_is_refused(client, checklist_respondent):
    form = page_post(client, checklist_respondent, PAGE)
    del form[f"initial-{ACCESS}-tick-roles"]
    response = save_page(client, checklist_respondent, form, **{f"{CHAIN}-tick-signed": "ticked"})
    assert response.status_code == 400
    assert str(MSG_MISSING_FIELD) in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "forged",
    [
        {f"{CHAIN}-tick-scanned": "yes"},  # a box's value other than its own
        {f"{CHAIN}-itemna-pinned": "ticked"},
        {CHAIN: "o:no"},  # an option on a checklist
        {REVIEW: "checklist"},  # "as ticked" on a choice question
    ],
)
def test_a_forged_value_is_refused_and_nothing_is_written(client, checklist_respondent, forged):
    form = page_post(client, checklist_respondent, PAGE)
    form[f"{ACCESS}-tick-sso"] = "ticked"
    response = save_page(client, checklist_respondent, form, **forged)
    assert response.status_code == 400
    assert "Nothing was saved: please correct the errors below." in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("question", "forged", "message"),
    [
        ("sec-access", {f"{ACCESS}-tick-nope": "ticked"}, MSG_UNKNOWN_ITEM),
        ("sec-access", {f"{ACCESS}-itemna-roles": "na"}, MSG_ITEM_NA_NOT_ALLOWED),
        ("sec-access", {f"{CHAIN}-tick-scanned": "ticked"}, MSG_UNEXPECTED_FIELD),
        ("sec-access", {f"{ACCESS}-tick-sso": "on"}, "Not saved."),
        (
            "sec-access",
            {f"{ACCESS}-tick-audit": "ticked", f"{ACCESS}-itemna-audit": "na"},
            "Not saved.",
        ),
        ("sec-access", {ACCESS: "na"}, "Not saved."),  # the question allows no N/A
    ],
)
def test_a_forged_background_save_is_refused_and_nothing_is_written(
    client, checklist_respondent, question, forged, message
):
    response = autosave(client, checklist_respondent, question, forged)
    assert response.status_code == 400
    assert response.json()["error"] == str(message)
    assert not Answer.objects.exists()


def test_ticked_and_not_applicable_in_the_background_says_why(client, checklist_respondent):
    response = autosave(
        client,
        checklist_respondent,
        "sec-access",
        {f"{ACCESS}-tick-audit": "ticked", f"{ACCESS}-itemna-audit": "na"},
    )
    assert response.json()["fields"] == {
        f"{ACCESS}-tick-audit": [str(MSG_TICKED_AND_NOT_APPLICABLE)]
    }


# Progress and the review -------------------------------------------------------------------


def test_progress_counts_a_checklist_answered_whatever_its_kind(client, checklist_respondent):
    set_answer(checklist_respondent, "sec-model-supply-chain", "checklist")  # none of these
    set_answer(checklist_respondent, "sec-access", "dont_know")
    page = client.get(page_url(checklist_respondent)).content.decode()
    assert progress(page) == ("2/3", "67")
    assert "<span data-progress-answered>2</span> / <span data-progress-total>3</span>" in page
    set_answer(checklist_respondent, "sec-review", "")  # a comment alone is no answer
    review = client.get(url(checklist_respondent, "review")).content.decode()
    assert "2 of 3 answered" in review
    assert progress(review) == ("2/3", "67")


def test_welcome_counts_each_checklist_as_one_question(client, checklist_respondent):
    welcome = client.get(url(checklist_respondent)).content.decode()
    # 3 questions at 40 seconds each, rounded up to 5 minutes.
    assert "3 questions in 1 sections, about 5 minutes." in welcome  # sic: one section


def _review_entry(html: str, key: str) -> str:
    """One question's entry on the review page: up to the next question's, or the form."""
    start = html.index(f'data-review-question="{key}"')
    ends = [html.find(mark, start + 1) for mark in ("data-review-question=", "<form")]
    return html[start : min(end for end in ends if end > 0)]


def test_review_lists_the_items_ticked_and_those_not_applicable(client, checklist_respondent):
    set_answer(
        checklist_respondent,
        "sec-model-supply-chain",
        "checklist",
        {"pinned": "na", "scanned": "ticked", "signed": "ticked"},
    )
    set_answer(checklist_respondent, "sec-access", "checklist", {"audit": "na"})
    html = client.get(url(checklist_respondent, "review")).content.decode()
    chain = _review_entry(html, "sec-model-supply-chain")
    # In the question's order, whatever the order stored.
    assert re.findall(r'<li data-review-item="([a-z]+)"', chain) == ["scanned", "signed", "pinned"]
    assert '<li data-review-item="scanned">Model files are scanned before loading.</li>' in chain
    assert "Marked not applicable:" in chain
    assert "None of these" not in chain
    token_url = url(checklist_respondent, "dimension", dimension_key=PAGE)
    assert f'href="{token_url}#question-sec-model-supply-chain">Change' in chain
    access = _review_entry(html, "sec-access")
    assert '<p class="mb-1">None of these</p>' in access
    assert re.findall(r'<li data-review-item="([a-z]+)"', access) == ["audit"]


def test_review_of_a_checklist_answered_none_of_these_dont_know_or_unanswered(
    client, checklist_respondent
):
    set_answer(checklist_respondent, "sec-model-supply-chain", "na")
    set_answer(checklist_respondent, "sec-access", "checklist")
    html = client.get(url(checklist_respondent, "review")).content.decode()
    assert "Not applicable to us" in _review_entry(html, "sec-model-supply-chain")
    access = _review_entry(html, "sec-access")
    assert "None of these" in access and "data-review-item" not in access
    assert "Not answered yet" in _review_entry(html, "sec-review")
    Answer.objects.filter(question__key="sec-access").update(kind="dont_know")
    html = client.get(url(checklist_respondent, "review")).content.decode()
    assert "I don&#x27;t know" in _review_entry(html, "sec-access")


# Queries -----------------------------------------------------------------------------------

# A page save, however many items changed (the same as a page of choice questions):
#  1. the respondent by its token's hash, with assessment, organisation and framework
#  2. the framework's scoping questions: this sample has none, and an empty list is read
#     every time (maturity.selectors keeps a framework's rows by the status read with them)
#  3. the respondent's answers, with their options
#  4. SAVEPOINT
#  5. the respondent again, locked (SELECT ... FOR UPDATE; a plain SELECT on SQLite)
#  6. the stored answers of the changed questions
#  7. one upsert of the changed answers, their items with them
#  8. the respondent's progress (UPDATE)
#  9. RELEASE SAVEPOINT
# The framework's content, its checklist items with it, is the process's since the page view.
PAGE_SAVE_QUERIES = 9


@pytest.mark.parametrize("everything", [False, True])
def test_page_save_runs_the_same_queries_for_one_item_or_every_item(
    checklist_respondent, django_assert_num_queries, everything
):
    tab = Client()
    form = page_post(tab, checklist_respondent, PAGE)
    changes = {f"{CHAIN}-tick-scanned": "ticked"}
    if everything:
        changes |= {f"{CHAIN}-tick-signed": "ticked", f"{CHAIN}-itemna-pinned": "na"}
        changes |= {f"{ACCESS}-tick-{key}": "ticked" for key in ("sso", "roles", "audit")}
        changes |= {REVIEW: "o:yes", f"{ACCESS}-comment": "Checked monthly."}
    with django_assert_num_queries(PAGE_SAVE_QUERIES):
        response = save_page(tab, checklist_respondent, form, **changes)
    assert response.status_code == 302
    assert Answer.objects.count() == (3 if everything else 1)


# A background save:
#  1-7. the respondent, the scoping questions, the answers with their options, the framework's
#       dimensions, questions, options and checklist items (read for the first time here)
#  8-13. SAVEPOINT, the respondent locked, the stored answer, the upsert, the progress, RELEASE
#  14-15. the progress it answers with: the scoping questions again (none, so not kept: see
#       above) and the answers
AUTOSAVE_QUERIES = 15


@pytest.mark.parametrize("boxes", [1, 4])
def test_autosave_runs_the_same_queries_for_one_box_or_several(
    client, checklist_respondent, django_assert_num_queries, boxes
):
    names = [f"{ACCESS}-tick-sso", f"{ACCESS}-tick-roles", f"{ACCESS}-itemna-audit", ACCESS]
    values = {"tick": "ticked", "itemna": "na"}
    posted = {
        name: "checklist" if name == ACCESS else values[name.split("-")[-2]]
        for name in names[:boxes]
    }
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        response = autosave(client, checklist_respondent, "sec-access", posted)
    assert response.status_code == 200
    assert stored(checklist_respondent, "sec-access")[0] == "checklist"


# Fuzzing -----------------------------------------------------------------------------------

_NAMES = [
    f"{prefix}{name}"
    for prefix in ("", "initial-")
    for name in (
        ACCESS,
        f"{ACCESS}-tick-sso",
        f"{ACCESS}-tick-audit",
        f"{ACCESS}-itemna-audit",
        f"{ACCESS}-itemna-sso",
        f"{ACCESS}-tick-nope",
        f"{ACCESS}-comment",
        f"{ACCESS}-reason",
        f"{CHAIN}-tick-scanned",
    )
]
_VALUES = ["", "ticked", "na", "checklist", "dont_know", "o:no", "on", "\x00", "<b>", "é" * 3000]


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(posted=st.dictionaries(st.sampled_from(_NAMES), st.sampled_from(_VALUES), max_size=5))
def test_any_background_save_of_a_checklist_is_saved_or_refused_whole(
    client, checklist_respondent, posted
):
    before = list(Answer.objects.values_list("question__key", "kind", "items", "comment"))
    response = autosave(client, checklist_respondent, "sec-access", posted)
    assert response.status_code in (200, 400), response.content
    after = list(Answer.objects.values_list("question__key", "kind", "items", "comment"))
    if response.status_code == 400:
        assert response.json()["error"]
        assert after == before
    else:
        # What is stored is always something the checklist can hold.
        for _key, kind, items, _comment in after:
            assert kind == "checklist" or items == {}
            assert set(items) <= {"sso", "roles", "audit"}
            assert set(items.values()) <= {"ticked", "na"}
            assert items.get("sso") != "na"


def test_a_submitted_respondent_sees_the_boxes_disabled_and_cannot_change_them(
    client, checklist_respondent
):
    set_answer(checklist_respondent, "sec-access", "checklist", {"sso": "ticked"})
    form = page_post(client, checklist_respondent, PAGE)
    Respondent.objects.filter(pk=checklist_respondent.pk).update(status="submitted")
    page = client.get(page_url(checklist_respondent)).content.decode()
    assert re.search(r'name="q-sec-access-tick-sso" value="ticked"[^>]* checked disabled', page)
    response = save_page(client, checklist_respondent, form, **{f"{ACCESS}-tick-roles": "ticked"})
    assert response.status_code == 409
    assert stored(checklist_respondent, "sec-access") == ("checklist", {"sso": "ticked"})
