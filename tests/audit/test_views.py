"""The superuser's audit log: who may see it, its filters, its pages and its exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from audit.exports import BOM
from audit.forms import MSG_DATES_REVERSED
from audit.models import AuditEvent
from audit.services import audit_record
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
EVENTS = reverse("audit:events")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def logged_in(client, superuser):
    client.force_login(superuser)
    AuditEvent.objects.all().delete()  # the log-in's own event
    return client


def event_at(day: str, action: str = AuditEvent.Action.LOGIN, **fields) -> AuditEvent:
    event = audit_record(action=action, **fields)
    at = datetime.fromisoformat(day).replace(tzinfo=PARIS)
    AuditEvent.objects.filter(pk=event.pk).update(at=at)
    return event


def test_anonymous_goes_to_the_log_in_page(client):
    response = client.get(EVENTS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["consultant", "client_contact"])
def test_anyone_but_a_superuser_gets_a_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(EVENTS).status_code == 404
    assert client.get(reverse("audit:export", args=["csv"])).status_code == 404


def test_the_superuser_s_menu_links_to_the_log(logged_in):
    page = logged_in.get(reverse("assessments:dashboard")).content.decode()
    assert f'href="{EVENTS}"' in page


def test_the_page_lists_the_events_newest_first(logged_in, consultant, organisation):
    event_at("2026-03-01T10:00", actor=consultant, organisation=organisation)
    event_at("2026-03-02T10:00", AuditEvent.Action.LOGIN_FAILED, actor_label="mallory")
    response = logged_in.get(EVENTS)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("mallory") < page.index("alice")
    assert "Failed log-in" in page and "Acme Analytics" in page


def test_user_text_is_escaped(logged_in):
    event_at("2026-03-01T10:00", AuditEvent.Action.LOGIN_FAILED, actor_label="<script>x</script>")
    page = logged_in.get(EVENTS).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_filters_by_action_organisation_user_and_dates(logged_in, consultant, organisation):
    beta = OrganisationFactory(name="Beta Bank")
    wanted = event_at(
        "2026-03-10T23:30",
        AuditEvent.Action.EXPORT_DOWNLOADED,
        actor=consultant,
        organisation=organisation,
    )
    event_at("2026-03-10T12:00", AuditEvent.Action.LOGIN, actor=consultant)
    event_at("2026-03-10T12:00", AuditEvent.Action.EXPORT_DOWNLOADED, organisation=beta)
    event_at(
        "2026-03-11T00:00",  # the next day in Paris
        AuditEvent.Action.EXPORT_DOWNLOADED,
        actor=consultant,
        organisation=organisation,
    )
    query = {
        "action": "export_downloaded",
        "organisation": organisation.pk,
        "actor": "ALICE",
        "date_from": "2026-03-10",
        "date_to": "2026-03-10",
    }
    response = logged_in.get(EVENTS, query)
    assert [e.pk for e in response.context["page"].object_list] == [wanted.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"action": "password_read"}, "action"),
        ({"organisation": "not-a-number"}, "organisation"),
        ({"organisation": "999999"}, "organisation"),
        ({"date_from": "2026-02-31"}, "date_from"),
        ({"actor": "x" * 151}, "actor"),
    ],
)
def test_a_bad_filter_is_a_form_error_never_a_500(logged_in, query, field):
    response = logged_in.get(EVENTS, query)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["page"] is None


def test_dates_the_wrong_way_round_are_refused_with_the_message(logged_in):
    response = logged_in.get(EVENTS, {"date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert str(MSG_DATES_REVERSED) in response.content.decode()


def test_pages_of_fifty_keep_the_filters(logged_in):
    for n in range(51):
        event_at(f"2026-03-01T10:{n:02d}", AuditEvent.Action.LOGIN_FAILED, actor_label="m")
    first = logged_in.get(EVENTS, {"action": "login_failed"})
    assert len(first.context["page"].object_list) == 50
    assert "action=login_failed&amp;page=2" in first.content.decode()
    second = logged_in.get(EVENTS, {"action": "login_failed", "page": "2"})
    assert len(second.context["page"].object_list) == 1
    assert logged_in.get(EVENTS, {"page": "junk"}).status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_the_page_costs_the_same_queries_whatever_the_events(
    logged_in, consultant, organisation, django_assert_num_queries, extra
):
    for n in range(5 + extra):
        event_at(f"2026-03-01T10:{n:02d}", actor=consultant, organisation=organisation)
    # 1 session, 2 user, 3 the organisations of the filter, 4 count, 5 the page of events
    # (the names are copied on each event: no join, no query per row).
    with django_assert_num_queries(5):
        response = logged_in.get(EVENTS)
    assert response.status_code == 200


def test_the_csv_export_holds_the_filtered_events_formula_safe(logged_in, organisation):
    event_at(
        "2026-03-01T10:00",
        AuditEvent.Action.LOGIN_FAILED,
        actor_label="=HYPERLINK(1)",
        ip_address="198.51.100.1",
    )
    event_at("2026-03-01T11:00", AuditEvent.Action.LOGIN, organisation=organisation)
    response = logged_in.get(reverse("audit:export", args=["csv"]), {"action": "login_failed"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="palier-audit-')
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows == [
        [
            "at",
            "actor",
            "action",
            "organisation",
            "object_type",
            "object_id",
            "object",
            "changes",
            "ip_address",
        ],
        [
            "2026-03-01T10:00:00+01:00",
            "'=HYPERLINK(1)",
            "login_failed",
            "",
            "",
            "",
            "",
            "",
            "198.51.100.1",
        ],
    ]


def test_the_json_export_holds_the_filtered_events(logged_in, consultant, assessment):
    event_at(
        "2026-03-01T10:00",
        AuditEvent.Action.ASSESSMENT_STATUS_CHANGED,
        actor=consultant,
        organisation=assessment.organisation,
        obj=assessment,
        changes={"before": {"status": "open"}, "after": {"status": "closed"}},
    )
    response = logged_in.get(reverse("audit:export", args=["json"]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    events = json.loads(response.content)["events"]
    # The export's own event comes after it: the file does not hold it.
    assert events == [
        {
            "at": "2026-03-01T10:00:00+01:00",
            "actor": "alice",
            "action": "assessment_status_changed",
            "organisation": "Acme Analytics",
            "object_type": "assessments.assessment",
            "object_id": str(assessment.pk),
            "object": "2026 review",
            "changes": {"before": {"status": "open"}, "after": {"status": "closed"}},
            "ip_address": None,
        }
    ]


def test_an_export_is_itself_recorded_with_its_filters(logged_in, superuser):
    logged_in.get(
        reverse("audit:export", args=["csv"]), {"action": "lockout"}, REMOTE_ADDR="192.0.2.4"
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.ip_address) == (
        "audit_exported",
        superuser,
        "192.0.2.4",
    )
    assert event.changes == {"format": "csv", "filters": {"action": "lockout"}}


def test_an_export_with_a_bad_filter_is_refused_and_not_recorded(logged_in):
    response = logged_in.get(reverse("audit:export", args=["json"]), {"date_to": "tomorrow"})
    assert response.status_code == 400
    assert not AuditEvent.objects.exists()


def test_an_unknown_export_format_is_a_404(logged_in):
    assert logged_in.get(reverse("audit:export", args=["xlsx"])).status_code == 404


def test_the_admin_shows_events_but_never_changes_or_deletes_them(logged_in, consultant):
    event = event_at("2026-03-01T10:00", actor=consultant)
    assert logged_in.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert logged_in.post(change, {"actor_label": "someone else"}).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert logged_in.post(delete, {"post": "yes"}).status_code == 403
    assert logged_in.get(reverse("admin:audit_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.actor_label == "alice"
