"""Test settings: the base settings made fast and self-contained."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# Required with DEBUG off; the locmem backend below replaces it.
os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:25")

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The test client speaks plain HTTP (DEBUG is off here, which turns both on).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    # Reports cached by tests go to a throwaway folder, never the project's media/.
    "default": {
        "BACKEND": "config.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="palier-test-media-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Self-contained whatever the environment says: each test process its own cache, tasks inline.
# The tests of Redis and of a real worker configure them themselves.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
# Tests sign in with force_login, a password only: the second factor's tests turn it on
# (tests/accounts/test_mfa.py).
MFA_REQUIRED = False
