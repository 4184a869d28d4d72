"""Framework content is immutable once published: every write path refuses a clear error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maturity.models import MSG_FRAMEWORK_FROZEN, Dimension, Framework, Option, Question
from maturity.services import framework_set_status

pytestmark = pytest.mark.django_db


def refused(write) -> None:
    with pytest.raises(ValidationError) as excinfo:
        write()
    assert excinfo.value.messages == [str(MSG_FRAMEWORK_FROZEN)]


def test_changing_a_published_frameworks_content_raises_a_clear_error(sample_framework):
    question = Question.objects.get(key="automation-deploy")
    question.text_en = "Changed"
    refused(question.save)
    refused(Option.objects.filter(question=question).first().delete)
    dimension = Dimension.objects.get(key="automation")
    refused(
        lambda: Question.objects.create(
            framework=sample_framework,
            dimension=dimension,
            key="new",
            order=9,
            text_en="New?",
            text_fr="Nouveau ?",
            help_en="",
            help_fr="",
        )
    )
    sample_framework.title_en = "Renamed"
    refused(sample_framework.save)

    assert Question.objects.get(key="automation-deploy").text_en == "How are models deployed?"
    assert question.options.count() == 5
    assert not Question.objects.filter(key="new").exists()
    assert Framework.objects.get(pk=sample_framework.pk).title_en != "Renamed"


def test_a_retired_framework_is_frozen_too_but_its_status_moves(sample_framework):
    framework_set_status(framework=sample_framework, status="retired")
    question = Question.objects.get(key="automation-deploy")
    question.weight = 2
    refused(question.save)
    framework_set_status(framework=sample_framework, status="published")
    assert Framework.objects.get(pk=sample_framework.pk).is_published


def test_a_drafts_content_can_be_changed(sample_framework):
    Framework.objects.filter(pk=sample_framework.pk).update(status=Framework.Status.DRAFT)
    question = Question.objects.get(key="automation-deploy")
    question.text_en = "Changed"
    question.save()
    question.options.first().delete()
    assert Question.objects.get(key="automation-deploy").text_en == "Changed"
    assert question.options.count() == 4


def test_the_stored_rules_are_the_scoring_modules_rules():
    # Framework.dont_know_rule and unanswered_rule are handed to the scoring module as they are.
    from maturity import scoring
    from maturity.models import MissingValueRule

    assert set(MissingValueRule.values) == {rule.value for rule in scoring.MissingValueRule}
