"""Inviting respondents: personal links, invitation e-mails, new links and revocation.

An invitation to an assessment that takes no answers yet (a draft, or open before its opening
date) is queued: the respondent exists at once, but their link is made and e-mailed only when
the assessment opens (`invitations_send_queued`), once, whoever asks first.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record

from .. import signals
from ..models import Assessment, Respondent, ResultSnapshot, SupersededLink
from ..tokens import hash_token, link_expiry, new_token
from .answers import assessment_opens_later
from .mail import respondent_email

MSG_ALREADY_INVITED = _("%(email)s is already invited to this assessment.")

MSG_CANNOT_INVITE = _("Respondents cannot be invited once the assessment is closed.")
MSG_CANNOT_REVOKE = _(
    "The results are published and do not change; move the assessment back to closed to "
    "revoke a link."
)

MSG_ERASED = _(
    "This respondent's personal data was erased: their answers count, anonymously, and they "
    "have no link any more."
)

INVITING_STATUSES = (Assessment.Status.DRAFT, Assessment.Status.OPEN)
# A link may be revoked until publication: while the results are reviewed, a respondent found
# not to belong takes their answers out, and the stored result follows.
REVOKING_STATUSES = (*INVITING_STATUSES, Assessment.Status.CLOSED)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class Invitation:
    """A respondent and their personal link: the link exists only here, never in the database."""

    respondent: Respondent
    link: str
    # What the link is made of, for the e-mail task; never stored, never logged.
    base_url: str = field(default="", repr=False)
    token: str = field(default="", repr=False)

    @property
    def is_queued(self) -> bool:
        """No link yet: it is made and e-mailed when the assessment opens."""
        return not self.link


def assessment_link_expiry(assessment: Assessment, *, now: datetime) -> datetime | None:
    """When a link of this assessment, sent or extended at `now`, stops working.

    With no closing date, an assessment closed (or published) counts from `now`: the moment it
    was closed, when the lifecycle calls this on closing.
    """
    closed = assessment.status in (Assessment.Status.CLOSED, Assessment.Status.PUBLISHED)
    return link_expiry(
        closes_on=assessment.closes_on,
        closed_at=now if closed else None,
        days=settings.PALIER_LINK_VALID_DAYS_AFTER_CLOSING,
    )


@transaction.atomic
def respondent_links_follow(*, assessment: Assessment) -> int:
    """Give each link of the assessment that still works the expiry its closing now implies.

    Called when the closing changes: a new closing date, closing, reopening. A link that has
    expired stays expired whatever the assessment does next: only a new link
    (`invitation_resend`) works again. Returns how many links were updated.
    """
    now = timezone.now()
    live = assessment.respondents.filter(
        Q(link_expires_at__isnull=True) | Q(link_expires_at__gt=now)
    )
    return live.update(link_expires_at=assessment_link_expiry(assessment, now=now))


def invitation_link(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("questionnaire:welcome", args=[token])


def _invitation_email(invitation: Invitation, sender_name: str) -> EmailMessage:
    return respondent_email(
        invitation.respondent,
        "assessments/email/invitation",
        {"link": invitation.link, "sender_name": sender_name},
    )


def invitations_send(invitations: list[Invitation], sender_name: str) -> list[Invitation]:
    """Hand each invitation's e-mail to the task engine; return those already known refused.

    With workers the e-mails go out in the background (retried when the mail server is away),
    and a refusal shows on the assessment's page; inline, they are sent now and the refused
    ones are returned at once. Either way every link works.
    """
    from ..tasks import invitation_email_send

    invitations = [i for i in invitations if not i.is_queued]
    for invitation in invitations:
        respondent, token = invitation.respondent, invitation.token
        invitation_email_send.enqueue(
            respondent.pk,
            invitation.base_url,
            token,
            sender_name,
            shown_as=f"(respondent {respondent.pk}, link not shown)",
        )
    failed_ids = set(
        Respondent.objects.filter(
            pk__in=[i.respondent.pk for i in invitations], email_failed_at__isnull=False
        ).values_list("pk", flat=True)
    )
    return [i for i in invitations if i.respondent.pk in failed_ids]


def invitation_email_deliver(
    *, respondent_id: int, base_url: str, token: str, sender_name: str
) -> None:
    """Send one invitation e-mail (the task's work), unless the link is no longer the current
    one. A permanent refusal is recorded at once; a mail server away raises, to be retried."""
    respondent = (
        Respondent.objects.select_related("assessment__organisation")
        .filter(pk=respondent_id)
        .first()
    )
    if respondent is None or respondent.token_hash != hash_token(token) or respondent.is_revoked:
        return  # deleted, sent a newer link since, or revoked: this link no longer works
    invitation = Invitation(respondent, invitation_link(base_url, token), base_url, token)
    try:
        _invitation_email(invitation, sender_name).send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused:
        logger.warning("Invitation to respondent %s refused by the mail server", respondent_id)
        invitation_email_failed(respondent_id)
        return
    Respondent.objects.filter(pk=respondent_id).update(email_failed_at=None)


def invitation_email_failed(respondent_id: int, *args: object) -> None:
    """The e-mail could not be delivered: the assessment's page says so, for a new link."""
    Respondent.objects.filter(pk=respondent_id).update(email_failed_at=timezone.now())


def _check_not_archived(assessment: Assessment) -> None:
    # The lifecycle's own check, imported here: lifecycle imports this module at its top.
    from .lifecycle import check_not_archived

    check_not_archived(assessment)


def _audit_invitation(
    action: str,
    respondent: Respondent,
    actor: AbstractBaseUser | None,
    ip_address: str | None,
    changes: dict | None = None,
) -> None:
    """The audit event of an invitation: the respondent by number and role, never their name or
    e-mail, so an erasure leaves nothing of them in the log."""
    assessment = respondent.assessment
    audit_record(
        action=action,
        actor=actor,
        organisation=assessment.organisation,
        obj=respondent,
        object_repr=f"{assessment.title} · respondent #{respondent.pk} ({respondent.role})",
        changes=changes,
        ip_address=ip_address,
    )


def respondents_invite(
    *,
    assessment: Assessment,
    invitees: list[Invitee],
    base_url: str,
    sender_name: str,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> tuple[list[Invitation], list[Invitation]]:
    """Create respondents, each with a fresh token, then e-mail each their link.

    The respondents are committed first, all or none, so every e-mailed link works; an e-mail
    the server refuses is returned in the second list for the consultant to pass on. Each
    invitation is an audit event of `actor`'s.
    """
    invitations = _respondents_create(
        assessment=assessment,
        invitees=invitees,
        base_url=base_url,
        actor=actor,
        ip_address=ip_address,
    )
    return invitations, invitations_send(invitations, sender_name)


@transaction.atomic
def _respondents_create(
    *,
    assessment: Assessment,
    invitees: list[Invitee],
    base_url: str,
    actor: AbstractBaseUser | None,
    ip_address: str | None,
) -> list[Invitation]:
    if assessment.status not in INVITING_STATUSES:
        raise ValidationError(MSG_CANNOT_INVITE, code="status")
    _check_not_archived(assessment)
    wanted = {i.email.lower() for i in invitees}
    existing = {
        email
        for email in assessment.respondents.values_list("email", flat=True)
        if email.lower() in wanted
    }
    if existing:
        raise ValidationError(
            [ValidationError(MSG_ALREADY_INVITED, params={"email": e}) for e in sorted(existing)]
        )
    invitations = []
    now = timezone.now()
    expires_at = assessment_link_expiry(assessment, now=now)
    # Queued: the token is never shown; a new one is made when the e-mail goes out.
    queued = assessment_opens_later(assessment)
    for invitee in invitees:
        token = new_token()
        respondent = Respondent(
            assessment=assessment,
            name=invitee.name,
            email=invitee.email,
            role=invitee.role,
            token_hash=hash_token(token),
            last_invited_at=now,
            link_expires_at=expires_at,
            invitation_sent_at=None if queued else now,
        )
        try:
            respondent.full_clean()
        except ValidationError as exc:
            # One message a problem, whatever field it names: the form shows them on its list.
            raise ValidationError(exc.messages) from None
        respondent.save()
        _audit_invitation(
            AuditEvent.Action.INVITATION_SENT,
            respondent,
            actor,
            ip_address,
            changes={"after": {"queued": True}} if queued else None,
        )
        if queued:
            invitations.append(Invitation(respondent, ""))
        else:
            invitations.append(
                Invitation(respondent, invitation_link(base_url, token), base_url, token)
            )
    return invitations


def invitation_resend(
    *,
    respondent: Respondent,
    base_url: str,
    sender_name: str,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> tuple[Invitation, bool]:
    """Issue a new link (the old one stops working), e-mail it and lift any revocation.

    The new link gets a fresh expiry from the assessment's closing, even if the old one had
    expired; the old one, opened, says that a newer link was sent.

    Returns the invitation and whether the e-mail went out; the new link works either way.
    """
    invitation = _invitation_renew(
        respondent=respondent, base_url=base_url, actor=actor, ip_address=ip_address
    )
    return invitation, not invitations_send([invitation], sender_name)


@transaction.atomic
def _invitation_renew(
    *,
    respondent: Respondent,
    base_url: str,
    actor: AbstractBaseUser | None,
    ip_address: str | None,
) -> Invitation:
    if respondent.assessment.status not in INVITING_STATUSES:
        raise ValidationError(MSG_CANNOT_INVITE, code="status")
    _check_not_archived(respondent.assessment)
    if respondent.erased_at is not None:
        raise ValidationError(MSG_ERASED, code="erased")
    token = new_token()
    now = timezone.now()
    was_revoked = respondent.is_revoked
    # Still queued and still waiting: it stays queued (only a revocation is lifted).
    stays_queued = respondent.is_queued and assessment_opens_later(respondent.assessment)
    counted_again = was_revoked and respondent.is_submitted
    # Only the old hash is kept, so that the old link can say a newer one was sent.
    if not respondent.is_queued:  # a queued respondent's token was never shown
        SupersededLink.objects.create(
            token_hash=respondent.token_hash, respondent=respondent, superseded_at=now
        )
    respondent.token_hash = hash_token(token)
    respondent.last_invited_at = now
    respondent.link_expires_at = assessment_link_expiry(respondent.assessment, now=now)
    respondent.revoked_at = None
    respondent.email_failed_at = None
    if not stays_queued:
        respondent.invitation_sent_at = now
    respondent.save(
        update_fields=[
            "token_hash",
            "last_invited_at",
            "link_expires_at",
            "revoked_at",
            "email_failed_at",
            "invitation_sent_at",
        ]
    )
    _audit_invitation(
        AuditEvent.Action.INVITATION_RESENT,
        respondent,
        actor,
        ip_address,
        changes={"before": {"revoked": was_revoked}, "after": {"revoked": False}},
    )
    if counted_again:
        signals.result_inputs_changed.send(
            Assessment, assessment=respondent.assessment, reason=ResultSnapshot.Reason.REFRESH
        )
    if stays_queued:
        return Invitation(respondent, "")
    return Invitation(respondent, invitation_link(base_url, token), base_url, token)


@transaction.atomic
def invitation_revoke(
    *,
    respondent: Respondent,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> Respondent:
    """Make the respondent's link stop working, and take them out of the results.

    Their answers are kept: a new link (`invitation_resend`) counts them again. Allowed while
    the results are reviewed (closed: the stored result follows), refused once published and
    while archived.
    """
    if respondent.assessment.status not in REVOKING_STATUSES:
        raise ValidationError(MSG_CANNOT_REVOKE, code="status")
    _check_not_archived(respondent.assessment)
    was_revoked = respondent.is_revoked
    if respondent.erased_at is not None:
        raise ValidationError(MSG_ERASED, code="erased")
    respondent.revoked_at = timezone.now()
    respondent.save(update_fields=["revoked_at"])
    _audit_invitation(
        AuditEvent.Action.INVITATION_REVOKED,
        respondent,
        actor,
        ip_address,
        changes={"before": {"revoked": was_revoked}, "after": {"revoked": True}},
    )
    if respondent.is_submitted:
        signals.result_inputs_changed.send(
            Assessment, assessment=respondent.assessment, reason=ResultSnapshot.Reason.REFRESH
        )
    return respondent
