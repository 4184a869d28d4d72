"""Errors said once for a whole framework file, however many elements share their cause.

A typo in a pillar key, or a key YAML read as true/false, would otherwise produce one error for
every element that refers to it, burying the cause. `Mentions` records the references to each
kind of key and reports an unknown one once, at its first use, with the lines of the others; a
reference to a key that was declared but invalid is silent (the declaration has its own error).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from lib.yaml_lines import Path_

MSG_ALSO_USED = "{message} (also used at {where})"
MSG_QUOTE_BOOL = "write '{text}' in quotes: YAML reads it as true/false"
MSG_QUOTE_NUMBER = "write '{text}' in quotes: YAML reads it as a number"
MSG_QUOTE_DATE = "write '{text}' in quotes: YAML reads it as a date"


def quote_hint(value: Any, source: str | None) -> str | None:
    """The fix when YAML read an unquoted value as something else than a text, else None."""
    if source is None:
        return None
    if isinstance(value, bool):
        return MSG_QUOTE_BOOL.format(text=source)
    if isinstance(value, int | float):
        return MSG_QUOTE_NUMBER.format(text=source)
    return MSG_QUOTE_DATE.format(text=source)


def hashable(value: Any) -> bool:
    return isinstance(value, Hashable)


class Mentions:
    """References to keys declared elsewhere in the file, checked once the file is read."""

    def __init__(self) -> None:
        self.valid: dict[str, set] = {}
        self.invalid: dict[str, set] = {}
        self.uses: dict[tuple[str, Any], list[Path_]] = {}

    def declare(self, kind: str, valid: set, declared: list[Any]) -> None:
        """Keys of one kind: the valid ones, and every value written (invalid ones included)."""
        self.valid[kind] = set(valid)
        self.invalid[kind] = {value for value in declared if hashable(value)} - set(valid)

    def use(self, kind: str, value: Any, path: Path_) -> bool:
        """Record a reference; True when it names a valid key."""
        if hashable(value) and value in self.valid.get(kind, set()):
            return True
        if hashable(value) and value not in self.invalid.get(kind, set()):
            self.uses.setdefault((kind, value), []).append(path)
        return False

    def unknown(self, kind: str) -> bool:
        """Whether any reference of this kind names a key declared nowhere."""
        return any(k == kind for k, _ in self.uses)

    def report(
        self,
        kind: str,
        message: str,
        error: Callable[[Path_, str], None],
        line: Callable[[Path_], int | None],
    ) -> None:
        """One error per unknown key of this kind, at its first use."""
        for (use_kind, value), paths in self.uses.items():
            if use_kind != kind:
                continue
            text = message.format(value=value)
            others = [str(line(path)) for path in paths[1:]]
            if others:
                where = ("line " if len(others) == 1 else "lines ") + ", ".join(others)
                text = MSG_ALSO_USED.format(message=text, where=where)
            error(paths[0], text)
