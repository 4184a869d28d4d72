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

from lib.yaml_lines import Path_

from ..references import REFERENCES
from ..roles import RESPONDENT_ROLES
from ..translation import CONTENT_LANGUAGES

# The element-level names stay importable from here, where they were first defined.
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
    ElementChecks,
)
from .mentions import Mentions
from .meta import MetaChecks

STATUSES = ("draft", "published", "retired")
MIN_OPTIONS, MAX_OPTIONS = 2, 7
MIN_STAGES, MAX_STAGES = 2, 11
MIN_ITEMS, MAX_ITEMS = 2, 12
QUESTION_TYPES = ("choice", "checklist")
CHECKLIST = "checklist"
# A checklist's default scoring: ticked weight over applicable weight, times M.
SHARE = "share"
RULE_CONDITIONS = ("all", "any", "min_ticked")

MSG_NOT_MAPPING = "expected a mapping at the top of the file"
MSG_STATUS = "expected one of draft, published, retired"
MSG_SCALE_SIZE = "expected 2 to 11 stages"
MSG_SCALE_ORDER = "expected stages numbered 0, 1, 2... in order"
MSG_OPTION_COUNT = "expected 2 to 7 options, got {count}"
MSG_SCORE_ORDER = "expected scores in ascending order"
MSG_SCORE_DISTINCT = "scores must be distinct"
MSG_SCORE_DESCENDING = (
    "options are in descending order of score in {count} {questions}:"
    " list them from the lowest score to the highest"
)
MSG_VERSION_UNQUOTED = "write the version in quotes: {text} was read as the number {value}"
MSG_SCORE_OR_POINTS = "give the option a score (a stage) or points, not both"
MSG_SCORE_MISSING = "missing required field 'score' (a stage) or 'points'"
MSG_POINTS = "expected points: a number of 0 or more with at most 2 decimals and below 100000"
MSG_POINTS_MIXED = "options of one question are all scored in stages ('score') or all in 'points'"
MSG_RECOMMENDATION_MISSING = "missing recommendation: every option but the top one needs one"
MSG_RECOMMENDATION_ON_TOP = "the top option takes no recommendation"
MSG_UNKNOWN_PILLAR = "unknown pillar {value!r}"
MSG_EMPTY_PILLAR = "pillar {key!r} has no dimensions"
MSG_UNKNOWN_SCOPING = "unknown scoping question {value!r}"
MSG_APPLIES_IF_VALUE = "expected true or false for scoping question {key!r}"
MSG_UNKNOWN_REFERENCE = "unknown reference {value!r}; see docs/framework-format.md"
MSG_CONSENSUS_THRESHOLD = "expected a share above 0 and at most 1, with at most 2 decimals (0.65)"
MSG_RULE = "expected bottom or no_value"
MSG_GATE_CAPS = "expected one of {pillar: KEY}, {dimension: KEY} or {overall: true}"
MSG_GATE_UNKNOWN = "unknown {kind} {key!r}"
MSG_GATE_STAGE_0 = "a gate on stage 0 caps nothing: give the first stage that needs the evidence"
MSG_GATE_REQUIRES_NOTHING = "a gate requires 'dimensions', 'questions' or both"
MSG_LANGUAGES = "expected a list of the languages every text carries: [en], [fr] or [en, fr]"
MSG_LANGUAGE_UNKNOWN = "unknown language {value!r}: expected en or fr"
MSG_LANGUAGE_TWICE = "language {value!r} is listed twice"
MSG_QUESTIONS_AND_SECTIONS = "a dimension has either 'questions' or 'sections', not both"
MSG_QUESTIONS_OR_SECTIONS = "missing required field 'questions' (or 'sections')"
MSG_EMPTY_SECTION = "a section needs at least one question"
MSG_UNKNOWN_ROLE = "unknown role {value!r}; expected one of " + ", ".join(RESPONDENT_ROLES)
MSG_AUDIENCE = "expected a non-empty list of role keys"
MSG_DUPLICATE_ROLE = "role {value!r} is listed twice"
# What "don't know" and an unanswered question are worth (docs/framework-format.md, "rules");
# files without the section (format 1.0) keep 1.0's rules.
RULE_VALUES = ("bottom", "no_value")
DEFAULT_RULES = {"dont_know": "bottom", "unanswered": "no_value"}
MSG_QUESTION_TYPE = "expected choice or checklist"
MSG_OPTIONS_ON_CHECKLIST = "a checklist question takes items, not options"
MSG_ITEMS_ON_CHOICE = "a choice question takes options, not items: add type: checklist"
MSG_ITEM_COUNT = "expected 2 to 12 items, got {count}"
MSG_CHECKLIST_SCORING = "expected share, or a mapping with rules"
MSG_SCORING_ON_CHOICE = "only a checklist question takes scoring"
MSG_RULES_EMPTY = "expected at least one rule, the last one without a condition"
MSG_UNKNOWN_ITEM = "unknown item {value!r} of this question"
MSG_RULE_AFTER_FALLBACK = (
    "a rule after the one without a condition is never reached: put the fallback last"
)
MSG_NO_FALLBACK = "the last rule must have no condition (the fallback stage)"
MSG_MIN_TICKED = "expected a whole number from 1 to the number of items ({count})"
MSG_ITEM_LIST = "expected a non-empty list of item keys"

