"""Writes of the audit log: one event per call, never an update (docs/security.md)."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import models, transaction
from django.http import HttpRequest

from .exports import EventsFile, events_file
from .models import LABEL_MAX_LENGTH, REPR_MAX_LENGTH, AuditEvent
from .selectors import EventFilters, events

# A before/after is a few fields (a status, a flag); anything longer is a mistake of the caller,
# and would risk copying answers or comments into the log.
CHANGES_MAX_LENGTH = 1000
MSG_CHANGES_TOO_LONG = "An audit event's changes must stay under %d characters of JSON."


def request_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, which config/wsgi.py's ProxyFix sets behind proxies.

    None when there is no request or the value is not an address (a test client's, a socket's).
    """
    return _address(request.META.get("REMOTE_ADDR") if request is not None else None)


def _address(address: str | None) -> str | None:
    # PostgreSQL's inet column refuses anything else: a bad value would fail the whole write.
    try:
        validate_ipv46_address(address or "")
    except ValidationError:
        return None
    return address


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# No @transaction.atomic: one INSERT is atomic by itself, and inside a service's transaction it
# commits or rolls back with the change it records (a savepoint would only add two queries).
def audit_record(
    *,
    action: str,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_label: str = "",
    organisation: models.Model | None = None,
    obj: models.Model | None = None,
    object_repr: str | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `obj` (of `organisation`), with a short before/after.

    `actor_label` names who acted when there is no account (a failed log-in's user name);
    `object_repr` replaces `str(obj)` where that would show personal data (a respondent's
    name). `changes` is {"before": {...}, "after": {...}}, or a download's details: a few
    fields, never a token, a password, an answer or a comment.
    """
    AuditEvent.Action(action)  # an unknown action is a programming error: ValueError
    if changes is not None and len(json.dumps(changes, default=str)) > CHANGES_MAX_LENGTH:
        raise ValueError(MSG_CHANGES_TOO_LONG % CHANGES_MAX_LENGTH)
    if actor is not None and not actor.is_authenticated:
        actor = None
    if actor is not None:
        actor_label = actor.get_username()
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=_clip(actor_label, LABEL_MAX_LENGTH),
        organisation=organisation,
        organisation_label=_clip(str(organisation), LABEL_MAX_LENGTH) if organisation else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=_clip(str(obj) if object_repr is None else object_repr, REPR_MAX_LENGTH)
        if obj is not None or object_repr
        else "",
        changes=changes,
        ip_address=_address(ip_address),
    )


@transaction.atomic
def audit_events_prune(*, before: datetime) -> int:
    """Delete the events older than `before` (the retention period); return how many.

    The only deletion of the log: events are otherwise never changed nor removed.
    """
    deleted, _ = AuditEvent.objects.filter(at__lt=before).delete()
    return deleted


def audit_log_export(
    *,
    filters: EventFilters,
    export_format: str,
    actor: AbstractBaseUser,
    ip_address: str | None = None,
) -> EventsFile:
    """The filtered events as a file; the export is itself recorded (it holds addresses)."""
    events_file_ = events_file(events(filters=filters), export_format)
    audit_record(
        action=AuditEvent.Action.AUDIT_EXPORTED,
        actor=actor,
        changes={"format": export_format, "filters": _filters_summary(filters)},
        ip_address=ip_address,
    )
    return events_file_


def _filters_summary(filters: EventFilters) -> dict[str, Any]:
    return {
        key: str(value)
        for key, value in dataclasses.asdict(filters).items()
        if value not in ("", None)
    }
