"""Checking a parsed framework file and building its canonical document.

`FrameworkValidator` walks the plain data read from YAML, collects every error with the line it
comes from, and builds the *document*: the canonical dict the import service writes and the export
selector produces again. It walks the top of the file, the scale, scoping questions, pillars and
dimensions itself; the checks of each construct are in the modules it builds on: `elements`
(single fields), `meta` (links, references, `replaces`), `questions` (what every question has),
`choices` (options, by stage or points), `checklists` (items and scoring), `sections` (a
dimension's questions or sections), `gates` and `scoring_rules`.
"""

from __future__ import annotations

import re
from typing import Any

from lib.yaml_lines import Path_

from ..references import REFERENCES
from ..translation import CONTENT_LANGUAGES

# The names below stay importable from here, where they were first defined.
from .checklists import (  # noqa: F401
    CHECKLIST,
    MAX_ITEMS,
    MIN_ITEMS,
    MSG_CHECKLIST_SCORING,
    MSG_ITEM_COUNT,
    MSG_ITEM_LIST,
    MSG_MIN_TICKED,
    MSG_NO_FALLBACK,
    MSG_OPTIONS_ON_CHECKLIST,
    MSG_RULE_AFTER_FALLBACK,
    MSG_RULES_EMPTY,
    MSG_UNKNOWN_ITEM,
    RULE_CONDITIONS,
    SHARE,
)
from .choices import (  # noqa: F401
    MAX_OPTIONS,
    MIN_OPTIONS,
    MSG_ITEMS_ON_CHOICE,
    MSG_OPTION_COUNT,
    MSG_POINTS,
    MSG_POINTS_MIXED,
    MSG_RECOMMENDATION_MISSING,
    MSG_RECOMMENDATION_ON_TOP,
    MSG_SCORE_DESCENDING,
    MSG_SCORE_DISTINCT,
    MSG_SCORE_MISSING,
    MSG_SCORE_OR_POINTS,
    MSG_SCORE_ORDER,
    MSG_SCORING_ON_CHOICE,
)
from .elements import (  # noqa: F401
    _MISSING,
    KEY_PATTERN,
    MSG_DUPLICATE_FIELD,
    MSG_DUPLICATE_KEY,
    MSG_EMPTY_LIST,
    MSG_EXPECTED,
    MSG_KEY_FORMAT,
    MSG_ON_SCALE,
    MSG_REQUIRED,
    MSG_TEXT,
    MSG_TEXT_EMPTY,
    MSG_UNKNOWN_FIELD,
    MSG_WEIGHT,
    Context,
    ElementChecks,
    declared_keys,
)
from .gates import (  # noqa: F401
    MSG_GATE_CAPS,
    MSG_GATE_REQUIRES_NOTHING,
    MSG_GATE_STAGE_0,
    MSG_GATE_UNKNOWN,
    GateChecks,
)
from .questions import (  # noqa: F401
    MSG_APPLIES_IF_VALUE,
    MSG_AUDIENCE,
    MSG_DUPLICATE_ROLE,
    MSG_QUESTION_TYPE,
    MSG_UNKNOWN_ROLE,
    QUESTION_TYPES,
)
from .scoring_rules import (  # noqa: F401
    DEFAULT_CONSENSUS_THRESHOLD,
    DEFAULT_RULES,
    MSG_CONSENSUS_THRESHOLD,
    MSG_RULE,
    RULE_VALUES,
    ScoringRuleChecks,
)
from .sections import (  # noqa: F401
    MSG_EMPTY_SECTION,
    MSG_QUESTIONS_AND_SECTIONS,
    MSG_QUESTIONS_OR_SECTIONS,
    SectionChecks,
    dimension_questions,
)

STATUSES = ("draft", "published", "retired")
MIN_STAGES, MAX_STAGES = 2, 11

MSG_NOT_MAPPING = "expected a mapping at the top of the file"
MSG_STATUS = "expected one of draft, published, retired"
MSG_SCALE_SIZE = "expected 2 to 11 stages"
MSG_SCALE_ORDER = "expected stages numbered 0, 1, 2... in order"
MSG_VERSION_UNQUOTED = "write the version in quotes: {text} was read as the number {value}"
MSG_UNKNOWN_PILLAR = "unknown pillar {value!r}"
MSG_EMPTY_PILLAR = "pillar {key!r} has no dimensions"
MSG_UNKNOWN_SCOPING = "unknown scoping question {value!r}"
MSG_UNKNOWN_REFERENCE = "unknown reference {value!r}; see docs/framework-format.md"
MSG_LANGUAGES = "expected a list of the languages every text carries: [en], [fr] or [en, fr]"
MSG_LANGUAGE_UNKNOWN = "unknown language {value!r}: expected en or fr"
MSG_LANGUAGE_TWICE = "language {value!r} is listed twice"


