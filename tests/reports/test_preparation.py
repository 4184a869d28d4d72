"""Reports rendered ahead on the workers, the preparing page, and the pruning of old files.

The worker tests run a real Celery worker on Redis (`celery_worker`, tests/conftest.py) that
renders real PDFs into a throwaway storage folder.
"""

from __future__ import annotations

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from assessments.models import Assessment, Respondent
from assessments.services.answers import respondent_submit
from assessments.services.lifecycle import assessment_set_status
from reports import cache, preparation
from results.selectors import result_bundle
from tests.conftest import wait_for
from tests.factories import RespondentFactory
from tests.helpers import TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def renders(monkeypatch):
    """The renders that really happen, in the test's thread or the worker's."""
    calls = []
    original = cache.render_report

    def render_report(bundle, result, lang):
        calls.append((bundle.assessment.pk, lang))
        return original(bundle, result, lang)

    monkeypatch.setattr(cache, "render_report", render_report)
    return calls


@pytest.fixture
def scored(assessment):
    submitted_respondent(assessment, "Tess Top", "data_science", TOP)
    return assessment


def stored(assessment: Assessment, lang: str) -> bool:
    return cache.report_cached(result_bundle(assessment), lang) is not None


def pdf_url(assessment: Assessment, lang: str = "en", **extra: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"lang": lang, **extra}.items())
    return f"{reverse('reports:pdf', args=[assessment.pk])}?{query}"


def status_url(assessment: Assessment, lang: str = "en") -> str:
    return f"{reverse('reports:status', args=[assessment.pk])}?lang={lang}"


# A report being stored ----------------------------------------------------------------------------


