"""The assessments admin: browsable by superusers; answers and snapshots read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "pw"))
    return client


@pytest.mark.parametrize(
    "model", ["organisation", "assessment", "answer", "resultsnapshot", "dimensionnote"]
)
def test_changelists_load(superuser_client, assessment, model):
    assert superuser_client.get(reverse(f"admin:assessments_{model}_changelist")).status_code == 200


def test_answers_cannot_be_edited_in_admin(superuser_client, respondent):
    question = respondent.assessment.framework.questions.first()
    answer = Answer.objects.create(respondent=respondent, question=question, kind="dont_know")
    url = reverse("admin:assessments_answer_change", args=[answer.pk])
    assert superuser_client.post(url, {"kind": "na"}).status_code == 403
    answer.refresh_from_db()
    assert answer.kind == "dont_know"


def test_assessment_page_shows_respondents_without_their_token(superuser_client, respondent):
    url = reverse("admin:assessments_assessment_change", args=[respondent.assessment_id])
    page = superuser_client.get(url).content.decode()
    assert "Rita Respondent" in page
    assert respondent.token_hash not in page
