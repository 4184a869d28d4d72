"""Reads of the audit log, for the superuser's page, the consultant's page and the exports."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


@dataclass(frozen=True)
class EventFilters:
    """What a page or an export asks for; every part optional."""

    action: str = ""
    organisation_id: int | None = None
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    # Days in the site's time zone, as the page shows the times.
    return timezone.make_aware(datetime.combine(day, time.min))


def events(
    *, organisation_ids: Collection[int] | None = None, filters: EventFilters | None = None
) -> QuerySet[AuditEvent]:
    """The events, newest first, filtered; only those of `organisation_ids` when given.

    No join: the actor's and the organisation's names are on the event itself, so a page of
    events is one query whatever it shows.
    """
    queryset = AuditEvent.objects.all()
    if organisation_ids is not None:
        queryset = queryset.filter(organisation_id__in=list(organisation_ids))
    filters = filters or EventFilters()
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.organisation_id is not None:
        queryset = queryset.filter(organisation_id=filters.organisation_id)
    if filters.actor:
        queryset = queryset.filter(actor_label__iexact=filters.actor)
    if filters.date_from is not None:
        queryset = queryset.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        queryset = queryset.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return queryset.order_by("-at", "-pk")


def organisation_choices() -> list[tuple[int, str]]:
    """Every organisation as (id, name), for the superuser's filter (one query)."""
    # Through the foreign key, not an import: `assessments` sits above this app.
    organisation_model = AuditEvent._meta.get_field("organisation").related_model
    return list(organisation_model.objects.order_by("name").values_list("pk", "name"))
