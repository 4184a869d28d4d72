"""Reminders: an e-mail to everyone invited who has not submitted, by hand or daily.

Never to a revoked, erased or submitted respondent, nor to one whose invitation is still
queued. A respondent who never opened their link gets a fresh one (links are stored hashed, so
the old one cannot be e-mailed again; opened, it says a newer link was sent); one who has
started keeps the link they use, so an open tab goes on saving, and the reminder says so.
"""

from __future__ import annotations

import smtplib
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record

from ..models import (
    AUTO_REMINDERS_INTERVAL_MAX,
    AUTO_REMINDERS_MAX,
    Assessment,
    Respondent,
    SupersededLink,
)
from ..tokens import hash_token, new_token
from .answers import assessment_accepts_answers
from .invitations import assessment_link_expiry, invitation_email_failed, invitation_link
from .mail import respondent_email

MSG_NOT_TAKING_ANSWERS = _(
    "Reminders are sent only while the assessment takes answers: open, from its opening date "
    "to its closing date."
)
MSG_NOBODY_TO_REMIND = _("Everyone invited has submitted or cannot answer: nobody to remind.")
MSG_AUTO_MAX = _("The number of automatic reminders must be between 0 and %(max)s.")
MSG_AUTO_INTERVAL = _("The days between reminders must be between 1 and %(max)s.")


def reminder_recipients(assessment: Assessment) -> QuerySet[Respondent]:
    """Who a reminder goes to: invited (not queued), not submitted, not revoked, not erased."""
    return assessment.respondents.filter(
        invitation_sent_at__isnull=False, revoked_at__isnull=True, erased_at__isnull=True
    ).exclude(status=Respondent.Status.SUBMITTED)


def _remind(
    assessment: Assessment,
    respondents: list[Respondent],
    *,
    base_url: str,
    sender_name: str,
    actor: AbstractBaseUser | None,
    ip_address: str | None,
) -> int:
    """Record the reminders (a handful of queries whatever their number), then enqueue them."""
    from ..tasks import reminder_email_send

    now = timezone.now()
    expires_at = assessment_link_expiry(assessment, now=now)
    links: list[tuple[Respondent, str]] = []
    superseded = []
    for respondent in respondents:
        token = ""
        if respondent.status == Respondent.Status.INVITED:
            token = new_token()
            superseded.append(
                SupersededLink(
                    token_hash=respondent.token_hash, respondent=respondent, superseded_at=now
                )
            )
            respondent.token_hash = hash_token(token)
            respondent.last_invited_at = now
            respondent.link_expires_at = expires_at
        respondent.reminders_sent += 1
        respondent.last_reminded_at = now
        links.append((respondent, token))
    SupersededLink.objects.bulk_create(superseded)
    Respondent.objects.bulk_update(
        respondents,
        ["token_hash", "last_invited_at", "link_expires_at", "reminders_sent", "last_reminded_at"],
    )
    audit_record(
        action=AuditEvent.Action.REMINDER_SENT,
        actor=actor,
        organisation=assessment.organisation,
        obj=assessment,
        # Respondents by number, never by name or address (an erasure leaves nothing).
        changes={"after": {"respondents": [r.pk for r in respondents], "automatic": not actor}},
        ip_address=ip_address,
    )
    for respondent, token in links:
        reminder_email_send.enqueue(
            respondent.pk,
            base_url,
            token,
            sender_name,
            shown_as=f"(respondent {respondent.pk}, link not shown)",
        )
    return len(links)


