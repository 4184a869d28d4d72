"""Checks of a framework's scoring settings: its rules and its consensus threshold.

The rules say what "don't know" and an unanswered question are worth (docs/framework-format.md,
the section on rules); the threshold is the consensus share below which a split question is a
disagreement (docs/scoring.md). `ScoringRuleChecks` adds them to `ElementChecks`.
"""

from __future__ import annotations

from decimal import Decimal

from .elements import _MISSING, ElementChecks, two_decimals

# What "don't know" and an unanswered question are worth (docs/framework-format.md, "rules");
# files without the section (format 1.0) keep 1.0's rules.
RULE_VALUES = ("bottom", "no_value")
DEFAULT_RULES = {"dont_know": "bottom", "unanswered": "no_value"}
# The consensus share below which a split question is a disagreement (docs/scoring.md); files
# written before the setting existed (framework format 1.0) get this default.
DEFAULT_CONSENSUS_THRESHOLD = Decimal("0.65")

MSG_RULE = "expected bottom or no_value"
MSG_CONSENSUS_THRESHOLD = "expected a share above 0 and at most 1, with at most 2 decimals (0.65)"


class ScoringRuleChecks(ElementChecks):
    """The framework's `rules` and `consensus_threshold`, each given or its default."""

    def rules(self, data: dict) -> dict[str, str]:
        """The scoring rules, each given or 1.0's default; a wrong value is an error."""
        rules = dict(DEFAULT_RULES)
        given = data.get("rules", _MISSING)
        if given is _MISSING or self.fields(given, ("rules",), (), tuple(DEFAULT_RULES)) is None:
            return rules
        for name in DEFAULT_RULES:
            if name not in given:
                continue
            if given[name] in RULE_VALUES:
                rules[name] = given[name]
            else:
                self.error(("rules", name), MSG_RULE)
        return rules

    def consensus_threshold(self, data: dict) -> Decimal | None:
        value = data.get("consensus_threshold", _MISSING)
        if value is _MISSING:
            return DEFAULT_CONSENSUS_THRESHOLD
        share = two_decimals(value, lambda share: 0 < share <= 1)
        if share is None:
            self.error(("consensus_threshold",), MSG_CONSENSUS_THRESHOLD)
            return None
        return share.quantize(Decimal("0.01"))
