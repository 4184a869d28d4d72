"""Writes for organisations, assessments, invitations and answers."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from maturity.models import Framework, Option, Question

from .models import Answer, Assessment, Organisation, Respondent, ResultSnapshot
from .reports import reports_prepare_in_background
from .results import latest_snapshot, result_refresh
from .selectors import effective_scoping_answers
from .tokens import hash_token, new_token

MSG_FRAMEWORK_NOT_PUBLISHED = _("Only a published framework version can be assessed.")
MSG_ALREADY_INVITED = _("%(email)s is already invited to this assessment.")
MSG_NOT_ACCEPTING = _("This assessment is not open for answers.")
MSG_ALREADY_SUBMITTED = _("Your answers were submitted and can no longer be changed.")
MSG_REVOKED = _("This invitation was withdrawn.")
MSG_STATUS_TRANSITION = _("An assessment cannot go from %(old)s to %(new)s.")
MSG_CANNOT_INVITE = _("Respondents cannot be invited once the assessment is closed.")
MSG_CANNOT_REVOKE = _(
    "Answering is over, so the respondents and the results stay as they are; reopen the "
    "assessment to revoke a link."
)
MSG_SCOPE_FROZEN = _(
    "The scope is fixed once answering is closed; reopen the assessment to change it."
)
MSG_PUBLISHED_FROZEN = _(
    "Published results do not change. Move the assessment back to closed to refresh them."
)

# Respondents can be invited (or sent a new link) only while answers may still come.
INVITING_STATUSES = (Assessment.Status.DRAFT, Assessment.Status.OPEN)

logger = logging.getLogger(__name__)

ASSESSMENT_TRANSITIONS = {
    Assessment.Status.DRAFT: {Assessment.Status.OPEN},
    Assessment.Status.OPEN: {Assessment.Status.CLOSED, Assessment.Status.DRAFT},
    Assessment.Status.CLOSED: {Assessment.Status.OPEN, Assessment.Status.PUBLISHED},
    Assessment.Status.PUBLISHED: {Assessment.Status.CLOSED},
}


@transaction.atomic
def organisation_create(
    *,
    name: str,
    sector: str = "",
    size_band: str = "",
    country: str = "",
    consultant: AbstractBaseUser,
) -> Organisation:
    """Create an organisation and assign the consultant who created it."""
    organisation = Organisation(name=name, sector=sector, size_band=size_band, country=country)
    organisation.full_clean()
    organisation.save()
    organisation.consultants.add(consultant)
    return organisation


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
    *, assessment: Assessment, scoping_answers: dict[str, bool], targets: dict[str, int]
) -> Assessment:
    """Record the scoping answers and the target stage of each dimension.

    Published results never change. Once answering is closed the scope is fixed (it decides
    which questions were asked) but targets may still move, and the stored result follows.
    """
    if assessment.status == Assessment.Status.PUBLISHED:
        raise ValidationError(MSG_PUBLISHED_FROZEN, code="published")
    closed = assessment.status == Assessment.Status.CLOSED
    if closed and scoping_answers != effective_scoping_answers(assessment):
        raise ValidationError(MSG_SCOPE_FROZEN, code="status")
    assessment.scoping_answers = scoping_answers
    assessment.targets = targets
    assessment.save(update_fields=["scoping_answers", "targets", "updated_at"])
    # The stored result (the dashboard's figures) follows, even for a draft: an assessment
    # moved back from open to draft keeps its submitted answers.
    result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.REFRESH)
    return assessment


@transaction.atomic
def assessment_set_status(*, assessment: Assessment, status: str) -> Assessment:
    """Move an assessment along: draft, open, closed, published."""
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
    # Closing fixes the figures: from now on pages, exports and reports read this snapshot.
    closing = new == Assessment.Status.CLOSED and old == Assessment.Status.OPEN
    if closing or (new == Assessment.Status.PUBLISHED and latest_snapshot(assessment) is None):
        result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.CLOSED)
    if new == Assessment.Status.PUBLISHED:
        # The client contacts are about to download it: have it ready in both languages.
        transaction.on_commit(partial(reports_prepare_in_background, assessment.pk))
    return assessment


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


@transaction.atomic
def assessment_refresh_result(*, assessment: Assessment) -> ResultSnapshot:
    """Recompute and store the result on the consultant's request; never once published."""
    if assessment.status == Assessment.Status.PUBLISHED:
        raise ValidationError(MSG_PUBLISHED_FROZEN, code="published")
    return result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.REFRESH)


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


