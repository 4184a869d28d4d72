"""Template filters for the figures and labels of the results page and the report."""

from __future__ import annotations

from django import template

from ..presentation.numbers import label_text

register = template.Library()


@register.filter
def label(value: object) -> str:
    """A label that precedes its value, with the language's colon: "Direction :" in French."""
    return label_text(value)
