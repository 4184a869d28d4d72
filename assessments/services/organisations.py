"""Writes for organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..models import Organisation


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
