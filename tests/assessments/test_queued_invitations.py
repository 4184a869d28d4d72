"""Invitations to an assessment that takes no answers yet: queued, then sent once on opening."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import Assessment, Respondent
from assessments.services import lifecycle
from assessments.services.invitations import Invitee, invitation_resend, respondents_invite
from assessments.services.queued import invitations_send_queued
from assessments.tokens import hash_token
from tests.factories import AssessmentFactory, QuestionFactory, RespondentFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://palier.example/"


def invite(assessment: Assessment, *emails: str):
    invitees = [Invitee(name=e.split("@")[0], email=e, role="other") for e in emails]
    return respondents_invite(
        assessment=assessment, invitees=invitees, base_url=BASE_URL, sender_name="Alice"
    )


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.PALIER_SITE_URL = "https://site.example/"


@pytest.fixture
def draft(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.DRAFT)
    assessment.refresh_from_db()
    return assessment


def open_(assessment: Assessment, capture) -> None:
    with capture(execute=True):
        lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.OPEN)


def link_in(body: str) -> str:
    return next(line for line in body.splitlines() if "/r/" in line).strip()


def test_a_draft_invitation_is_queued_no_e_mail_no_link(draft):
    invitations, failed = invite(draft, "ann@example.com", "ben@example.com")
    assert mail.outbox == []
    assert failed == []
    assert [i.link for i in invitations] == ["", ""]
    assert [i.is_queued for i in invitations] == [True, True]
    assert list(Respondent.objects.values_list("invitation_sent_at", flat=True)) == [None, None]


def test_opening_sends_each_queued_invitation_once_with_a_working_link(
    draft, client, django_capture_on_commit_callbacks
):
    invite(draft, "ann@example.com", "ben@example.com")
    open_(draft, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "ben@example.com"]
    link = link_in(mail.outbox[0].body)
    assert link.startswith("https://site.example/r/")  # PALIER_SITE_URL: no request behind it
    respondent = Respondent.objects.get(email=mail.outbox[0].to[0])
    assert respondent.token_hash == hash_token(link.rstrip("/").rsplit("/", 1)[-1])
    assert respondent.invitation_sent_at is not None
    assert client.get(link.removeprefix("https://site.example")).status_code == 200

    # Back to draft and open again: nothing more is sent.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.assessment_set_status(assessment=draft, status=Assessment.Status.DRAFT)
    open_(draft, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_second_send_of_the_queue_sends_nothing(draft):
    invite(draft, "ann@example.com")
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.OPEN)
    draft.refresh_from_db()
    assert invitations_send_queued(assessment=draft, base_url=BASE_URL, sender_name="A") == 1
    assert invitations_send_queued(assessment=draft, base_url=BASE_URL, sender_name="A") == 0
    assert len(mail.outbox) == 1


def test_the_queue_is_not_sent_while_the_assessment_takes_no_answers(draft):
    invite(draft, "ann@example.com")
    assert invitations_send_queued(assessment=draft, base_url=BASE_URL, sender_name="A") == 0
    assert mail.outbox == []


def test_a_revoked_queued_invitation_is_never_sent(draft, django_capture_on_commit_callbacks):
    invite(draft, "ann@example.com")
    Respondent.objects.update(revoked_at=timezone.now())
    open_(draft, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_resend_while_queued_stays_queued_and_lifts_a_revocation(draft):
    invite(draft, "ann@example.com")
    Respondent.objects.update(revoked_at=timezone.now())
    again, sent = invitation_resend(
        respondent=Respondent.objects.get(), base_url=BASE_URL, sender_name="Alice"
    )
    assert (again.is_queued, sent, mail.outbox) == (True, True, [])
    respondent = Respondent.objects.get()
    assert (respondent.revoked_at, respondent.invitation_sent_at) == (None, None)
    assert not respondent.superseded_links.exists()  # its token was never shown


def test_an_open_assessment_before_its_opening_date_queues_until_the_daily_job(assessment):
    tomorrow = timezone.localdate() + timedelta(days=1)
    Assessment.objects.filter(pk=assessment.pk).update(opens_on=tomorrow)
    assessment.refresh_from_db()
    [invitation], _ = invite(assessment, "ann@example.com")
    assert invitation.is_queued
    tasks.due_invitations_send()  # not yet
    assert mail.outbox == []
    Assessment.objects.filter(pk=assessment.pk).update(opens_on=timezone.localdate())
    tasks.due_invitations_send()
    tasks.due_invitations_send()  # the next day's run, or a second scheduler: once only
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]


def test_the_daily_job_skips_drafts_and_sent_invitations(draft, sample_framework):
    invite(draft, "ann@example.com")
    RespondentFactory(assessment=AssessmentFactory(framework=sample_framework))  # already sent
    tasks.due_invitations_send()
    assert mail.outbox == []


def test_the_invite_page_of_a_draft_shows_the_rows_as_queued(client, consultant, draft):
    client.force_login(consultant)
    detail = client.get(reverse("assessments:assessment_detail", args=[draft.pk]))
    assert "Invite (e-mailed on opening)" in detail.content.decode()
    response = client.post(
        reverse("assessments:respondents_invite", args=[draft.pk]),
        {"lines": "Ann Lee, ann@example.com, leadership"},
    )
    page = response.content.decode()
    assert "The invitation below is queued" in page
    assert "Leadership" in page  # the role column
    assert "/r/" not in page  # no link exists yet
    assert mail.outbox == []
    detail = client.get(reverse("assessments:assessment_detail", args=[draft.pk]))
    assert "e-mailed when the assessment opens" in detail.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_openings_at_once_send_each_invitation_once(sample_framework, settings):
    """Two callers racing on the same queue (the opening and the daily job, say)."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent transactions need PostgreSQL (the test SQLite is in memory).")
    assessment = AssessmentFactory(framework=sample_framework, status=Assessment.Status.OPEN)
    RespondentFactory.create_batch(6, assessment=assessment, invitation_sent_at=None)
    barrier = threading.Barrier(2)
    counts = []

    def send():
        try:
            mine = Assessment.objects.get(pk=assessment.pk)
            barrier.wait()
            counts.append(
                invitations_send_queued(assessment=mine, base_url=BASE_URL, sender_name="")
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 6
    assert len(mail.outbox) == 6
    assert len({m.to[0] for m in mail.outbox}) == 6


# The e-mail's contents


def test_the_invitation_gives_the_closing_date_and_the_time_in_scope(assessment):
    for n in range(10):  # 16 questions with online serving, 15 without
        QuestionFactory(dimension=assessment.framework.dimensions.first(), key=f"extra-{n}")
    Assessment.objects.filter(pk=assessment.pk).update(
        closes_on=date(2026, 3, 31), scoping_answers={"online_serving": False}
    )
    assessment.refresh_from_db()
    invite(assessment, "ann@example.com")
    body = mail.outbox[0].body
    assert "about 10 minutes" in body  # 15 questions at 40 s, rounded up to 5 minutes
    assert "Answers are taken until 31 Mar 2026 included." in body
    assert "30 to 45" not in body

    Assessment.objects.filter(pk=assessment.pk).update(
        scoping_answers={"online_serving": True}, language="fr"
    )
    assessment.refresh_from_db()
    invite(assessment, "ben@example.com")
    body = mail.outbox[1].body
    assert "15 minutes" in body  # 16 questions
    assert "31 mars 2026" in body
