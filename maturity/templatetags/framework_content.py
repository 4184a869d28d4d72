"""Marking a one-language framework's content on the pages of the other language.

The interface (menus, buttons, labels) stays in the reader's language; the framework's texts are
shown as written (`maturity.translation.TranslatedText`), and these tags say so: a `lang`
attribute on each element holding such a text (so that a screen reader reads it in its own
language), and a visible badge ("in English") beside it, in the reader's language.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from maturity.translation import current_content_language

register = template.Library()


def _shown_in(framework: object) -> str | None:
    return getattr(framework, "untranslated_language", None)


@register.filter
def content_lang(framework: object) -> SafeString | str:
    """` lang="en"` for an element holding the framework's text, when not in the page's language."""
    language = _shown_in(framework)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag
def untranslated_marker(framework: object) -> str:
    """What the badge says ("in English"), in the reader's language; "" when translated."""
    language = _shown_in(framework)
    if not language:
        return ""
    return _("in French") if language == "fr" else _("in English")


@register.simple_tag
def untranslated_badge(framework: object, css_class: str = "badge text-bg-secondary") -> str:
    """A badge saying a text is not translated, in the reader's language (its own `lang`)."""
    marker = untranslated_marker(framework)
    if not marker:
        return ""
    return format_html(
        ' <span class="{} untranslated-badge" lang="{}">{}</span>',
        css_class,
        current_content_language(),
        marker,
    )
