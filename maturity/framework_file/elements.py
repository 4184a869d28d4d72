"""Checks on single elements of a framework file: fields, lists, texts, keys, weights, stages.

`ElementChecks` holds what every check needs (the line of each path, the source text of values
YAML read as booleans or numbers) and collects the errors; `FrameworkValidator` builds on it to
walk a whole framework.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from lib.yaml_lines import Path_, format_path

from ..translation import CONTENT_LANGUAGES
from .errors import FrameworkFileError
from .mentions import quote_hint

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MSG_REQUIRED = "missing required field '{field}'"
MSG_UNKNOWN_FIELD = "unknown field '{field}'"
MSG_DUPLICATE_FIELD = "field '{field}' appears twice"
MSG_EXPECTED = "expected {expected}"
MSG_TEXT = "expected a text in both languages, with exactly the keys 'en' and 'fr'"
# A one-language framework (`languages: [en]`): its texts carry exactly its language.
MSG_TEXT_ONE_LANGUAGE = (
    "expected a text in the framework's language, with exactly the key '{language}'"
)
MSG_TEXT_EMPTY = "the '{language}' text is empty"
MSG_KEY_FORMAT = (
    "invalid key {value!r}: use lowercase letters, digits, '-' and '_', 64 characters at most"
)
MSG_DUPLICATE_KEY = "duplicate key {key!r}, already used at line {line}"
MSG_EMPTY_LIST = "expected at least one item"
MSG_WEIGHT = "expected a weight greater than 0 with at most 2 decimals and below 10000"
MSG_ON_SCALE = "expected a whole number on the scale, 0 to {max_stage}"

_MISSING = object()


def two_decimals(
    value: Any, within: Callable[[Decimal], bool], *, texts: bool = False
) -> Decimal | None:
    """`value` as a number `within` its bounds with at most 2 decimals, else None.

    A boolean is not a number; a text is one only with `texts` (a weight may be quoted). The
    bounds are checked before the decimals, so a huge number is refused, not rounded.
    """
    types = int | float | str if texts else int | float
    if isinstance(value, bool) or not isinstance(value, types):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite() or not within(number):
        return None
    return number if number == number.quantize(Decimal("0.01")) else None


class ElementChecks:
    """Checks of single elements, collecting every error with its line."""

    def __init__(self, lines: dict[Path_, int], sources: dict[Path_, str] | None = None) -> None:
        self.lines = lines
        # The source text of unquoted values YAML read as booleans or numbers, for the hints.
        self.sources = sources or {}
        self.errors: list[FrameworkFileError] = []
        # The languages every text carries: the file's `languages`, both by default; empty
        # while the file's list is wrong.
        self.languages: tuple[str, ...] = CONTENT_LANGUAGES

    def line(self, path: Path_) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def error(self, path: Path_, message: str) -> None:
        self.errors.append(FrameworkFileError(self.line(path), format_path(path), message))

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
        languages = self.languages
        if not languages and isinstance(value, dict) and set(value) <= set(CONTENT_LANGUAGES):
            # The file's `languages` is wrong (reported once): any of them will do meanwhile.
            languages = tuple(language for language in CONTENT_LANGUAGES if language in value)
        if not isinstance(value, dict) or not languages or set(value) != set(languages):
            if len(languages) == 1:
                self.error(path, MSG_TEXT_ONE_LANGUAGE.format(language=languages[0]))
            else:
                self.error(path, MSG_TEXT)
            return None
        result = {}
        for language in languages:
            text = value[language]
            hint = quote_hint(text, self.sources.get((*path, language)))
            if hint or not isinstance(text, str) or not text.strip():
                self.error((*path, language), hint or MSG_TEXT_EMPTY.format(language=language))
                continue
            result[language] = text.strip()
        return result if len(result) == len(languages) else None

    def key(self, data: dict, path: Path_, seen: dict[str, int] | None = None) -> str | None:
        value = data.get("key", _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            hint = quote_hint(value, self.sources.get((*path, "key")))
            self.error((*path, "key"), hint or MSG_KEY_FORMAT.format(value=value))
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
        weight = two_decimals(value, lambda weight: 0 < weight < 10000, texts=True)
        if weight is None:
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


def declared_keys(items: Any) -> list[Any]:
    """The `key` written on each item of a list, valid or not."""
    items = items if isinstance(items, list) else []
    return [item.get("key") for item in items if isinstance(item, dict)]


class Context:
    """What later parts of a file are checked against."""

    def __init__(self, max_stage: int | None, pillars: set[str], scoping: set[str]) -> None:
        self.max_stage = max_stage
        self.pillars = pillars
        self.scoping = scoping
        self.question_keys: dict[str, int] = {}
        self.section_keys: dict[str, int] = {}
