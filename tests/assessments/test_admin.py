"""The assessments admin: browsable by superusers; answers and snapshots read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, ResultSnapshot

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


def test_lifecycle_fields_are_read_only_in_the_admin(superuser_client, assessment):
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    form = superuser_client.get(url).context["adminform"].form
    for name in ("status", "published_at", "scoping_answers", "targets", "anonymity_threshold"):
        assert name not in form.fields
    data = {
        "organisation": assessment.organisation_id,
        "framework": assessment.framework_id,
        "title": "Renamed",
        "language": "en",
        "status": "published",
        "targets": '{"automation": 4}',
        "respondents-TOTAL_FORMS": "0",
        "respondents-INITIAL_FORMS": "0",
    }
    assert superuser_client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.title, assessment.status, assessment.targets) == ("Renamed", "open", {})


def run_action(client, model: str, action: str, pks: list[int]):
    url = reverse(f"admin:assessments_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": pks}, follow=True)


def test_closing_from_the_admin_stores_the_snapshot_through_the_service(
    superuser_client, assessment
):
    response = run_action(superuser_client, "assessment", "set_status_closed", [assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.CLOSED
    assert ResultSnapshot.objects.filter(assessment=assessment, reason="closed").count() == 1
    assert [str(m) for m in response.context["messages"]] == ["1 done."]


def test_a_transition_the_lifecycle_refuses_is_reported_and_changes_nothing(
    superuser_client, assessment
):
    # Open -> published skips closing, which the lifecycle refuses.
    response = run_action(superuser_client, "assessment", "set_status_published", [assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.OPEN
    assert assessment.published_at is None
    assert not ResultSnapshot.objects.filter(assessment=assessment).exists()
    (message,) = [str(m) for m in response.context["messages"]]
    assert message == "2026 review: An assessment cannot go from Open to Published."


def test_the_admin_refreshes_the_stored_result_through_the_service(superuser_client, assessment):
    run_action(superuser_client, "assessment", "refresh_result", [assessment.pk])
    assert ResultSnapshot.objects.filter(assessment=assessment, reason="refresh").count() == 1


def test_revoking_from_the_admin_takes_the_respondent_out_of_the_result(
    superuser_client, respondent
):
    respondent.status = "submitted"
    respondent.save(update_fields=["status"])
    run_action(superuser_client, "respondent", "revoke", [respondent.pk])
    respondent.refresh_from_db()
    assert respondent.revoked_at is not None
    snapshot = ResultSnapshot.objects.get(assessment=respondent.assessment)
    assert snapshot.data["respondents"] == []


@pytest.mark.parametrize(
    "path_of",
    [
        lambda a: reverse("admin:index"),
        lambda a: reverse("admin:assessments_assessment_change", args=[a.pk]),
        lambda a: reverse("admin:assessments_assessment_change", args=[a.pk + 1000]),
        lambda a: reverse("admin:assessments_respondent_changelist"),
    ],
)
def test_the_admin_is_for_superusers_only_and_answers_everyone_else_alike(
    client, assessment, path_of
):
    from tests.factories import ConsultantFactory

    staff_consultant = ConsultantFactory(is_staff=True)
    client.force_login(staff_consultant)
    response = client.get(path_of(assessment))
    # The log-in page for an existing object and a missing one alike: nothing to probe.
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
