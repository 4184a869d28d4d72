"""Figures as text in the active language: `lib.formatting` rounds, Django's localisation
writes the number ("1.64" in English, "1,64" in French).

The machine figures of the exports (the CSV's scores, the JSON's exact and rounded values)
stay with a dot: only what a person reads goes through here.
"""

from __future__ import annotations

from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lib.formatting import SCORE_PLACES, UNSCORED, round_half_up


def score_text(value: Fraction | int | None) -> str:
    """A score as a reader sees it: two decimals, rounded half up, localised; a dash if none."""
    if value is None:
        return UNSCORED
    return number_format(round_half_up(Fraction(value), SCORE_PLACES), SCORE_PLACES)


def percent_text(value: Fraction | None) -> str:
    """A share (0 to 1) as a whole percentage, rounded half up, localised; a dash if unknown.

    "67%" in English, "67 %" in French (a plain space, the typography docs/glossary.md sets).
    """
    if value is None:
        return UNSCORED
    # The same message as the templates' {% blocktranslate %}{{ percent }}%{% endblocktranslate %}.
    return _("%(percent)s%%") % {"percent": number_format(round_half_up(value * 100, 0), 0)}


def label_text(label: object) -> str:
    """A label that precedes a value: "Leadership:" in English, "Direction :" in French."""
    return _("%(label)s:") % {"label": label}
