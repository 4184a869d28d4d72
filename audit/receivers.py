"""Log-ins, log-outs, failed log-ins and lockouts, from Django's and django-axes' signals.

Connected in `AuditConfig.ready()`. Django sends these from its own views and backends, which
call no service of ours: its signals are the only place to hear them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from .models import AuditEvent
from .services import audit_record, request_ip


def _username_tried(credentials: dict[str, Any] | None) -> str:
    # The user name typed, never the password (Django masks it anyway before sending).
    value = (credentials or {}).get(get_user_model().USERNAME_FIELD, "")
    return value if isinstance(value, str) else ""


def on_logged_in(*, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    audit_record(action=AuditEvent.Action.LOGIN, actor=user, ip_address=request_ip(request))


def on_logged_out(
    *, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    if user is None:  # logging out while not logged in: nothing happened
        return
    audit_record(action=AuditEvent.Action.LOGOUT, actor=user, ip_address=request_ip(request))


def on_login_failed(
    *, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        actor_label=_username_tried(credentials),
        ip_address=request_ip(request),
    )


def on_locked_out(
    *,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """django-axes refused a log-in: on the failure that reaches the limit, and on each attempt
    during the lockout. `ip_address` is axes' own reading, the same as REMOTE_ADDR here."""
    audit_record(
        action=AuditEvent.Action.LOCKOUT,
        actor_label=username or "",
        ip_address=request_ip(request) or ip_address,
    )