def questionnaire_link(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("questionnaire:welcome", args=[token])


def _invitation_email(invitation: Invitation, sender_name: str) -> EmailMessage:
    assessment = invitation.respondent.assessment
    with translation.override(assessment.language):
        context = {
            "respondent": invitation.respondent,
            "assessment": assessment,
            "link": invitation.link,
            "sender_name": sender_name,
            "consultancy_name": settings.PALIER_CONSULTANCY_NAME,
        }
        subject = render_to_string("assessments/email/invitation_subject.txt", context)
        body = render_to_string("assessments/email/invitation.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[invitation.respondent.email]
    )


def invitations_send(invitations: list[Invitation], sender_name: str) -> list[Invitation]:
    """E-mail each invitation; return those the mail server refused (their links still work)."""
    failed = []
    with get_connection(fail_silently=False) as connection:
        for invitation in invitations:
            try:
                connection.send_messages([_invitation_email(invitation, sender_name)])
            except (OSError, smtplib.SMTPException):
                logger.exception("Invitation to respondent %s not sent", invitation.respondent.pk)
                failed.append(invitation)
    return failed


def respondents_invite(
    *,
    assessment: Assessment,
    invitees: list[Invitee],
    base_url: str,
    sender_name: str,
) -> tuple[list[Invitation], list[Invitation]]:
    """Create respondents, each with a fresh token, then e-mail each their link.

    The respondents are committed first, all or none, so every e-mailed link works; an e-mail
    the server refuses is returned in the second list for the consultant to pass on.
    """
    invitations = _respondents_create(assessment=assessment, invitees=invitees, base_url=base_url)
    return invitations, invitations_send(invitations, sender_name)


@transaction.atomic
def _respondents_create(
    *, assessment: Assessment, invitees: list[Invitee], base_url: str
) -> list[Invitation]:
    if assessment.status not in INVITING_STATUSES:
        raise ValidationError(MSG_CANNOT_INVITE, code="status")
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
    for invitee in invitees:
        token = new_token()
        respondent = Respondent(
            assessment=assessment,
            name=invitee.name,
            email=invitee.email,
            role=invitee.role,
            token_hash=hash_token(token),
            last_invited_at=timezone.now(),
        )
        try:
            respondent.full_clean()
        except ValidationError as exc:
            # One message a problem, whatever field it names: the form shows them on its list.
            raise ValidationError(exc.messages) from None
        respondent.save()
        invitations.append(Invitation(respondent, questionnaire_link(base_url, token)))
    return invitations


def invitation_resend(
    *, respondent: Respondent, base_url: str, sender_name: str
) -> tuple[Invitation, bool]:
    """Issue a new link (the old one stops working), e-mail it and lift any revocation.

    Returns the invitation and whether the e-mail went out; the new link works either way.
    """
    invitation = _token_renew(respondent=respondent, base_url=base_url)
    return invitation, not invitations_send([invitation], sender_name)


@transaction.atomic
def _token_renew(*, respondent: Respondent, base_url: str) -> Invitation:
    if respondent.assessment.status not in INVITING_STATUSES:
        raise ValidationError(MSG_CANNOT_INVITE, code="status")
    token = new_token()
    counted_again = respondent.is_revoked and respondent.is_submitted
    respondent.token_hash = hash_token(token)
    respondent.last_invited_at = timezone.now()
    respondent.revoked_at = None
    respondent.save(update_fields=["token_hash", "last_invited_at", "revoked_at"])
    if counted_again:
        result_refresh(assessment=respondent.assessment, reason=ResultSnapshot.Reason.REFRESH)
    return Invitation(respondent, questionnaire_link(base_url, token))


@transaction.atomic
def invitation_revoke(*, respondent: Respondent) -> Respondent:
    """Make the respondent's link stop working, and take them out of the results.

    Their answers are kept: a new link (`invitation_resend`) counts them again. Refused once
    answering is over, since the results are then under review or published.
    """
    if respondent.assessment.status not in INVITING_STATUSES:
        raise ValidationError(MSG_CANNOT_REVOKE, code="status")
    respondent.revoked_at = timezone.now()
    respondent.save(update_fields=["revoked_at"])
    if respondent.is_submitted:
        result_refresh(assessment=respondent.assessment, reason=ResultSnapshot.Reason.REFRESH)
    return respondent


@dataclass(frozen=True)
class AnswerData:
    """What a respondent said about one question; `kind` empty means no answer (comment only)."""

    kind: str
    option: Option | None = None
    na_reason: str = ""
    comment: str = ""


def _check_can_answer(respondent: Respondent) -> None:
    if respondent.is_revoked:
        raise ValidationError(MSG_REVOKED, code="revoked")
    if respondent.is_submitted:
        raise ValidationError(MSG_ALREADY_SUBMITTED, code="submitted")
    if not assessment_accepts_answers(respondent.assessment):
        raise ValidationError(MSG_NOT_ACCEPTING, code="closed")


def assessment_opens_later(assessment: Assessment) -> bool:
    """Not open yet: still a draft, or open before its opening date."""
    return assessment.status == Assessment.Status.DRAFT or (
        assessment.status == Assessment.Status.OPEN
        and assessment.opens_on is not None
        and assessment.opens_on > timezone.localdate()
    )


def assessment_accepts_answers(assessment: Assessment) -> bool:
    """Open, on or after its opening date, and not past its closing date."""
    today = timezone.localdate()
    return (
        assessment.status == Assessment.Status.OPEN
        and (assessment.opens_on is None or assessment.opens_on <= today)
        and (assessment.closes_on is None or assessment.closes_on >= today)
    )


@transaction.atomic
def answers_save(
    *, respondent: Respondent, answers: dict[Question, AnswerData], dimension_key: str = ""
) -> None:
    """Save the given questions' answers, and only those: other questions are left untouched."""
    # Lock the respondent row so a submission cannot slip between the check and the writes.
    respondent = (
        Respondent.objects.select_for_update().select_related("assessment").get(pk=respondent.pk)
    )
    _check_can_answer(respondent)
    for question, data in answers.items():
        if data.option is not None and data.option.question_id != question.pk:
            raise ValidationError("Option of another question.", code="tampered")
        Answer.objects.update_or_create(
            respondent=respondent,
            question=question,
            defaults={
                "kind": data.kind,
                "option": data.option,
                "na_reason": data.na_reason,
                "comment": data.comment,
            },
        )
    now = timezone.now()
    respondent.last_seen_at = now
    fields = ["last_seen_at"]
    if respondent.status == Respondent.Status.INVITED:
        respondent.status = Respondent.Status.IN_PROGRESS
        respondent.started_at = now
        fields += ["status", "started_at"]
    if dimension_key:
        respondent.last_dimension_key = dimension_key
        fields.append("last_dimension_key")
    respondent.save(update_fields=fields)


@transaction.atomic
def respondent_submit(*, respondent: Respondent) -> Respondent:
    """Lock the respondent's answers for good."""
    respondent = (
        Respondent.objects.select_for_update().select_related("assessment").get(pk=respondent.pk)
    )
    _check_can_answer(respondent)
    now = timezone.now()
    respondent.status = Respondent.Status.SUBMITTED
    respondent.submitted_at = now
    respondent.last_seen_at = now
    respondent.started_at = respondent.started_at or now
    respondent.save(update_fields=["status", "submitted_at", "last_seen_at", "started_at"])
    # Keep the dashboard's figures current while answers come in.
    result_refresh(assessment=respondent.assessment, reason=ResultSnapshot.Reason.SUBMISSION)
    return respondent


def respondent_seen(respondent: Respondent) -> None:
    """Record a visit (for the consultant's "last activity")."""
    Respondent.objects.filter(pk=respondent.pk).update(last_seen_at=timezone.now())
