"""Writes for organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record

from ..models import MSG_ORGANISATION_NAME_TAKEN, Membership, Organisation

MSG_ORGANISATION_ARCHIVED = _(
    "This organisation is archived, and read-only with its assessments: restore it first."
)


@transaction.atomic
def organisation_create(
    *,
    name: str,
    sector: str = "",
    size_band: str = "",
    country: str = "",
    consultant: AbstractBaseUser,
) -> Organisation:
    """Create an organisation and assign the consultant who created it.

    Names are unique whatever their case: a taken one raises ValidationError on `name`, also
    when another request created it between the check and the write.
    """
    if Organisation.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": MSG_ORGANISATION_NAME_TAKEN}, code="unique")
    organisation = Organisation(name=name, sector=sector, size_band=size_band, country=country)
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise ValidationError({"name": MSG_ORGANISATION_NAME_TAKEN}, code="unique") from None
    Membership.objects.create(
        user=consultant,
        organisation=organisation,
        role=Membership.Role.CONSULTANT,
        added_by=consultant,
    )
    return organisation


def _locked(organisation: Organisation) -> Organisation:
    """The organisation's row read afresh and locked: a concurrent archive wins over a page."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> Organisation:
    """Rename the organisation; refused while archived or when the name is taken (any case)."""
    current = _locked(organisation)
    if current.archived_at is not None:
        raise ValidationError(MSG_ORGANISATION_ARCHIVED, code="archived")
    old = current.name
    name = name.strip()
    if name == old:
        return current
    taken = Organisation.objects.filter(name__iexact=name).exclude(pk=current.pk)
    if taken.exists():
        raise ValidationError({"name": MSG_ORGANISATION_NAME_TAKEN}, code="unique")
    current.name = name
    # The name's own rules; its uniqueness is checked above, and by the database below.
    current.clean_fields(exclude=["sector", "size_band", "country", "created_at", "archived_at"])
    try:
        with transaction.atomic():
            current.save(update_fields=["name"])
    except IntegrityError:
        raise ValidationError({"name": MSG_ORGANISATION_NAME_TAKEN}, code="unique") from None
    audit_record(
        action=AuditEvent.Action.ORGANISATION_UPDATED,
        actor=actor,
        organisation=current,
        obj=current,
        changes={"before": {"name": old}, "after": {"name": name}},
        ip_address=ip_address,
    )
    return current


@transaction.atomic
def organisation_set_archived(
    *,
    organisation: Organisation,
    archived: bool,
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
) -> Organisation:
    """Archive the organisation (hidden from the dashboard, read-only with its assessments), or
    restore it. Nothing is deleted; asking for the state it is in changes and records nothing."""
    current = _locked(organisation)
    if (current.archived_at is not None) == archived:
        return current
    current.archived_at = timezone.now() if archived else None
    current.save(update_fields=["archived_at"])
    audit_record(
        action=AuditEvent.Action.ORGANISATION_ARCHIVED
        if archived
        else AuditEvent.Action.ORGANISATION_RESTORED,
        actor=actor,
        organisation=current,
        obj=current,
        changes={"before": {"archived": not archived}, "after": {"archived": archived}},
        ip_address=ip_address,
    )
    return current
