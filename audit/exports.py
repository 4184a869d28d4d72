"""The audit log as CSV or JSON, for the superuser's export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lib.spreadsheet import neutralise

from .models import AuditEvent

CSV, JSON = "csv", "json"
FORMATS = (CSV, JSON)
CONTENT_TYPES = {CSV: "text/csv; charset=utf-8", JSON: "application/json; charset=utf-8"}
COLUMNS = [
    "at",
    "actor",
    "action",
    "organisation",
    "object_type",
    "object_id",
    "object",
    "changes",
    "ip_address",
]
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


@dataclass(frozen=True)
class EventsFile:
    content: bytes
    filename: str
    content_type: str


def event_row(event: AuditEvent) -> dict[str, Any]:
    """One event as the exports write it: names as copied, time in ISO 8601 with its offset."""
    return {
        "at": timezone.localtime(event.at).isoformat(),
        "actor": event.actor_label,
        "action": event.action,
        "organisation": event.organisation_label,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object": event.object_repr,
        "changes": event.changes,
        "ip_address": event.ip_address,
    }


def _csv(rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        changes = row["changes"]
        row["changes"] = "" if changes is None else json.dumps(changes, ensure_ascii=False)
        # User names and titles are typed by people: never a formula in a spreadsheet.
        writer.writerow([neutralise(row[column] or "") for column in COLUMNS])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _json(rows: Iterable[dict[str, Any]]) -> bytes:
    document = {"events": list(rows)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def events_file(queryset: QuerySet[AuditEvent], export_format: str) -> EventsFile:
    """The events of `queryset` in one file; read in chunks, so a long log is not held twice."""
    rows = (event_row(event) for event in queryset.iterator(chunk_size=2000))
    if export_format == CSV:
        content = _csv(rows)
    elif export_format == JSON:
        content = _json(rows)
    else:
        raise ValueError(f"unknown export format {export_format!r}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    filename = f"palier-audit-{stamp}.{export_format}"
    return EventsFile(content, filename, CONTENT_TYPES[export_format])
