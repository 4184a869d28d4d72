"""Two tabs on one respondent: each saves the parts of an answer it changed, and only those.

Each tab is a test client of its own that rendered the page before the other one saved, so its
form still holds stale values, and stale hidden initial values, for everything it did not touch.
Before the fix a tab that edited only a comment wrote back its stale choice too: the choice the
other tab had saved was lost in 10 of 10 races, by the page's Save button and by autosave alike.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from assessments.models import Answer, Respondent
from assessments.questionnaire.forms import MSG_DOUBLED_FIELD, MSG_UNEXPECTED_FIELD
from assessments.services.answers import MSG_TAMPERED, AnswerChange, answers_save
from maturity.models import Option, Question
from tests.assessments.test_questionnaire import answer_of, page_post, page_url, url
from tests.factories import QuestionFactory, make_answer

pytestmark = pytest.mark.django_db

DEPLOY = "q-automation-deploy"  # question 1 of the "automation" page
IAC = "q-automation-iac"  # question 2
LATENCY = "q-monitoring-latency"  # allows "not applicable", with a reason
ROUNDS = 10


def autosave(client: Client, respondent: Respondent, question: str, fields: dict, page: str):
    """A background save as static/js/autosave.js sends it: the question, the changed parts."""
    return client.post(
        url(respondent, "autosave", dimension_key=page), {"question": question, **fields}
    )


def save(client: Client, respondent: Respondent, how: str, form: dict, changed: dict, page: str):
    """Save a tab's changes, by the page's Save button (the whole stale form) or by autosave."""
    if how == "page":
        response = client.post(page_url(respondent, page), form | changed | {"stay": "1"})
        assert response.status_code == 302, response.content.decode()
    else:
        question = next(iter(changed)).removeprefix("q-").removesuffix("-comment")
        question = question.removesuffix("-reason")
        response = autosave(client, respondent, question, changed, page)
        assert response.status_code == 200, response.content.decode()


def two_tabs(respondent: Respondent, page: str = "automation") -> tuple[Client, dict, Client, dict]:
    """Tabs A and B, each with the form it rendered, both before either one saves."""
    tab_a, tab_b = Client(), Client()
    return tab_a, page_post(tab_a, respondent, page), tab_b, page_post(tab_b, respondent, page)


def stored(respondent: Respondent, key: str) -> tuple[str, str | None, str, str]:
    answer = answer_of(respondent, key)
    return (
        answer.kind,
        answer.option.key if answer.option else None,
        answer.na_reason,
        answer.comment,
    )


# The race ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("b_saves_by", "a_saves_by"),
    [("page", "page"), ("page", "autosave"), ("autosave", "page"), ("autosave", "autosave")],
)
def test_a_stale_tab_that_changes_a_comment_keeps_the_option_another_tab_saved(
    respondent, b_saves_by, a_saves_by
):
    losses = []
    for round_ in range(ROUNDS):
        # Fresh answers each round: question 1 answered "s0" with an older comment.
        Answer.objects.filter(respondent=respondent).delete()
        make_answer(respondent, "automation-deploy", "s0", comment=f"Older comment {round_}")
        tab_a, form_a, tab_b, form_b = two_tabs(respondent)
        assert form_a[DEPLOY] == form_b[DEPLOY] == "o:s0"
        option = f"s{1 + round_ % 4}"
        save(tab_b, respondent, b_saves_by, form_b, {DEPLOY: f"o:{option}"}, "automation")
        comment = f"Round {round_}: deploys need a sign-off."
        save(tab_a, respondent, a_saves_by, form_a, {f"{DEPLOY}-comment": comment}, "automation")
        if stored(respondent, "automation-deploy") != ("option", option, "", comment):
            losses.append((round_, stored(respondent, "automation-deploy")))
    assert losses == []  # 0 of 10 lost (10 of 10 before the fix)


@pytest.mark.parametrize("a_saves_by", ["page", "autosave"])
def test_a_stale_tab_that_changes_a_comment_keeps_the_na_reason_another_tab_changed(
    respondent, a_saves_by
):
    make_answer(respondent, "monitoring-latency", "na")  # reason "constraint"
    tab_a, form_a, tab_b, form_b = two_tabs(respondent, "monitoring")
    assert form_a[f"{LATENCY}-reason"] == "constraint"
    save(
        tab_b, respondent, "page", form_b, {f"{LATENCY}-reason": "business_priority"}, "monitoring"
    )
    save(tab_a, respondent, a_saves_by, form_a, {f"{LATENCY}-comment": "Batch only."}, "monitoring")
    assert stored(respondent, "monitoring-latency") == (
        "na",
        None,
        "business_priority",
        "Batch only.",
    )


@pytest.mark.parametrize("a_saves_by", ["page", "autosave"])
def test_a_stale_tab_that_changes_question_2_keeps_question_1_another_tab_changed(
    respondent, a_saves_by
):
    make_answer(respondent, "automation-deploy", "s0", comment="Kept.")
    make_answer(respondent, "automation-iac", "no")
    tab_a, form_a, tab_b, form_b = two_tabs(respondent)
    save(tab_b, respondent, "page", form_b, {DEPLOY: "o:s3"}, "automation")
    save(tab_a, respondent, a_saves_by, form_a, {IAC: "o:yes"}, "automation")
    assert stored(respondent, "automation-deploy") == ("option", "s3", "", "Kept.")
    assert stored(respondent, "automation-iac") == ("option", "yes", "", "")


def test_a_stale_page_saved_without_changes_writes_nothing(respondent):
    make_answer(respondent, "automation-deploy", "s0")
    tab_a, form_a, tab_b, form_b = two_tabs(respondent)
    save(
        tab_b, respondent, "page", form_b, {DEPLOY: "o:s4", f"{DEPLOY}-comment": "B."}, "automation"
    )
    save(tab_a, respondent, "page", form_a, {}, "automation")
    assert stored(respondent, "automation-deploy") == ("option", "s4", "", "B.")
    assert Answer.objects.filter(respondent=respondent).count() == 1


# Bad input ---------------------------------------------------------------------------------


def nothing_written(respondent: Respondent) -> bool:
    respondent.refresh_from_db()
    return not Answer.objects.exists() and respondent.status == Respondent.Status.INVITED


def test_autosave_refuses_a_field_of_another_question_and_writes_nothing(client, respondent):
    response = autosave(
        client,
        respondent,
        "automation-deploy",
        {f"{DEPLOY}-comment": "Mine.", f"{IAC}-comment": "Not this question's."},
        "automation",
    )
    assert response.status_code == 400
    assert response.json() == {"error": str(MSG_UNEXPECTED_FIELD)}
    assert nothing_written(respondent)


@pytest.mark.parametrize("field", [DEPLOY, f"{DEPLOY}-comment", f"initial-{DEPLOY}"])
def test_autosave_refuses_a_doubled_field_and_writes_nothing(client, respondent, field):
    fields = {f"{DEPLOY}-comment": "Once.", field: ["o:s1", "o:s2"]}
    response = autosave(client, respondent, "automation-deploy", fields, "automation")
    assert response.status_code == 400
    assert response.json() == {"error": str(MSG_DOUBLED_FIELD)}
    assert nothing_written(respondent)


def test_page_save_refuses_a_doubled_initial_value_and_writes_nothing(client, respondent):
    data = page_post(client, respondent) | {DEPLOY: "o:s1", f"initial-{DEPLOY}": ["", "o:s1"]}
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    assert str(MSG_DOUBLED_FIELD) in response.content.decode()
    assert nothing_written(respondent)


def test_autosave_refuses_an_option_of_another_question_and_writes_nothing(client, respondent):
    # "o:yes" is an option of question 2, not of question 1.
    response = autosave(client, respondent, "automation-deploy", {DEPLOY: "o:yes"}, "automation")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Not saved.",
        "fields": {DEPLOY: ["Select a valid choice. o:yes is not one of the available choices."]},
    }
    assert nothing_written(respondent)


def test_answers_save_refuses_an_option_of_another_question_and_writes_nothing(respondent):
    # The form never offers such an option; the service checks it all the same, before writing
    # any of the changes it was given.
    deploy = Question.objects.get(key="automation-deploy")
    iac = Question.objects.get(key="automation-iac")
    changes = {
        iac: AnswerChange(comment="A valid change."),
        deploy: AnswerChange(
            kind=Answer.Kind.OPTION, option=Option.objects.get(question=iac, key="yes")
        ),
    }
    with pytest.raises(ValidationError) as refused:
        answers_save(respondent=respondent, changes=changes, dimension_key="automation")
    assert refused.value.messages == [str(MSG_TAMPERED)]
    assert nothing_written(respondent)


# Query budgets -----------------------------------------------------------------------------


def add_questions(count: int) -> None:
    """More questions in the "automation" dimension of the sample framework, after its two."""
    dimension = Question.objects.get(key="automation-deploy").dimension
    for n in range(count):
        QuestionFactory(
            dimension=dimension, framework=dimension.framework, key=f"extra-{n}", order=100 + n
        )


# A page save, whatever the number of questions on the page or changed in it:
#  1. the respondent by its token's hash, with assessment, organisation and framework
#  2. the respondent's answers, with their options (one query, not one per answered question)
#  3. SAVEPOINT (answers_save is atomic; the test runs inside a transaction)
#  4. the respondent again, locked (SELECT ... FOR UPDATE; a plain SELECT on SQLite)
#  5. the stored answers of the changed questions
#  6. one upsert of the changed answers (INSERT ... ON CONFLICT DO UPDATE)
#  7. the respondent's progress (UPDATE)
#  8. RELEASE SAVEPOINT
# The framework's scoping questions, dimensions, questions and options (four queries more,
# once) are the process's since the page view before: a published framework never changes.
PAGE_SAVE_QUERIES = 8


@pytest.mark.parametrize("changed", [2, 20])
def test_page_save_runs_the_same_queries_for_2_or_20_changed_questions(
    respondent, django_assert_num_queries, changed
):
    add_questions(20)
    tab = Client()
    form = page_post(tab, respondent)
    questions = [DEPLOY, IAC] + [f"q-extra-{n}" for n in range(20)]
    assert len(questions) == 22 and all(f"initial-{name}" in form for name in questions)
    changes = {}
    for name in questions[:changed]:
        changes[name] = "o:yes" if name == IAC else "o:s2"
        changes[f"{name}-comment"] = f"Changed {name}."
    with django_assert_num_queries(PAGE_SAVE_QUERIES):
        response = tab.post(page_url(respondent), form | changes | {"stay": "1"})
    assert response.status_code == 302
    assert Answer.objects.filter(respondent=respondent).count() == changed
    assert stored(respondent, "automation-deploy") == ("option", "s2", "", f"Changed {DEPLOY}.")


def test_page_save_queries_do_not_grow_with_stored_answers(respondent, django_assert_num_queries):
    # Updating 20 stored answers costs what creating them did: still one upsert.
    add_questions(20)
    tab = Client()
    names = [f"q-extra-{n}" for n in range(20)]
    tab.post(page_url(respondent), page_post(tab, respondent) | dict.fromkeys(names, "o:s1"))
    form = page_post(tab, respondent)
    with django_assert_num_queries(PAGE_SAVE_QUERIES):
        tab.post(page_url(respondent), form | dict.fromkeys(names, "o:s3") | {"stay": "1"})
    assert set(Answer.objects.values_list("option__key", flat=True)) == {"s3"}


# A background save, whatever the number of questions on the page:
#  1-6. the respondent, the framework's scoping questions (read for the first time in this
#       test), answers with their options, the framework's dimensions, questions, options
#  7-12. as a page save: SAVEPOINT, the respondent locked, the stored answer of this question,
#       the upsert, the respondent's progress, RELEASE SAVEPOINT
#  13. the progress it answers with: the answers read again (the framework's content is kept
#       since 2-6; it was read again, four queries, before it was kept)
AUTOSAVE_QUERIES = 13


@pytest.mark.parametrize("extra_questions", [0, 20])
def test_autosave_runs_the_same_queries_whatever_the_size_of_the_page(
    client, respondent, django_assert_num_queries, extra_questions
):
    add_questions(extra_questions)
    make_answer(respondent, "automation-deploy", "s0")
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        response = autosave(
            client, respondent, "automation-deploy", {f"{DEPLOY}-comment": "Typed."}, "automation"
        )
    assert response.status_code == 200
    assert response.json()["dimension_total"] == 2 + extra_questions
    assert stored(respondent, "automation-deploy") == ("option", "s0", "", "Typed.")


def test_page_queries_do_not_grow_with_answered_questions(respondent, django_assert_num_queries):
    # Each answer's option used to be fetched on its own while the form was built: one query
    # per answered question, on every page view and every save.
    add_questions(20)
    tab = Client()
    names = [f"q-extra-{n}" for n in range(20)]
    tab.post(page_url(respondent), page_post(tab, respondent) | dict.fromkeys(names, "o:s1"))
    # The page save's queries 1 and 2, then the "last seen" update: the framework's content is
    # kept since the page view before (it cost four queries more on every view).
    with django_assert_num_queries(3):
        response = tab.get(page_url(respondent))
    assert len(re.findall(r'value="o:s1"[^>]*checked', response.content.decode())) == 20
