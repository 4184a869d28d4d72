"""Invitation tokens: 256 random bits in the link, only their SHA-256 in the database; and
when a link expires."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

TOKEN_BYTES = 32


def new_token() -> str:
    """A fresh URL-safe token with 256 bits of randomness."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def demo_token(seed: str) -> str:
    """A token derived from the secret key, so `seed_demo` prints the same link on every run."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo:{seed}".encode(), hashlib.sha256)
    return digest.hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: str, token_hash: str) -> bool:
    """Constant-time comparison of a presented token with a stored hash."""
    return hmac.compare_digest(hash_token(token), token_hash)


def link_expiry(
    *, closes_on: date | None, closed_at: datetime | None, days: int
) -> datetime | None:
    """When a personal link stops working: `days` whole days after the closing day, or, with
    no closing date, `days` days after the moment answering was closed; None while neither is
    known (an assessment open with no closing date).

    Answers are taken until the end of the closing day, in the site's time zone, so a link
    closing on 30 June with 60 days works through 29 August and stops at midnight.
    """
    if closes_on is not None:
        end = closes_on + timedelta(days=days + 1)
        return timezone.make_aware(datetime.combine(end, time.min), timezone.get_default_timezone())
    if closed_at is not None:
        return closed_at + timedelta(days=days)
    return None


def link_has_expired(expires_at: datetime | None, *, now: datetime) -> bool:
    """Whether a link given this expiry no longer works at `now` (None: it does not expire yet)."""
    return expires_at is not None and now >= expires_at
