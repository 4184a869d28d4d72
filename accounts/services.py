"""Writes of the log-in's extra guards: enrolling an authenticator app, checking a code,
resetting it, and counting password-reset requests."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
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


def password_reset_allowed(*, email: str, ip_address: str | None) -> bool:
    """Count a password-reset request, per address and per client address, in the current
    hour: False once either is over its limit (settings.PASSWORD_RESET_LIMITS_PER_HOUR).

    Without a limit anyone can fill a person's inbox with reset e-mails, or ask thousands of
    addresses from one place. A fixed window in the cache is enough for that; the counters
    are keyed by hashes, so the cache holds no address.
    """
    per_email, per_ip = settings.PASSWORD_RESET_LIMITS_PER_HOUR
    hour = int(time.time() // 3600)
    counts = [
        (_counted(f"reset:email:{_digest(email.strip().lower())}:{hour}"), per_email),
        (_counted(f"reset:ip:{_digest(ip_address or 'unknown')}:{hour}"), per_ip),
    ]
    return all(count <= limit for count, limit in counts)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _counted(key: str) -> int:
    # add() then incr() is atomic on Redis and in the local memory cache alike.
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=3600)
        return 1
