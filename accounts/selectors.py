"""Reads of the second factor: who must use one, and which step a user owes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.access import is_consultant

# The steps a signed-in user may owe before any other page.
STEP_VERIFY = "verify"
STEP_ENROL = "enrol"
STEP_NONE = ""


def must_use_second_factor(user: AbstractBaseUser) -> bool:
    """Consultants, superusers and staff (who can reach the admin) must, when MFA_REQUIRED."""
    return bool(settings.MFA_REQUIRED) and (user.is_staff or is_consultant(user))


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's authenticator app, once its first code confirmed it."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_step(user: AbstractBaseUser) -> str:
    """A code to give (anyone with an app), an app to enrol (those who must), or nothing."""
    if confirmed_device(user) is not None:
        return STEP_VERIFY
    if must_use_second_factor(user):
        return STEP_ENROL
    return STEP_NONE