# The consensus share below which a split question is a disagreement (docs/scoring.md); files
# written before the setting existed (framework format 1.0) get this default.
DEFAULT_CONSENSUS_THRESHOLD = Decimal("0.65")


class FrameworkValidator(MetaChecks):
    """Walks parsed data, collecting every error and building the canonical document."""

    def __init__(self, lines: dict[Path_, int], sources: dict[Path_, str] | None = None) -> None:
        super().__init__(lines, sources)
        self.mentions = Mentions()
        self.descending: list[Path_] = []

    def finish(self) -> None:
        """Add the errors said once for the file, then put every error in line order."""
        if self.descending:
            count = len(self.descending)
            noun = "question" if count == 1 else "questions"
            self.error(self.descending[0], MSG_SCORE_DESCENDING.format(count=count, questions=noun))
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
        self.mentions.declare("pillar", set(pillar_seen), _declared_keys(pillars_data))
        self.mentions.declare("scoping", set(scoping_seen), _declared_keys(data.get("scoping")))
        references, own_ids, own_declared = self.own_references(data)
        self.mentions.declare("reference", set(REFERENCES) | own_ids, own_declared)
        context = _Context(max_stage, set(pillar_seen), set(scoping_seen))
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

    def gate(
        self,
        data: Any,
        path: Path_,
        seen: dict[str, int],
        context: _Context,
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
        self, value: Any, path: Path_, context: _Context, dimensions: set[str]
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
        if "questions" in data and "sections" in data:
            self.error((*path, "sections"), MSG_QUESTIONS_AND_SECTIONS)
        elif "sections" in data:
            document["sections"] = [
                self.section(item, (*path, "sections", i), context)
                for i, item in enumerate(self.items(data, "sections", path))
            ]
            return document
        elif "questions" not in data:
            self.error(path, MSG_QUESTIONS_OR_SECTIONS)
        document["questions"] = self.questions(data, path, context)
        return document

    def section(self, data: Any, path: Path_, context: _Context) -> dict | None:
        """A named group of a dimension's questions; its key is unique within the framework."""
        optional = ("description", "scored")
        if self.fields(data, path, ("key", "title", "questions"), optional) is None:
            return None
        return {
            "key": self.key(data, path, context.section_keys),
            "title": self.text(data, "title", path),
            "description": self.text(data, "description", path, optional=True),
            "scored": self.boolean(data, "scored", path, False),
            "questions": self.questions(data, path, context, empty=MSG_EMPTY_SECTION),
        }

    def questions(
        self, data: dict, path: Path_, context: _Context, empty: str = MSG_EMPTY_LIST
    ) -> list[dict | None]:
        if data.get("questions") == []:
            self.error((*path, "questions"), empty)
            return []
        return [
            self.question(item, (*path, "questions", i), context)
            for i, item in enumerate(self.items(data, "questions", path))
        ]

    def question(self, data: Any, path: Path_, context: _Context) -> dict | None:
        optional = (
            "weight",
            "allow_na",
            "applies_if",
            "references",
            "links",
            "replaces",
            "audience",
        )
        kind = data.get("type", "choice") if isinstance(data, dict) else "choice"
        if kind not in QUESTION_TYPES:
            # Which fields it needs depends on the type: say only this.
            self.error((*path, "type"), MSG_QUESTION_TYPE)
            return None
        if kind == CHECKLIST:
            return self.checklist_question(data, path, context, (*optional, "type", "scoring"))
        if isinstance(data, dict) and "items" in data:
            self.error((*path, "items"), MSG_ITEMS_ON_CHOICE)
        if isinstance(data, dict) and "scoring" in data:
            self.error((*path, "scoring"), MSG_SCORING_ON_CHOICE)
        required = ("key", "text", "help", "options")
        optional = (*optional, "type", "items", "scoring")
        if self.fields(data, path, required, optional) is None:
            return None
        options_data = self.items(data, "options", path)
        if (
            "options" in data
            and isinstance(data["options"], list)
            and not (MIN_OPTIONS <= len(options_data) <= MAX_OPTIONS)
        ):
            self.error((*path, "options"), MSG_OPTION_COUNT.format(count=len(options_data)))
        key = self.key(data, path, context.question_keys)
        text = self.text(data, "text", path)
        option_seen: dict[str, int] = {}
        options = [
            self.option(item, (*path, "options", i), option_seen, context)
            for i, item in enumerate(options_data)
        ]
        scores = self.option_values(options, (*path, "options"))
        top = len(options) - 1
        if scores is not None and len(set(scores)) < len(scores):
            self.error((*path, "options"), MSG_SCORE_DISTINCT)
        elif scores is not None and len(scores) > 1:
            top = scores.index(max(scores))
            if all(b < a for a, b in itertools.pairwise(scores)):
                self.descending.append((*path, "options"))
            elif any(b < a for a, b in itertools.pairwise(scores)):
                self.error((*path, "options"), MSG_SCORE_ORDER)
        for i, item in enumerate(options_data):
            if isinstance(item, dict):
                self.recommendation(item, (*path, "options", i), is_top=i == top)
        return {
            "key": key,
            "text": text,
            "help": self.text(data, "help", path),
            "weight": self.weight(data, path, default=Decimal(1)),
            "allow_na": self.boolean(data, "allow_na", path, False),
            "applies_if": self.applies_if(data, path, context),
            "references": self.references(data, path),
            "links": self.links(data, path),
            "replaces": self.replaces(data, path, "question"),
            "audience": self.audience(data, path),
            "options": options,
        }

    def checklist_question(
        self, data: dict, path: Path_, context: _Context, optional: tuple[str, ...]
    ) -> dict | None:
        """A "tick all that apply" question: items ticked independently, scored by `scoring`."""
        if "options" in data:
            self.error((*path, "options"), MSG_OPTIONS_ON_CHECKLIST)
        required = ("key", "text", "help", "items")
        if self.fields(data, path, required, (*optional, "options")) is None:
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
        declared = {k for k in _declared_keys(items_data) if isinstance(k, str)}
        return {
            "key": key,
            "type": CHECKLIST,
            "text": text,
            "help": self.text(data, "help", path),
            "weight": self.weight(data, path, default=Decimal(1)),
            "allow_na": self.boolean(data, "allow_na", path, False),
            "applies_if": self.applies_if(data, path, context),
            "references": self.references(data, path),
            "links": self.links(data, path),
            "replaces": self.replaces(data, path, "question"),
            "audience": self.audience(data, path),
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
        self, data: dict, path: Path_, items: set[str], count: int, context: _Context
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
        self, data: Any, path: Path_, items: set[str], count: int, context: _Context
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
            if not self.mentions.use("scoping", key, (*path, key)):
                continue
            if not isinstance(answer, bool):
                self.error((*path, key), MSG_APPLIES_IF_VALUE.format(key=key))
        return dict(value)

    def audience(self, data: dict, path: Path_) -> list[str] | None:
        """The roles a question is asked of, in the file's order; None: asked of everyone."""
        value = data.get("audience", _MISSING)
        path = (*path, "audience")
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not value:
            self.error(path, MSG_AUDIENCE)
            return None
        roles: list[str] = []
        for i, role in enumerate(value):
            if not isinstance(role, str) or role not in RESPONDENT_ROLES:
                self.error((*path, i), MSG_UNKNOWN_ROLE.format(value=role))
            elif role in roles:
                self.error((*path, i), MSG_DUPLICATE_ROLE.format(value=role))
            else:
                roles.append(role)
        return roles

    def references(self, data: dict, path: Path_) -> list[str]:
        value = data.get("references", [])
        path = (*path, "references")
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, MSG_EXPECTED.format(expected="a list of reference ids"))
            return []
        for i, reference in enumerate(value):
            self.mentions.use("reference", reference, (*path, i))
        return list(value)

    def option(
        self, data: Any, path: Path_, seen: dict[str, int], context: _Context
    ) -> dict | None:
        optional = ("score", "points", "recommendation", "links")
        if self.fields(data, path, ("key", "label"), optional) is None:
            return None
        option = {"key": self.key(data, path, seen)}
        if "score" in data and "points" in data:
            self.error(path, MSG_SCORE_OR_POINTS)
            option["score"] = None
        elif "points" in data:
            option["points"] = self.points(data["points"], (*path, "points"))
        elif "score" in data:
            option["score"] = self.stage(data["score"], (*path, "score"), context.max_stage)
        else:
            self.error(path, MSG_SCORE_MISSING)
            option["score"] = None
        option["label"] = self.text(data, "label", path)
        option["recommendation"] = self.text(data, "recommendation", path, optional=True)
        option["links"] = self.links(data, path)
        return option

    def points(self, value: Any, path: Path_) -> Decimal | None:
        try:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidOperation
            points = Decimal(str(value))
        except InvalidOperation:
            points = None
        if (
            points is None
            or not points.is_finite()
            or not 0 <= points < 100000
            or points != points.quantize(Decimal("0.01"))
        ):
            self.error(path, MSG_POINTS)
            return None
        # 5 and 5.0 are the same points: kept whole, so the writer gives 5 back.
        return points.quantize(Decimal(1)) if points == points.to_integral_value() else points

    def option_values(self, options: list[dict | None], path: Path_) -> list[Decimal] | None:
        """The options' scores or points, in order, once every one is valid and of one kind."""
        if not options or any(option is None for option in options):
            return None
        values = [option.get("points", option.get("score")) for option in options]
        if any(value is None for value in values):
            return None  # each bad value is reported on its own line: no cascade from it
        if len({"points" in option for option in options}) > 1:
            self.error(path, MSG_POINTS_MIXED)
            return None
        return [Decimal(value) for value in values]

    def recommendation(self, data: dict, path: Path_, *, is_top: bool) -> None:
        """Every option but the top-scored one takes a recommendation, wherever it is listed."""
        if is_top and "recommendation" in data:
            self.error((*path, "recommendation"), MSG_RECOMMENDATION_ON_TOP)
        elif not is_top and "recommendation" not in data:
            self.error(path, MSG_RECOMMENDATION_MISSING)


def dimension_questions(dimension: dict[str, Any]) -> list[dict[str, Any]]:
    """A dimension document's questions in order, whether listed directly or in sections."""
    if "sections" in dimension:
        return [q for section in dimension["sections"] if section for q in section["questions"]]
    return list(dimension["questions"])


def _declared_keys(items: Any) -> list[Any]:
    """The `key` written on each item of a list, valid or not."""
    items = items if isinstance(items, list) else []
    return [item.get("key") for item in items if isinstance(item, dict)]


class _Context:
    """What later parts of a file are checked against."""

    def __init__(self, max_stage: int | None, pillars: set[str], scoping: set[str]) -> None:
        self.max_stage = max_stage
        self.pillars = pillars
        self.scoping = scoping
        self.question_keys: dict[str, int] = {}
        self.section_keys: dict[str, int] = {}
