"""An assessment's life: created, scoped, opened, closed, published; and the daily close."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record
from maturity.models import Framework
from maturity.scoring import anonymity

from .. import signals
from ..models import Assessment, Organisation, ResultSnapshot
from ..selectors import effective_scoping_answers
from .invitations import respondent_links_follow

MSG_FRAMEWORK_NOT_PUBLISHED = _("Only a published framework version can be assessed.")

MSG_STATUS_TRANSITION = _("An assessment cannot go from %(old)s to %(new)s.")

MSG_SCOPE_FROZEN = _(
    "The scope is fixed once answering is closed; reopen the assessment to change it."
)
MSG_ANONYMITY_THRESHOLD = _("The anonymity threshold must be between %(min)s and %(max)s.")
MSG_PUBLISHED_FROZEN = _(
    "Published results do not change. Move the assessment back to closed to refresh them."
)

# Respondents can be invited (or sent a new link) only while answers may still come.

ASSESSMENT_TRANSITIONS = {
    Assessment.Status.DRAFT: {Assessment.Status.OPEN},
    Assessment.Status.OPEN: {Assessment.Status.CLOSED, Assessment.Status.DRAFT},
    Assessment.Status.CLOSED: {Assessment.Status.OPEN, Assessment.Status.PUBLISHED},
    Assessment.Status.PUBLISHED: {Assessment.Status.CLOSED},
}


@transaction.atomic
def assessment_create(
    *,
    organisation: Organisation,
    framework: Framework,
    title: str,
    language: str = "en",
    opens_on: date | None = None,
    closes_on: date | None = None,
    created_by: AbstractBaseUser | None = None,
) -> Assessment:
    """Create a draft assessment of one exact, published framework version."""
    if framework.status != Framework.Status.PUBLISHED:
        raise ValidationError(MSG_FRAMEWORK_NOT_PUBLISHED, code="framework")
    assessment = Assessment(
        organisation=organisation,
        framework=framework,
        title=title,
        language=language,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=created_by,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessment_update_scope(
    *,
    assessment: Assessment,
    scoping_answers: dict[str, bool],
    targets: dict[str, int],
    anonymity_threshold: int | None = None,
) -> Assessment:
    """Record the scoping answers, the target stage of each dimension and, when given, the
    anonymity threshold (the smallest group client contacts see).

    Published results never change. Once answering is closed the scope is fixed (it decides
    which questions were asked) but targets and the threshold may still move, and the stored
    result follows.
    """
    if assessment.status == Assessment.Status.PUBLISHED:
        raise ValidationError(MSG_PUBLISHED_FROZEN, code="published")
    closed = assessment.status == Assessment.Status.CLOSED
    if closed and scoping_answers != effective_scoping_answers(assessment):
        raise ValidationError(MSG_SCOPE_FROZEN, code="status")
    assessment.scoping_answers = scoping_answers
    assessment.targets = targets
    fields = ["scoping_answers", "targets", "updated_at"]
    if anonymity_threshold is not None:
        if not anonymity.MIN_THRESHOLD <= anonymity_threshold <= anonymity.MAX_THRESHOLD:
            raise ValidationError(
                MSG_ANONYMITY_THRESHOLD,
                code="anonymity_threshold",
                params={"min": anonymity.MIN_THRESHOLD, "max": anonymity.MAX_THRESHOLD},
            )
        assessment.anonymity_threshold = anonymity_threshold
        fields.append("anonymity_threshold")
    assessment.save(update_fields=fields)
    # The stored result (the dashboard's figures) follows, even for a draft: an assessment
    # moved back from open to draft keeps its submitted answers.
    signals.result_inputs_changed.send(
        Assessment, assessment=assessment, reason=ResultSnapshot.Reason.REFRESH
    )
    return assessment


@transaction.atomic
def assessment_set_status(
    *,
    assessment: Assessment,
    status: str,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> Assessment:
    """Move an assessment along: draft, open, closed, published; the audit log records who.

    `actor` is None for the daily close (and commands): the event then names nobody.
    """
    old, new = Assessment.Status(assessment.status), Assessment.Status(status)
    if new == old:
        return assessment
    if new not in ASSESSMENT_TRANSITIONS[old]:
        raise ValidationError(
            MSG_STATUS_TRANSITION, code="status", params={"old": old.label, "new": new.label}
        )
    assessment.status = new
    fields = ["status", "updated_at"]
    if new == Assessment.Status.PUBLISHED:
        assessment.published_at = timezone.now()
        fields.append("published_at")
    assessment.save(update_fields=fields)
    if {old, new} == {Assessment.Status.OPEN, Assessment.Status.CLOSED}:
        # Links still working follow: with no closing date they expire counting from now on
        # closing, and not at all once reopened. An expired link stays expired.
        respondent_links_follow(assessment=assessment)
    audit_record(
        action=AuditEvent.Action.ASSESSMENT_STATUS_CHANGED,
        actor=actor,
        organisation=assessment.organisation,
        obj=assessment,
        changes={"before": {"status": old.value}, "after": {"status": new.value}},
        ip_address=ip_address,
    )
    # `results` stores the snapshot that fixes the figures on closing, `reports` prepares the
    # PDF on publishing (docs/architecture.md).
    signals.assessment_status_changed.send(Assessment, assessment=assessment, old=old, new=new)
    _after_status_change(assessment, new, actor)
    return assessment


def _after_status_change(assessment: Assessment, new: str, actor: AbstractBaseUser | None) -> None:
    """The e-mails a new status calls for, handed to the task engine once the change is
    committed: the queued invitations on opening (services.queued: sent once, whoever asks
    first), the client contacts' on publishing."""
    from .. import tasks

    pk = assessment.pk
    if new == Assessment.Status.OPEN:
        sender = actor.get_full_name() if actor is not None else ""
        transaction.on_commit(lambda: tasks.queued_invitations_send.enqueue(pk, sender))
    elif new == Assessment.Status.PUBLISHED:
        transaction.on_commit(lambda: tasks.results_published_notify.enqueue(pk))


def assessments_close_due() -> list[Assessment]:
    """Close every open assessment whose closing date has passed (a daily job runs this).

    The link already refuses answers after the closing date; closing also takes the snapshot
    that fixes the figures, as when a consultant closes by hand. Each closes in its own
    transaction: an interrupted run leaves those it closed closed, and the next run does the rest.
    """
    due = Assessment.objects.filter(
        status=Assessment.Status.OPEN, closes_on__lt=timezone.localdate()
    )
    closed = []
    for assessment in due.select_related("organisation").order_by("pk"):
        closed.append(assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED))
    return closed
