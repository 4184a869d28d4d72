"""Work off the request path: one small interface over the task engine (Celery).

`background_task` declares a task, `.enqueue()` asks for it to run. With a broker configured
(`CELERY_BROKER_URL`, or `REDIS_URL`) it goes to Celery's workers once the current transaction
commits; without one (`make run`, the tests) it runs inline, at once. See docs/deployment.md.
"""

from .engine import BackgroundTask, background_task, runs_inline

__all__ = ["BackgroundTask", "background_task", "runs_inline"]
