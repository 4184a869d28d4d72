"""The task interface: inline without a broker, on a real Celery worker with Redis otherwise."""

from __future__ import annotations

import logging

import pytest
from django.db import connection, transaction

from assessments.models import Organisation
from background import background_task, runs_inline
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db

# What the tasks below did, in the test's thread or the worker's.
calls: list[tuple[str, object]] = []
failures: list[tuple] = []


@pytest.fixture(autouse=True)
def _clear_calls():
    calls.clear()
    failures.clear()


def _record_failure(*args):
    failures.append(args)


@background_task(name="tests.create_organisation", retries=0)
def create_organisation(name: str) -> None:
    Organisation.objects.create(name=name)
    calls.append(("create", name))


@background_task(name="tests.flaky", retries=2, retry_delay=0, on_failure=_record_failure)
def flaky(succeed_at_attempt: int) -> None:
    calls.append(("attempt", succeed_at_attempt))
    if len(calls) < succeed_at_attempt:
        raise ConnectionError("the mail server is away")


@background_task(name="tests.broken_query", retries=1, retry_delay=0, on_failure=_record_failure)
def broken_query(secret: str) -> None:
    calls.append(("query", None))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")


@background_task(name="tests.ahead_of_time", needs_worker=True)
def ahead_of_time() -> None:
    calls.append(("ahead", None))


# Inline: no broker (the test settings, like make run) ---------------------------------------------


def test_without_a_broker_tasks_run_inline_at_once():
    assert runs_inline()
    create_organisation.enqueue("Inline Ltd")
    assert calls == [("create", "Inline Ltd")]
    assert Organisation.objects.filter(name="Inline Ltd").exists()


def test_inline_a_failing_task_is_retried_then_reported():
    flaky.enqueue(2)
    assert calls == [("attempt", 2), ("attempt", 2)] and failures == []
    calls.clear()
    flaky.enqueue(9)
    assert len(calls) == 3  # the first attempt and two retries
    assert failures == [(9,)]


def test_inline_a_failed_task_leaves_the_callers_transaction_usable():
    with transaction.atomic():
        Organisation.objects.create(name="Before")
        broken_query.enqueue("s3cret")
        Organisation.objects.create(name="After")  # a broken transaction would refuse this
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Before", "After"}
    assert failures == [("s3cret",)]


def test_inline_a_task_worth_running_only_on_a_worker_is_skipped():
    ahead_of_time.enqueue()
    assert calls == []


# On a real worker ---------------------------------------------------------------------------------


def test_on_a_worker_a_task_runs_after_the_commit(celery_worker):
    assert not runs_inline()
    with transaction.atomic():
        create_organisation.enqueue("Queued Ltd")
        assert calls == []  # not before the commit: the worker would not see this transaction
    wait_for(lambda: calls, what="the task")
    assert calls == [("create", "Queued Ltd")]
    assert Organisation.objects.filter(name="Queued Ltd").exists()


def test_on_a_worker_a_rolled_back_request_enqueues_nothing(celery_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        create_organisation.enqueue("Never Ltd")
        raise RuntimeError
    ahead_of_time.enqueue()  # a later task, to know the worker had its turn
    wait_for(lambda: calls, what="the later task")
    assert calls == [("ahead", None)]


def test_on_a_worker_a_failing_task_is_retried_then_succeeds(celery_worker):
    flaky.enqueue(3)
    wait_for(lambda: len(calls) == 3, what="three attempts")
    assert failures == []


def test_on_a_worker_a_task_failing_for_good_is_reported_and_its_arguments_never_logged(
    celery_worker, caplog
):
    with caplog.at_level(logging.DEBUG):
        broken_query.enqueue("s3cret-token", shown_as="(hidden)")
        wait_for(lambda: failures, what="the failure report")
    assert failures == [("s3cret-token",)]
    assert len(calls) == 2  # one attempt and one retry
    logged = [f"{r.getMessage()} {r.__dict__.get('data', '')}" for r in caplog.records]
    assert any("tests.broken_query" in line for line in logged)
    assert not [line for line in logged if "s3cret" in line]
