"""The building blocks every chart shares: palette, escaping, numbers, text and the root element.

The charts are inlined in the HTML results page (no JavaScript) and rendered by WeasyPrint in the
PDF report, so they only use plain SVG 1.1: explicit presentation attributes on every element, no
CSS classes needed for rendering (the ``palier-*`` classes are hooks for tests and optional page
styling), no ``<foreignObject>``, no scripts and no external references. All caller-provided text
is escaped here.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from fractions import Fraction
from html import escape

from lib.formatting import UNSCORED

Score = Fraction | int | None

# Palette -----------------------------------------------------------------------------------------
FONT_FAMILY = "DejaVu Sans, sans-serif"
SCORE_COLOR = "#1f6feb"
TARGET_COLOR = "#d97706"
LOW_COLOR = "#b91c1c"
MID_COLOR = "#f59e0b"
HIGH_COLOR = "#15803d"
UNSCORED_COLOR = "#e5e7eb"
TEXT_COLOR = "#1f2328"
MUTED_COLOR = "#57606a"
GRID_COLOR = "#d0d7de"
GRID_STRONG_COLOR = "#8c959f"
PLOT_BACKGROUND = "#f6f8fa"
NA_FILL = "#e5e7eb"
EMPTY_FILL = "#ffffff"
EMPTY_STROKE = "#c4c9cf"
FLAG_COLOR = "#1f2328"
UNSCORED_MARK = UNSCORED


# Formatting helpers ------------------------------------------------------------------------------
def esc(text: object) -> str:
    """Escape text for element content and attribute values."""
    return escape(str(text), quote=True)


def num(value: float) -> str:
    """Format a coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def points_attr(points: Sequence[tuple[float, float]]) -> str:
    """Format a polygon's ``points`` attribute."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def clamp_ratio(value: Score, max_stage: int) -> Fraction:
    """Return ``value / max_stage`` clamped to ``[0, 1]``; ``None`` counts as 0."""
    if value is None:
        return Fraction(0)
    ratio = Fraction(value) / max_stage
    return min(max(ratio, Fraction(0)), Fraction(1))


def check_max_stage(max_stage: int) -> None:
    if max_stage < 1:
        raise ValueError(f"max_stage must be at least 1, got {max_stage}")


def text_width(text: str, size: float) -> float:
    """Rough width of ``text`` in DejaVu Sans at ``size`` (for layout only)."""
    return len(text) * size * 0.6


def truncate(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(label: str, width: int, line_max: int, max_lines: int = 2) -> list[str]:
    """Split a label longer than ``width`` onto lines of at most ``line_max`` characters.

    Two balanced lines when they fit (or when only two are allowed, truncating); otherwise as
    many filled lines as needed, up to ``max_lines``, the last one truncated if need be.
    """
    text = " ".join(label.split())
    words = text.split(" ")
    if len(text) <= width or len(words) < 2:
        return [truncate(text, line_max)]
    best = min(
        range(1, len(words)),
        key=lambda k: (max(len(" ".join(words[:k])), len(" ".join(words[k:]))), k),
    )
    halves = [" ".join(words[:best]), " ".join(words[best:])]
    if max_lines <= 2 or max(len(half) for half in halves) <= line_max:
        return [truncate(half, line_max) for half in halves]
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= line_max:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [truncate(line, line_max) for line in lines]


def text_element(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 12,
    anchor: str = "start",
    fill: str = TEXT_COLOR,
    bold: bool = False,
    transform: str | None = None,
    cls: str | None = None,
) -> str:
    """Build a ``<text>`` element with explicit font attributes; ``content`` is escaped."""
    attrs = [f'x="{num(x)}"', f'y="{num(y)}"']
    if transform:
        attrs.append(f'transform="{transform}"')
    attrs += [
        f'font-family="{FONT_FAMILY}"',
        f'font-size="{num(size)}"',
        f'fill="{fill}"',
        f'text-anchor="{anchor}"',
    ]
    if bold:
        attrs.append('font-weight="bold"')
    if cls:
        attrs.append(f'class="{cls}"')
    return f"<text {' '.join(attrs)}>{esc(content)}</text>"


def svg_root(kind: str, width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """Wrap ``body`` in the root ``<svg>`` with accessible title and description."""
    digest = hashlib.sha256(
        "\n".join([kind, title, desc, *body]).encode("utf-8"),
    ).hexdigest()[:10]
    ident = f"palier-{kind}-{digest}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'class="palier-chart palier-{kind}" font-family="{FONT_FAMILY}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{esc(title)}</title>',
            f'<desc id="{ident}-desc">{esc(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


# Colours -----------------------------------------------------------------------------------------
def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def mix(start: str, end: str, t: Fraction) -> str:
    """Interpolate two hex colours; channels are rounded half-up."""
    parts = []
    for a, b in zip(rgb(start), rgb(end), strict=True):
        channel = a + (b - a) * t
        parts.append(math.floor(channel + Fraction(1, 2)))
    return "#{:02x}{:02x}{:02x}".format(*parts)


def stage_color(value: Score, max_stage: int) -> str:
    """Hex colour of a stage value: red at 0, amber half-way, green at ``max_stage``.

    Values outside ``0..max_stage`` are clamped; ``None`` (unscored) gives a neutral light grey.
    """
    check_max_stage(max_stage)
    if value is None:
        return UNSCORED_COLOR
    t = clamp_ratio(value, max_stage)
    half = Fraction(1, 2)
    if t <= half:
        return mix(LOW_COLOR, MID_COLOR, t / half)
    return mix(MID_COLOR, HIGH_COLOR, (t - half) / half)


def text_color_on(background: str) -> str:
    """Dark or white text, whichever reads better on ``background``."""
    r, g, b = rgb(background)
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    return TEXT_COLOR if luminance > 150 else "#ffffff"


def legend(
    items: Sequence[tuple[str, str]],
    y: float,
    center: float,
    *,
    size: float = 12,
    bar: bool = False,
) -> list[str]:
    """Centred legend; each item is ``(kind, label)`` with kind ``"score"`` or ``"target"``.

    ``bar`` draws the swatches as the bar chart shows them (solid bar, vertical target line)
    rather than as the radar shows them (translucent area, dashed outline).
    """
    swatch, gap, spacing = 24, 6, 24
    widths = [swatch + gap + text_width(label, size) for _, label in items]
    x = center - (sum(widths) + spacing * (len(items) - 1)) / 2
    out = ['<g class="palier-legend">']
    for (kind, label), width in zip(items, widths, strict=True):
        if kind == "score" and bar:
            out.append(
                f'<rect x="{num(x)}" y="{num(y - 10)}" width="{swatch}" height="12" rx="2" '
                f'fill="{SCORE_COLOR}"/>'
            )
        elif kind == "score":
            out.append(
                f'<rect x="{num(x)}" y="{num(y - 10)}" width="{swatch}" height="12" rx="2" '
                f'fill="{SCORE_COLOR}" fill-opacity="0.3" stroke="{SCORE_COLOR}" '
                f'stroke-width="2"/>'
            )
        elif bar:
            mid = x + swatch / 2
            out.append(
                f'<line x1="{num(mid)}" y1="{num(y - 13)}" x2="{num(mid)}" y2="{num(y + 4)}" '
                f'stroke="{TARGET_COLOR}" stroke-width="3"/>'
            )
        else:
            out.append(
                f'<line x1="{num(x)}" y1="{num(y - 4)}" x2="{num(x + swatch)}" '
                f'y2="{num(y - 4)}" stroke="{TARGET_COLOR}" stroke-width="2.5" '
                f'stroke-dasharray="6 3"/>'
            )
        out.append(text_element(x + swatch + gap, y, label, size=size))
        x += width + spacing
    out.append("</g>")
    return out
