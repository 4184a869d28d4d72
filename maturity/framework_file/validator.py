"""Checking a parsed framework file and building its canonical document.

`FrameworkValidator` walks the plain data read from YAML, collects every error with the line it
comes from, and builds the *document*: the canonical dict the import service writes and the export
selector produces again.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lib.yaml_lines import Path_, format_path

from ..references import REFERENCES
from ..translation import CONTENT_LANGUAGES
from .errors import FrameworkFileError

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
STATUSES = ("draft", "published", "retired")
MIN_OPTIONS, MAX_OPTIONS = 2, 7
MIN_STAGES, MAX_STAGES = 2, 11

MSG_NOT_MAPPING = "expected a mapping at the top of the file"
# Element-level errors.
MSG_REQUIRED = "missing required field '{field}'"
MSG_UNKNOWN_FIELD = "unknown field '{field}'"
MSG_DUPLICATE_FIELD = "field '{field}' appears twice"
MSG_EXPECTED = "expected {expected}"
MSG_TEXT = "expected a text in both languages, with exactly the keys 'en' and 'fr'"
MSG_TEXT_EMPTY = "the '{language}' text is empty"
MSG_KEY_FORMAT = (
    "invalid key {value!r}: use lowercase letters, digits, '-' and '_', 64 characters at most"
)
MSG_DUPLICATE_KEY = "duplicate key {key!r}, already used at line {line}"
MSG_STATUS = "expected one of draft, published, retired"
MSG_EMPTY_LIST = "expected at least one item"
MSG_SCALE_SIZE = "expected 2 to 11 stages"
MSG_SCALE_ORDER = "expected stages numbered 0, 1, 2... in order"
MSG_WEIGHT = "expected a weight greater than 0 with at most 2 decimals and below 10000"
MSG_ON_SCALE = "expected a whole number on the scale, 0 to {max_stage}"
MSG_OPTION_COUNT = "expected 2 to 7 options, got {count}"
MSG_SCORE_ORDER = "expected scores in ascending order"
MSG_RECOMMENDATION_MISSING = "missing recommendation: every option but the top one needs one"
MSG_RECOMMENDATION_ON_TOP = "the top option takes no recommendation"
MSG_UNKNOWN_PILLAR = "unknown pillar {value!r}"
MSG_EMPTY_PILLAR = "pillar {key!r} has no dimensions"
MSG_UNKNOWN_SCOPING = "unknown scoping question {value!r}"
MSG_APPLIES_IF_VALUE = "expected true or false for scoping question {key!r}"
MSG_UNKNOWN_REFERENCE = "unknown reference {value!r}; see docs/framework-format.md"
MSG_CONSENSUS_THRESHOLD = "expected a share above 0 and at most 1, with at most 2 decimals (0.65)"

# The consensus share below which a split question is a disagreement (docs/scoring.md); files
# written before the setting existed (framework format 1.0) get this default.
DEFAULT_CONSENSUS_THRESHOLD = Decimal("0.65")


_MISSING = object()


class FrameworkValidator:
    """Walks parsed data, collecting every error and building the canonical document."""

    def __init__(self, lines: dict[Path_, int]) -> None:
        self.lines = lines
        self.errors: list[FrameworkFileError] = []

    # Helpers ------------------------------------------------------------------------------

    def error(self, path: Path_, message: str) -> None:
        line = None
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                break
        self.errors.append(FrameworkFileError(line, format_path(path), message))

    def fields(
        self, data: Any, path: Path_, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.error(path, MSG_EXPECTED.format(expected="a mapping"))
            return None
        for field in required:
            if field not in data:
                self.error(path, MSG_REQUIRED.format(field=field))
        for field in data:
            if field not in required and field not in optional:
                self.error((*path, field), MSG_UNKNOWN_FIELD.format(field=field))
        return data

    def items(self, data: dict, field: str, path: Path_, *, allow_empty: bool = False) -> list:
        value = data.get(field, _MISSING)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.error((*path, field), MSG_EXPECTED.format(expected="a list"))
            return []
        if not value and not allow_empty:
            self.error((*path, field), MSG_EMPTY_LIST)
        return value

    def text(self, data: dict, field: str, path: Path_, *, optional: bool = False) -> dict | None:
        value = data.get(field, _MISSING)
        if value is _MISSING:
            return None
        path = (*path, field)
        if optional and value is None:
            return None
        if not isinstance(value, dict) or set(value) != set(CONTENT_LANGUAGES):
            self.error(path, MSG_TEXT)
            return None
        result = {}
        for language in CONTENT_LANGUAGES:
            text = value[language]
            if not isinstance(text, str) or not text.strip():
                self.error((*path, language), MSG_TEXT_EMPTY.format(language=language))
                continue
            result[language] = text.strip()
        return result if len(result) == len(CONTENT_LANGUAGES) else None

    def key(self, data: dict, path: Path_, seen: dict[str, int] | None = None) -> str | None:
        value = data.get("key", _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            self.error((*path, "key"), MSG_KEY_FORMAT.format(value=value))
            return None
        if seen is not None:
            if value in seen:
                self.error((*path, "key"), MSG_DUPLICATE_KEY.format(key=value, line=seen[value]))
            else:
                seen[value] = self.lines.get((*path, "key"), 0)
        return value

    def weight(self, data: dict, path: Path_, default: Decimal | None = None) -> Decimal | None:
        value = data.get("weight", _MISSING)
        if value is _MISSING:
            return default
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise InvalidOperation
            weight = Decimal(str(value))
        except InvalidOperation:
            weight = None
        if (
            weight is None
            or not weight.is_finite()
            or weight <= 0
            or weight >= 10000
            or weight != weight.quantize(Decimal("0.01"))
        ):
            self.error((*path, "weight"), MSG_WEIGHT)
            return None
        return weight

    def stage(self, value: Any, path: Path_, max_stage: int | None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, MSG_ON_SCALE.format(max_stage=max_stage if max_stage else "M"))
            return None
        if max_stage is not None and not 0 <= value <= max_stage:
            self.error(path, MSG_ON_SCALE.format(max_stage=max_stage))
            return None
        return value

    def boolean(self, data: dict, field: str, path: Path_, default: bool | None) -> bool | None:
        value = data.get(field, default)
        if not isinstance(value, bool):
            self.error((*path, field), MSG_EXPECTED.format(expected="true or false"))
            return None
        return value

    # The document ---------------------------------------------------------------------------

    def framework(self, data: dict) -> dict[str, Any]:
        self.fields(
            data,
            (),
            ("slug", "version", "status", "title", "description", "scale", "pillars", "dimensions"),
            ("scoping", "consensus_threshold"),
        )
        slug = data.get("slug")
        if "slug" in data and (not isinstance(slug, str) or not KEY_PATTERN.match(slug)):
            self.error(("slug",), MSG_KEY_FORMAT.format(value=slug))
        version = data.get("version")
        if "version" in data and (
            not isinstance(version, str | int | float)
            or isinstance(version, bool)
            or not re.match(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$", str(version))
        ):
            self.error(("version",), MSG_EXPECTED.format(expected='a version such as "1.0"'))
        if "status" in data and data.get("status") not in STATUSES:
            self.error(("status",), MSG_STATUS)
        scale = [
            self.scale_stage(item, ("scale", i))
            for i, item in enumerate(self.items(data, "scale", ()))
        ]
        max_stage = self.check_scale(scale)
        scoping_seen: dict[str, int] = {}
        scoping = [
            self.scoping(item, ("scoping", i), scoping_seen)
            for i, item in enumerate(self.items(data, "scoping", (), allow_empty=True))
        ]
        pillar_seen: dict[str, int] = {}
        pillars = [
            self.pillar(item, ("pillars", i), pillar_seen)
            for i, item in enumerate(self.items(data, "pillars", ()))
        ]
        context = _Context(max_stage, set(pillar_seen), set(scoping_seen))
        dimension_seen: dict[str, int] = {}
        dimensions = [
            self.dimension(item, ("dimensions", i), dimension_seen, context)
            for i, item in enumerate(self.items(data, "dimensions", ()))
        ]
        used_pillars = {d["pillar"] for d in dimensions if d and d.get("pillar")}
        for i, pillar in enumerate(pillars):
            if pillar and pillar["key"] and pillar["key"] not in used_pillars and dimensions:
                self.error(("pillars", i), MSG_EMPTY_PILLAR.format(key=pillar["key"]))
        return {
            "slug": slug,
            "version": str(version) if version is not None else None,
            "status": data.get("status"),
            "title": self.text(data, "title", ()),
            "description": self.text(data, "description", ()),
            "scale": scale,
            "consensus_threshold": self.consensus_threshold(data),
            "scoping": scoping,
            "pillars": pillars,
            "dimensions": dimensions,
        }

    def consensus_threshold(self, data: dict) -> Decimal | None:
        value = data.get("consensus_threshold", _MISSING)
        if value is _MISSING:
            return DEFAULT_CONSENSUS_THRESHOLD
        try:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidOperation
            share = Decimal(str(value))
        except InvalidOperation:
            share = None
        if (
            share is None
            or not share.is_finite()
            or not 0 < share <= 1
            or share != share.quantize(Decimal("0.01"))
        ):
            self.error(("consensus_threshold",), MSG_CONSENSUS_THRESHOLD)
            return None
        return share.quantize(Decimal("0.01"))

    def scale_stage(self, data: Any, path: Path_) -> dict | None:
        if self.fields(data, path, ("stage", "name", "description")) is None:
            return None
        return {
            "stage": self.stage(data.get("stage"), (*path, "stage"), None)
            if "stage" in data
            else None,
            "name": self.text(data, "name", path),
            "description": self.text(data, "description", path),
        }

    def check_scale(self, scale: list[dict | None]) -> int | None:
        if not scale:
            return None
        if not MIN_STAGES <= len(scale) <= MAX_STAGES:
            self.error(("scale",), MSG_SCALE_SIZE)
            return None
        numbers = [stage["stage"] if stage else None for stage in scale]
        if numbers != list(range(len(scale))):
            self.error(("scale",), MSG_SCALE_ORDER)
            return None
        return len(scale) - 1

    def scoping(self, data: Any, path: Path_, seen: dict[str, int]) -> dict | None:
        if self.fields(data, path, ("key", "text", "default"), ("help",)) is None:
            return None
        return {
            "key": self.key(data, path, seen),
            "text": self.text(data, "text", path),
            "help": self.text(data, "help", path, optional=True),
            "default": self.boolean(data, "default", path, None) if "default" in data else None,
        }

    def pillar(self, data: Any, path: Path_, seen: dict[str, int]) -> dict | None:
        if self.fields(data, path, ("key", "title", "description")) is None:
            return None
        return {
            "key": self.key(data, path, seen),
            "title": self.text(data, "title", path),
            "description": self.text(data, "description", path),
        }

    def dimension(
        self, data: Any, path: Path_, seen: dict[str, int], context: _Context
    ) -> dict | None:
        required = ("key", "pillar", "title", "description", "weight", "target", "questions")
        if self.fields(data, path, required) is None:
            return None
        pillar = data.get("pillar")
        if "pillar" in data and pillar not in context.pillars:
            self.error((*path, "pillar"), MSG_UNKNOWN_PILLAR.format(value=pillar))
        target = (
            self.stage(data["target"], (*path, "target"), context.max_stage)
            if "target" in data
            else None
        )
        questions = [
            self.question(item, (*path, "questions", i), context)
            for i, item in enumerate(self.items(data, "questions", path))
        ]
        return {
            "key": self.key(data, path, seen),
            "pillar": pillar,
            "title": self.text(data, "title", path),
            "description": self.text(data, "description", path),
            "weight": self.weight(data, path),
            "target": target,
            "questions": questions,
        }

    def question(self, data: Any, path: Path_, context: _Context) -> dict | None:
        required = ("key", "text", "help", "options")
        optional = ("weight", "allow_na", "applies_if", "references")
        if self.fields(data, path, required, optional) is None:
            return None
        options_data = self.items(data, "options", path)
        if (
            "options" in data
            and isinstance(data["options"], list)
            and not (MIN_OPTIONS <= len(options_data) <= MAX_OPTIONS)
        ):
            self.error((*path, "options"), MSG_OPTION_COUNT.format(count=len(options_data)))
        option_seen: dict[str, int] = {}
        options = [
            self.option(
                item, (*path, "options", i), option_seen, context, is_top=i == len(options_data) - 1
            )
            for i, item in enumerate(options_data)
        ]
        scores = [option["score"] for option in options if option and option["score"] is not None]
        if len(scores) == len(options) and any(b <= a for a, b in itertools.pairwise(scores)):
            self.error((*path, "options"), MSG_SCORE_ORDER)
        return {
            "key": self.key(data, path, context.question_keys),
            "text": self.text(data, "text", path),
            "help": self.text(data, "help", path),
            "weight": self.weight(data, path, default=Decimal(1)),
            "allow_na": self.boolean(data, "allow_na", path, False),
            "applies_if": self.applies_if(data, path, context),
            "references": self.references(data, path),
            "options": options,
        }

    def applies_if(self, data: dict, path: Path_, context: _Context) -> dict[str, bool]:
        value = data.get("applies_if", {})
        path = (*path, "applies_if")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(
                path, MSG_EXPECTED.format(expected="a mapping of scoping keys to true/false")
            )
            return {}
        for key, answer in value.items():
            if key not in context.scoping:
                self.error((*path, key), MSG_UNKNOWN_SCOPING.format(value=key))
            elif not isinstance(answer, bool):
                self.error((*path, key), MSG_APPLIES_IF_VALUE.format(key=key))
        return dict(value)

    def references(self, data: dict, path: Path_) -> list[str]:
        value = data.get("references", [])
        path = (*path, "references")
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, MSG_EXPECTED.format(expected="a list of reference ids"))
            return []
        for i, reference in enumerate(value):
            if reference not in REFERENCES:
                self.error((*path, i), MSG_UNKNOWN_REFERENCE.format(value=reference))
        return list(value)

    def option(
        self, data: Any, path: Path_, seen: dict[str, int], context: _Context, *, is_top: bool
    ) -> dict | None:
        if self.fields(data, path, ("key", "score", "label"), ("recommendation",)) is None:
            return None
        recommendation = self.text(data, "recommendation", path, optional=True)
        if is_top and "recommendation" in data:
            self.error((*path, "recommendation"), MSG_RECOMMENDATION_ON_TOP)
        elif not is_top and "recommendation" not in data:
            self.error(path, MSG_RECOMMENDATION_MISSING)
        return {
            "key": self.key(data, path, seen),
            "score": self.stage(data["score"], (*path, "score"), context.max_stage)
            if "score" in data
            else None,
            "label": self.text(data, "label", path),
            "recommendation": recommendation,
        }


class _Context:
    """What later parts of a file are checked against."""

    def __init__(self, max_stage: int | None, pillars: set[str], scoping: set[str]) -> None:
        self.max_stage = max_stage
        self.pillars = pillars
        self.scoping = scoping
        self.question_keys: dict[str, int] = {}
