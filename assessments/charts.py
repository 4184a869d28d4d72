"""Server-side SVG charts for assessment results.

The same markup is inlined in the HTML results page (no JavaScript) and rendered by WeasyPrint in
the PDF report, so the charts only use plain SVG 1.1: explicit presentation attributes on every
element, no CSS classes needed for rendering (the ``palier-*`` classes are hooks for tests and
optional page styling), no ``<foreignObject>``, no scripts and no external references.

Every chart has ``role="img"``, a ``<title>`` and a ``<desc>``, a ``viewBox`` and ``width="100%"``
so it scales with its container. Output is deterministic: the same input gives the same string.
All caller-provided text is escaped with :func:`html.escape`; callers may wrap the returned string
with ``mark_safe``.

Scores are :class:`fractions.Fraction` or ``int`` on the framework scale ``0..max_stage``, or
``None`` when unscored. This module is pure (standard library only, no Django).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from maturity.scoring import round_half_up

__all__ = [
    "HEAT_KINDS",
    "BarRow",
    "HeatCell",
    "HeatColumn",
    "HeatRow",
    "RadarAxis",
    "bar_chart",
    "format_score",
    "heat_map",
    "radar_chart",
    "stage_color",
]

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
UNSCORED_MARK = "–"

# Radar geometry (viewBox units). Axis i points at angle -90° + 360° * i / n, clockwise from the
# top; a value v sits at distance RADAR_RADIUS * v / max_stage from (RADAR_CX, RADAR_CY).
RADAR_WIDTH = 720
RADAR_CX = 360
RADAR_CY = 250
RADAR_RADIUS = 180
RADAR_LABEL_GAP = 14
RADAR_MIN_AXES = 3
RADAR_MAX_AXES = 16
RADAR_WRAP = 18
RADAR_LINE_MAX = 22
RADAR_MAX_LINES = 3  # French dimension titles run to some 45 characters

# Bar chart geometry.
BAR_WIDTH = 720
BAR_LABEL_RIGHT = 236
BAR_X0 = 248
BAR_X1 = 640
BAR_TOP = 34
BAR_ROW = 34
BAR_THICKNESS = 16
BAR_WRAP = 30
BAR_LINE_MAX = 36

# Heat map geometry.
HEAT_MIN_WIDTH = 720
HEAT_CELL = 13
HEAT_PITCH = 14
HEAT_LABEL_WIDTH = 190
HEAT_HEADER = 140
HEAT_RIGHT_MARGIN = 70
HEAT_ROW_LABEL_MAX = 28
HEAT_COLUMN_LABEL_MAX = 20

HEAT_KINDS = ("option", "na", "dont_know", "unanswered")
DEFAULT_HEAT_LABELS: Mapping[str, str] = {
    "na": "N/A",
    "dont_know": "Don't know",
    "unanswered": "Unanswered",
    "flagged": "Disagreement",
}


# Inputs ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RadarAxis:
    """One spoke of the radar chart: a dimension or pillar with its score and target stage."""

    label: str
    score: Score
    target: int


@dataclass(frozen=True)
class BarRow:
    """One horizontal bar: a label, a score (``None`` when unscored) and an optional target."""

    label: str
    score: Score
    target: int | None = None


@dataclass(frozen=True)
class HeatCell:
    """One answer: ``kind`` is one of :data:`HEAT_KINDS`; ``value`` is the option's stage."""

    value: int | None
    kind: str = "option"


@dataclass(frozen=True)
class HeatRow:
    """One respondent (for example ``"R1 · Data science"``) with one cell per column."""

    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatColumn:
    """One question, labelled by its key; ``flagged`` marks a disagreement between respondents."""

    label: str
    flagged: bool = False


# Formatting helpers ------------------------------------------------------------------------------
def _esc(text: object) -> str:
    """Escape text for element content and attribute values."""
    return escape(str(text), quote=True)


