"""What respondents write: answers page by page, and the submission that locks them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maturity.models import Option, Question

from .. import signals
from ..models import COMMENT_MAX_LENGTH, Answer, Assessment, Respondent, ResultSnapshot
from ..tokens import link_has_expired

MSG_NOT_ACCEPTING = _("This assessment is not open for answers.")
MSG_ALREADY_SUBMITTED = _("Your answers were submitted and can no longer be changed.")
MSG_REVOKED = _("This invitation was withdrawn.")
MSG_LINK_EXPIRED = _("This link has expired. Ask your consultant to send you a new one.")
MSG_TAMPERED = _("The form named an option of another question.")
MSG_COMMENT_TOO_LONG = _("A comment is at most %(max)s characters.")
MSG_NOT_ASKED = _("This question is not asked of your role.")
MSG_UNKNOWN_ITEM = _("The form named an item that is not in this question's list.")
MSG_ITEM_NA_NOT_ALLOWED = _("This item cannot be marked not applicable.")
MSG_WRONG_KIND = _("The form's answer does not fit this kind of question.")


@dataclass(frozen=True)
class AnswerChange:
    """What changed in one question's answer; a part left None is kept as it is stored.

    `kind` is the choice (an option, not applicable, don't know, or "" for no choice), with
    `option` when it is an option. Each part is saved only when the page changed it, so a tab
    that edits a comment never writes back a choice another tab has changed meanwhile.
    """

    kind: str | None = None
    option: Option | None = None
    na_reason: str | None = None
    comment: str | None = None
    # A checklist's items that changed: item key -> "ticked", "na", or "" (unticked); the
    # other items are kept as stored, so two tabs ticking different items keep both.
    items: dict[str, str] | None = None


def _check_can_answer(respondent: Respondent) -> None:
    if respondent.is_revoked:
        raise ValidationError(MSG_REVOKED, code="revoked")
    if link_has_expired(respondent.link_expires_at, now=timezone.now()):
        raise ValidationError(MSG_LINK_EXPIRED, code="expired")
    if respondent.is_submitted:
        raise ValidationError(MSG_ALREADY_SUBMITTED, code="submitted")
    if not assessment_accepts_answers(respondent.assessment):
        raise ValidationError(MSG_NOT_ACCEPTING, code="closed")


def assessment_opens_later(assessment: Assessment) -> bool:
    """Not open yet: still a draft, or open before its opening date; an archived one is
    closed, not "not open yet"."""
    if assessment.is_archived:
        return False
    return assessment.status == Assessment.Status.DRAFT or (
        assessment.status == Assessment.Status.OPEN
        and assessment.opens_on is not None
        and assessment.opens_on > timezone.localdate()
    )


def assessment_accepts_answers(assessment: Assessment) -> bool:
    """Open, on or after its opening date, not past its closing date, and not archived."""
    today = timezone.localdate()
    return (
        assessment.status == Assessment.Status.OPEN
        and not assessment.is_archived
        and (assessment.opens_on is None or assessment.opens_on <= today)
        and (assessment.closes_on is None or assessment.closes_on >= today)
    )


@transaction.atomic
def answers_save(
    *, respondent: Respondent, changes: dict[Question, AnswerChange], dimension_key: str = ""
) -> None:
    """Save what changed in the given questions' answers, in one write whatever their number.

    Other questions, and the parts of an answer not named in its change, are left as stored.
    Queries: the respondent locked, the stored answers of these questions, one upsert, the
    respondent's progress: four, six with the savepoint, for 2 questions as for 20.
    """
    # Lock the respondent row: a submission, or another tab's save, waits for this one, so the
    # answers read below are still the stored ones when the upsert writes them back merged.
    respondent = (
        # With the organisation: an archived one closes the questionnaire. The rows locked are
        # those locked before it was read (PostgreSQL would lock every joined row otherwise).
        Respondent.objects.select_for_update(of=("self", "assessment"))
        .select_related("assessment__organisation")
        .get(pk=respondent.pk)
    )
    _check_can_answer(respondent)
    for question, change in changes.items():
        if not question.asked_of(respondent.role):
            # The page never shows it; a forged or stale form must not write it either.
            raise ValidationError(MSG_NOT_ASKED, code="not_asked")
        if change.option is not None and change.option.question_id != question.pk:
            raise ValidationError(MSG_TAMPERED, code="tampered")
        _check_checklist_change(question, change)
        if change.comment is not None and len(change.comment) > COMMENT_MAX_LENGTH:
            raise ValidationError(
                MSG_COMMENT_TOO_LONG, code="comment", params={"max": COMMENT_MAX_LENGTH}
            )
    stored = {
        a.question_id: a
        for a in Answer.objects.filter(respondent=respondent, question__in=list(changes))
    }
    rows = [
        row
        for question, change in changes.items()
        if (row := _merged(respondent, question, stored.get(question.pk), change)) is not None
    ]
    if rows:
        Answer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["respondent", "question"],
            update_fields=["kind", "option", "na_reason", "comment", "items", "updated_at"],
        )
    _progress_save(respondent, dimension_key)


def _check_checklist_change(question: Question, change: AnswerChange) -> None:
    """Refuse, before anything is written, a checklist change the question cannot take."""
    # "Don't know" and "not applicable" fit both types; an option or items fit only one.
    fitting = Answer.Kind.CHECKLIST if question.is_checklist else Answer.Kind.OPTION
    if change.kind in (Answer.Kind.OPTION, Answer.Kind.CHECKLIST) and change.kind != fitting:
        raise ValidationError(MSG_WRONG_KIND, code="kind")
    if change.items is None:
        return
    if not question.is_checklist:
        raise ValidationError(MSG_WRONG_KIND, code="kind")
    items = {item.key: item for item in question.items}
    for key, state in change.items.items():
        if key not in items or state not in ("", *Answer.ItemState.values):
            raise ValidationError(MSG_UNKNOWN_ITEM, code="item")
        if state == Answer.ItemState.NOT_APPLICABLE and not items[key].allow_na:
            raise ValidationError(MSG_ITEM_NA_NOT_ALLOWED, code="item_na")


def _merged(
    respondent: Respondent, question: Question, stored: Answer | None, change: AnswerChange
) -> Answer | None:
    """The answer as it will be stored, or None when the change leaves it as it is."""
    kind, option_id = (stored.kind, stored.option_id) if stored else ("", None)
    if change.kind is not None:
        kind = change.kind
        option_id = change.option.pk if change.option is not None else None
    items = dict(stored.items) if stored else {}
    for key, state in (change.items or {}).items():
        if state:
            items[key] = state
        else:
            items.pop(key, None)
    # Items belong to a checklist answer only: "don't know" or "not applicable" clears them.
    if kind != Answer.Kind.CHECKLIST:
        items = {}
    na_reason = stored.na_reason if stored else ""
    if change.na_reason is not None:
        na_reason = change.na_reason
    # A reason belongs to "not applicable" only: another choice clears it.
    if kind != Answer.Kind.NOT_APPLICABLE:
        na_reason = ""
    comment = stored.comment if stored else ""
    if change.comment is not None:
        comment = change.comment
    values = (kind, option_id, na_reason, comment, items)
    if stored is not None and values == (
        stored.kind,
        stored.option_id,
        stored.na_reason,
        stored.comment,
        stored.items,
    ):
        return None
    return Answer(
        respondent=respondent,
        question=question,
        kind=kind,
        option_id=option_id,
        na_reason=na_reason,
        comment=comment,
        items=items,
    )


def _progress_save(respondent: Respondent, dimension_key: str) -> None:
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
        # With the organisation: an archived one closes the questionnaire. The rows locked are
        # those locked before it was read (PostgreSQL would lock every joined row otherwise).
        Respondent.objects.select_for_update(of=("self", "assessment"))
        .select_related("assessment__organisation")
        .get(pk=respondent.pk)
    )
    _check_can_answer(respondent)
    now = timezone.now()
    respondent.status = Respondent.Status.SUBMITTED
    respondent.submitted_at = now
    respondent.last_seen_at = now
    respondent.started_at = respondent.started_at or now
    respondent.save(update_fields=["status", "submitted_at", "last_seen_at", "started_at"])
    # Keep the dashboard's figures current while answers come in.
    signals.result_inputs_changed.send(
        Assessment, assessment=respondent.assessment, reason=ResultSnapshot.Reason.SUBMISSION
    )
    return respondent


def respondent_seen(respondent: Respondent) -> None:
    """Record a visit (for the consultant's "last activity")."""
    Respondent.objects.filter(pk=respondent.pk).update(last_seen_at=timezone.now())
