"""Erasing a respondent (GDPR Article 17) without moving a published figure."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import CommentModeration, Organisation, Respondent, ResultSnapshot
from assessments.tokens import hash_token, new_token
from audit.models import AuditEvent
from audit.services import audit_record
from background import runs_inline
from reports.cache import reports_delete
from reports.preparation import reports_prepare

from . import selectors

MSG_ALREADY_ERASED = _("This respondent's personal data was already erased.")


@transaction.atomic
def respondent_erase(
    *,
    respondent: Respondent,
    erased_by: AbstractBaseUser | None,
    ip_address: str | None = None,
) -> Respondent:
    """Remove what identifies a respondent, keep their numeric answers anonymous.

    Name, e-mail and link go (a random hash no token matches takes the link's place), comments
    and their moderated copies are deleted, and the copies of the name in the stored results are
    scrubbed. The answers themselves stay, unattributed, so the scores already read or published
    do not move. The stored PDF reports, which may name respondents, are deleted and rendered
    again.
    """
    respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
    if respondent.erased_at is not None:
        raise ValidationError(MSG_ALREADY_ERASED, code="erased")
    now = timezone.now()
    respondent.name = ""
    respondent.email = ""
    respondent.token_hash = hash_token(new_token())  # the token is thrown away at once
    respondent.link_expires_at = now
    respondent.erased_at = now
    respondent.save(update_fields=["name", "email", "token_hash", "link_expires_at", "erased_at"])
    respondent.superseded_links.all().delete()
    # The consultant's moderated copies of the comments go with them.
    CommentModeration.objects.filter(answer__respondent=respondent).delete()
    respondent.answers.exclude(comment="").update(comment="")
    scrubbed = _snapshots_scrub(respondent)
    audit_record(
        action=AuditEvent.Action.RESPONDENT_ERASED,
        actor=erased_by,
        organisation=respondent.assessment.organisation,
        obj=respondent,
        object_repr=_respondent_repr(respondent),
        changes={"stored_results_scrubbed": scrubbed},
        ip_address=ip_address,
    )
    transaction.on_commit(partial(_reports_renew, respondent.assessment_id))
    return respondent


def _respondent_repr(respondent: Respondent) -> str:
    # As the invitation events name them: never by name or address.
    return f"{respondent.assessment.title} · respondent #{respondent.pk} ({respondent.role})"


def _snapshots_scrub(respondent: Respondent) -> int:
    """Every stored result copies the names of the respondents it counted: blank this one's."""
    key = str(respondent.pk)
    snapshots = ResultSnapshot.objects.select_for_update().filter(
        assessment_id=respondent.assessment_id
    )
    scrubbed = 0
    for snapshot in snapshots:
        named = [r for r in snapshot.data.get("respondents", []) if r.get("key") == key]
        if any(r.get("name") for r in named):
            for info in named:
                info["name"] = ""
            snapshot.save(update_fields=["data"])
            scrubbed += 1
    return scrubbed


def _reports_renew(assessment_id: int) -> None:
    reports_delete(assessment_id)
    if not runs_inline():
        reports_prepare(assessment_id)


def organisation_personal_data_export(
    *,
    organisation: Organisation,
    exported_by: AbstractBaseUser | None,
    ip_address: str | None = None,
) -> dict[str, Any]:
    """Everything held about the organisation, for its data protection officer (recorded)."""
    data = selectors.organisation_personal_data(organisation)
    audit_record(
        action=AuditEvent.Action.ORGANISATION_EXPORTED,
        actor=exported_by,
        organisation=organisation,
        obj=organisation,
        ip_address=ip_address,
    )
    return data


def respondent_personal_data_export(
    *,
    respondent: Respondent,
    exported_by: AbstractBaseUser | None,
    ip_address: str | None = None,
) -> dict[str, Any]:
    """Everything held about one respondent, for them or their data protection officer
    (recorded)."""
    data = selectors.respondent_personal_data(respondent)
    audit_record(
        action=AuditEvent.Action.RESPONDENT_EXPORTED,
        actor=exported_by,
        organisation=respondent.assessment.organisation,
        obj=respondent,
        object_repr=_respondent_repr(respondent),
        ip_address=ip_address,
    )
    return data
