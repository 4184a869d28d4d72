"""The Palier project: settings, URLs, the WSGI entry point and the Celery application."""

# Loaded with Django, so that every task declared with `shared_task` binds to this application.
from .celery import app as celery_app

__all__ = ["celery_app"]
