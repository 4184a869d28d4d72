"""The assessments' background tasks (see `background`): invitation e-mails, queued ones sent
on opening, reminders, the publication e-mail, the daily close."""

from __future__ import annotations

import logging

from django.conf import settings

from background import background_task

from .models import Assessment
from .services import invitations, lifecycle, memberships, publication, queued, reminders

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


@background_task(name="assessments.queued_invitations", retries=3, retry_delay=60)
def queued_invitations_send(assessment_id: int, sender_name: str) -> None:
    """The invitations queued while the assessment took no answers; sent once (services.queued)."""
    assessment = Assessment.objects.select_related("organisation").filter(pk=assessment_id).first()
    if assessment is not None:
        queued.invitations_send_queued(
            assessment=assessment, base_url=settings.PALIER_SITE_URL, sender_name=sender_name
        )


@background_task(name="assessments.send_due_invitations", retries=2, retry_delay=300)
def due_invitations_send() -> None:
    """Run daily by the scheduler (CELERY_BEAT_SCHEDULE): opening dates reached today."""
    for assessment in queued.assessments_with_due_invitations():
        creator = assessment.created_by
        sent = queued.invitations_send_queued(
            assessment=assessment,
            base_url=settings.PALIER_SITE_URL,
            sender_name=creator.get_full_name() if creator else "",
        )
        logger.info("Sent %d queued invitation(s) of assessment %s", sent, assessment.pk)


@background_task(
    name="assessments.reminder_email",
    retries=4,
    retry_delay=30,
    on_failure=invitations.invitation_email_failed,
)
def reminder_email_send(respondent_id: int, base_url: str, token: str, sender_name: str) -> None:
    reminders.reminder_email_deliver(
        respondent_id=respondent_id, base_url=base_url, token=token, sender_name=sender_name
    )


@background_task(name="assessments.send_due_reminders", retries=2, retry_delay=300)
def due_reminders_send() -> None:
    """Run daily by the scheduler (CELERY_BEAT_SCHEDULE): the automatic reminders."""
    sent = reminders.reminders_send_due(base_url=settings.PALIER_SITE_URL)
    logger.info("Sent %d automatic reminder(s)", sent)


@background_task(name="assessments.results_published", retries=3, retry_delay=60)
def results_published_notify(assessment_id: int) -> None:
    """One e-mail task per client contact of the published assessment."""
    assessment = Assessment.objects.filter(pk=assessment_id).first()
    if assessment is None:
        return
    for membership_id in publication.publication_contacts(assessment):
        results_published_email.enqueue(membership_id, assessment_id)


@background_task(name="assessments.results_published_email", retries=4, retry_delay=30)
def results_published_email(membership_id: int, assessment_id: int) -> None:
    publication.publication_email_deliver(
        membership_id=membership_id, assessment_id=assessment_id, base_url=settings.PALIER_SITE_URL
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
