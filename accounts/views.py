"""The second step of the log-in: an authenticator app's code, or enrolling one."""

from __future__ import annotations

from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import request_ip

from . import services
from .forms import TokenForm
from .middleware import second_factor_step_note, second_factor_step_remember
from .qr import qr_code_svg
from .selectors import (
    STEP_ENROL,
    STEP_NONE,
    STEP_VERIFY,
    confirmed_device,
    second_factor_step,
)

MSG_TOO_MANY_RESETS = _(
    "Too many password reset requests for this address or from your network. Try again in an "
    "hour, or ask your consultant."
)


def _next_url(request: HttpRequest) -> str:
    """Where the user was going: a path of this site, else home.

    A bare word is refused too: `redirect()` would read it as a URL name and fail.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse(settings.LOGIN_REDIRECT_URL)


def _to(name: str, request: HttpRequest) -> HttpResponse:
    """Another step's page, keeping where the user was going."""
    query = request.GET.urlencode()
    return redirect(f"{reverse(name)}?{query}" if query else reverse(name))


def _checked(request: HttpRequest, form: TokenForm, device: TOTPDevice) -> HttpResponse | None:
    """The session verified by a good code (and given a new key), or None with the form's error."""
    if not form.is_valid():
        return None
    try:
        device = services.totp_token_check(
            user=request.user, device_pk=device.pk, token=form.cleaned_data["token"]
        )
    except ValidationError as error:
        form.add_error("token", error)
        return None
    django_otp.login(request, device)
    # From now on this user gives a code after the password, as they just did.
    second_factor_step_note(request, STEP_VERIFY)
    # A new session key once the session is worth more: a planted one is worth nothing.
    request.session.cycle_key()
    return redirect(_next_url(request))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code of the user's authenticator app, after the password."""
    device = confirmed_device(request.user)
    if request.user.is_verified() or device is None:
        step = second_factor_step_remember(type(request.user), request, request.user)
        return (
            _to("accounts:enrol", request) if step == STEP_ENROL else redirect(_next_url(request))
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and (done := _checked(request, form, device)):
        return done
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Adding an authenticator app: its QR code and secret, then its first code to confirm it."""
    if second_factor_step(request.user) not in (STEP_ENROL, STEP_NONE):
        return _to("accounts:verify", request)
    device = services.totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and (done := _checked(request, form, device)):
        return done
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": qr_code_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/enrol.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, refused with 429 once an address or a client address asks too often."""

    def form_valid(self, form):
        allowed = services.password_reset_allowed(
            email=form.cleaned_data["email"], ip_address=request_ip(self.request)
        )
        if allowed:
            return super().form_valid(form)
        form.add_error(None, MSG_TOO_MANY_RESETS)
        return self.render_to_response(self.get_context_data(form=form), status=429)
