"""Server-side SVG charts for assessment results: the radar, the bars and the heat map.

The same markup is inlined in the HTML results page and rendered by WeasyPrint in the PDF, so a
chart looks the same in both. Every chart has ``role="img"``, a ``<title>`` and a ``<desc>``, a
``viewBox`` and ``width="100%"``; output is deterministic, and all caller-provided text is escaped,
so callers may wrap the returned string with ``mark_safe``.

Scores are :class:`fractions.Fraction` or ``int`` on the framework scale ``0..max_stage``, or
``None`` when unscored. Pure: standard library only, no Django.
"""

from __future__ import annotations

from .bars import BarRow, bar_chart
from .heat_map import HEAT_KINDS, HeatCell, HeatColumn, HeatRow, heat_map
from .primitives import stage_color
from .radar import RadarAxis, radar_chart

__all__ = [
    "HEAT_KINDS",
    "BarRow",
    "HeatCell",
    "HeatColumn",
    "HeatRow",
    "RadarAxis",
    "bar_chart",
    "heat_map",
    "radar_chart",
    "stage_color",
]
