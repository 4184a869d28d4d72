"""The consultant's activity page: the events of their organisations, and of no other."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db

ACTIVITY = reverse("assessments:activity")


def record(organisation, action=AuditEvent.Action.EXPORT_DOWNLOADED, **fields) -> AuditEvent:
    return audit_record(action=action, organisation=organisation, **fields)


@pytest.fixture
def logged_in(client, consultant):
    client.force_login(consultant)
    return client


def shown(response) -> list[int]:
    return [event.pk for event in response.context["page"].object_list]


def test_anonymous_goes_to_the_log_in_page(client):
    response = client.get(ACTIVITY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_client_contact_gets_a_404(client, client_contact):
    client.force_login(client_contact)
    assert client.get(ACTIVITY).status_code == 404


def test_the_consultant_of_a_sees_a_s_events_and_not_b_s(
    logged_in, consultant, assessment, outsider_assessment
):
    ours = record(assessment.organisation, actor=consultant, obj=assessment, ip_address="192.0.2.1")
    record(outsider_assessment.organisation, obj=outsider_assessment)
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, actor_label="mallory")  # no organisation
    response = logged_in.get(ACTIVITY)
    assert response.status_code == 200
    assert shown(response) == [ours.pk]
    page = response.content.decode()
    assert "Beta Bank" not in page and "mallory" not in page
    assert "192.0.2.1" not in page  # addresses are for superusers only


def test_an_unassigned_consultant_sees_none_of_a_s_events(client, other_consultant, organisation):
    record(organisation)
    client.force_login(other_consultant)
    response = client.get(ACTIVITY)
    assert response.status_code == 200
    assert shown(response) == []


def test_filtering_by_another_organisation_is_a_form_error(
    logged_in, organisation, outsider_assessment
):
    record(outsider_assessment.organisation)
    response = logged_in.get(ACTIVITY, {"organisation": outsider_assessment.organisation.pk})
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert response.context["page"] is None


def test_filters_by_organisation_and_action(logged_in, organisation):
    wanted = record(organisation, AuditEvent.Action.INVITATION_REVOKED)
    record(organisation, AuditEvent.Action.INVITATION_SENT)
    response = logged_in.get(
        ACTIVITY, {"organisation": organisation.pk, "action": "invitation_revoked"}
    )
    assert shown(response) == [wanted.pk]


def test_there_is_no_user_name_filter_here(logged_in, organisation):
    record(organisation)
    response = logged_in.get(ACTIVITY, {"actor": "anyone"})
    assert "actor" not in response.context["form"].fields
    assert len(shown(response)) == 1  # ignored, as any unknown parameter


def test_the_menu_links_to_the_page(logged_in):
    page = logged_in.get(reverse("assessments:dashboard")).content.decode()
    assert f'href="{ACTIVITY}"' in page
    assert f'href="{reverse("audit:events")}"' not in page  # the superuser's log only


@pytest.mark.parametrize("extra", [0, 30])
def test_the_page_costs_the_same_queries_whatever_the_events(
    logged_in, consultant, organisation, django_assert_num_queries, extra
):
    for _ in range(5 + extra):
        record(organisation, actor=consultant)
    # 1 session, 2 user, 3 the consultants group check, 4 the consultant's organisations,
    # 5 count, 6 the page of events (names copied on each event: no join).
    with django_assert_num_queries(6):
        response = logged_in.get(ACTIVITY)
    assert len(shown(response)) == 5 + extra
