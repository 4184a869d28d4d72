"""The Celery application: workers and the scheduler start from it (docs/deployment.md).

celery -A config worker     # runs tasks
celery -A config beat       # sends the periodic ones (CELERY_BEAT_SCHEDULE)
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("palier")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py declares its tasks.
app.autodiscover_tasks()
