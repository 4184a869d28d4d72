"""Writing a canonical framework document back as YAML, in the documented layout."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from ..translation import CONTENT_LANGUAGES
from .scoring_rules import DEFAULT_RULES


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
        # Format 2.0's links and mapping: written only when present, so 1.0 files stay as they were.
        if q.get("links"):
            out["links"] = q["links"]
        if q.get("replaces"):
            out["replaces"] = q["replaces"]
        if q.get("audience") is not None:
            out["audience"] = list(q["audience"])
        if q.get("type") == "checklist":
            out["items"] = [
                {
                    **{k: v for k, v in item.items() if not (k == "links" and not v)},
                    "weight": weight(item["weight"]),
                }
                for item in q["items"]
            ]
            out["scoring"] = q["scoring"]
            return out
        out["options"] = [
            {
                k: weight(v) if k == "points" else v
                for k, v in option.items()
                if not (k == "recommendation" and v is None) and not (k == "links" and not v)
            }
            for option in q["options"]
        ]
        return out

    def section(s: dict) -> dict:
        out: dict[str, Any] = {"key": s["key"], "title": s["title"]}
        if s["description"] is not None:
            out["description"] = s["description"]
        if s["scored"]:
            out["scored"] = True
        out["questions"] = [question(q) for q in s["questions"]]
        return out

    def dimension(d: dict) -> dict:
        out = {
            k: v
            for k, v in d.items()
            if k not in ("questions", "sections") and not (k == "replaces" and not v)
        }
        out["weight"] = weight(d["weight"])
        if "sections" in d:
            out["sections"] = [section(s) for s in d["sections"]]
        else:
            out["questions"] = [question(q) for q in d["questions"]]
        return out

    def reference(r: dict) -> dict:
        return {k: v for k, v in r.items() if not (k == "url" and v is None)}

    out = {k: document[k] for k in ("slug", "version")}
    if document.get("previous_version"):
        out["previous_version"] = document["previous_version"]
    out["status"] = document["status"]
    if tuple(document["languages"]) != CONTENT_LANGUAGES:
        # Left out for a framework in both languages, so a 1.0 file reads back as it was written.
        out["languages"] = list(document["languages"])
    out |= {k: document[k] for k in ("title", "description", "scale")}
    out["consensus_threshold"] = float(document["consensus_threshold"])
    if document["rules"] != DEFAULT_RULES:
        # Left out when they are 1.0's rules, so a 1.0 file reads back as it was written.
        out["rules"] = dict(document["rules"])
    if document["scoping"]:
        out["scoping"] = [
            {k: v for k, v in s.items() if not (k == "help" and v is None)}
            for s in document["scoping"]
        ]
    if document.get("references"):
        out["references"] = [reference(r) for r in document["references"]]
    out["pillars"] = document["pillars"]
    out["dimensions"] = [dimension(d) for d in document["dimensions"]]
    if document.get("gates"):
        out["gates"] = document["gates"]
    return out


class _Dumper(yaml.SafeDumper):
    """Block style, with long texts kept readable."""

    def ignore_aliases(self, data: Any) -> bool:
        # The reader refuses aliases: a value met twice (a link shared by two options) is
        # written out twice, never as an anchor and an alias.
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        # Indent list items under their key, as the documentation's examples do.
        return super().increase_indent(flow, False)
