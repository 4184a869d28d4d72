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
from .organisations import MSG_ORGANISATION_ARCHIVED

MSG_FRAMEWORK_NOT_PUBLISHED = _("Only a published framework version can be assessed.")

MSG_STATUS_TRANSITION = _("An assessment cannot go from %(old)s to %(new)s.")

MSG_SCOPE_FROZEN = _(
    "The scope is fixed once answering is closed; reopen the assessment to change it."
)
MSG_ANONYMITY_THRESHOLD = _("The anonymity threshold must be between %(min)s and %(max)s.")
MSG_PUBLISHED_FROZEN = _(
    "Published results do not change. Move the assessment back to closed to refresh them."
)
MSG_ARCHIVED = _("This assessment is archived and read-only: restore it first.")
MSG_CLOSES_BEFORE_OPENS = _("The closing date cannot be before the opening date.")

# Respondents can be invited (or sent a new link) only while answers may still come.

ASSESSMENT_TRANSITIONS = {
    Assessment.Status.DRAFT: {Assessment.Status.OPEN},
    Assessment.Status.OPEN: {Assessment.Status.CLOSED, Assessment.Status.DRAFT},
    Assessment.Status.CLOSED: {Assessment.Status.OPEN, Assessment.Status.PUBLISHED},
    Assessment.Status.PUBLISHED: {Assessment.Status.CLOSED},
}


def check_not_archived(assessment: Assessment) -> None:
    """Refuse any change to an archived assessment, or one of an archived organisation.

    Read afresh: an archive in another request wins over the page the consultant had open.
    """
    archived = (
        Assessment.objects.filter(pk=assessment.pk)
        .values_list("archived_at", "organisation__archived_at")
        .get()
    )
    if any(archived):
        raise ValidationError(MSG_ARCHIVED, code="archived")


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
    if Organisation.objects.filter(pk=organisation.pk, archived_at__isnull=False).exists():
        raise ValidationError(MSG_ORGANISATION_ARCHIVED, code="archived")
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

    Once answering is closed (or the results published) the scope is fixed (it decides which
    questions were asked) but targets and the threshold may still move, and the stored result
    follows: for a published assessment, what client contacts see. Refused while archived.
    """
    check_not_archived(assessment)
    closed = assessment.status in (Assessment.Status.CLOSED, Assessment.Status.PUBLISHED)
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


def check_status_change(*, assessment: Assessment, status: str) -> None:
    """Refuse a move the lifecycle does not allow, or any move of an archived assessment."""
    old, new = Assessment.Status(assessment.status), Assessment.Status(status)
    if new not in ASSESSMENT_TRANSITIONS[old]:
        raise ValidationError(
            MSG_STATUS_TRANSITION, code="status", params={"old": old.label, "new": new.label}
        )
    check_not_archived(assessment)


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
    check_status_change(assessment=assessment, status=status)
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


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    title: str,
    language: str,
    opens_on: date | None,
    closes_on: date | None,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> Assessment:
    """Change the title, language and dates; the audit log records what changed, and who.

    The dates must be coherent (closing on or after opening). A new closing date moves the
    expiry of every link that still works. Refused while archived; nothing changed, nothing
    recorded.
    """
    check_not_archived(assessment)
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": MSG_CLOSES_BEFORE_OPENS}, code="dates")
    wanted = {"title": title, "language": language, "opens_on": opens_on, "closes_on": closes_on}
    before = {k: getattr(assessment, k) for k in wanted}
    changed = [k for k, v in wanted.items() if before[k] != v]
    if not changed:
        return assessment
    for key in changed:
        setattr(assessment, key, wanted[key])
    # The fields only: the dates are checked above, the relations do not change.
    assessment.clean_fields(
        exclude=[f.name for f in Assessment._meta.fields if f.name not in wanted]
    )
    assessment.save(update_fields=[*changed, "updated_at"])
    if "closes_on" in changed:
        respondent_links_follow(assessment=assessment)
    audit_record(
        action=AuditEvent.Action.ASSESSMENT_UPDATED,
        actor=actor,
        organisation=assessment.organisation,
        obj=assessment,
        changes={
            "before": {k: _as_json(before[k]) for k in changed},
            "after": {k: _as_json(wanted[k]) for k in changed},
        },
        ip_address=ip_address,
    )
    return assessment


def _as_json(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def assessment_set_archived(
    *,
    assessment: Assessment,
    archived: bool,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> Assessment:
    """Archive the assessment (hidden from the dashboard, read-only, its links answer as
    closed) or restore it. Nothing is deleted; the state it is in already records nothing.
    An assessment of an archived organisation is restored with its organisation."""
    locked = Assessment.objects.select_for_update().select_related("organisation")
    current = locked.get(pk=assessment.pk)
    if (current.archived_at is not None) == archived:
        return current
    if not archived and current.organisation.archived_at is not None:
        raise ValidationError(MSG_ARCHIVED, code="archived")
    current.archived_at = timezone.now() if archived else None
    current.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.ASSESSMENT_ARCHIVED
        if archived
        else AuditEvent.Action.ASSESSMENT_RESTORED,
        actor=actor,
        organisation=current.organisation,
        obj=current,
        changes={"before": {"archived": not archived}, "after": {"archived": archived}},
        ip_address=ip_address,
    )
    return current


def assessments_close_due() -> list[Assessment]:
    """Close every open assessment whose closing date has passed (a daily job runs this).

    The link already refuses answers after the closing date; closing also takes the snapshot
    that fixes the figures, as when a consultant closes by hand. Each closes in its own
    transaction: an interrupted run leaves those it closed closed, and the next run does the rest.
    """
    due = Assessment.objects.filter(
        status=Assessment.Status.OPEN,
        closes_on__lt=timezone.localdate(),
        archived_at__isnull=True,
        organisation__archived_at__isnull=True,
    )
    closed = []
    for assessment in due.select_related("organisation").order_by("pk"):
        closed.append(assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED))
    return closed