@transaction.atomic
def reminders_send(
    *,
    assessment: Assessment,
    base_url: str,
    sender_name: str,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> int:
    """Remind everyone who has not submitted (the consultant's one click); returns how many."""
    if not assessment_accepts_answers(assessment):
        raise ValidationError(MSG_NOT_TAKING_ANSWERS, code="status")
    # Locked: two clicks at once remind each respondent once each, not twice at once.
    respondents = list(reminder_recipients(assessment).select_for_update().order_by("pk"))
    if not respondents:
        raise ValidationError(MSG_NOBODY_TO_REMIND, code="nobody")
    return _remind(
        assessment,
        respondents,
        base_url=base_url,
        sender_name=sender_name,
        actor=actor,
        ip_address=ip_address,
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def reminders_send_due(*, base_url: str) -> int:
    """The daily automatic reminders: for each assessment taking answers with them turned on,
    remind those under its maximum whose last reminder (or invitation) is at least its number
    of days old, counted in calendar days. Each assessment in its own transaction."""
    sent = 0
    candidates = Assessment.objects.filter(
        status=Assessment.Status.OPEN, auto_reminders_max__gt=0
    ).select_related("organisation", "created_by")
    for assessment in candidates.order_by("pk"):
        if not assessment_accepts_answers(assessment):
            continue
        # Reminded (or invited) on day D: next reminded on day D + interval at the earliest.
        cutoff = _day_start(
            timezone.localdate() - timedelta(days=assessment.auto_reminders_interval_days - 1)
        )
        with transaction.atomic():
            # The conditions are in the locking query: a run that waited for another one sees
            # the rows it updated, and skips them.
            respondents = list(
                reminder_recipients(assessment)
                .filter(reminders_sent__lt=assessment.auto_reminders_max)
                .filter(
                    Q(last_reminded_at__lt=cutoff)
                    | Q(last_reminded_at__isnull=True, invitation_sent_at__lt=cutoff)
                )
                .select_for_update()
                .order_by("pk")
            )
            if respondents:
                creator = assessment.created_by
                sent += _remind(
                    assessment,
                    respondents,
                    base_url=base_url,
                    sender_name=creator.get_full_name() if creator else "",
                    actor=None,
                    ip_address=None,
                )
    return sent


@transaction.atomic
def auto_reminders_set(
    *,
    assessment: Assessment,
    maximum: int,
    interval_days: int,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> Assessment:
    """Turn automatic reminders on (a maximum above 0) or off (0), with their spacing."""
    if not 0 <= maximum <= AUTO_REMINDERS_MAX:
        raise ValidationError(MSG_AUTO_MAX, code="maximum", params={"max": AUTO_REMINDERS_MAX})
    if not 1 <= interval_days <= AUTO_REMINDERS_INTERVAL_MAX:
        raise ValidationError(
            MSG_AUTO_INTERVAL, code="interval", params={"max": AUTO_REMINDERS_INTERVAL_MAX}
        )
    before = {
        "maximum": assessment.auto_reminders_max,
        "interval_days": assessment.auto_reminders_interval_days,
    }
    assessment.auto_reminders_max = maximum
    assessment.auto_reminders_interval_days = interval_days
    assessment.save(update_fields=["auto_reminders_max", "auto_reminders_interval_days"])
    audit_record(
        action=AuditEvent.Action.REMINDERS_SET,
        actor=actor,
        organisation=assessment.organisation,
        obj=assessment,
        changes={"before": before, "after": {"maximum": maximum, "interval_days": interval_days}},
        ip_address=ip_address,
    )
    return assessment


def reminder_email_deliver(
    *, respondent_id: int, base_url: str, token: str, sender_name: str
) -> None:
    """Send one reminder (the task's work), unless the respondent no longer needs one: they
    submitted, were revoked or erased meanwhile, or were sent a newer link than this one."""
    respondent = (
        Respondent.objects.select_related("assessment__organisation")
        .filter(pk=respondent_id)
        .first()
    )
    if (
        respondent is None
        or respondent.is_revoked
        or respondent.is_submitted
        or respondent.erased_at is not None
        or (token and respondent.token_hash != hash_token(token))
    ):
        return
    link = invitation_link(base_url, token) if token else ""
    message = respondent_email(
        respondent,
        "assessments/email/reminder",
        {"link": link, "sender_name": sender_name},
    )
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused:
        invitation_email_failed(respondent_id)
        return
    Respondent.objects.filter(pk=respondent_id).update(email_failed_at=None)
