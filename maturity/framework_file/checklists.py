"""Checks of a checklist question: its items, ticked independently, and how it is scored.

A "tick all that apply" question (docs/framework-format.md, "Checklist questions") lists 2 to 12
items and is scored by `share` (ticked weight over applicable weight, times the top stage) or by
ordered rules, the last one without a condition. `ChecklistChecks` adds them to
`QuestionChecks`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lib.yaml_lines import Path_

from .elements import Context, declared_keys
from .questions import CHECKLIST, QUESTION_OPTIONAL, QUESTION_REQUIRED, QuestionChecks

MIN_ITEMS, MAX_ITEMS = 2, 12
# A checklist's default scoring: ticked weight over applicable weight, times M.
SHARE = "share"
RULE_CONDITIONS = ("all", "any", "min_ticked")

MSG_OPTIONS_ON_CHECKLIST = "a checklist question takes items, not options"
MSG_ITEM_COUNT = "expected 2 to 12 items, got {count}"
MSG_CHECKLIST_SCORING = "expected share, or a mapping with rules"
MSG_RULES_EMPTY = "expected at least one rule, the last one without a condition"
MSG_UNKNOWN_ITEM = "unknown item {value!r} of this question"
MSG_RULE_AFTER_FALLBACK = (
    "a rule after the one without a condition is never reached: put the fallback last"
)
MSG_NO_FALLBACK = "the last rule must have no condition (the fallback stage)"
MSG_MIN_TICKED = "expected a whole number from 1 to the number of items ({count})"
MSG_ITEM_LIST = "expected a non-empty list of item keys"


class ChecklistChecks(QuestionChecks):
    """A checklist question, its items and its scoring."""

    def checklist_question(self, data: dict, path: Path_, context: Context) -> dict | None:
        """A "tick all that apply" question: items ticked independently, scored by `scoring`."""
        if "options" in data:
            self.error((*path, "options"), MSG_OPTIONS_ON_CHECKLIST)
        required = (*QUESTION_REQUIRED, "items")
        optional = (*QUESTION_OPTIONAL, "scoring", "options")
        if self.fields(data, path, required, optional) is None:
            return None
        items_data = self.items(data, "items", path)
        if isinstance(data.get("items"), list) and not (MIN_ITEMS <= len(items_data) <= MAX_ITEMS):
            self.error((*path, "items"), MSG_ITEM_COUNT.format(count=len(items_data)))
        key = self.key(data, path, context.question_keys)
        text = self.text(data, "text", path)
        item_seen: dict[str, int] = {}
        items = [
            self.checklist_item(item, (*path, "items", i), item_seen)
            for i, item in enumerate(items_data)
        ]
        declared = {k for k in declared_keys(items_data) if isinstance(k, str)}
        return {
            "key": key,
            "type": CHECKLIST,
            "text": text,
            **self.question_fields(data, path, context),
            "items": items,
            "scoring": self.checklist_scoring(data, path, declared, len(items_data), context),
        }

    def checklist_item(self, data: Any, path: Path_, seen: dict[str, int]) -> dict | None:
        required = ("key", "label", "recommendation")
        if self.fields(data, path, required, ("weight", "allow_na", "links")) is None:
            return None
        return {
            "key": self.key(data, path, seen),
            "label": self.text(data, "label", path),
            "weight": self.weight(data, path, default=Decimal(1)),
            "allow_na": self.boolean(data, "allow_na", path, False),
            "recommendation": self.text(data, "recommendation", path),
            "links": self.links(data, path),
        }

    def checklist_scoring(
        self, data: dict, path: Path_, items: set[str], count: int, context: Context
    ) -> str | dict | None:
        """`share` (the default), or ordered rules ending with one without a condition."""
        value = data.get("scoring", SHARE)
        path = (*path, "scoring")
        if value == SHARE:
            return SHARE
        if not isinstance(value, dict):
            self.error(path, MSG_CHECKLIST_SCORING)
            return None
        self.fields(value, path, ("rules",))
        rules_data = value.get("rules")
        if not isinstance(rules_data, list) or not rules_data:
            self.error((*path, "rules"), MSG_RULES_EMPTY)
            return None
        rules = []
        fallback_seen = False
        for i, rule_data in enumerate(rules_data):
            rule_path = (*path, "rules", i)
            rule = self.checklist_rule(rule_data, rule_path, items, count, context)
            if rule is None:
                rules.append(None)
                continue
            if fallback_seen:
                self.error(rule_path, MSG_RULE_AFTER_FALLBACK)
            if len(rule) == 1:
                fallback_seen = True
            rules.append(rule)
        last = rules_data[-1]
        if (
            isinstance(last, dict)
            and any(c in last for c in RULE_CONDITIONS)
            and not (fallback_seen)
        ):
            self.error((*path, "rules", len(rules_data) - 1), MSG_NO_FALLBACK)
        return {"rules": rules}

    def checklist_rule(
        self, data: Any, path: Path_, items: set[str], count: int, context: Context
    ) -> dict | None:
        if self.fields(data, path, ("stage",), RULE_CONDITIONS) is None:
            return None
        rule: dict[str, Any] = {
            "stage": self.stage(data["stage"], (*path, "stage"), context.max_stage)
            if "stage" in data
            else None
        }
        for condition in ("all", "any"):
            if condition not in data:
                continue
            keys = data[condition]
            if not isinstance(keys, list) or not keys:
                self.error((*path, condition), MSG_ITEM_LIST)
                continue
            for i, key in enumerate(keys):
                if key not in items:
                    self.error((*path, condition, i), MSG_UNKNOWN_ITEM.format(value=key))
            rule[condition] = list(keys)
        if "min_ticked" in data:
            value = data["min_ticked"]
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= count:
                self.error((*path, "min_ticked"), MSG_MIN_TICKED.format(count=count))
            rule["min_ticked"] = value
        return rule
