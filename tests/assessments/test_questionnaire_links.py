"""The framework's links of a question, shown with its help in the questionnaire."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maturity.models import Question
from maturity.selectors import framework_content_forget

pytestmark = pytest.mark.django_db


def _give_links(framework, key: str, links: list[dict]) -> None:
    # The sample framework is published: its rows change only through a bulk update, as a test.
    Question.objects.filter(framework=framework, key=key).update(links=links)
    framework_content_forget()


def _page(client, respondent, dimension_key: str = "monitoring", language: str = "en") -> str:
    url = reverse(
        "questionnaire:dimension",
        kwargs={"token": respondent.token, "dimension_key": dimension_key},
    )
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_question_link_is_shown_with_its_help_and_opens_in_a_new_tab(
    client, respondent, sample_framework
):
    _give_links(
        sample_framework,
        "monitoring-drift",
        [{"url": "https://example.org/drift?a=1&b=2", "title": {"en": "Drift", "fr": "Dérive"}}],
    )
    page = _page(client, respondent)
    assert (
        '<li class="list-inline-item"><a href="https://example.org/drift?a=1&amp;b=2" '
        'target="_blank" rel="noopener noreferrer">Drift<span class="visually-hidden"> '
        "(opens in a new tab)</span></a></li>"
    ) in page
    help_start = page.index("<strong>Why it matters:</strong> Drift silently degrades")
    assert help_start < page.index("https://example.org/drift") < page.index("</fieldset>")
    assert page.count("framework-links") == 1


def test_a_question_link_is_titled_in_the_page_language(client, respondent, sample_framework):
    respondent.assessment.language = "fr"
    respondent.assessment.save(update_fields=["language"])
    _give_links(
        sample_framework,
        "monitoring-drift",
        [{"url": "https://example.org/d", "title": {"en": "Drift", "fr": "Dérive"}}],
    )
    page = _page(client, respondent, language="fr")
    assert ">Dérive<span" in page


def test_a_link_title_is_escaped(client, respondent, sample_framework):
    _give_links(
        sample_framework,
        "monitoring-drift",
        [{"url": "https://example.org/x", "title": {"en": "<script>alert(1)</script>", "fr": "x"}}],
    )
    page = _page(client, respondent)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_question_without_links_shows_none(client, respondent):
    assert "framework-links" not in _page(client, respondent)
