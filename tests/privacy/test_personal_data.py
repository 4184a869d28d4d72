"""Everything held about an organisation or a respondent, as JSON for a request of access."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.helpers import BOTTOM, TOP, submitted_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def tess(assessment):
    return submitted_respondent(
        assessment, "Tess Top", "data_science", TOP, comments={"automation-deploy": "Ask Tess"}
    )


def organisation_url(organisation) -> str:
    return reverse("privacy:organisation_export", args=[organisation.pk])


def respondent_url(respondent) -> str:
    return reverse("privacy:respondent_export", args=[respondent.assessment_id, respondent.pk])


def test_the_organisations_file_holds_its_people_answers_and_comments(
    client, consultant, client_contact, tess, outsider_assessment
):
    client.force_login(consultant)
    response = client.get(organisation_url(tess.assessment.organisation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "no-store, private"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["organisation"]["name"] == "Acme Analytics"
    people = {(p["user"], p["role"]) for p in data["people_with_access"]}
    assert people == {("alice", "consultant"), ("bob", "client_contact")}
    [assessment] = data["assessments"]
    [respondent] = assessment["respondents"]
    assert (respondent["name"], respondent["email"]) == ("Tess Top", tess.email)
    answers = {a["question"]: (a["option"], a["comment"]) for a in respondent["answers"]}
    assert answers["automation-deploy"] == ("s4", "Ask Tess")
    assert len(answers) == len(TOP)
    assert "Oscar Outsider" not in response.content.decode()  # organisation B's respondent


def test_the_respondents_file_holds_their_record_answers_and_the_results_naming_them(
    client, consultant, tess
):
    submitted_respondent(tess.assessment, "Bruno Bottom", "leadership", BOTTOM)
    client.force_login(consultant)
    data = json.loads(client.get(respondent_url(tess)).content)
    assert data["respondent"]["name"] == "Tess Top"
    assert [a["question"] for a in data["respondent"]["answers"]] == sorted(TOP)
    assert "Bruno Bottom" not in json.dumps(data)


def test_exports_are_recorded(client, consultant, tess):
    client.force_login(consultant)
    client.get(organisation_url(tess.assessment.organisation))
    client.get(respondent_url(tess))
    events = AuditEvent.objects.filter(action__endswith="_exported").order_by("pk")
    actions = list(events.values_list("action", "actor__username"))
    assert actions == [("organisation_exported", "alice"), ("respondent_exported", "alice")]


@pytest.mark.parametrize("who", ["other_consultant", "client_contact"])
def test_only_the_assigned_consultant_may_export(request, client, tess, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(organisation_url(tess.assessment.organisation)).status_code == 404
    assert client.get(respondent_url(tess)).status_code == 404
    assert not AuditEvent.objects.filter(action__endswith="_exported").exists()


def test_anonymous_is_sent_to_log_in(client, tess):
    response = client.get(respondent_url(tess))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_organisations_file_reads_in_constant_queries(
    client, consultant, assessment, django_assert_num_queries
):
    client.force_login(consultant)
    submitted_respondent(assessment, "One", "data_science", TOP)
    # session, user, consultants group, organisation; memberships, assessments, notes,
    # recommendations, snapshots, respondents, answers; the audit event
    with django_assert_num_queries(12):
        client.get(organisation_url(assessment.organisation))
    for n in range(4):
        submitted_respondent(assessment, f"More {n}", "leadership", BOTTOM)
    with django_assert_num_queries(12):
        client.get(organisation_url(assessment.organisation))
