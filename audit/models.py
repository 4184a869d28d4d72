"""The audit event: append-only, written by services through `audit.services.audit_record`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LABEL_MAX_LENGTH = 150
REPR_MAX_LENGTH = 200


class AuditEvent(models.Model):
    """One thing that happened: who did it, when, to which object, and a short before/after.

    The actor's and the organisation's names are copied, so the trace survives their deletion.
    Never holds a password, a token, an answer or a comment (docs/security.md).
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed log-in")
        LOCKOUT = "lockout", _("Locked out")
        LOGOUT = "logout", _("Logged out")
        ASSESSMENT_STATUS_CHANGED = "assessment_status_changed", _("Assessment status changed")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_RESENT = "invitation_resent", _("New link sent")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        REMINDER_SENT = "reminder_sent", _("Reminder sent")
        REMINDERS_SET = "reminders_set", _("Automatic reminders set")
        CONTACT_ADDED = "contact_added", _("Client contact added")
        CONTACT_REMOVED = "contact_removed", _("Client contact removed")
        EXPORT_DOWNLOADED = "export_downloaded", _("Results exported")
        REPORT_DOWNLOADED = "report_downloaded", _("Report downloaded")
        RESPONDENT_ERASED = "respondent_erased", _("Respondent erased")
        ORGANISATION_EXPORTED = "organisation_exported", _("Organisation's data exported")
        RESPONDENT_EXPORTED = "respondent_exported", _("Respondent's data exported")
        COMMENT_MODERATED = "comment_moderated", _("Comment moderated")
        AUDIT_EXPORTED = "audit_exported", _("Audit log exported")
        ORGANISATION_UPDATED = "organisation_updated", _("Organisation edited")
        ORGANISATION_ARCHIVED = "organisation_archived", _("Organisation archived")
        ORGANISATION_RESTORED = "organisation_restored", _("Organisation restored")
        ASSESSMENT_UPDATED = "assessment_updated", _("Assessment edited")
        ASSESSMENT_ARCHIVED = "assessment_archived", _("Assessment archived")
        ASSESSMENT_RESTORED = "assessment_restored", _("Assessment restored")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # SET_NULL: deleting a user keeps what they did, under the name copied below.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who"), max_length=LABEL_MAX_LENGTH, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=Action)
    # A string reference, not an import: `audit` sits below `assessments` (docs/architecture.md).
    organisation = models.ForeignKey(
        "assessments.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_label = models.CharField(
        _("organisation"), max_length=LABEL_MAX_LENGTH, blank=True
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=REPR_MAX_LENGTH, blank=True)
    changes = models.JSONField(_("changes"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_organisation_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label or '-'} {self.action}"

    @property
    def change_lines(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field a change names; [] for other details."""
        changes = self.changes if isinstance(self.changes, dict) else {}
        before, after = changes.get("before") or {}, changes.get("after") or {}
        if not isinstance(before, dict) or not isinstance(after, dict):
            return []
        return [(key, before.get(key), after.get(key)) for key in sorted({*before, *after})]

    @property
    def details(self) -> dict[str, Any]:
        """What the event holds besides a before/after (a download's format, say)."""
        changes = self.changes if isinstance(self.changes, dict) else {}
        return {k: v for k, v in changes.items() if k not in ("before", "after")}
