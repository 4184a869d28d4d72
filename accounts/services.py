"""Writes of the second factor: enrolling an authenticator app, checking a code, resetting."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

MSG_WRONG_CODE = _("This code is wrong or has expired. Enter the code your app shows now.")
MSG_TOO_MANY_CODES = _("Too many wrong codes. Wait a minute, then enter the code your app shows.")

DEVICE_NAME = "Authenticator app"


@transaction.atomic
def totp_device_for_enrolment(*, user: AbstractBaseUser) -> TOTPDevice:
    """The user's app waiting for its first code: the same secret until it is confirmed."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_token_check(*, user: AbstractBaseUser, device_pk: int, token: str) -> TOTPDevice:
    """Check a code against one of the user's apps; the first good code confirms a new app.

    django-otp refuses a code already used (or an older one) and, after each wrong code,
    refuses every code for a doubling delay (1, 2, 4... seconds). Raises ValidationError
    with MSG_WRONG_CODE or MSG_TOO_MANY_CODES; the failure is recorded all the same.
    """
    # The failure count must be committed, so the error is raised after the transaction.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, pk=device_pk).first()
        if device is None:
            error = MSG_WRONG_CODE
        elif not device.verify_is_allowed()[0]:
            error = MSG_TOO_MANY_CODES
        elif not device.verify_token(token):
            error = MSG_WRONG_CODE
        else:
            error = None
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                # One app per user: an older one is replaced by the one just confirmed.
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    if error is not None:
        raise ValidationError(error)
    return device


@transaction.atomic
def second_factor_reset(*, user: AbstractBaseUser) -> int:
    """Delete the user's authenticator apps (a lost phone): they enrol again at the next log-in.

    Returns how many were deleted. Sessions verified with them are no longer verified.
    """
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted
