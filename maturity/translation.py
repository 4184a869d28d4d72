"""Bilingual content: every human-readable text of a framework is stored once per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("en", "fr")
FALLBACK_LANGUAGE = "en"


def current_content_language() -> str:
    """The content language matching the active interface language."""
    language = (get_language() or FALLBACK_LANGUAGE)[:2]
    return language if language in CONTENT_LANGUAGES else FALLBACK_LANGUAGE


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
        return value or getattr(instance, f"{self.name}_{FALLBACK_LANGUAGE}")


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
        Link(link["url"], link["title"].get(language) or link["title"][FALLBACK_LANGUAGE])
        for link in links
        if url_problem(link.get("url")) is None
    ]
