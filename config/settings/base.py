"""Palier's settings: one module, driven by environment variables (see README.md)."""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
)
# A local .env file is optional; real deployments set the environment directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")

# A development key exists only with DEBUG on, so a forgotten SECRET_KEY can never reach production.
_DEV_SECRET_KEY = "django-insecure-palier-development-only"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.admin.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Imports point one way, down this list's order (docs/architecture.md).
    "audit",
    "maturity",
    "assessments",
    "accounts",
    "results",
    "reports",
    "privacy",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the others, so it sees every response they make (docs/security.md).
    "config.middleware.NoStoreByDefault",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the user verified once a second factor was given in this session; then ours sends
    # those who owe one to its page before any other (docs/deployment.md, "Two-factor").
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.palier",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in the project folder by default, so a new user needs no database server.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent background saves on SQLite's default settings failed with "database is
    # locked" (a 500, the answer lost): a transaction that reads first and writes later cannot
    # wait for another writer, SQLite refuses it at once. IMMEDIATE transactions take the write
    # lock at BEGIN, where the busy timeout makes them queue; WAL lets pages be read meanwhile,
    # and synchronous=NORMAL is safe with WAL. See docs/performance.md ("SQLite").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds a connection waits for the write lock
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
else:
    # A connection per process kept between requests (seconds), checked before reuse so a
    # database restart or a dropped connection costs a reconnect, not a 500.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when set, is shared by every process: the cache (report states, debouncing), sessions
# and the login lockout's counters. Without it each process keeps its own in local memory,
# which is right for one `make run` process only.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "palier",
        }
    }
    # Sessions read from Redis and written through to the database: a Redis restart does not
    # log every consultant out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# The home page sends each role to its own home: the dashboard, or the client's page.
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Two-factor authentication (TOTP) for consultants, staff and superusers: with MFA_REQUIRED,
# on by default in production, they cannot use any page but the enrolment one until they have
# an authenticator app; anyone with one gives its code after the password in every case.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Palier"
# The admin's pages of devices show no secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password-reset e-mails asked per address, and per client address, in an hour.
PASSWORD_RESET_LIMITS_PER_HOUR = (
    env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=5),
    env.int("PASSWORD_RESET_LIMIT_PER_IP", default=20),
)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
# Failures are counted per user name and address together: one address's failures do not lock
# out everyone behind it (an office, the proxy), and a success with the attacker's own account
# resets only that account's count from that address, not the one under attack.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The number of proxies in front of the app that append to X-Forwarded-For (config/wsgi.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# English dates and times the European way (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Generated reports go to the default storage: a local folder, or an S3-compatible bucket that
# every web process and worker shares (docs/deployment.md, "Object storage").
_REPORTS_BUCKET = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _REPORTS_BUCKET,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # Reports are confidential: private objects, served only through the app's views.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if _REPORTS_BUCKET
    else {
        "BACKEND": "config.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": env("MEDIA_ROOT", default=str(BASE_DIR / "media"))},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# The console backend prints whole e-mails, invitation links included: development only.
if not DEBUG and not env("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "Set EMAIL_URL (for instance smtp+tls://user:password@smtp.example.com:587) "
        "or DEBUG=true for local development."
    )
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Palier <no-reply@palier.example>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
# HTTPS only with DEBUG off: HTTP is redirected and browsers are told (HSTS, a year) never to
# use it again; each can be turned off by a variable (a site still on HTTP, a trial). The
# health check stays reachable over HTTP, for load balancers that check that way.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Preloading commits the domain to browsers' built-in HTTPS lists: the operator's decision.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from our own files (no inline script); inline style attributes are allowed for
# progress bars and chart sizes, which carry no user text.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The consultancy that signs the reports.
PALIER_CONSULTANCY_NAME = env("PALIER_CONSULTANCY_NAME", default="Palier Consulting")
PALIER_LOGO = env("PALIER_LOGO", default="img/logo.svg")  # a path under static/
# New assessments start from the newest published version of this framework (a slug).
PALIER_DEFAULT_FRAMEWORK = env("PALIER_DEFAULT_FRAMEWORK", default="mlops-maturity")
# A respondent's personal link stops working this many whole days after the assessment's
# closing date (or, with none, after the moment it was closed): docs/deployment.md.
PALIER_LINK_VALID_DAYS_AFTER_CLOSING = env.int("PALIER_LINK_VALID_DAYS_AFTER_CLOSING", default=60)
if PALIER_LINK_VALID_DAYS_AFTER_CLOSING < 0:
    raise ImproperlyConfigured("PALIER_LINK_VALID_DAYS_AFTER_CLOSING cannot be negative.")
# The address the site is reached at, for the links of e-mails no request is behind (queued
# invitations sent on opening, reminders, the publication e-mail): by default the first of
# ALLOWED_HOSTS, over HTTPS unless DEBUG is on.
PALIER_SITE_URL = env(
    "PALIER_SITE_URL",
    default=("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}") + "/",
)

# The task engine (background/, config/celery.py). With no broker, tasks run inline in the
# process that asks, so `make run` needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# One task at a time per worker process: a render holds a core for seconds, and a worker that
# prefetched a second one would keep it from an idle worker.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis gives a task back to the queue if it is not acknowledged within this time (seconds):
# longer than any task's time limit, so a slow render is not run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The scheduler's periodic tasks (celery beat), in TIME_ZONE.
CELERY_BEAT_SCHEDULE = {
    "close-assessments-past-their-closing-date": {
        "task": "assessments.close_due",
        "schedule": crontab(hour=0, minute=5),
    },
    # After the close: queued invitations whose opening date came, then automatic reminders.
    "send-invitations-on-their-opening-date": {
        "task": "assessments.send_due_invitations",
        "schedule": crontab(hour=0, minute=15),
    },
    "send-automatic-reminders": {
        "task": "assessments.send_due_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "prune-report-files-nothing-points-at": {
        "task": "reports.prune",
        "schedule": crontab(hour=3, minute=30),
    },
    "delete-audit-events-past-their-retention": {
        "task": "audit.prune",
        "schedule": crontab(hour=4, minute=0),
    },
}
# Days the audit log keeps an event (docs/security.md): a year covers a yearly review of
# access; events older than that are deleted daily.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)
# Seconds a draft's report waits after a change before it is rendered in the background, so a
# burst of submissions costs one render, not one each.
PALIER_REPORT_DEBOUNCE = env.int("PALIER_REPORT_DEBOUNCE", default=20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_links": {"()": "config.logging.MaskPersonalLinks"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_links"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        # Request and access logs carry paths, and so respondents' tokens: masked.
        "django.request": {"filters": ["mask_personal_links"]},
        "django.server": {"filters": ["mask_personal_links"]},
    },
}
