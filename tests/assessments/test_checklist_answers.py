"""Saving checklist answers: items ticked or not applicable, merged, all-or-nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import Answer
from assessments.services.answers import (
    MSG_ITEM_NA_NOT_ALLOWED,
    MSG_UNKNOWN_ITEM,
    MSG_WRONG_KIND,
    AnswerChange,
    answers_save,
)
from maturity.models import Option, Question
from tests.factories import AssessmentFactory, RespondentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist_respondent(checklist_framework):
    return RespondentFactory(assessment=AssessmentFactory(framework=checklist_framework))


def _question(respondent, key: str) -> Question:
    return Question.objects.get(framework=respondent.assessment.framework, key=key)


def _stored(respondent, key: str) -> Answer:
    return Answer.objects.get(respondent=respondent, question__key=key)


def test_ticked_and_not_applicable_items_are_stored(checklist_respondent):
    question = _question(checklist_respondent, "sec-model-supply-chain")
    change = AnswerChange(kind="checklist", items={"scanned": "ticked", "pinned": "na"})
    answers_save(respondent=checklist_respondent, changes={question: change})
    answer = _stored(checklist_respondent, "sec-model-supply-chain")
    assert (answer.kind, answer.items) == ("checklist", {"scanned": "ticked", "pinned": "na"})


def test_item_changes_merge_with_the_stored_items(checklist_respondent):
    question = _question(checklist_respondent, "sec-model-supply-chain")
    first = AnswerChange(kind="checklist", items={"scanned": "ticked"})
    answers_save(respondent=checklist_respondent, changes={question: first})
    # Another tab ticks "signed" and unticks nothing else; then "scanned" is unticked.
    answers_save(
        respondent=checklist_respondent,
        changes={question: AnswerChange(items={"signed": "ticked"})},
    )
    assert _stored(checklist_respondent, "sec-model-supply-chain").items == {
        "scanned": "ticked",
        "signed": "ticked",
    }
    answers_save(
        respondent=checklist_respondent, changes={question: AnswerChange(items={"scanned": ""})}
    )
    assert _stored(checklist_respondent, "sec-model-supply-chain").items == {"signed": "ticked"}


def test_saving_the_same_change_twice_writes_once(checklist_respondent, django_assert_num_queries):
    question = _question(checklist_respondent, "sec-access")
    change = AnswerChange(kind="checklist", items={"sso": "ticked"})
    answers_save(respondent=checklist_respondent, changes={question: change})
    updated_at = _stored(checklist_respondent, "sec-access").updated_at
    # savepoint, the respondent locked, the stored answers, the progress, release: no upsert
    with django_assert_num_queries(5):
        answers_save(respondent=checklist_respondent, changes={question: change})
    assert _stored(checklist_respondent, "sec-access").updated_at == updated_at


def test_dont_know_clears_the_items(checklist_respondent):
    question = _question(checklist_respondent, "sec-access")
    ticked = AnswerChange(kind="checklist", items={"sso": "ticked"})
    answers_save(respondent=checklist_respondent, changes={question: ticked})
    answers_save(
        respondent=checklist_respondent, changes={question: AnswerChange(kind="dont_know")}
    )
    answer = _stored(checklist_respondent, "sec-access")
    assert (answer.kind, answer.items) == ("dont_know", {})


@pytest.mark.parametrize(
    ("key", "change", "message"),
    [
        ("sec-access", AnswerChange(kind="checklist", items={"ssso": "ticked"}), MSG_UNKNOWN_ITEM),
        ("sec-access", AnswerChange(kind="checklist", items={"sso": "yes"}), MSG_UNKNOWN_ITEM),
        (
            "sec-access",
            AnswerChange(kind="checklist", items={"sso": "na"}),
            MSG_ITEM_NA_NOT_ALLOWED,
        ),
        ("sec-review", AnswerChange(kind="checklist", items={"sso": "ticked"}), MSG_WRONG_KIND),
        ("sec-review", AnswerChange(items={"sso": "ticked"}), MSG_WRONG_KIND),
    ],
)
def test_bad_items_write_nothing_at_all(checklist_respondent, key, change, message):
    fine = _question(checklist_respondent, "sec-model-supply-chain")
    changes = {
        fine: AnswerChange(kind="checklist", items={"scanned": "ticked"}),
        _question(checklist_respondent, key): change,
    }
    with pytest.raises(ValidationError) as caught:
        answers_save(respondent=checklist_respondent, changes=changes)
    assert caught.value.messages == [str(message)]
    assert not Answer.objects.filter(respondent=checklist_respondent).exists()


def test_an_option_on_a_checklist_is_refused(checklist_respondent):
    question = _question(checklist_respondent, "sec-access")
    option = Option.objects.get(question__key="sec-review", key="yes")
    with pytest.raises(ValidationError):
        answers_save(
            respondent=checklist_respondent,
            changes={question: AnswerChange(kind="option", option=option)},
        )


def test_the_database_refuses_items_outside_a_checklist_answer(checklist_respondent):
    question = _question(checklist_respondent, "sec-access")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            respondent=checklist_respondent,
            question=question,
            kind="dont_know",
            items={"sso": "ticked"},
        )
