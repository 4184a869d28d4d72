"""The QR code an authenticator app scans, as inline SVG."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_code_svg(text: str) -> SafeString:
    """An SVG drawing of `text` as a QR code, to place inline in a page."""
    # segno writes only its own elements and path data, never `text` itself: safe as markup.
    svg = segno.make(text, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return mark_safe(svg)
