"""The consultant's moderation of respondents' comments: hide one, or show it edited.

The respondent's own comment is never overwritten: the moderation is a `CommentModeration`
beside the answer, which client contacts, the report and the exports read instead, while the
consultant's page shows both and can undo it. Each change is recorded in the audit log (what
changed, never the text). Like the rest of the curation, it is refused once the assessment is
published: what the client was given does not change behind their back; the consultant moves
the assessment back to closed first, and publishing again renders the report afresh.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import COMMENT_MAX_LENGTH, Answer, Assessment, CommentModeration
from audit.models import AuditEvent
from audit.services import audit_record

from .curation import check_editable, check_length
from .signals import report_inputs_changed_send

HIDE, SHOW, EDIT, RESTORE = "hide", "show", "edit", "restore"
ACTIONS = (HIDE, SHOW, EDIT, RESTORE)

MSG_NO_COMMENT = _("This answer has no comment to moderate.")
MSG_NOT_COUNTED = _("Only the comments of submitted respondents of this assessment are shown.")
MSG_UNKNOWN_ACTION = _("Choose what to do with the comment: hide, show, edit or restore it.")


def _state(moderation: CommentModeration | None) -> dict[str, bool]:
    # The audit log keeps what changed, never a comment's text (docs/security.md).
    if moderation is None:
        return {"hidden": False, "edited": False}
    return {"hidden": moderation.hidden, "edited": bool(moderation.text)}


@transaction.atomic
def comment_moderate(
    *,
    assessment: Assessment,
    answer: Answer,
    action: str,
    text: str = "",
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> CommentModeration | None:
    """Hide, show again, edit or restore (undo every moderation of) one respondent's comment.

    An edit to the respondent's own words, or to nothing, takes the edit away. Returns the
    moderation, or None once the comment is shown as written. Queries: the assessment's lock,
    the answer's, the moderation's read, its write, the audit event.
    """
    if action not in ACTIONS:
        raise ValidationError(MSG_UNKNOWN_ACTION, code="action")
    check_editable(assessment)
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("respondent", "question")
        .get(pk=answer.pk)
    )
    respondent = answer.respondent
    if respondent.assessment_id != assessment.pk or not respondent.is_submitted:
        raise ValidationError(MSG_NOT_COUNTED, code="not_counted")
    if not answer.comment.strip():
        raise ValidationError(MSG_NO_COMMENT, code="no_comment")
    moderation = CommentModeration.objects.filter(answer=answer).first()
    before = _state(moderation)
    hidden = moderation.hidden if moderation else False
    edited = moderation.text if moderation else ""
    unchanged = (hidden, edited)
    if action in (HIDE, SHOW):
        hidden = action == HIDE
    elif action == EDIT:
        text = text.strip()
        check_length(text, COMMENT_MAX_LENGTH)
        edited = "" if text == answer.comment.strip() else text
    else:
        hidden, edited = False, ""
    if (hidden, edited) == unchanged:
        return moderation  # nothing to write, nothing to record
    if not hidden and not edited:
        if moderation is not None:
            moderation.delete()
        moderation = None
    else:
        moderation = moderation or CommentModeration(answer=answer)
        moderation.hidden, moderation.text = hidden, edited
        moderation.moderated_by, moderation.moderated_at = actor, timezone.now()
        moderation.save()
    audit_record(
        action=AuditEvent.Action.COMMENT_MODERATED,
        actor=actor,
        organisation=assessment.organisation,
        obj=answer,
        # Never the respondent's name: as the invitation events name them.
        object_repr=(
            f"{assessment.title} · respondent #{respondent.pk} ({respondent.role})"
            f" · {answer.question.key}"
        ),
        changes={"before": before, "after": _state(moderation)},
        ip_address=ip_address,
    )
    report_inputs_changed_send(assessment)
    return moderation
