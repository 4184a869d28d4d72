"""The bar chart: one bar per dimension, its score against a target mark."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lib.formatting import format_score

from .primitives import (
    GRID_COLOR,
    GRID_STRONG_COLOR,
    MUTED_COLOR,
    SCORE_COLOR,
    TARGET_COLOR,
    TEXT_COLOR,
    Score,
    check_max_stage,
    clamp_ratio,
    esc,
    legend,
    num,
    svg_root,
    text_element,
    wrap,
)

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


@dataclass(frozen=True)
class BarRow:
    """One horizontal bar: a label, a score (``None`` when unscored) and an optional target."""

    label: str
    score: Score
    target: int | None = None


# Bar chart ---------------------------------------------------------------------------------------
def bar_chart(
    rows: Sequence[BarRow],
    max_stage: int,
    *,
    title: str,
    score_label: str | None = None,
    target_label: str | None = None,
    desc: str | None = None,
    score_text: Callable[[Score], str] = format_score,
    colon: str = ":",
) -> str:
    """Horizontal bars on the scale ``0..max_stage`` with a tick per stage and target markers.

    Each bar ends with its score printed with two decimals (half-up), or ``"–"`` when unscored;
    a vertical orange line marks the row's target when it has one. A legend is drawn when both
    ``score_label`` and ``target_label`` are given. ``desc`` overrides the generated description.
    """
    check_max_stage(max_stage)
    span = BAR_X1 - BAR_X0
    bottom = BAR_TOP + BAR_ROW * len(rows)
    with_legend = score_label is not None and target_label is not None
    height = bottom + (44 if with_legend else 14)
    if desc is None:
        parts = []
        for row in rows:
            if score_label is not None:
                part = f"{row.label}{colon} {score_label} {score_text(row.score)}"
            else:
                part = f"{row.label}{colon} {score_text(row.score)}"
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
            f'<line x1="{num(x)}" y1="{BAR_TOP - 6}" x2="{num(x)}" y2="{bottom}" '
            f'stroke="{GRID_STRONG_COLOR if strong else GRID_COLOR}" stroke-width="1"/>'
        )
        body.append(
            text_element(x, BAR_TOP - 12, str(stage), size=10, anchor="middle", fill=MUTED_COLOR)
        )
    body.append("</g>")

    for index, row in enumerate(rows):
        center = BAR_TOP + BAR_ROW * index + BAR_ROW / 2
        body.append('<g class="palier-bar-row">')
        body.append(f"<title>{esc(row.label)}{esc(colon)} {score_text(row.score)}</title>")
        lines = wrap(row.label, BAR_WRAP, BAR_LINE_MAX)
        first = center + 4 - 7 * (len(lines) - 1)
        for j, line in enumerate(lines):
            body.append(text_element(BAR_LABEL_RIGHT, first + 14 * j, line, anchor="end"))
        end = BAR_X0 + span * float(clamp_ratio(row.score, max_stage))
        if row.score is not None and end > BAR_X0:
            body.append(
                f'<rect class="palier-bar" x="{BAR_X0}" y="{num(center - BAR_THICKNESS / 2)}" '
                f'width="{num(end - BAR_X0)}" height="{BAR_THICKNESS}" rx="2" '
                f'fill="{SCORE_COLOR}"/>'
            )
        value_x = end + 6
        if row.target is not None:
            target_x = BAR_X0 + span * float(clamp_ratio(row.target, max_stage))
            body.append(
                f'<line class="palier-bar-target" x1="{num(target_x)}" '
                f'y1="{num(center - BAR_THICKNESS / 2 - 5)}" x2="{num(target_x)}" '
                f'y2="{num(center + BAR_THICKNESS / 2 + 5)}" stroke="{TARGET_COLOR}" '
                f'stroke-width="3"/>'
            )
            if end - 2 <= target_x <= end + 40:
                value_x = target_x + 7
        body.append(
            text_element(
                value_x,
                center + 4,
                score_text(row.score),
                fill=TEXT_COLOR if row.score is not None else MUTED_COLOR,
                cls="palier-bar-value",
            )
        )
        body.append("</g>")

    if score_label is not None and target_label is not None:
        items = [("score", score_label), ("target", target_label)]
        body += legend(items, height - 14, BAR_WIDTH / 2, bar=True)
    return svg_root("bars", BAR_WIDTH, height, title, desc, body)