def test_a_reader_polling_while_a_report_is_stored_never_deletes_it(scored, media, monkeypatch):
    """A download or the preparing page polls for the file while a worker writes it. With
    Django's own file storage the reader found half a PDF, took it for one cut short and
    deleted it: the report was rendered a second time (CI saw the French rendered twice)."""
    bundle = result_bundle(scored)
    seen_midway = []

    class PolledWhileWritten(ContentFile):
        def chunks(self, chunk_size=None):
            content = self.file.getvalue()
            yield content[: len(content) // 2]
            seen_midway.append(cache.report_cached(bundle, "en"))
            yield content[len(content) // 2 :]

    monkeypatch.setattr(cache, "ContentFile", PolledWhileWritten)
    stored_report = cache.report_render_and_store(bundle, "en")
    assert seen_midway == [None]  # not there yet: nothing served, nothing deleted
    served = cache.report_cached(bundle, "en")
    assert served is not None and served.name == stored_report.name
    assert served.content == stored_report.content


# On the workers -----------------------------------------------------------------------------------


def test_closing_renders_both_languages_on_the_workers(
    celery_worker, scored, client, consultant, renders, settings
):
    # Closing also sends report_inputs_changed: keep its debounced render out of this count.
    settings.PALIER_REPORT_DEBOUNCE = 3600
    assessment_set_status(assessment=scored, status=Assessment.Status.CLOSED)
    wait_for(lambda: stored(scored, "en") and stored(scored, "fr"), what="both renders")
    assert sorted(renders) == [(scored.pk, "en"), (scored.pk, "fr")]
    client.force_login(consultant)
    response = client.get(pdf_url(scored, "fr"))
    assert (response.status_code, response["X-Palier-Report"]) == (200, "cache")
    assert len(renders) == 2  # the download rendered nothing


def test_a_report_not_ready_shows_the_preparing_page_which_turns_into_the_download(
    celery_worker, scored, client, consultant, renders, settings
):
    settings.PALIER_REPORT_DEBOUNCE = 3600  # no render ahead in this test: the page asks
    client.force_login(consultant)
    response = client.get(pdf_url(scored))
    assert (response.status_code, response["X-Palier-Report"]) == (202, "preparing")
    page = response.content.decode()
    assert "Preparing your report" in page
    assert "js/report-preparing.js" in page  # the script polls; without it, the Refresh link
    assert f'href="{pdf_url(scored).replace("&", "&amp;")}"' in page
    assert "no-cache" in response["Cache-Control"]

    def ready():
        return client.get(status_url(scored)).json()["status"] == "ready"

    wait_for(ready, what="the render")
    response = client.get(pdf_url(scored))
    assert (response.status_code, response["X-Palier-Report"]) == (200, "cache")
    assert response.content.startswith(b"%PDF-")
    assert renders == [(scored.pk, "en")]  # asked once, rendered once


def test_several_readers_asking_at_once_cause_one_render(
    celery_worker, scored, client, consultant, renders, settings
):
    settings.PALIER_REPORT_DEBOUNCE = 3600
    client.force_login(consultant)
    statuses = [client.get(pdf_url(scored)).status_code for _ in range(5)]
    assert statuses == [202] * 5
    wait_for(lambda: stored(scored, "en"), what="the render")
    time.sleep(0.5)  # a second render, had one been queued, would have started by now
    assert renders == [(scored.pk, "en")]


def test_changes_of_a_draft_are_rendered_once_after_the_burst(
    celery_worker, assessment, renders, settings
):
    settings.PALIER_REPORT_DEBOUNCE = 2
    people = [RespondentFactory(assessment=assessment, role="data_science") for _ in range(3)]
    for respondent in people:  # three changes within the debounce window
        respondent_submit(respondent=respondent)
    wait_for(lambda: stored(assessment, "en") and stored(assessment, "fr"), what="the renders")
    assert sorted(renders) == [(assessment.pk, "en"), (assessment.pk, "fr")]
    assert Respondent.objects.filter(status=Respondent.Status.SUBMITTED).count() == 3


def test_a_render_failed_for_good_is_shown_with_a_way_to_try_again(
    scored, client, consultant, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # workers exist; this one's render failed
    preparation.report_failed(scored.pk, "en")
    client.force_login(consultant)
    response = client.get(pdf_url(scored))
    assert response.status_code == 202
    page = response.content.decode()
    assert "could not be prepared" in page
    assert f'href="{pdf_url(scored, retry="1").replace("&", "&amp;")}"' in page
    assert client.get(status_url(scored)).json() == {"status": "failed"}


def test_try_again_clears_the_failure_and_asks_for_the_render_again(
    scored, client, consultant, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    preparation.report_failed(scored.pk, "en")
    client.force_login(consultant)
    response = client.get(pdf_url(scored, retry="1"))
    assert response.status_code == 202
    assert 'data-state="preparing">' in response.content.decode()  # not the failed page
    assert client.get(status_url(scored)).json() == {"status": "preparing"}


def test_the_preparing_page_costs_no_more_queries_than_a_cached_download(
    scored, client, consultant, settings, django_assert_num_queries
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    preparation.report_failed(scored.pk, "en")  # so the page asks no worker
    client.force_login(consultant)
    # Queries: session, user, the assessment and its access check (2), the result bundle with
    # its framework cached by report_failed above (4): 8, a download from the cache's less its
    # audit event (nothing is handed over).
    with django_assert_num_queries(8):
        assert client.get(pdf_url(scored)).status_code == 202


def test_the_status_of_another_organisations_report_is_a_404(
    outsider_assessment, client, consultant
):
    client.force_login(consultant)
    assert client.get(status_url(outsider_assessment)).status_code == 404
    assert client.get(pdf_url(outsider_assessment)).status_code == 404


def test_the_status_refuses_an_unknown_language(scored, client, consultant):
    client.force_login(consultant)
    assert client.get(status_url(scored, lang="de")).status_code == 400


# Pruning ------------------------------------------------------------------------------------------


def _age(media, name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(media / name, (then, then))


def test_pruning_deletes_only_old_files_nothing_points_at(scored, media):
    current = cache.report_for(scored, "en")
    current_name = current.name
    folder = cache.cache_folder(scored.pk)
    old_orphan = default_storage.save(f"{folder}/old.pdf", ContentFile(b"%PDF-1.7 old"))
    young_orphan = default_storage.save(f"{folder}/young.pdf", ContentFile(b"%PDF-1.7 new"))
    for name in (current_name, old_orphan):
        _age(media, name, hours=30)
    assert cache.reports_prune() == [old_orphan]
    assert default_storage.exists(current_name)  # old, but the current report
    assert default_storage.exists(young_orphan)  # nothing points at it, but it is too young


def test_pruning_deletes_the_reports_of_a_deleted_assessment(scored, media):
    name = cache.report_for(scored, "en").name
    _age(media, name, hours=2)
    scored.delete()
    assert cache.reports_prune() == [name]


def test_deleting_an_assessment_or_its_organisation_deletes_its_reports(
    scored, outsider_assessment, django_capture_on_commit_callbacks
):
    submitted_respondent(outsider_assessment, "Tess Top", "data_science", TOP)
    kept = cache.report_for(outsider_assessment, "en").name
    names = [cache.report_for(scored, lang).name for lang in ("en", "fr")]
    with django_capture_on_commit_callbacks(execute=True):
        scored.organisation.delete()  # cascades to the assessment
    assert [default_storage.exists(name) for name in names] == [False, False]
    assert default_storage.exists(kept)  # another organisation's stays


def test_pruning_a_storage_with_no_report_yet_does_nothing():
    assert cache.reports_prune() == []


def test_a_published_report_is_kept_whatever_its_age(scored, media):
    publish(scored)
    name = cache.report_for(scored, "fr").name
    _age(media, name, hours=24 * 400)
    assert cache.reports_prune() == []


def test_the_prune_command_says_what_it_deleted(scored, media):
    from io import StringIO

    from django.core.management import call_command

    orphan = default_storage.save(
        f"{cache.cache_folder(scored.pk)}/orphan.pdf", ContentFile(b"%PDF-1.7 orphan")
    )
    _age(media, orphan, hours=2)
    out = StringIO()
    call_command("prune_reports", stdout=out)
    assert out.getvalue().splitlines() == [f"Deleted {orphan}", "1 report file(s) deleted."]
    assert not default_storage.exists(orphan)


@pytest.mark.e2e
def test_in_the_browser_the_preparing_page_turns_into_the_download(
    celery_worker, live_server, browser, scored, consultant, client, settings
):
    """A real Chromium, the page's own script, a real worker: no click needed."""
    settings.PALIER_REPORT_DEBOUNCE = 3600  # the page asks for the render itself
    client.force_login(consultant)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        with page.expect_download(timeout=90_000) as download:
            page.goto(live_server.url + pdf_url(scored))
            assert page.get_by_role("heading", name="Preparing your report").is_visible()
        with open(download.value.path(), "rb") as file:
            assert file.read(5) == b"%PDF-"
        page.get_by_text("Your report is ready: the download has started.").wait_for()
    finally:
        context.close()
