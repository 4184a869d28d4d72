"""Writing a canonical framework document back as YAML, in the documented layout."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from .validator import DEFAULT_RULES


def dump_framework(document: dict[str, Any]) -> str:
    """Write a canonical document as YAML in the documented layout."""
    return yaml.dump(
        _for_yaml(document), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )


def _for_yaml(document: dict[str, Any]) -> dict[str, Any]:
    def weight(value: Decimal) -> int | float:
        return int(value) if value == value.to_integral_value() else float(value)

    def question(q: dict) -> dict:
        out: dict[str, Any] = {"key": q["key"]}
        if q.get("type") == "checklist":
            out["type"] = "checklist"
        out |= {
            "text": q["text"],
            "help": q["help"],
            "weight": weight(q["weight"]),
            "allow_na": q["allow_na"],
        }
        if q["applies_if"]:
            out["applies_if"] = q["applies_if"]
        if q["references"]:
            out["references"] = q["references"]
        if q.get("type") == "checklist":
            out["items"] = [{**item, "weight": weight(item["weight"])} for item in q["items"]]
            out["scoring"] = q["scoring"]
            return out
        out["options"] = [
            {k: v for k, v in option.items() if not (k == "recommendation" and v is None)}
            for option in q["options"]
        ]
        return out

    out = {k: document[k] for k in ("slug", "version", "status", "title", "description", "scale")}
    out["consensus_threshold"] = float(document["consensus_threshold"])
    if document["rules"] != DEFAULT_RULES:
        # Left out when they are 1.0's rules, so a 1.0 file reads back as it was written.
        out["rules"] = dict(document["rules"])
    if document["scoping"]:
        out["scoping"] = [
            {k: v for k, v in s.items() if not (k == "help" and v is None)}
            for s in document["scoping"]
        ]
    out["pillars"] = document["pillars"]
    out["dimensions"] = [
        {
            **{k: v for k, v in d.items() if k != "questions"},
            "weight": weight(d["weight"]),
            "questions": [question(q) for q in d["questions"]],
        }
        for d in document["dimensions"]
    ]
    return out


class _Dumper(yaml.SafeDumper):
    """Block style, with long texts kept readable."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        # Indent list items under their key, as the documentation's examples do.
        return super().increase_indent(flow, False)
