"""The one rule for showing a score: exact values in, rounded text out.

Scores are exact (``fractions.Fraction``) everywhere; they are rounded only here, half away from
zero, so the results page, the exports, the charts and the PDF can never disagree on a figure.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

# What an unscored value shows (an en dash), everywhere a score would be.
UNSCORED = "–"
SCORE_PLACES = 2


def round_half_up(value: Fraction | int, places: int = SCORE_PLACES) -> Decimal:
    """Round an exact value to places decimals, halves away from zero, for display or export.

    The rounding is done on the exact Fraction, so 2.345 gives 2.35 (binary floats would give
    2.34 for lack of an exact 2.345).
    """
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    exact = Fraction(value)
    units = math.floor(abs(exact) * 10**places + Fraction(1, 2))
    # A value rounding to zero keeps a positive sign: "-0.00" would only confuse readers.
    sign = 1 if exact < 0 and units else 0
    return Decimal((sign, tuple(int(digit) for digit in str(units)), -places))


def format_score(value: Fraction | int | None) -> str:
    """A score as shown everywhere: two decimals, rounded half up; a dash when unscored."""
    if value is None:
        return UNSCORED
    return f"{round_half_up(Fraction(value), SCORE_PLACES):.{SCORE_PLACES}f}"


def format_percent(value: Fraction | None) -> str:
    """A share (0 to 1) as a whole percentage, rounded half up; a dash when unknown."""
    if value is None:
        return UNSCORED
    return f"{round_half_up(value * 100, 0):.0f} %"
