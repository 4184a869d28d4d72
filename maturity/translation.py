"""Bilingual content: every human-readable text of a framework is stored once per language.

A one-language framework (`languages: [en]` in its file) stores its texts in that language only
(the other's fields are empty): the other language's interface shows them as written, and its
pages mark them (`untranslated_language`, `maturity.templatetags.framework_content`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("en", "fr")
FALLBACK_LANGUAGE = "en"


def current_content_language() -> str:
    """The content language matching the active interface language."""
    language = (get_language() or FALLBACK_LANGUAGE)[:2]
    return language if language in CONTENT_LANGUAGES else FALLBACK_LANGUAGE


def untranslated_language(languages: Iterable[str]) -> str | None:
    """The language content is shown in when it lacks the active one; None when it has it."""
    languages = tuple(languages) or CONTENT_LANGUAGES
    active = current_content_language()
    return None if active in languages else languages[0]


class TranslatedText:
    """Descriptor reading `<name>_<language>` for the active language.

    `question.text` gives `question.text_fr` while French is active, so templates, exports and
    the PDF (rendered under `translation.override`) all pick content the same way.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = getattr(instance, f"{self.name}_{current_content_language()}")
        if value:
            return value
        # Not written in the active language (a one-language framework, an optional text):
        # the first language that has it.
        for language in (FALLBACK_LANGUAGE, *CONTENT_LANGUAGES):
            if other := getattr(instance, f"{self.name}_{language}"):
                return other
        return value


@dataclass(frozen=True)
class Link:
    """A link of a question or an option, its title in the active language."""

    url: str
    title: str


def translated_links(links: list[dict[str, Any]]) -> list[Link]:
    """Stored links (`{"url", "title": {"en", "fr"}}`) titled in the active content language.

    A link whose address the file's checks would refuse is left out: the import checks every
    one, but a row written another way (the admin, a shell) must not reach a page either.
    """
    from .framework_file.meta import url_problem

    language = current_content_language()
    return [
        Link(
            link["url"],
            # A one-language framework's titles are in its own language only.
            link["title"].get(language) or next(iter(link["title"].values()), ""),
        )
        for link in links
        if url_problem(link.get("url")) is None
    ]