class FrameworkValidator(SectionChecks, GateChecks, ScoringRuleChecks):
    """Walks parsed data, collecting every error and building the canonical document."""

    def finish(self) -> None:
        """Add the errors said once for the file, then put every error in line order."""
        self.report_descending()
        self.mentions.report("pillar", MSG_UNKNOWN_PILLAR, self.error, self.line)
        self.mentions.report("scoping", MSG_UNKNOWN_SCOPING, self.error, self.line)
        self.mentions.report("reference", MSG_UNKNOWN_REFERENCE, self.error, self.line)
        self.check_replaced_elsewhere()
        # Stable: errors on one line keep the order they were found in.
        self.errors.sort(key=lambda error: error.line or 0)

    # The document ---------------------------------------------------------------------------

    def framework(self, data: dict) -> dict[str, Any]:
        self.fields(
            data,
            (),
            ("slug", "version", "status", "title", "description", "scale", "pillars", "dimensions"),
            (
                "scoping",
                "consensus_threshold",
                "rules",
                "languages",
                "previous_version",
                "references",
                "gates",
            ),
        )
        # Read first: every text of the file is checked against it.
        self.languages = self.content_languages(data)
        slug = data.get("slug")
        if "slug" in data and (not isinstance(slug, str) or not KEY_PATTERN.match(slug)):
            self.error(("slug",), MSG_KEY_FORMAT.format(value=slug))
        version = data.get("version")
        source = self.sources.get(("version",))
        if isinstance(version, int | float) and not isinstance(version, bool) and source:
            if source != str(version):
                # 1.10 read as 1.1 would silently become another version.
                self.error(("version",), MSG_VERSION_UNQUOTED.format(text=source, value=version))
                version = None
        elif "version" in data and (
            not isinstance(version, str | int | float)
            or isinstance(version, bool)
            or not re.match(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$", str(version))
        ):
            self.error(("version",), MSG_EXPECTED.format(expected='a version such as "1.0"'))
        previous_version = self.previous_version(data, version)
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
        pillars_data = self.items(data, "pillars", ())
        pillars = [
            self.pillar(item, ("pillars", i), pillar_seen) for i, item in enumerate(pillars_data)
        ]
        self.mentions.declare("pillar", set(pillar_seen), declared_keys(pillars_data))
        self.mentions.declare("scoping", set(scoping_seen), declared_keys(data.get("scoping")))
        references, own_ids, own_declared = self.own_references(data)
        self.mentions.declare("reference", set(REFERENCES) | own_ids, own_declared)
        context = Context(max_stage, set(pillar_seen), set(scoping_seen))
        dimension_seen: dict[str, int] = {}
        dimensions = [
            self.dimension(item, ("dimensions", i), dimension_seen, context)
            for i, item in enumerate(self.items(data, "dimensions", ()))
        ]
        used_pillars = {d["pillar"] for d in dimensions if d and d.get("pillar")}
        # A dimension naming an unknown pillar may have meant any of the empty ones: say only that.
        for i, pillar in enumerate(pillars if not self.mentions.unknown("pillar") else []):
            if pillar and pillar["key"] and pillar["key"] not in used_pillars and dimensions:
                self.error(("pillars", i), MSG_EMPTY_PILLAR.format(key=pillar["key"]))
        gate_seen: dict[str, int] = {}
        gates = [
            self.gate(item, ("gates", i), gate_seen, context, set(pillar_seen), set(dimension_seen))
            for i, item in enumerate(self.items(data, "gates", (), allow_empty=True))
        ]
        self.finish()
        return {
            "slug": slug,
            "version": str(version) if version is not None else None,
            "previous_version": previous_version,
            "status": data.get("status"),
            "languages": list(self.languages),
            "title": self.text(data, "title", ()),
            "description": self.text(data, "description", ()),
            "scale": scale,
            "consensus_threshold": self.consensus_threshold(data),
            "rules": self.rules(data),
            "scoping": scoping,
            "references": references,
            "pillars": pillars,
            "dimensions": dimensions,
            "gates": gates,
        }

    def content_languages(self, data: dict) -> tuple[str, ...]:
        """The languages the file's texts carry, in the interface's order: both by default.

        A wrong list is one error, and nothing (`()`): the texts are then taken in whichever
        of the languages they are written, so that the one cause is not reported again.
        """
        value = data.get("languages", _MISSING)
        if value is _MISSING:
            return CONTENT_LANGUAGES
        path = ("languages",)
        if not isinstance(value, list) or not value:
            self.error(path, MSG_LANGUAGES)
            return ()
        seen: set[str] = set()
        valid = True
        for i, language in enumerate(value):
            if not isinstance(language, str) or language not in CONTENT_LANGUAGES:
                self.error((*path, i), MSG_LANGUAGE_UNKNOWN.format(value=language))
                valid = False
            elif language in seen:
                self.error((*path, i), MSG_LANGUAGE_TWICE.format(value=language))
                valid = False
            else:
                seen.add(language)
        if not valid:
            return ()
        return tuple(language for language in CONTENT_LANGUAGES if language in seen)

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
        self, data: Any, path: Path_, seen: dict[str, int], context: Context
    ) -> dict | None:
        required = ("key", "pillar", "title", "description", "weight", "target")
        if self.fields(data, path, required, ("questions", "sections", "replaces")) is None:
            return None
        key = self.key(data, path, seen)
        pillar = data.get("pillar")
        if "pillar" in data:
            self.mentions.use("pillar", pillar, (*path, "pillar"))
        target = (
            self.stage(data["target"], (*path, "target"), context.max_stage)
            if "target" in data
            else None
        )
        document = {
            "key": key,
            "pillar": pillar,
            "title": self.text(data, "title", path),
            "description": self.text(data, "description", path),
            "weight": self.weight(data, path),
            "target": target,
            "replaces": self.replaces(data, path, "dimension"),
        }
        return {**document, **self.dimension_content(data, path, context)}
