"""Links as pages get them: titled in the active language, never an address the file refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from maturity.models import FrameworkReference
from maturity.translation import Link, translated_links

LINKS = [
    {"url": "https://example.org/a", "title": {"en": "Guide", "fr": "Guide FR"}},
    {"url": "javascript:alert(1)", "title": {"en": "Bad", "fr": "Mauvais"}},
    {"url": "http://example.org/b", "title": {"en": "Plain", "fr": "Clair"}},
]


def test_links_are_titled_in_the_active_language_and_bad_addresses_left_out():
    with translation.override("fr"):
        assert translated_links(LINKS) == [Link("https://example.org/a", "Guide FR")]
    with translation.override("en"):
        assert translated_links(LINKS) == [Link("https://example.org/a", "Guide")]


@pytest.mark.django_db
def test_an_own_reference_refuses_a_link_that_is_not_https(sample_framework):
    reference = FrameworkReference(
        framework=sample_framework,
        reference_id="euaia:art-4",
        order=0,
        title_en="Article 4",
        title_fr="Article 4",
        url="http://eur-lex.europa.eu/",
    )
    with pytest.raises(ValidationError) as caught:
        reference.clean_fields()
    assert caught.value.message_dict == {"url": ["use https:// (links are https only)"]}
