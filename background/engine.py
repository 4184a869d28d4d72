"""The task interface of Palier, over Celery.

Tasks are plain functions of JSON-friendly arguments (ids, codes), so a worker on another host
reads what it needs from the database. Each one is retried with a growing delay when it raises,
and after its last attempt its `on_failure` is called, so a failure is reported, never silent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

TaskFunction = Callable[..., Any]


def runs_inline() -> bool:
    """True when no broker is configured: tasks then run at once, in the caller's process."""
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


@dataclass(frozen=True)
class BackgroundTask:
    """A task: its function, how often it is retried, and what is done when it fails for good.

    `needs_worker` tasks are only worth running off the request path (rendering a draft's report
    ahead of a download): inline, they are skipped rather than slow every request down.
    """

    function: TaskFunction
    name: str
    retries: int
    retry_delay: int  # seconds before the first retry; doubled at each one
    on_failure: TaskFunction | None
    needs_worker: bool
    celery_task: Any

    def __call__(self, *args: Any) -> Any:
        return self.function(*args)

    def enqueue(self, *args: Any, delay: int | None = None, shown_as: str | None = None) -> None:
        """Run the task in the background with these arguments, `delay` seconds from now at
        the earliest. `shown_as` replaces the arguments in the engine's logs and monitoring
        (an invitation's link must never be written anywhere)."""
        if runs_inline():
            if not self.needs_worker:
                self._run_inline(args)
            return
        options = {"countdown": delay, "argsrepr": shown_as} if shown_as else {"countdown": delay}
        # After the commit: a worker must find in the database what this request wrote.
        transaction.on_commit(lambda: self.celery_task.apply_async(args, **options))

    def _run_inline(self, args: tuple[Any, ...]) -> None:
        """Every attempt at once, each in a savepoint so a failure leaves the caller's
        transaction usable; never raises (the request that asked goes on)."""
        for attempt in range(self.retries + 1):
            try:
                with transaction.atomic():
                    self.function(*args)
                return
            except Exception:
                logger.exception("Task %s failed (attempt %d)", self.name, attempt + 1)
        if self.on_failure is not None:
            self.on_failure(*args)


def background_task(
    *,
    name: str,
    retries: int = 3,
    retry_delay: int = 10,
    on_failure: TaskFunction | None = None,
    needs_worker: bool = False,
    time_limit: int = 300,
) -> Callable[[TaskFunction], BackgroundTask]:
    """Declare `function` as a task named `name` (the name the scheduler and the logs use)."""

    def declare(function: TaskFunction) -> BackgroundTask:
        @shared_task(
            name=name,
            bind=True,
            max_retries=retries,
            # Acknowledged once done, and given back if the worker dies: a render or an e-mail
            # is not lost when a worker is stopped halfway.
            acks_late=True,
            reject_on_worker_lost=True,
            time_limit=time_limit,
            soft_time_limit=time_limit - 10,
            ignore_result=True,
        )
        def run(self: Any, *args: Any) -> Any:
            try:
                return function(*args)
            except Exception as exc:
                if self.request.retries < retries:
                    # The retry is a new message: it must hide the arguments as the first did.
                    raise self.retry(
                        exc=exc,
                        countdown=retry_delay * 2**self.request.retries,
                        argsrepr=self.request.argsrepr,
                    ) from exc
                logger.exception("Task %s failed for good after %d attempts", name, retries + 1)
                if on_failure is not None:
                    on_failure(*args)
                raise

        return BackgroundTask(
            function=function,
            name=name,
            retries=retries,
            retry_delay=retry_delay,
            on_failure=on_failure,
            needs_worker=needs_worker,
            celery_task=run,
        )

    return declare
