"""Checks of a framework's gates: stages held until other practices give evidence.

A gate holds a pillar, a dimension or the whole result below the stage it guards until the
dimensions and questions it requires reach a stage (docs/framework-format.md, "Gates").
`GateChecks` adds them to `ElementChecks`; the validator calls them once every dimension and
question key is known.
"""

from __future__ import annotations

from typing import Any

from lib.yaml_lines import Path_

from .elements import MSG_EXPECTED, Context, ElementChecks

MSG_GATE_CAPS = "expected one of {pillar: KEY}, {dimension: KEY} or {overall: true}"
MSG_GATE_UNKNOWN = "unknown {kind} {key!r}"
MSG_GATE_STAGE_0 = "a gate on stage 0 caps nothing: give the first stage that needs the evidence"
MSG_GATE_REQUIRES_NOTHING = "a gate requires 'dimensions', 'questions' or both"


class GateChecks(ElementChecks):
    """A gate: what it caps, the stage it guards, what that stage requires."""

    def gate(
        self,
        data: Any,
        path: Path_,
        seen: dict[str, int],
        context: Context,
        pillars: set[str],
        dimensions: set[str],
    ) -> dict | None:
        """A gate: the element it caps, the stage it guards, what that stage requires."""
        if self.fields(data, path, ("key", "caps", "stage", "requires", "reason")) is None:
            return None
        stage = None
        if "stage" in data:
            stage = self.stage(data["stage"], (*path, "stage"), context.max_stage)
            if stage == 0:
                self.error((*path, "stage"), MSG_GATE_STAGE_0)
                stage = None
        return {
            "key": self.key(data, path, seen),
            "caps": self.gate_caps(data.get("caps"), (*path, "caps"), pillars, dimensions)
            if "caps" in data
            else None,
            "stage": stage,
            "requires": self.gate_requires(
                data.get("requires"), (*path, "requires"), context, dimensions
            )
            if "requires" in data
            else None,
            "reason": self.text(data, "reason", path),
        }

    def gate_caps(
        self, value: Any, path: Path_, pillars: set[str], dimensions: set[str]
    ) -> dict | None:
        if not isinstance(value, dict) or len(value) != 1:
            self.error(path, MSG_GATE_CAPS)
            return None
        ((kind, key),) = value.items()
        known = {"pillar": pillars, "dimension": dimensions}
        if kind == "overall" and key is True:
            return {"overall": True}
        if kind not in known:
            self.error(path, MSG_GATE_CAPS)
            return None
        if key not in known[kind]:
            self.error((*path, kind), MSG_GATE_UNKNOWN.format(kind=kind, key=key))
            return None
        return {kind: key}

    def gate_requires(
        self, value: Any, path: Path_, context: Context, dimensions: set[str]
    ) -> dict | None:
        if self.fields(value, path, ("at_least",), ("dimensions", "questions")) is None:
            return None
        requires: dict[str, Any] = {}
        known = {"dimensions": dimensions, "questions": set(context.question_keys)}
        for field, kind in (("dimensions", "dimension"), ("questions", "question")):
            keys = value.get(field, [])
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                self.error((*path, field), MSG_EXPECTED.format(expected=f"a list of {kind} keys"))
                keys = []
            for i, key in enumerate(keys):
                if key not in known[field]:
                    self.error((*path, field, i), MSG_GATE_UNKNOWN.format(kind=kind, key=key))
            if keys:
                requires[field] = list(keys)
        if not requires and "dimensions" not in value and "questions" not in value:
            self.error(path, MSG_GATE_REQUIRES_NOTHING)
        if "at_least" in value:
            requires["at_least"] = self.stage(
                value["at_least"], (*path, "at_least"), context.max_stage
            )
        return requires
