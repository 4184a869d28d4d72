"""A one-language framework's questionnaire in the other language: the interface in the
respondent's language, the content as written, marked as not translated (`lang` and a badge)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import AssessmentFactory, RespondentFactory
from tests.one_language import english_only_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def respondent(organisation):
    assessment = AssessmentFactory(
        organisation=organisation, framework=english_only_framework(), title="2026 review"
    )
    return RespondentFactory(assessment=assessment, name="Rita Respondent", role="data_science")


def get(client, respondent, name="dimension", lang="fr", **kwargs) -> str:
    client.cookies["django_language"] = lang
    if name == "dimension":
        kwargs.setdefault("dimension_key", "automation")
    response = client.get(
        reverse(f"questionnaire:{name}", kwargs={"token": respondent.token, **kwargs})
    )
    assert response.status_code == 200
    return response.content.decode()


def test_french_page_of_an_english_framework_keeps_the_french_interface(client, respondent):
    page = get(client, respondent)
    assert '<html lang="fr"' in page
    # The interface: buttons, labels, the answers every question offers.
    assert "Enregistrer et continuer" in page
    assert "<strong>Pourquoi c'est important :</strong>" in page
    assert "Je ne sais pas" in page


def test_french_page_shows_the_english_content_marked_as_not_translated(client, respondent):
    page = get(client, respondent)
    # The question, its help and its options as written, each with its language...
    assert (
        '<legend class="form-label fs-6"><span lang="en">1. How are models deployed?</span>' in page
    )
    assert '<span lang="en">Manual deployments fail silently.</span>' in page
    assert re.search(r'class="form-check-label" lang="en">Files are copied by hand\.</label>', page)
    assert '<h1 class="h3"><span lang="en">Automation</span>' in page
    # ...and a visible badge in the reader's language beside the question and the title.
    badge = '<span class="badge text-bg-secondary untranslated-badge" lang="fr">en anglais</span>'
    assert page.count(badge) == 1 + 2  # the title, and the page's two questions
    assert 'id="untranslated-notice"' in page
    # "Don't know" is the interface's, not the framework's: no lang of its own.
    assert re.search(r'class="form-check-label">Je ne sais pas</label>', page)


def test_english_page_of_an_english_framework_marks_nothing(client, respondent):
    page = get(client, respondent, lang="en")
    assert "How are models deployed?" in page
    # The page's own language and the language switch's English button only.
    assert page.count('lang="en"') == 2
    assert '<html lang="en">' in page
    assert "untranslated-badge" not in page
    assert 'id="untranslated-notice"' not in page


def test_welcome_and_review_say_the_content_is_not_translated(client, respondent):
    welcome = get(client, respondent, "welcome")
    assert 'id="untranslated-notice"' in welcome
    review = get(client, respondent, "review")
    assert 'id="untranslated-notice"' in review
    assert '<span lang="en">How are models deployed?</span>' in review
    assert "Vérifier et envoyer" in review


def test_the_marks_cost_no_query(client, respondent, django_assert_num_queries):
    get(client, respondent)
    # Queries: respondent with assessment, organisation and framework (its languages too);
    # answers with their options; the "last seen" update: as for a framework in both languages.
    with django_assert_num_queries(3):
        get(client, respondent)
