"""The assessments' tasks: invitation e-mails off the request path, and the daily close."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import Assessment, Respondent
from assessments.services.invitations import Invitee, invitation_resend, respondents_invite
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db

BASE_URL = "https://palier.example/"


class RefusesEveryone(locmem.EmailBackend):
    """A mail server that refuses every recipient: a permanent failure, not worth retrying."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in messages})


class Away(locmem.EmailBackend):
    """A mail server that cannot be reached at all: worth retrying later."""

    attempts = 0

    def send_messages(self, messages):
        Away.attempts += 1
        raise ConnectionRefusedError("the mail server is away")


def invite(assessment: Assessment, *emails: str):
    invitees = [Invitee(name=e.split("@")[0], email=e, role="other") for e in emails]
    return respondents_invite(
        assessment=assessment, invitees=invitees, base_url=BASE_URL, sender_name="Alice"
    )


def test_on_a_worker_the_invitations_go_out_after_the_request(celery_worker, assessment):
    invitations, failed = invite(assessment, "ann@example.com", "ben@example.com")
    assert failed == []  # not known yet: the worker sends them
    wait_for(lambda: len(mail.outbox) == 2, what="two e-mails")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    for invitation in invitations:
        assert invitation.link in bodies[invitation.respondent.email]


def test_on_a_worker_a_link_replaced_before_its_e_mail_left_is_not_sent(
    celery_worker, assessment, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.Away"  # the first e-mail waits for its retry
    Away.attempts = 0
    [first], _failed = invite(assessment, "ann@example.com")
    wait_for(lambda: Away.attempts, what="the first attempt")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    newer, _sent = invitation_resend(
        respondent=first.respondent, base_url=BASE_URL, sender_name="Alice"
    )
    wait_for(lambda: mail.outbox, what="the newer e-mail")
    assert [m.body.count(newer.link) for m in mail.outbox] == [1]
    assert first.link not in mail.outbox[0].body


def test_inline_a_refused_address_is_flagged_on_the_assessment_page(
    assessment, settings, client, consultant
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesEveryone"
    invitations, failed = invite(assessment, "nobody@example.com")
    assert failed == invitations
    respondent = Respondent.objects.get()
    assert respondent.email_failed_at is not None
    client.force_login(consultant)
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert "E-mail not delivered" in page.content.decode()


def test_inline_a_mail_server_away_is_retried_then_flagged_and_the_link_never_logged(
    assessment, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.Away"
    with caplog.at_level(logging.INFO):
        [invitation], failed = invite(assessment, "ann@example.com")
    assert failed == [invitation]
    attempts = [r for r in caplog.records if "assessments.invitation_email failed" in r.message]
    assert len(attempts) == 5  # the first attempt and four retries
    token = invitation.link.rstrip("/").rsplit("/", 1)[-1]
    assert not [r for r in caplog.records if token in r.getMessage()]


def test_a_new_link_clears_the_flag_once_its_e_mail_goes_out(assessment, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesEveryone"
    [invitation], _failed = invite(assessment, "ann@example.com")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _newer, sent = invitation_resend(
        respondent=invitation.respondent, base_url=BASE_URL, sender_name="Alice"
    )
    assert sent
    assert Respondent.objects.get().email_failed_at is None


def test_a_revoked_respondent_gets_no_e_mail_from_a_late_task(assessment):
    [invitation], _failed = invite(assessment, "ann@example.com")
    mail.outbox.clear()
    Respondent.objects.update(revoked_at=timezone.now())
    token = invitation.link.rstrip("/").rsplit("/", 1)[-1]
    tasks.invitation_email_send(invitation.respondent.pk, BASE_URL, token, "Alice")
    assert mail.outbox == []


def test_the_daily_close_task_closes_what_is_due(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.OPEN, closes_on=timezone.localdate() - timedelta(days=1)
    )
    tasks.assessments_close_due()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.CLOSED
