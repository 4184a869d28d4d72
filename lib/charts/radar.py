"""The radar: one axis per dimension, the score polygon against the target polygon."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from lib.formatting import format_score

from .bars import BarRow, bar_chart
from .primitives import (
    GRID_COLOR,
    GRID_STRONG_COLOR,
    MUTED_COLOR,
    PLOT_BACKGROUND,
    SCORE_COLOR,
    TARGET_COLOR,
    Score,
    check_max_stage,
    clamp_ratio,
    esc,
    legend,
    num,
    points_attr,
    svg_root,
    text_element,
    wrap,
)

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


@dataclass(frozen=True)
class RadarAxis:
    """One spoke of the radar chart: a dimension or pillar with its score and target stage."""

    label: str
    score: Score
    target: int


def _radar_point(index: int, count: int, ratio: Fraction | float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADAR_RADIUS * float(ratio)
    return RADAR_CX + distance * math.cos(angle), RADAR_CY + distance * math.sin(angle)


def radar_chart(
    axes: Sequence[RadarAxis],
    max_stage: int,
    *,
    title: str,
    score_label: str,
    target_label: str,
    desc: str | None = None,
    score_text: Callable[[Score], str] = format_score,
    colon: str = ":",
) -> str:
    """Radar (spider) chart of scores against targets on the scale ``0..max_stage``.

    Scores form a filled, semi-transparent blue polygon; targets a dashed orange outline drawn on
    top so it stays visible where both coincide. Unscored axes count as 0 in the polygon and get
    no point marker. Grid rings mark every stage, numbered along the top spoke; axis labels sit
    outside the outer ring, wrapped onto two lines past about 18 characters.

    With fewer than 3 or more than 16 axes a radar reads poorly, so a horizontal bar chart with
    the same legend is returned instead. ``desc`` overrides the generated description.
    ``score_text`` writes a score in labels and tooltips, ``colon`` follows a label (the
    caller's language: "Automatisation : 1,64" in French).
    """
    check_max_stage(max_stage)
    if not RADAR_MIN_AXES <= len(axes) <= RADAR_MAX_AXES:
        rows = [BarRow(axis.label, axis.score, axis.target) for axis in axes]
        return bar_chart(
            rows,
            max_stage,
            title=title,
            score_label=score_label,
            target_label=target_label,
            desc=desc,
            score_text=score_text,
            colon=colon,
        )
    count = len(axes)
    if desc is None:
        desc = "; ".join(
            f"{axis.label}{colon} {score_label} {score_text(axis.score)}, "
            f"{target_label} {axis.target}"
            for axis in axes
        )
    body: list[str] = []

    # Plot background, grid rings and spokes.
    outer = [_radar_point(i, count, 1) for i in range(count)]
    body.append(
        f'<polygon class="palier-radar-background" points="{points_attr(outer)}" '
        f'fill="{PLOT_BACKGROUND}" stroke="none"/>'
    )
    body.append('<g class="palier-radar-grid" fill="none">')
    for stage in range(1, max_stage + 1):
        ring = [_radar_point(i, count, Fraction(stage, max_stage)) for i in range(count)]
        strong = stage == max_stage
        body.append(
            f'<polygon class="palier-radar-ring" points="{points_attr(ring)}" fill="none" '
            f'stroke="{GRID_STRONG_COLOR if strong else GRID_COLOR}" '
            f'stroke-width="{"1.25" if strong else "1"}"/>'
        )
    for x, y in outer:
        body.append(
            f'<line class="palier-radar-spoke" x1="{RADAR_CX}" y1="{RADAR_CY}" '
            f'x2="{num(x)}" y2="{num(y)}" stroke="{GRID_COLOR}" stroke-width="1"/>'
        )
    body.append("</g>")

    # Score polygon, then the dashed target outline on top.
    scores = [
        _radar_point(i, count, clamp_ratio(axis.score, max_stage)) for i, axis in enumerate(axes)
    ]
    body.append(
        f'<polygon class="palier-radar-score" points="{points_attr(scores)}" '
        f'fill="{SCORE_COLOR}" fill-opacity="0.25" stroke="{SCORE_COLOR}" stroke-width="2" '
        f'stroke-linejoin="round"/>'
    )
    targets = [
        _radar_point(i, count, clamp_ratio(axis.target, max_stage)) for i, axis in enumerate(axes)
    ]
    body.append(
        f'<polygon class="palier-radar-target" points="{points_attr(targets)}" fill="none" '
        f'stroke="{TARGET_COLOR}" stroke-width="2" stroke-dasharray="6 4" '
        f'stroke-linejoin="round"/>'
    )

    # Stage numbers along the top spoke.
    body.append('<g class="palier-radar-stages">')
    for stage in range(max_stage + 1):
        y = RADAR_CY - RADAR_RADIUS * stage / max_stage
        body.append(text_element(RADAR_CX + 4, y - 3, str(stage), size=10, fill=MUTED_COLOR))
    body.append("</g>")

    # Point markers for scored axes.
    for (x, y), axis in zip(scores, axes, strict=True):
        if axis.score is None:
            continue
        body.append(
            f'<g class="palier-radar-marker"><title>{esc(axis.label)}{esc(colon)} '
            f"{score_text(axis.score)}</title>"
            f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="{SCORE_COLOR}" '
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
        lines = wrap(axis.label, RADAR_WRAP, RADAR_LINE_MAX, RADAR_MAX_LINES)
        block = line_height * len(lines)
        top = y - block / 2 + sin * block / 2
        lowest = max(lowest, top + block)
        body.append(f'<g class="palier-radar-label"><title>{esc(axis.label)}</title>')
        for j, line in enumerate(lines):
            body.append(
                text_element(x, top + 11.5 + j * line_height, line, size=size, anchor=anchor)
            )
        body.append("</g>")

    # The height follows the lowest label so the legend sits close below the chart.
    legend_y = math.ceil(lowest) + 34
    body += legend([("score", score_label), ("target", target_label)], legend_y, RADAR_WIDTH / 2)
    return svg_root("radar", RADAR_WIDTH, legend_y + 14, title, desc, body)