def _num(value: float) -> str:
    """Format a coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(points: Sequence[tuple[float, float]]) -> str:
    """Format a polygon's ``points`` attribute."""
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def format_score(value: Score) -> str:
    """Format a score with two decimals rounded half-up, or ``"–"`` when unscored.

    The rounding is the scoring module's, so a chart never disagrees with a table.
    """
    if value is None:
        return UNSCORED_MARK
    return f"{round_half_up(Fraction(value), 2):.2f}"


def _ratio(value: Score, max_stage: int) -> Fraction:
    """Return ``value / max_stage`` clamped to ``[0, 1]``; ``None`` counts as 0."""
    if value is None:
        return Fraction(0)
    ratio = Fraction(value) / max_stage
    return min(max(ratio, Fraction(0)), Fraction(1))


def _check_max_stage(max_stage: int) -> None:
    if max_stage < 1:
        raise ValueError(f"max_stage must be at least 1, got {max_stage}")


def _text_width(text: str, size: float) -> float:
    """Rough width of ``text`` in DejaVu Sans at ``size`` (for layout only)."""
    return len(text) * size * 0.6


def _truncate(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(label: str, width: int, line_max: int, max_lines: int = 2) -> list[str]:
    """Split a label longer than ``width`` onto lines of at most ``line_max`` characters.

    Two balanced lines when they fit (or when only two are allowed, truncating); otherwise as
    many filled lines as needed, up to ``max_lines``, the last one truncated if need be.
    """
    text = " ".join(label.split())
    words = text.split(" ")
    if len(text) <= width or len(words) < 2:
        return [_truncate(text, line_max)]
    best = min(
        range(1, len(words)),
        key=lambda k: (max(len(" ".join(words[:k])), len(" ".join(words[k:]))), k),
    )
    halves = [" ".join(words[:best]), " ".join(words[best:])]
    if max_lines <= 2 or max(len(half) for half in halves) <= line_max:
        return [_truncate(half, line_max) for half in halves]
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= line_max:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_truncate(line, line_max) for line in lines]


