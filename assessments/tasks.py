"""The assessments' background tasks (see `background`): invitation e-mails, the daily close."""

from __future__ import annotations

import logging

from background import background_task

from .services import invitations, lifecycle, memberships

logger = logging.getLogger(__name__)


@background_task(
    name="assessments.invitation_email",
    retries=4,
    retry_delay=30,
    on_failure=invitations.invitation_email_failed,
)
def invitation_email_send(respondent_id: int, base_url: str, token: str, sender_name: str) -> None:
    invitations.invitation_email_deliver(
        respondent_id=respondent_id, base_url=base_url, token=token, sender_name=sender_name
    )


@background_task(name="assessments.contact_invitation", retries=4, retry_delay=30)
def contact_invitation_send(
    membership_id: int, base_url: str, sender_name: str, language: str
) -> None:
    # The password link is made when the e-mail is written: it never passes through the broker.
    memberships.contact_invitation_deliver(
        membership_id=membership_id, base_url=base_url, sender_name=sender_name, language=language
    )


@background_task(name="assessments.close_due", retries=2, retry_delay=300)
def assessments_close_due() -> None:
    """Run daily by the scheduler (CELERY_BEAT_SCHEDULE)."""
    closed = lifecycle.assessments_close_due()
    logger.info("Closed %d assessment(s) past their closing date", len(closed))
