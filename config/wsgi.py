"""WSGI entry point (gunicorn.conf.py serves it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

# Behind TRUSTED_PROXY_COUNT proxies that each append the address they saw to
# X-Forwarded-For, the client's address is the one the outermost of them saw: REMOTE_ADDR is
# set to it (so the login lockout counts per client, not per proxy). Entries further left are
# whatever the client wrote, and are ignored.
from django.conf import settings  # noqa: E402

if settings.TRUSTED_PROXY_COUNT:
    from werkzeug.middleware.proxy_fix import ProxyFix

    application = ProxyFix(application, x_for=settings.TRUSTED_PROXY_COUNT)
