"""The results page of an English-only framework in French: the content marked as not
translated, the interface in French."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.reports.test_one_language import english_only  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_results_page_in_french_marks_the_content(client, consultant, english_only):  # noqa: F811
    client.force_login(consultant)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("results:page", args=[english_only.pk])).content.decode()
    assert 'id="untranslated-notice"' in page
    assert '<span lang="en">Automation</span>' in page
    assert '<span lang="en">How are models deployed?</span>' in page
    assert "Vue d'ensemble" in page


def test_strengths_and_gaps_mark_the_content(
    client,
    consultant,
    english_only,  # noqa: F811
):
    client.force_login(consultant)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("results:page", args=[english_only.pk])).content.decode()
    # Each question listed in a dimension's card carries its language, not only the title.
    card = page[page.index('id="dimension-automation"') :]
    card = card[: card.index("</article>")]
    assert card.count('<span lang="en">How are models deployed?</span>') >= 2