def _text(
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
    attrs = [f'x="{_num(x)}"', f'y="{_num(y)}"']
    if transform:
        attrs.append(f'transform="{transform}"')
    attrs += [
        f'font-family="{FONT_FAMILY}"',
        f'font-size="{_num(size)}"',
        f'fill="{fill}"',
        f'text-anchor="{anchor}"',
    ]
    if bold:
        attrs.append('font-weight="bold"')
    if cls:
        attrs.append(f'class="{cls}"')
    return f"<text {' '.join(attrs)}>{_esc(content)}</text>"


def _svg(kind: str, width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """Wrap ``body`` in the root ``<svg>`` with accessible title and description."""
    digest = hashlib.sha256(
        "\n".join([kind, title, desc, *body]).encode("utf-8"),
    ).hexdigest()[:10]
    ident = f"palier-{kind}-{digest}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'class="palier-chart palier-{kind}" font-family="{FONT_FAMILY}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{_esc(title)}</title>',
            f'<desc id="{ident}-desc">{_esc(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


# Colours -----------------------------------------------------------------------------------------
def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _mix(start: str, end: str, t: Fraction) -> str:
    """Interpolate two hex colours; channels are rounded half-up."""
    parts = []
    for a, b in zip(_rgb(start), _rgb(end), strict=True):
        channel = a + (b - a) * t
        parts.append(math.floor(channel + Fraction(1, 2)))
    return "#{:02x}{:02x}{:02x}".format(*parts)


def stage_color(value: Score, max_stage: int) -> str:
    """Hex colour of a stage value: red at 0, amber half-way, green at ``max_stage``.

    Values outside ``0..max_stage`` are clamped; ``None`` (unscored) gives a neutral light grey.
    """
    _check_max_stage(max_stage)
    if value is None:
        return UNSCORED_COLOR
    t = _ratio(value, max_stage)
    half = Fraction(1, 2)
    if t <= half:
        return _mix(LOW_COLOR, MID_COLOR, t / half)
    return _mix(MID_COLOR, HIGH_COLOR, (t - half) / half)


def _text_color_on(background: str) -> str:
    """Dark or white text, whichever reads better on ``background``."""
    r, g, b = _rgb(background)
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    return TEXT_COLOR if luminance > 150 else "#ffffff"


# Radar chart -------------------------------------------------------------------------------------
def _radar_point(index: int, count: int, ratio: Fraction | float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADAR_RADIUS * float(ratio)
    return RADAR_CX + distance * math.cos(angle), RADAR_CY + distance * math.sin(angle)


def _legend(
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
    widths = [swatch + gap + _text_width(label, size) for _, label in items]
    x = center - (sum(widths) + spacing * (len(items) - 1)) / 2
    out = ['<g class="palier-legend">']
    for (kind, label), width in zip(items, widths, strict=True):
        if kind == "score" and bar:
            out.append(
                f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="{swatch}" height="12" rx="2" '
                f'fill="{SCORE_COLOR}"/>'
            )
        elif kind == "score":
            out.append(
                f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="{swatch}" height="12" rx="2" '
                f'fill="{SCORE_COLOR}" fill-opacity="0.3" stroke="{SCORE_COLOR}" '
                f'stroke-width="2"/>'
            )
        elif bar:
            mid = x + swatch / 2
            out.append(
                f'<line x1="{_num(mid)}" y1="{_num(y - 13)}" x2="{_num(mid)}" y2="{_num(y + 4)}" '
                f'stroke="{TARGET_COLOR}" stroke-width="3"/>'
            )
        else:
            out.append(
                f'<line x1="{_num(x)}" y1="{_num(y - 4)}" x2="{_num(x + swatch)}" '
                f'y2="{_num(y - 4)}" stroke="{TARGET_COLOR}" stroke-width="2.5" '
                f'stroke-dasharray="6 3"/>'
            )
        out.append(_text(x + swatch + gap, y, label, size=size))
        x += width + spacing
    out.append("</g>")
    return out


def radar_chart(
    axes: Sequence[RadarAxis],
    max_stage: int,
    *,
    title: str,
    score_label: str,
    target_label: str,
    desc: str | None = None,
) -> str:
    """Radar (spider) chart of scores against targets on the scale ``0..max_stage``.

    Scores form a filled, semi-transparent blue polygon; targets a dashed orange outline drawn on
    top so it stays visible where both coincide. Unscored axes count as 0 in the polygon and get
    no point marker. Grid rings mark every stage, numbered along the top spoke; axis labels sit
    outside the outer ring, wrapped onto two lines past about 18 characters.

    With fewer than 3 or more than 16 axes a radar reads poorly, so a horizontal bar chart with
    the same legend is returned instead. ``desc`` overrides the generated description.
    """
    _check_max_stage(max_stage)
    if not RADAR_MIN_AXES <= len(axes) <= RADAR_MAX_AXES:
        rows = [BarRow(axis.label, axis.score, axis.target) for axis in axes]
        return bar_chart(
            rows,
            max_stage,
            title=title,
            score_label=score_label,
            target_label=target_label,
            desc=desc,
        )
    count = len(axes)
    if desc is None:
        desc = "; ".join(
            f"{axis.label}: {score_label} {format_score(axis.score)}, {target_label} {axis.target}"
            for axis in axes
        )
    body: list[str] = []

    # Plot background, grid rings and spokes.
    outer = [_radar_point(i, count, 1) for i in range(count)]
    body.append(
        f'<polygon class="palier-radar-background" points="{_points(outer)}" '
        f'fill="{PLOT_BACKGROUND}" stroke="none"/>'
    )
    body.append('<g class="palier-radar-grid" fill="none">')
    for stage in range(1, max_stage + 1):
        ring = [_radar_point(i, count, Fraction(stage, max_stage)) for i in range(count)]
        strong = stage == max_stage
        body.append(
            f'<polygon class="palier-radar-ring" points="{_points(ring)}" fill="none" '
            f'stroke="{GRID_STRONG_COLOR if strong else GRID_COLOR}" '
            f'stroke-width="{"1.25" if strong else "1"}"/>'
        )
    for x, y in outer:
        body.append(
            f'<line class="palier-radar-spoke" x1="{RADAR_CX}" y1="{RADAR_CY}" '
            f'x2="{_num(x)}" y2="{_num(y)}" stroke="{GRID_COLOR}" stroke-width="1"/>'
        )
    body.append("</g>")

    # Score polygon, then the dashed target outline on top.
    scores = [_radar_point(i, count, _ratio(axis.score, max_stage)) for i, axis in enumerate(axes)]
    body.append(
        f'<polygon class="palier-radar-score" points="{_points(scores)}" '
        f'fill="{SCORE_COLOR}" fill-opacity="0.25" stroke="{SCORE_COLOR}" stroke-width="2" '
        f'stroke-linejoin="round"/>'
    )
    targets = [
        _radar_point(i, count, _ratio(axis.target, max_stage)) for i, axis in enumerate(axes)
    ]
    body.append(
        f'<polygon class="palier-radar-target" points="{_points(targets)}" fill="none" '
        f'stroke="{TARGET_COLOR}" stroke-width="2" stroke-dasharray="6 4" '
        f'stroke-linejoin="round"/>'
    )

    # Stage numbers along the top spoke.
    body.append('<g class="palier-radar-stages">')
    for stage in range(max_stage + 1):
        y = RADAR_CY - RADAR_RADIUS * stage / max_stage
        body.append(_text(RADAR_CX + 4, y - 3, str(stage), size=10, fill=MUTED_COLOR))
    body.append("</g>")

    # Point markers for scored axes.
    for (x, y), axis in zip(scores, axes, strict=True):
        if axis.score is None:
            continue
        body.append(
            f'<g class="palier-radar-marker"><title>{_esc(axis.label)}: '
            f"{format_score(axis.score)}</title>"
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="{SCORE_COLOR}" '
            f'stroke="#ffffff" stroke-width="1.5"/></g>'
        )

    # Axis labels outside the outer ring.
    size, line_height = 12, 15
    lowest = RADAR_CY + RADAR_RADIUS
    for i, axis in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        cos, sin = math.cos(angle), math.sin(angle)
        x = RADAR_CX + (RADAR_RADIUS + RADAR_LABEL_GAP) * cos
        y = RADAR_CY + (RADAR_RADIUS + RADAR_LABEL_GAP) * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        lines = _wrap(axis.label, RADAR_WRAP, RADAR_LINE_MAX, RADAR_MAX_LINES)
        block = line_height * len(lines)
        top = y - block / 2 + sin * block / 2
        lowest = max(lowest, top + block)
        body.append(f'<g class="palier-radar-label"><title>{_esc(axis.label)}</title>')
        for j, line in enumerate(lines):
            body.append(_text(x, top + 11.5 + j * line_height, line, size=size, anchor=anchor))
        body.append("</g>")

    # The height follows the lowest label so the legend sits close below the chart.
    legend_y = math.ceil(lowest) + 34
    body += _legend([("score", score_label), ("target", target_label)], legend_y, RADAR_WIDTH / 2)
    return _svg("radar", RADAR_WIDTH, legend_y + 14, title, desc, body)


# Bar chart ---------------------------------------------------------------------------------------
def bar_chart(
    rows: Sequence[BarRow],
    max_stage: int,
    *,
    title: str,
    score_label: str | None = None,
    target_label: str | None = None,
    desc: str | None = None,
) -> str:
    """Horizontal bars on the scale ``0..max_stage`` with a tick per stage and target markers.

    Each bar ends with its score printed with two decimals (half-up), or ``"–"`` when unscored;
    a vertical orange line marks the row's target when it has one. A legend is drawn when both
    ``score_label`` and ``target_label`` are given. ``desc`` overrides the generated description.
    """
    _check_max_stage(max_stage)
    span = BAR_X1 - BAR_X0
    bottom = BAR_TOP + BAR_ROW * len(rows)
    with_legend = score_label is not None and target_label is not None
    height = bottom + (44 if with_legend else 14)
    if desc is None:
        parts = []
        for row in rows:
            if score_label is not None:
                part = f"{row.label}: {score_label} {format_score(row.score)}"
            else:
                part = f"{row.label}: {format_score(row.score)}"
            if row.target is not None:
                if target_label is not None:
                    part += f", {target_label} {row.target}"
                else:
                    part += f" (→ {row.target})"
            parts.append(part)
        desc = "; ".join(parts) or title
    body: list[str] = []

    # Stage ticks and numbers.
    body.append('<g class="palier-bar-ticks">')
    for stage in range(max_stage + 1):
        x = BAR_X0 + span * stage / max_stage
        strong = stage == 0
        body.append(
            f'<line x1="{_num(x)}" y1="{BAR_TOP - 6}" x2="{_num(x)}" y2="{bottom}" '
            f'stroke="{GRID_STRONG_COLOR if strong else GRID_COLOR}" stroke-width="1"/>'
        )
        body.append(_text(x, BAR_TOP - 12, str(stage), size=10, anchor="middle", fill=MUTED_COLOR))
    body.append("</g>")

    for index, row in enumerate(rows):
        center = BAR_TOP + BAR_ROW * index + BAR_ROW / 2
        body.append('<g class="palier-bar-row">')
        body.append(f"<title>{_esc(row.label)}: {format_score(row.score)}</title>")
        lines = _wrap(row.label, BAR_WRAP, BAR_LINE_MAX)
        first = center + 4 - 7 * (len(lines) - 1)
        for j, line in enumerate(lines):
            body.append(_text(BAR_LABEL_RIGHT, first + 14 * j, line, anchor="end"))
        end = BAR_X0 + span * float(_ratio(row.score, max_stage))
        if row.score is not None and end > BAR_X0:
            body.append(
                f'<rect class="palier-bar" x="{BAR_X0}" y="{_num(center - BAR_THICKNESS / 2)}" '
                f'width="{_num(end - BAR_X0)}" height="{BAR_THICKNESS}" rx="2" '
                f'fill="{SCORE_COLOR}"/>'
            )
        value_x = end + 6
        if row.target is not None:
            target_x = BAR_X0 + span * float(_ratio(row.target, max_stage))
            body.append(
                f'<line class="palier-bar-target" x1="{_num(target_x)}" '
                f'y1="{_num(center - BAR_THICKNESS / 2 - 5)}" x2="{_num(target_x)}" '
                f'y2="{_num(center + BAR_THICKNESS / 2 + 5)}" stroke="{TARGET_COLOR}" '
                f'stroke-width="3"/>'
            )
            if end - 2 <= target_x <= end + 40:
                value_x = target_x + 7
        body.append(
            _text(
                value_x,
                center + 4,
                format_score(row.score),
                fill=TEXT_COLOR if row.score is not None else MUTED_COLOR,
                cls="palier-bar-value",
            )
        )
        body.append("</g>")

    if score_label is not None and target_label is not None:
        items = [("score", score_label), ("target", target_label)]
        body += _legend(items, height - 14, BAR_WIDTH / 2, bar=True)
    return _svg("bars", BAR_WIDTH, height, title, desc, body)


# Heat map ----------------------------------------------------------------------------------------
def heat_map(
    rows: Sequence[HeatRow],
    columns: Sequence[HeatColumn],
    max_stage: int,
    *,
    title: str,
    labels: Mapping[str, str] | None = None,
    desc: str | None = None,
) -> str:
    """Respondents (rows) by questions (columns), one coloured cell per answer.

    Option cells are coloured by :func:`stage_color` and show their stage; N/A cells are light grey
    with "–", "don't know" cells white with "?", unanswered cells white with a thin border. Each
    cell has a tooltip such as ``"R1 · q-key: 3"``. Flagged (disagreement) columns get a ▲ marker
    and a bold outline. Column labels are rotated -60° above the grid.

    ``labels`` translates the legend and tooltip words, with keys ``"na"``, ``"dont_know"``,
    ``"unanswered"`` and ``"flagged"`` (English defaults). ``desc`` overrides the description.
    """
    _check_max_stage(max_stage)
    words = {**DEFAULT_HEAT_LABELS, **(labels or {})}
    for row in rows:
        if len(row.cells) != len(columns):
            raise ValueError(
                f"row {row.label!r} has {len(row.cells)} cells for {len(columns)} columns"
            )
        for cell in row.cells:
            if cell.kind not in HEAT_KINDS:
                raise ValueError(f"unknown heat cell kind {cell.kind!r}")

    grid_left = HEAT_LABEL_WIDTH
    grid_top = HEAT_HEADER
    grid_height = HEAT_PITCH * len(rows) - (HEAT_PITCH - HEAT_CELL if rows else 0)
    legend_y = grid_top + max(grid_height, 0) + 30
    height = legend_y + 14
    flagged = [column.label for column in columns if column.flagged]
    if desc is None:
        desc = f"{title}: {len(rows)} × {len(columns)}"
        if flagged:
            desc += f"; {words['flagged']}: {', '.join(flagged)}"
    body: list[str] = []

    def cell_x(index: int) -> float:
        return grid_left + HEAT_PITCH * index

    def cell_y(index: int) -> float:
        return grid_top + HEAT_PITCH * index

    # Column labels, rotated, with a marker above flagged columns.
    body.append('<g class="palier-heat-columns">')
    for c, column in enumerate(columns):
        x = cell_x(c) + HEAT_CELL / 2 + 3
        y = grid_top - 17
        body.append(f'<g class="palier-heat-column"><title>{_esc(column.label)}</title>')
        body.append(
            _text(
                x,
                y,
                _truncate(column.label, HEAT_COLUMN_LABEL_MAX),
                size=10,
                fill=TEXT_COLOR if column.flagged else MUTED_COLOR,
                bold=column.flagged,
                transform=f"rotate(-60 {_num(x)} {_num(y)})",
            )
        )
        body.append("</g>")
    body.append("</g>")

    # Row labels.
    body.append('<g class="palier-heat-rows">')
    for r, row in enumerate(rows):
        body.append(
            _text(
                grid_left - 8,
                cell_y(r) + HEAT_CELL / 2 + 4,
                _truncate(row.label, HEAT_ROW_LABEL_MAX),
                size=11,
                anchor="end",
            )
        )
    body.append("</g>")

    # Cells.
    body.append('<g class="palier-heat-grid">')
    for r, row in enumerate(rows):
        for c, (column, cell) in enumerate(zip(columns, row.cells, strict=True)):
            body += _heat_cell(cell_x(c), cell_y(r), row, column, cell, max_stage, words)
    body.append("</g>")

    # Flag markers and outlines on top of the cells.
    for c, column in enumerate(columns):
        if not column.flagged:
            continue
        x = cell_x(c)
        mid = x + HEAT_CELL / 2
        triangle = [(mid - 5, grid_top - 4), (mid + 5, grid_top - 4), (mid, grid_top - 12)]
        body.append(
            f'<g class="palier-heat-flag"><title>{_esc(column.label)}: '
            f"{_esc(words['flagged'])}</title>"
            f'<polygon points="{_points(triangle)}" fill="{FLAG_COLOR}"/>'
            f'<rect x="{_num(x - 1.5)}" y="{_num(grid_top - 1.5)}" width="{HEAT_CELL + 3}" '
            f'height="{_num(max(grid_height, 0) + 3)}" fill="none" stroke="{FLAG_COLOR}" '
            f'stroke-width="1.5"/></g>'
        )

    legend, legend_width = _heat_legend(16, legend_y, max_stage, words)
    body += legend
    width = max(
        HEAT_MIN_WIDTH, grid_left + HEAT_PITCH * len(columns) + HEAT_RIGHT_MARGIN, legend_width + 32
    )
    return _svg("heatmap", width, height, title, desc, body)


def _heat_cell(
    x: float,
    y: float,
    row: HeatRow,
    column: HeatColumn,
    cell: HeatCell,
    max_stage: int,
    words: Mapping[str, str],
) -> list[str]:
    """Markup of one heat-map cell, grouped with its tooltip."""
    kind = cell.kind
    if kind == "option" and cell.value is None:
        kind = "unanswered"
    mark = ""
    stroke = 'stroke="none"'
    if kind == "option":
        fill = stage_color(cell.value, max_stage)
        mark = str(cell.value)
        shown = mark
    elif kind == "na":
        fill, mark, shown = NA_FILL, UNSCORED_MARK, words["na"]
    elif kind == "dont_know":
        fill, mark, shown = EMPTY_FILL, "?", words["dont_know"]
        stroke = f'stroke="{EMPTY_STROKE}" stroke-width="0.75"'
    else:
        fill, shown = EMPTY_FILL, words["unanswered"]
        stroke = f'stroke="{EMPTY_STROKE}" stroke-width="0.75"'
    inset = 0.375 if stroke != 'stroke="none"' else 0
    size = HEAT_CELL - 2 * inset
    out = [
        f'<g class="palier-heat-cell palier-heat-{kind.replace("_", "-")}">'
        f"<title>{_esc(row.label)} · {_esc(column.label)}: {_esc(shown)}</title>"
        f'<rect x="{_num(x + inset)}" y="{_num(y + inset)}" width="{_num(size)}" '
        f'height="{_num(size)}" fill="{fill}" {stroke}/>'
    ]
    if mark:
        color = _text_color_on(fill) if kind == "option" else MUTED_COLOR
        out.append(
            _text(
                x + HEAT_CELL / 2,
                y + HEAT_CELL / 2 + 3,
                mark,
                size=8.5,
                anchor="middle",
                fill=color,
            )
        )
    out.append("</g>")
    return ["".join(out)]


def _heat_legend(
    x: float, y: float, max_stage: int, words: Mapping[str, str]
) -> tuple[list[str], float]:
    """Legend of the heat map: the stage colour scale then the special cells; returns width."""
    out = ['<g class="palier-heat-legend">']
    start = x
    top = y - HEAT_CELL + 3
    for stage in range(max_stage + 1):
        fill = stage_color(stage, max_stage)
        out.append(
            f'<rect x="{_num(x)}" y="{_num(top)}" width="{HEAT_CELL}" height="{HEAT_CELL}" '
            f'fill="{fill}"/>'
        )
        out.append(
            _text(
                x + HEAT_CELL / 2,
                top + HEAT_CELL / 2 + 3,
                str(stage),
                size=8.5,
                anchor="middle",
                fill=_text_color_on(fill),
            )
        )
        x += HEAT_PITCH
    x += 14
    specials = [
        (NA_FILL, "none", UNSCORED_MARK, words["na"]),
        (EMPTY_FILL, EMPTY_STROKE, "?", words["dont_know"]),
        (EMPTY_FILL, EMPTY_STROKE, "", words["unanswered"]),
    ]
    for fill, stroke, mark, label in specials:
        stroke_attr = (
            'stroke="none"' if stroke == "none" else f'stroke="{stroke}" stroke-width="0.75"'
        )
        out.append(
            f'<rect x="{_num(x)}" y="{_num(top)}" width="{HEAT_CELL}" height="{HEAT_CELL}" '
            f'fill="{fill}" {stroke_attr}/>'
        )
        if mark:
            out.append(
                _text(
                    x + HEAT_CELL / 2,
                    top + HEAT_CELL / 2 + 3,
                    mark,
                    size=8.5,
                    anchor="middle",
                    fill=MUTED_COLOR,
                )
            )
        out.append(_text(x + HEAT_CELL + 5, y, label, size=11))
        x += HEAT_CELL + 5 + _text_width(label, 11) + 16
    mid = x + HEAT_CELL / 2
    triangle = [(mid - 5, y), (mid + 5, y), (mid, y - 8)]
    out.append(f'<polygon points="{_points(triangle)}" fill="{FLAG_COLOR}"/>')
    out.append(_text(x + HEAT_CELL + 5, y, words["flagged"], size=11))
    x += HEAT_CELL + 5 + _text_width(words["flagged"], 11)
    out.append("</g>")
    return out, x - start
