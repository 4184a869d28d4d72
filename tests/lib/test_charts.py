"""Tests of the server-side SVG charts (pure module, no database)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from lib.charts import bars as bars_module
from lib.charts import radar
from lib.charts.bars import BarRow, bar_chart
from lib.charts.heat_map import HeatCell, HeatColumn, HeatRow, heat_map
from lib.charts.primitives import stage_color
from lib.charts.radar import RadarAxis, radar_chart
from lib.formatting import format_score

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script>"&'
TOLERANCE = 0.01  # coordinates are printed with two decimals


def parse(svg: str) -> ET.Element:
    """Parse a chart, failing the test if it is not well-formed XML."""
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    """Elements whose class attribute contains ``name``."""
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


def points(element: ET.Element) -> list[tuple[float, float]]:
    """Vertices of a polygon element."""
    pairs = element.get("points", "").split()
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in pairs)]


def close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= TOLERANCE and abs(a[1] - b[1]) <= TOLERANCE


def axes_of(count: int, score: Fraction | int | None = Fraction(5, 2)) -> list[RadarAxis]:
    return [RadarAxis(f"Dimension {i}", score, 3) for i in range(count)]


def sample_heat(n_rows: int, n_cols: int, flagged: set[int]) -> tuple[list, list]:
    kinds = ["option", "option", "na", "option", "dont_know", "option", "unanswered"]
    columns = [HeatColumn(f"q-{c}", flagged=c in flagged) for c in range(n_cols)]
    rows = []
    for r in range(n_rows):
        cells = []
        for c in range(n_cols):
            kind = kinds[(r + c) % len(kinds)]
            cells.append(HeatCell((r * c) % 5 if kind == "option" else None, kind))
        rows.append(HeatRow(f"R{r + 1} · Data science", tuple(cells)))
    return rows, columns


def assert_accessible_svg(svg: str) -> ET.Element:
    """Common structure every chart must have."""
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox", ""))
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and title.text
    assert desc.tag == f"{SVG}desc" and desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    for forbidden in ("foreignObject", "<script", "style=", "var(", "href", "<image"):
        assert forbidden not in svg
    for text in root.iter(f"{SVG}text"):
        assert text.get("font-family") == "DejaVu Sans, sans-serif"
        assert text.get("font-size") and text.get("fill")
    # Every number in a geometry attribute has at most two decimals.
    for el in root.iter():
        for name in ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height", "points"):
            value = el.get(name)
            if value and value != "100%":
                assert not re.search(r"\d\.\d{3}", value), (name, value)
    return root


# Radar -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [3, 7, 13, 16])
def test_radar_is_well_formed(count):
    svg = radar_chart(
        axes_of(count), 4, title="Maturity", score_label="Score", target_label="Target"
    )
    root = assert_accessible_svg(svg)
    assert root[0].text == "Maturity"
    assert "palier-radar" in root.get("class").split()
    assert len(points(by_class(root, "palier-radar-score")[0])) == count
    assert len(points(by_class(root, "palier-radar-target")[0])) == count
    assert len(by_class(root, "palier-radar-ring")) == 4
    assert len(by_class(root, "palier-radar-spoke")) == count
    assert len(by_class(root, "palier-radar-label")) == count
    assert len(by_class(root, "palier-radar-marker")) == count
    stage_numbers = [t.text for t in by_class(root, "palier-radar-stages")[0]]
    assert stage_numbers == ["0", "1", "2", "3", "4"]
    legend = [t.text for t in by_class(root, "palier-legend")[0].iter(f"{SVG}text")]
    assert legend == ["Score", "Target"]


def test_radar_vertices_follow_the_geometry():
    """Full score on the outer ring, 0 at the centre, from first principles."""
    max_stage = 4
    scores = [Fraction(max_stage), Fraction(0), Fraction(3, 2), None, 2]
    axes = [RadarAxis(f"A{i}", score, 2) for i, score in enumerate(scores)]
    root = parse(radar_chart(axes, max_stage, title="t", score_label="s", target_label="g"))
    cx, cy, radius = radar.RADAR_CX, radar.RADAR_CY, radar.RADAR_RADIUS
    count = len(axes)

    def expected(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count  # first axis up, clockwise
        distance = radius * value / max_stage
        return cx + distance * math.cos(angle), cy + distance * math.sin(angle)

    score_points = points(by_class(root, "palier-radar-score")[0])
    outer_ring = points(by_class(root, "palier-radar-ring")[-1])
    assert close(score_points[0], expected(0, max_stage))
    assert close(score_points[0], outer_ring[0])
    assert close(score_points[0], (cx, cy - radius))  # the first axis points straight up
    assert close(score_points[1], (cx, cy))
    assert close(score_points[2], expected(2, 1.5))
    assert close(score_points[3], (cx, cy))  # unscored counts as 0
    assert close(score_points[4], expected(4, 2))

    target_points = points(by_class(root, "palier-radar-target")[0])
    for index, vertex in enumerate(target_points):
        assert close(vertex, expected(index, 2))

    # Each ring k sits at k / max_stage of the radius.
    for stage, ring in enumerate(by_class(root, "palier-radar-ring"), start=1):
        for index, vertex in enumerate(points(ring)):
            assert close(vertex, expected(index, stage))


def test_radar_clamps_out_of_range_values():
    axes = [RadarAxis("a", Fraction(9), 7), RadarAxis("b", Fraction(-1), -2), RadarAxis("c", 1, 1)]
    root = parse(radar_chart(axes, 4, title="t", score_label="s", target_label="g"))
    cx, cy, radius = radar.RADAR_CX, radar.RADAR_CY, radar.RADAR_RADIUS
    score_points = points(by_class(root, "palier-radar-score")[0])
    assert close(score_points[0], (cx, cy - radius))
    assert close(score_points[1], (cx, cy))
    target_points = points(by_class(root, "palier-radar-target")[0])
    assert close(target_points[0], (cx, cy - radius))


def test_radar_unscored_axis_has_label_but_no_marker():
    axes = [
        RadarAxis("Data", Fraction(3), 3),
        RadarAxis("Monitoring", None, 3),
        RadarAxis("Delivery", Fraction(1, 3), 2),
    ]
    svg = radar_chart(axes, 4, title="t", score_label="Score", target_label="Target")
    root = parse(svg)
    markers = by_class(root, "palier-radar-marker")
    assert [m[0].text for m in markers] == ["Data: 3.00", "Delivery: 0.33"]
    labels = [
        " ".join(t.text for t in g.iter(f"{SVG}text")) for g in by_class(root, "palier-radar-label")
    ]
    assert labels == ["Data", "Monitoring", "Delivery"]
    assert "n/a" not in svg
    assert "Monitoring: Score –, Target 3" in root[1].text


def test_radar_wraps_long_labels_onto_two_lines():
    axes = axes_of(3)
    axes[0] = RadarAxis("Model monitoring and drift", 1, 2)
    root = parse(radar_chart(axes, 4, title="t", score_label="s", target_label="g"))
    group = by_class(root, "palier-radar-label")[0]
    assert group[0].text == "Model monitoring and drift"  # full label as tooltip
    lines = [t.text for t in group.iter(f"{SVG}text")]
    assert lines == ["Model monitoring", "and drift"]
    # The top label is centred; the others are anchored away from the chart.
    anchors = [
        g.find(f"{SVG}text").get("text-anchor") for g in by_class(root, "palier-radar-label")
    ]
    assert anchors == ["middle", "start", "end"]


def test_radar_gives_a_long_french_label_three_lines_rather_than_cut_it():
    axes = axes_of(3)
    axes[1] = RadarAxis("Tests du code, des données et des pipelines", 1, 2)
    root = parse(radar_chart(axes, 4, title="t", score_label="s", target_label="g"))
    group = by_class(root, "palier-radar-label")[1]
    lines = [t.text for t in group.iter(f"{SVG}text")]
    assert lines == ["Tests du code, des", "données et des", "pipelines"]


def test_radar_cuts_a_label_too_long_even_for_three_lines():
    axes = axes_of(3)
    axes[1] = RadarAxis("word " * 30, 1, 2)
    root = parse(radar_chart(axes, 4, title="t", score_label="s", target_label="g"))
    lines = [t.text for t in by_class(root, "palier-radar-label")[1].iter(f"{SVG}text")]
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(len(line) <= 22 for line in lines)


@pytest.mark.parametrize("count", [0, 1, 2, 17])
def test_radar_falls_back_to_bars(count):
    svg = radar_chart(axes_of(count), 4, title="Few", score_label="Score", target_label="Target")
    root = assert_accessible_svg(svg)
    assert "palier-bars" in root.get("class").split()
    assert not by_class(root, "palier-radar-score")
    assert len(by_class(root, "palier-bar-row")) == count
    assert len(by_class(root, "palier-bar-target")) == count
    legend = [t.text for t in by_class(root, "palier-legend")[0].iter(f"{SVG}text")]
    assert legend == ["Score", "Target"]


# Bars --------------------------------------------------------------------------------------------
def test_bar_chart_structure_and_values():
    rows = [
        BarRow("Full", Fraction(4), 3),
        BarRow("Half", 2, None),
        BarRow("Unscored", None, 2),
        BarRow("Rounding", Fraction(1, 8), 1),
    ]
    root = assert_accessible_svg(bar_chart(rows, 4, title="Bars"))
    assert "palier-bars" in root.get("class").split()
    assert len(by_class(root, "palier-bar-row")) == 4
    values = [t.text for t in by_class(root, "palier-bar-value")]
    assert values == ["4.00", "2.00", "–", "0.13"]
    bars = by_class(root, "palier-bar")
    assert len(bars) == 3  # no bar for the unscored row
    span = bars_module.BAR_X1 - bars_module.BAR_X0
    assert float(bars[0].get("width")) == pytest.approx(span, abs=TOLERANCE)
    assert float(bars[1].get("width")) == pytest.approx(span / 2, abs=TOLERANCE)
    assert float(bars[2].get("width")) == pytest.approx(span / 32, abs=TOLERANCE)
    targets = by_class(root, "palier-bar-target")
    assert [float(t.get("x1")) for t in targets] == pytest.approx(
        [
            bars_module.BAR_X0 + span * 3 / 4,
            bars_module.BAR_X0 + span / 2,
            bars_module.BAR_X0 + span / 4,
        ],
        abs=TOLERANCE,
    )
    ticks = [t.text for t in by_class(root, "palier-bar-ticks")[0].iter(f"{SVG}text")]
    assert ticks == ["0", "1", "2", "3", "4"]
    assert not by_class(root, "palier-legend")


def test_bar_chart_without_rows_is_still_valid():
    root = assert_accessible_svg(bar_chart([], 3, title="Nothing"))
    assert root[1].text == "Nothing"


# Heat map ----------------------------------------------------------------------------------------
def test_heat_map_cells_and_flags():
    rows, columns = sample_heat(20, 70, flagged={3, 40, 69})
    svg = heat_map(rows, columns, 4, title="Answers")
    root = assert_accessible_svg(svg)
    cells = by_class(root, "palier-heat-cell")
    assert len(cells) == 20 * 70
    flags = by_class(root, "palier-heat-flag")
    assert len(flags) == 3
    assert [f[0].text for f in flags] == [
        "q-3: Disagreement",
        "q-40: Disagreement",
        "q-69: Disagreement",
    ]
    bold = [
        g[0].text
        for g in by_class(root, "palier-heat-column")
        if g.find(f"{SVG}text").get("font-weight") == "bold"
    ]
    assert bold == ["q-3", "q-40", "q-69"]
    # Column labels are rotated -60 degrees about their anchor.
    first = by_class(root, "palier-heat-column")[0].find(f"{SVG}text")
    assert first.get("transform") == f"rotate(-60 {first.get('x')} {first.get('y')})"
    # The grid fits: cells of 12-14 units, and the view box is wide enough for all columns.
    rect = cells[0].find(f"{SVG}rect")
    assert 12 <= float(rect.get("width")) <= 14
    width = float(root.get("viewBox").split()[2])
    last = cells[69].find(f"{SVG}rect")
    assert float(last.get("x")) + float(last.get("width")) < width


def test_heat_map_cell_kinds_and_tooltips():
    columns = [HeatColumn("q-a"), HeatColumn("q-b"), HeatColumn("q-c"), HeatColumn("q-d")]
    row = HeatRow(
        "R1 · Data science",
        (
            HeatCell(3, "option"),
            HeatCell(None, "na"),
            HeatCell(None, "dont_know"),
            HeatCell(None, "unanswered"),
        ),
    )
    root = parse(heat_map([row], columns, 4, title="t"))
    option, na, dont_know, unanswered = by_class(root, "palier-heat-cell")
    assert option[0].text == "R1 · Data science · q-a: 3"
    assert option.find(f"{SVG}rect").get("fill") == stage_color(3, 4)
    assert option.find(f"{SVG}text").text == "3"
    assert na[0].text == "R1 · Data science · q-b: N/A"
    assert na.find(f"{SVG}rect").get("fill") == "#e5e7eb"
    assert na.find(f"{SVG}text").text == "–"
    assert dont_know.find(f"{SVG}rect").get("fill") == "#ffffff"
    assert dont_know.find(f"{SVG}text").text == "?"
    assert unanswered.find(f"{SVG}rect").get("fill") == "#ffffff"
    assert unanswered.find(f"{SVG}rect").get("stroke") not in (None, "none")
    assert unanswered.find(f"{SVG}text") is None
    assert not by_class(root, "palier-heat-flag")


def test_a_question_not_asked_of_the_role_is_a_blank_cell_named_in_the_legend():
    columns = [HeatColumn("Q1"), HeatColumn("Q2")]
    rows = [
        HeatRow("R1 · Leadership", (HeatCell(2), HeatCell(None, "not_asked"))),
        HeatRow("R2 · Operations", (HeatCell(1), HeatCell(None, "unanswered"))),
    ]
    root = parse(heat_map(rows, columns, 4, title="t"))
    not_asked = by_class(root, "palier-heat-not-asked")
    assert len(not_asked) == 1
    assert not_asked[0][0].text == "R1 · Leadership · Q2: Not asked of this role"
    rect = not_asked[0].find(f"{SVG}rect")
    assert rect.get("fill") == "#ffffff" and rect.get("stroke-dasharray")  # dotted, no mark
    assert not_asked[0].find(f"{SVG}text") is None
    unanswered = by_class(root, "palier-heat-unanswered")[0].find(f"{SVG}rect")
    assert unanswered.get("stroke-dasharray") is None  # told apart: a solid line
    legend = [
        t.text
        for t in by_class(root, "palier-heat-legend")[0].iter(f"{SVG}text")
        if t.get("font-size") == "11"
    ]
    assert legend == ["N/A", "Don't know", "Unanswered", "Not asked of this role", "Disagreement"]


def test_the_legend_names_not_asked_only_when_a_cell_is():
    root = parse(heat_map([HeatRow("R1", (HeatCell(2),))], [HeatColumn("Q1")], 4, title="t"))
    assert "Not asked" not in ET.tostring(root, encoding="unicode")


def test_heat_map_translated_words():
    columns = [HeatColumn("q-a", flagged=True)]
    row = HeatRow("R1", (HeatCell(None, "na"),))
    labels = {
        "na": "S.O.",
        "dont_know": "Ne sait pas",
        "unanswered": "Sans réponse",
        "flagged": "Désaccord",
    }
    svg = heat_map([row], columns, 3, title="t", labels=labels)
    root = parse(svg)
    assert by_class(root, "palier-heat-cell")[0][0].text == "R1 · q-a: S.O."
    legend = [
        t.text
        for t in by_class(root, "palier-heat-legend")[0].iter(f"{SVG}text")
        if t.get("font-size") == "11"  # captions, not the marks drawn in the swatches
    ]
    assert legend == ["S.O.", "Ne sait pas", "Sans réponse", "Désaccord"]
    assert "N/A" not in svg


def test_heat_map_columns_show_their_number_and_name_their_question_in_tooltips():
    long_text = "Can a past model be retrained identically, from the same data and code?"
    columns = [HeatColumn("Q1", flagged=True, text=long_text), HeatColumn("Q2")]
    row = HeatRow("R1", (HeatCell(2), HeatCell(4)))
    root = parse(heat_map([row], columns, 4, title="t"))
    first, second = by_class(root, "palier-heat-column")
    # The label above the grid is the number, whole; the tooltip has the whole question.
    assert first.find(f"{SVG}text").text == "Q1"
    assert first[0].text == f"Q1 · {long_text}"
    assert second[0].text == "Q2"
    assert by_class(root, "palier-heat-cell")[0][0].text == f"R1 · Q1 · {long_text}: 2"
    assert by_class(root, "palier-heat-flag")[0][0].text == f"Q1 · {long_text}: Disagreement"
    # The caller's colon ("Q1 · … : 2" in French).
    french = parse(heat_map([row], columns, 4, title="t", colon=" :"))
    assert by_class(french, "palier-heat-cell")[0][0].text == f"R1 · Q1 · {long_text} : 2"


def test_heat_map_rejects_inconsistent_input():
    with pytest.raises(ValueError, match="cells"):
        heat_map([HeatRow("R1", (HeatCell(1),))], [HeatColumn("a"), HeatColumn("b")], 4, title="t")
    with pytest.raises(ValueError, match="kind"):
        heat_map([HeatRow("R1", (HeatCell(1, "maybe"),))], [HeatColumn("a")], 4, title="t")


def test_heat_map_empty_is_valid():
    assert_accessible_svg(heat_map([], [], 4, title="Empty"))


# Escaping ----------------------------------------------------------------------------------------
def _charts_with_evil_labels() -> list[str]:
    return [
        radar_chart(
            [RadarAxis(EVIL, 1, 2), RadarAxis("b", 2, 2), RadarAxis("c", None, 2)],
            4,
            title=EVIL,
            score_label=EVIL,
            target_label=EVIL,
        ),
        bar_chart([BarRow(EVIL, 1, 2)], 4, title=EVIL, score_label=EVIL, target_label=EVIL),
        heat_map(
            [HeatRow(EVIL, (HeatCell(2),))],
            [HeatColumn(EVIL, flagged=True)],
            4,
            title=EVIL,
            labels={"flagged": EVIL},
        ),
    ]


@pytest.mark.parametrize("svg", _charts_with_evil_labels())
def test_labels_are_escaped(svg):
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;" in svg
    root = assert_accessible_svg(svg)
    assert root[0].text == EVIL
    assert not list(root.iter(f"{SVG}script"))
    texts = [el.text for el in root.iter() if el.text]
    assert any(EVIL in text for text in texts if text != root[0].text)


def test_escaping_reaches_attribute_free_text_only():
    svg = bar_chart([BarRow('a"b', 1, None)], 4, title="t")
    assert 'a"b' not in svg
    assert "a&quot;b" in svg


# Colours and numbers -----------------------------------------------------------------------------
def test_stage_color_endpoints_and_midpoint():
    assert stage_color(0, 4) == "#b91c1c"
    assert stage_color(4, 4) == "#15803d"
    assert stage_color(Fraction(4), 4) == "#15803d"
    assert stage_color(2, 4) == "#f59e0b"
    assert stage_color(Fraction(5, 2), 5) == "#f59e0b"
    assert stage_color(0, 1) == "#b91c1c"
    assert stage_color(1, 1) == "#15803d"
    assert stage_color(10, 10) == "#15803d"


def test_stage_color_interpolates_and_clamps():
    # A quarter of the way: half-way from red (185, 28, 28) to amber (245, 158, 11), the
    # channels rounded half-up: (215, 93, 19.5 -> 20).
    assert stage_color(1, 4) == "#d75d14"
    assert stage_color(Fraction(-1), 4) == "#b91c1c"
    assert stage_color(7, 4) == "#15803d"
    assert stage_color(None, 4) == "#e5e7eb"
    colours = [stage_color(Fraction(i, 4), 4) for i in range(17)]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert len(set(colours)) == 17


def test_invalid_scale_is_rejected():
    with pytest.raises(ValueError):
        stage_color(0, 0)
    with pytest.raises(ValueError):
        bar_chart([], 0, title="t")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "–"),
        (3, "3.00"),
        (Fraction(1, 8), "0.13"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(201, 200), "1.01"),  # 1.005: a float would give 1.00
        (Fraction(2249, 1000), "2.25"),
        (Fraction(22449, 10000), "2.24"),
        (Fraction(0), "0.00"),
        (Fraction(-1, 8), "-0.13"),
    ],
)
def test_format_score_rounds_half_up(value, expected):
    assert format_score(value) == expected


# Determinism -------------------------------------------------------------------------------------
def test_output_is_deterministic():
    def build() -> list[str]:
        axes = [RadarAxis(f"Dimension {i}", Fraction(i, 3), i % 4) for i in range(9)]
        rows, columns = sample_heat(5, 12, flagged={2})
        return [
            radar_chart(axes, 4, title="r", score_label="s", target_label="t"),
            bar_chart([BarRow("a", Fraction(7, 3), 2)], 4, title="b"),
            heat_map(rows, columns, 4, title="h"),
        ]

    first, second = build(), build()
    assert first == second
    assert all(isinstance(svg, str) for svg in first)


def test_distinct_charts_get_distinct_ids():
    one = parse(bar_chart([BarRow("a", 1, 2)], 4, title="one"))
    two = parse(bar_chart([BarRow("a", 1, 2)], 4, title="two"))
    assert one[0].get("id") != two[0].get("id")
