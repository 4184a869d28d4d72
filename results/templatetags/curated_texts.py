"""Showing a consultant's text written in another language than the page's, marked as such."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def marked_language(text: object) -> SafeString:
    """The text, escaped; in the other language, within `lang` and "(in English)" after it.

    For texts of one line (recommendations); a paragraph's element carries `lang` itself in
    the template, with the marker before it.
    """
    if not getattr(text, "other", False):
        return conditional_escape(text)
    return format_html(
        '<span lang="{}">{}</span> <span class="other-language">({})</span>',
        text.lang,
        text,
        text.marker,
    )
