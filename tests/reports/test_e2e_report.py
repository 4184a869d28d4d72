"""End to end in a real Chromium: a consultant downloads the PDF report from the results page."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.urls import reverse

from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    ConsultantFactory,
    MembershipFactory,
    OrganisationFactory,
    RespondentFactory,
)
from tests.helpers import logged_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviewed(sample_framework, settings, tmp_path):
    """An assessment of Acme Analytics with one submitted respondent, and its consultant."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    consultant = ConsultantFactory(username="alice")
    organisation = OrganisationFactory(name="Acme Analytics")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    assessment = AssessmentFactory(
        organisation=organisation, framework=sample_framework, title="2026 review"
    )
    respondent = RespondentFactory(assessment=assessment, status="submitted")
    for question in sample_framework.questions.all():
        AnswerFactory(
            respondent=respondent, question=question, option=question.options.order_by("-score")[1]
        )
    return assessment


def test_consultant_downloads_the_pdf_report_from_the_results_page(
    live_server, browser, reviewed, tmp_path
):
    page = logged_in_page(browser, live_server, accept_downloads=True)
    context = page.context

    page.goto(live_server.url + reverse("results:page", args=[reviewed.pk]))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF report", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == f"palier-acme-analytics-{reviewed.pk}-en.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    content = target.read_bytes()
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert "Acme Analytics" in reader.pages[0].extract_text()
    context.close()
