"""Queued invitations: e-mailed when their assessment opens, once, whoever asks first.

Two callers may ask at the same time: the request that opens the assessment (after its commit)
and the daily job for opening dates, or two consultants opening it together. Each respondent
is claimed by one conditional UPDATE (`invitation_sent_at` still empty): the database lets one
caller win it, and only the winner makes the link and enqueues the e-mail.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Assessment, Respondent
from ..tokens import hash_token, new_token
from .answers import assessment_opens_later
from .invitations import Invitation, assessment_link_expiry, invitation_link, invitations_send


def _queued(assessment: Assessment):
    return assessment.respondents.filter(
        invitation_sent_at__isnull=True, revoked_at__isnull=True, erased_at__isnull=True
    )


def invitations_send_queued(*, assessment: Assessment, base_url: str, sender_name: str) -> int:
    """Make the link of each queued respondent and e-mail it, if the assessment takes answers
    from today; returns how many this call sent (0 for any later call)."""
    if assessment_opens_later(assessment) or assessment.status != Assessment.Status.OPEN:
        return 0
    invitations = []
    with transaction.atomic():
        now = timezone.now()
        expires_at = assessment_link_expiry(assessment, now=now)
        for respondent in _queued(assessment).select_related("assessment__organisation"):
            token = new_token()
            claimed = Respondent.objects.filter(
                pk=respondent.pk, invitation_sent_at__isnull=True
            ).update(
                token_hash=hash_token(token),
                invitation_sent_at=now,
                last_invited_at=now,
                link_expires_at=expires_at,
            )
            if claimed:
                invitations.append(
                    Invitation(respondent, invitation_link(base_url, token), base_url, token)
                )
    # After the commit: the e-mail task must find the new link's hash.
    invitations_send(invitations, sender_name)
    return len(invitations)


def assessments_with_due_invitations() -> list[Assessment]:
    """Open assessments whose opening date has come and that still hold queued invitations."""
    today = timezone.localdate()
    return list(
        Assessment.objects.filter(status=Assessment.Status.OPEN)
        .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))
        .filter(
            respondents__invitation_sent_at__isnull=True,
            respondents__revoked_at__isnull=True,
            respondents__erased_at__isnull=True,
        )
        .select_related("organisation", "created_by")
        .distinct()
        .order_by("pk")
    )
