"""Writes for organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import MSG_ORGANISATION_NAME_TAKEN, Membership, Organisation


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
