"""Data migrations, run forward on a database holding rows of the version before."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("assessments", "0004_respondent_email_failed_at")
AFTER = ("assessments", "0005_snapshot_overall_columns")


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    # Back to the latest state for the tests after this one.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_snapshots_get_their_overall_score_and_stage(executor):
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    framework = old.get_model("maturity", "Framework").objects.create(
        slug="f", version="1.0", title_en="F", title_fr="F"
    )
    organisation = old.get_model("assessments", "Organisation").objects.create(name="Org")
    assessment = old.get_model("assessments", "Assessment").objects.create(
        organisation=organisation, framework=framework, title="A"
    )
    Snapshot = old.get_model("assessments", "ResultSnapshot")
    scored = Snapshot.objects.create(
        assessment=assessment,
        framework=framework,
        reason="closed",
        data={"overall": {"overall": "7/3", "overall_stage": 2}},
    )
    whole = Snapshot.objects.create(
        assessment=assessment,
        framework=framework,
        reason="closed",
        data={"overall": {"overall": 2, "overall_stage": 2}},  # SQLite's whole number
    )
    unscored = Snapshot.objects.create(
        assessment=assessment,
        framework=framework,
        reason="closed",
        data={"overall": {"overall": None, "overall_stage": None}},
    )
    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps.get_model("assessments", "ResultSnapshot")
    headlines = dict(new.objects.values_list("pk", "overall_score"))
    stages = dict(new.objects.values_list("pk", "overall_stage"))
    assert headlines == {scored.pk: "7/3", whole.pk: "2", unscored.pk: ""}
    assert stages == {scored.pk: 2, whole.pk: 2, unscored.pk: None}


def test_consultants_and_contacts_become_memberships_one_role_each(executor):
    before = ("assessments", "0005_snapshot_overall_columns")
    after = ("assessments", "0006_memberships")
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    User = old.get_model("auth", "User")
    alice, bob, both = (User.objects.create(username=n) for n in ("alice", "bob", "both"))
    Organisation = old.get_model("assessments", "Organisation")
    acme, beta = Organisation.objects.create(name="Acme"), Organisation.objects.create(name="Beta")
    acme.consultants.add(alice, both)
    acme.client_contacts.add(bob, both)
    beta.client_contacts.add(alice)
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    Membership = executor.loader.project_state([after]).apps.get_model("assessments", "Membership")
    rows = set(Membership.objects.values_list("organisation__name", "user__username", "role"))
    assert rows == {
        ("Acme", "alice", "consultant"),
        ("Acme", "both", "consultant"),
        ("Acme", "bob", "client_contact"),
        ("Beta", "alice", "client_contact"),
    }


BEFORE_EXPIRY = ("assessments", "0006_memberships")
AFTER_EXPIRY = ("assessments", "0007_respondent_link_expiry")


def test_links_sent_before_get_the_expiry_of_their_assessments_closing(executor, settings):
    settings.PALIER_LINK_VALID_DAYS_AFTER_CLOSING = 60
    executor.migrate([BEFORE_EXPIRY])
    old = executor.loader.project_state([BEFORE_EXPIRY]).apps
    framework = old.get_model("maturity", "Framework").objects.create(
        slug="f", version="1.0", title_en="F", title_fr="F"
    )
    organisation = old.get_model("assessments", "Organisation").objects.create(name="Org")
    Assessment = old.get_model("assessments", "Assessment")
    dated = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Dated", closes_on=date(2026, 6, 30)
    )
    open_undated = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Open", status="open"
    )
    closed_undated = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Closed", status="closed"
    )
    last_change = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    Assessment.objects.filter(pk=closed_undated.pk).update(updated_at=last_change)
    Respondent = old.get_model("assessments", "Respondent")
    respondents = {
        assessment.title: Respondent.objects.create(
            assessment=assessment,
            name="R",
            email="r@example.com",
            role="other",
            token_hash=assessment.title.ljust(64, "0"),
        ).pk
        for assessment in (dated, open_undated, closed_undated)
    }
    executor = MigrationExecutor(connection)
    executor.migrate([AFTER_EXPIRY])
    new = executor.loader.project_state([AFTER_EXPIRY]).apps.get_model("assessments", "Respondent")
    expiries = dict(new.objects.values_list("pk", "link_expires_at"))
    assert expiries == {
        respondents["Dated"]: datetime(2026, 8, 30, 0, 0, tzinfo=ZoneInfo("Europe/Paris")),
        respondents["Open"]: None,
        respondents["Closed"]: datetime(2026, 4, 30, 15, 30, tzinfo=UTC),
    }
