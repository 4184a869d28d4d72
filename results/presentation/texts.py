"""The consultant's texts, written per language, as shown in the active language.

A text is shown in the page's or the report's language when the consultant wrote it in that
language, else in the other one, which the template then marks (`lang` on the element, and
"(in English)" beside it), so that a reader and a screen reader know.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class Text(str):
    """A text shown in `lang`; `other` when that is not the active language."""

    lang: str
    other: bool

    def __new__(cls, text: str = "", lang: str = "", other: bool = False) -> Text:
        obj = super().__new__(cls, text)
        obj.lang = lang
        obj.other = other
        return obj

    @property
    def marker(self) -> str:
        """What is said beside a text shown in the other language, in the active one."""
        return _("in French") if self.lang == "fr" else _("in English")


def active_language() -> str:
    lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return lang if lang in LANGUAGE_CODES else LANGUAGE_CODES[0]


def text_in_language(texts: dict[str, str], fallback: dict[str, str] | None = None) -> Text:
    """The text in the active language, else in another (marked), else `fallback`'s, else "".

    `fallback` (the framework's own wording of a recommendation) is in every language: it is
    only used when the consultant wrote nothing in any.
    """
    lang = active_language()
    if texts.get(lang, "").strip():
        return Text(texts[lang], lang)
    for other in LANGUAGE_CODES:
        if other != lang and texts.get(other, "").strip():
            return Text(texts[other], other, other=True)
    if fallback is not None:
        return Text(fallback.get(lang, ""), lang)
    return Text("", lang)
