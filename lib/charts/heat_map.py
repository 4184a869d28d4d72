"""The heat map: one row per respondent, one cell per question, coloured by stage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .primitives import (
    EMPTY_FILL,
    EMPTY_STROKE,
    FLAG_COLOR,
    MUTED_COLOR,
    NA_FILL,
    TEXT_COLOR,
    UNSCORED_MARK,
    Score,
    check_max_stage,
    esc,
    num,
    points_attr,
    stage_color,
    svg_root,
    text_color_on,
    text_element,
    text_width,
    truncate,
)

# Heat map geometry.
HEAT_MIN_WIDTH = 720
HEAT_CELL = 13
HEAT_PITCH = 14
HEAT_LABEL_WIDTH = 190
HEAT_HEADER = 140
HEAT_RIGHT_MARGIN = 70
HEAT_ROW_LABEL_MAX = 28
HEAT_COLUMN_LABEL_MAX = 20

NOT_ASKED_STROKE = f'stroke="{EMPTY_STROKE}" stroke-width="0.75" stroke-dasharray="1.5 1.5"'
HEAT_KINDS = ("option", "na", "dont_know", "unanswered", "not_asked")
DEFAULT_HEAT_LABELS: Mapping[str, str] = {
    "na": "N/A",
    "dont_know": "Don't know",
    "unanswered": "Unanswered",
    "not_asked": "Not asked of this role",
    "flagged": "Disagreement",
}


@dataclass(frozen=True)
class HeatCell:
    """One answer: ``kind`` is one of :data:`HEAT_KINDS`; ``value`` is the option's value.

    ``mark`` is what the cell shows: the stage by default; the caller formats a value that is
    not a whole stage (an option worth points) in the reader's language.
    """

    value: Score
    kind: str = "option"
    mark: str | None = None


@dataclass(frozen=True)
class HeatRow:
    """One respondent (for example ``"R1 · Data science"``) with one cell per column."""

    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatColumn:
    """One question: ``label`` above the grid (its number, "Q12"), ``text`` in the tooltips
    (its wording); ``flagged`` marks a disagreement between respondents."""

    label: str
    flagged: bool = False
    text: str = ""

    @property
    def title(self) -> str:
        """What a tooltip names the column by: "Q12 · Models are retrained…", or the label."""
        return f"{self.label} · {self.text}" if self.text else self.label


# Heat map ----------------------------------------------------------------------------------------
def heat_map(
    rows: Sequence[HeatRow],
    columns: Sequence[HeatColumn],
    max_stage: int,
    *,
    title: str,
    labels: Mapping[str, str] | None = None,
    desc: str | None = None,
    colon: str = ":",
) -> str:
    """Respondents (rows) by questions (columns), one coloured cell per answer.

    Option cells are coloured by :func:`stage_color` and show their stage; N/A cells are light grey
    with "–", "don't know" cells white with "?", unanswered cells white with a thin border, and
    cells of a question not asked of the respondent's role (its audience) white with a dotted
    border, with a legend entry only when there is one. Each
    cell has a tooltip such as ``"R1 · Q3 · Models are versioned: 3"``. Flagged (disagreement)
    columns get a ▲ marker and a bold outline. Column labels (question numbers) are rotated -60°
    above the grid; each column's tooltip names its question.

    ``labels`` translates the legend and tooltip words, with keys ``"na"``, ``"dont_know"``,
    ``"unanswered"``, ``"not_asked"`` and ``"flagged"`` (English defaults). ``desc`` overrides
    the description; ``colon`` follows a label in the tooltips (" :" in French).
    """
    check_max_stage(max_stage)
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
        desc = f"{title}{colon} {len(rows)} × {len(columns)}"
        if flagged:
            desc += f"; {words['flagged']}{colon} {', '.join(flagged)}"
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
        body.append(f'<g class="palier-heat-column"><title>{esc(column.title)}</title>')
        body.append(
            text_element(
                x,
                y,
                truncate(column.label, HEAT_COLUMN_LABEL_MAX),
                size=10,
                fill=TEXT_COLOR if column.flagged else MUTED_COLOR,
                bold=column.flagged,
                transform=f"rotate(-60 {num(x)} {num(y)})",
            )
        )
        body.append("</g>")
    body.append("</g>")

    # Row labels.
    body.append('<g class="palier-heat-rows">')
    for r, row in enumerate(rows):
        body.append(
            text_element(
                grid_left - 8,
                cell_y(r) + HEAT_CELL / 2 + 4,
                truncate(row.label, HEAT_ROW_LABEL_MAX),
                size=11,
                anchor="end",
            )
        )
    body.append("</g>")

    # Cells.
    body.append('<g class="palier-heat-grid">')
    for r, row in enumerate(rows):
        for c, (column, cell) in enumerate(zip(columns, row.cells, strict=True)):
            body += _heat_cell(cell_x(c), cell_y(r), row, column, cell, max_stage, words, colon)
    body.append("</g>")

    # Flag markers and outlines on top of the cells.
    for c, column in enumerate(columns):
        if not column.flagged:
            continue
        x = cell_x(c)
        mid = x + HEAT_CELL / 2
        triangle = [(mid - 5, grid_top - 4), (mid + 5, grid_top - 4), (mid, grid_top - 12)]
        body.append(
            f'<g class="palier-heat-flag"><title>{esc(column.title)}{esc(colon)} '
            f"{esc(words['flagged'])}</title>"
            f'<polygon points="{points_attr(triangle)}" fill="{FLAG_COLOR}"/>'
            f'<rect x="{num(x - 1.5)}" y="{num(grid_top - 1.5)}" width="{HEAT_CELL + 3}" '
            f'height="{num(max(grid_height, 0) + 3)}" fill="none" stroke="{FLAG_COLOR}" '
            f'stroke-width="1.5"/></g>'
        )

    not_asked = any(cell.kind == "not_asked" for row in rows for cell in row.cells)
    legend, legend_width = _heat_legend(16, legend_y, max_stage, words, not_asked=not_asked)
    body += legend
    width = max(
        HEAT_MIN_WIDTH, grid_left + HEAT_PITCH * len(columns) + HEAT_RIGHT_MARGIN, legend_width + 32
    )
    return svg_root("heatmap", width, height, title, desc, body)


def _heat_cell(
    x: float,
    y: float,
    row: HeatRow,
    column: HeatColumn,
    cell: HeatCell,
    max_stage: int,
    words: Mapping[str, str],
    colon: str = ":",
) -> list[str]:
    """Markup of one heat-map cell, grouped with its tooltip."""
    kind = cell.kind
    if kind == "option" and cell.value is None:
        kind = "unanswered"
    mark = ""
    stroke = 'stroke="none"'
    if kind == "option":
        fill = stage_color(cell.value, max_stage)
        mark = cell.mark if cell.mark is not None else str(cell.value)
        shown = mark
    elif kind == "na":
        fill, mark, shown = NA_FILL, UNSCORED_MARK, words["na"]
    elif kind == "dont_know":
        fill, mark, shown = EMPTY_FILL, "?", words["dont_know"]
        stroke = f'stroke="{EMPTY_STROKE}" stroke-width="0.75"'
    elif kind == "not_asked":
        # A dotted outline, fainter than an unanswered cell's line: not a gap in the answers,
        # a question that was never theirs.
        fill, shown = EMPTY_FILL, words["not_asked"]
        stroke = NOT_ASKED_STROKE
    else:
        fill, shown = EMPTY_FILL, words["unanswered"]
        stroke = f'stroke="{EMPTY_STROKE}" stroke-width="0.75"'
    inset = 0.375 if stroke != 'stroke="none"' else 0
    size = HEAT_CELL - 2 * inset
    out = [
        f'<g class="palier-heat-cell palier-heat-{kind.replace("_", "-")}">'
        f"<title>{esc(row.label)} · {esc(column.title)}{esc(colon)} {esc(shown)}</title>"
        f'<rect x="{num(x + inset)}" y="{num(y + inset)}" width="{num(size)}" '
        f'height="{num(size)}" fill="{fill}" {stroke}/>'
    ]
    if mark:
        color = text_color_on(fill) if kind == "option" else MUTED_COLOR
        out.append(
            text_element(
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
    x: float, y: float, max_stage: int, words: Mapping[str, str], *, not_asked: bool = False
) -> tuple[list[str], float]:
    """Legend of the heat map: the stage colour scale then the special cells; returns width."""
    out = ['<g class="palier-heat-legend">']
    start = x
    top = y - HEAT_CELL + 3
    for stage in range(max_stage + 1):
        fill = stage_color(stage, max_stage)
        out.append(
            f'<rect x="{num(x)}" y="{num(top)}" width="{HEAT_CELL}" height="{HEAT_CELL}" '
            f'fill="{fill}"/>'
        )
        out.append(
            text_element(
                x + HEAT_CELL / 2,
                top + HEAT_CELL / 2 + 3,
                str(stage),
                size=8.5,
                anchor="middle",
                fill=text_color_on(fill),
            )
        )
        x += HEAT_PITCH
    x += 14
    specials = [
        (NA_FILL, "none", UNSCORED_MARK, words["na"]),
        (EMPTY_FILL, EMPTY_STROKE, "?", words["dont_know"]),
        (EMPTY_FILL, EMPTY_STROKE, "", words["unanswered"]),
    ]
    if not_asked:
        specials.append((EMPTY_FILL, "dotted", "", words["not_asked"]))
    for fill, stroke, mark, label in specials:
        if stroke == "dotted":
            stroke_attr = NOT_ASKED_STROKE
        elif stroke == "none":
            stroke_attr = 'stroke="none"'
        else:
            stroke_attr = f'stroke="{stroke}" stroke-width="0.75"'
        out.append(
            f'<rect x="{num(x)}" y="{num(top)}" width="{HEAT_CELL}" height="{HEAT_CELL}" '
            f'fill="{fill}" {stroke_attr}/>'
        )
        if mark:
            out.append(
                text_element(
                    x + HEAT_CELL / 2,
                    top + HEAT_CELL / 2 + 3,
                    mark,
                    size=8.5,
                    anchor="middle",
                    fill=MUTED_COLOR,
                )
            )
        out.append(text_element(x + HEAT_CELL + 5, y, label, size=11))
        x += HEAT_CELL + 5 + text_width(label, 11) + 16
    mid = x + HEAT_CELL / 2
    triangle = [(mid - 5, y), (mid + 5, y), (mid, y - 8)]
    out.append(f'<polygon points="{points_attr(triangle)}" fill="{FLAG_COLOR}"/>')
    out.append(text_element(x + HEAT_CELL + 5, y, words["flagged"], size=11))
    x += HEAT_CELL + 5 + text_width(words["flagged"], 11)
    out.append("</g>")
    return out, x - start
