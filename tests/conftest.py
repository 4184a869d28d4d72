"""Shared fixtures: the sample framework and the personas of the test suite."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from maturity.framework_file import read_framework_file
from maturity.selectors import framework_content_forget
from maturity.services import framework_import

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_FRAMEWORK_FILE = FIXTURES / "sample-framework.yaml"
CHECKLIST_FRAMEWORK_FILE = FIXTURES / "checklist-framework.yaml"


@contextmanager
def default_language() -> Iterator[None]:
    """settings.LANGUAGE_CODE active in this thread during the block, and no language after it."""
    translation.activate(settings.LANGUAGE_CODE)
    try:
        yield
    finally:
        translation.deactivate()


@pytest.fixture(autouse=True)
def _framework_content_forgotten():
    """Every test reads frameworks afresh: the content a process keeps by framework id
    (`maturity.selectors`) would otherwise outlive the test, and ids repeat after a rollback."""
    framework_content_forget()
    yield
    framework_content_forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language, whatever the one before it did.

    LocaleMiddleware activates a request's language (its cookie, its Accept-Language) in the
    thread and nothing deactivates it: after a test client request in French, every later test
    of the same process rendered French labels. tests/test_test_isolation.py checks this.
    """
    with default_language():
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: what one test left there (a report marked as
    queued, a debounce mark) would otherwise meet the next test's objects, which SQLite gives
    the same ids and so the same report keys."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sample_document() -> dict:
    """The sample framework file, parsed and validated."""
    return read_framework_file(SAMPLE_FRAMEWORK_FILE)


@pytest.fixture
def sample_framework(db, sample_document):
    """The sample framework, imported."""
    framework, _ = framework_import(document=sample_document)
    return framework


@pytest.fixture
def checklist_framework(db):
    """The checklist sample framework (tests/fixtures/checklist-framework.yaml), imported."""
    framework, _ = framework_import(document=read_framework_file(CHECKLIST_FRAMEWORK_FILE))
    return framework


# Personas (after healthchecks' Alice/Bob/Charlie): an organisation A with its assigned
# consultant, its client contact and an assessment; an outsider organisation B with its own.


@pytest.fixture
def consultant(db):
    from tests.factories import ConsultantFactory

    return ConsultantFactory(username="alice", first_name="Alice")


@pytest.fixture
def other_consultant(db):
    """A consultant not assigned to organisation A."""
    from tests.factories import ConsultantFactory

    return ConsultantFactory(username="charlie", first_name="Charlie")


@pytest.fixture
def organisation(consultant):
    from tests.factories import MembershipFactory, OrganisationFactory

    organisation = OrganisationFactory(name="Acme Analytics")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    return organisation


@pytest.fixture
def client_contact(organisation):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="bob")
    MembershipFactory(organisation=organisation, user=user, role="client_contact")
    return user


@pytest.fixture
def assessment(organisation, sample_framework):
    from tests.factories import AssessmentFactory

    return AssessmentFactory(
        organisation=organisation, framework=sample_framework, title="2026 review"
    )


@pytest.fixture
def respondent(assessment):
    from tests.factories import RespondentFactory

    return RespondentFactory(assessment=assessment, name="Rita Respondent", role="data_science")


@pytest.fixture
def outsider_assessment(sample_framework):
    """Organisation B's assessment, with a respondent of its own."""
    from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory

    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Beta Bank"), framework=sample_framework
    )
    RespondentFactory(assessment=assessment, name="Oscar Outsider")
    return assessment


# Browser tests -----------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, handling one request at a time.

    On SQLite the test database lives in memory and every thread of Django's threaded live
    server shares its one connection, so a background save arriving while the page submits
    interleaves two transactions on it ("cannot start a transaction within a transaction").
    A server that answers one request at a time (and closes each connection, which Django's
    handler does when the server is not threaded) removes the race on both databases.
    """
    import os

    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread
    from pytest_django.live_server_helper import LiveServer

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            # LiveServerThread.run() has already installed the overrides in this thread.
            super().__init__(*args, **kwargs)

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SerialWSGIServer)
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed (apt-get install chromium); `make test` installs it."
        )
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


# The task engine with a real broker -------------------------------------------------------------

# A Redis database of the tests' own; each test its own queue, so runs in parallel never take
# each other's tasks.
TEST_BROKER_URL = os.environ.get("PALIER_TEST_BROKER_URL", "redis://127.0.0.1:6379/9")


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.exceptions.ConnectionError:
        return False


def require_redis() -> None:
    """Skip the test when Redis does not answer on a developer's machine; fail it in CI."""
    if not _redis_answers(TEST_BROKER_URL):
        message = f"Redis does not answer at {TEST_BROKER_URL}: this test needs it."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker on a real Redis broker, in this process's thread: tasks enqueued in
    the test run there, against the test database (committed: hence `transactional_db`)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    require_redis()
    queue = f"palier-test-{uuid.uuid4().hex[:12]}"
    changed = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: app.conf[key] for key in changed}
    app.conf.update(broker_url=TEST_BROKER_URL, task_always_eager=False, task_default_queue=queue)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # background.runs_inline() reads it
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]) as worker:
            yield worker
    finally:
        with app.connection() as connection:
            connection.default_channel.queue_delete(queue)
        app.conf.update(saved)


def wait_for(condition, *, timeout: float = 60.0, what: str = "the condition"):
    """Poll `condition()` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {timeout:.0f} s")
