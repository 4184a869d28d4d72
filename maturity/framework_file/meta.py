"""Checks of a framework's metadata: links, its own references, the mapping to an earlier version.

Format 2.0's optional constructs (docs/framework-format.md, "Links", "A framework's own
references", "Mapping to an earlier version"). `MetaChecks` adds them to `ElementChecks`; the
validator calls them while it walks the file. Pure Python: the check of replaced keys against the
stored earlier version is the import service's (it needs the database).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lib.yaml_lines import Path_

from ..references import REFERENCES
from .elements import _MISSING, KEY_PATTERN, MSG_EXPECTED, ElementChecks

MAX_URL_LENGTH = 2000
REPLACE_HOWS = ("kept", "reworded", "merged", "split")
REFERENCE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,63}$")
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")
# A host name or an IPv4 address, with an optional port: what a browser opens without surprise.
_HOST_PATTERN = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)

MSG_URL_TYPE = 'expected a link such as "https://example.org/page"'
MSG_URL_HTTP = "use https:// (links are https only)"
MSG_URL_SCHEME = "only https:// links are allowed, not {scheme!r}"
MSG_URL_CREDENTIALS = "a link must not carry a user name or password"
MSG_URL_NO_HOST = "a link needs a host name after https://"
MSG_URL_TOO_LONG = "a link is at most 2,000 characters long (this one has {length})"
MSG_URL_SPACES = "a link must not contain spaces or control characters"
MSG_REFERENCE_ID = (
    "invalid reference id {value!r}: use lowercase letters, digits and '-', '_', '.', ':', "
    "64 characters at most"
)
MSG_REFERENCE_BUILT_IN = (
    "reference id {value!r} is already in the built-in catalogue: cite it without declaring it, "
    "or choose another id"
)
MSG_REFERENCE_TWICE = "reference {value!r} is declared twice, first at line {line}"
MSG_REPLACES_HOW = "unknown how {value!r}: expected kept, reworded, merged or split"
MSG_REPLACES_TWICE = "{kind} key {key!r} is replaced twice here, first at line {line}"
MSG_REPLACES_ELSEWHERE = (
    "{kind} key {key!r} is already replaced at line {line}; only a split replaces one key by "
    "several (how: split on each)"
)
MSG_REPLACES_WITHOUT_PREVIOUS = (
    "replaces needs previous_version at the top of the file: the version whose keys it names"
)
MSG_PREVIOUS_VERSION = 'expected a version such as "1.0"'
MSG_PREVIOUS_IS_OWN = "previous_version {value!r} is this file's own version"
MSG_PREVIOUS_UNQUOTED = "write the version in quotes: {text} was read as the number {value}"


def url_problem(value: Any) -> str | None:
    """Why a link's address is refused, or None when it is a plain https address."""
    if not isinstance(value, str) or not value:
        return MSG_URL_TYPE
    if len(value) > MAX_URL_LENGTH:
        return MSG_URL_TOO_LONG.format(length=len(value))
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return MSG_URL_SPACES
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return MSG_URL_NO_HOST
    scheme = parts.scheme.lower()
    if scheme == "http":
        return MSG_URL_HTTP
    if scheme != "https":
        return MSG_URL_SCHEME.format(scheme=f"{scheme}:" if scheme else value[:20])
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return MSG_URL_CREDENTIALS
    host = parts.hostname or ""
    if not host or not _HOST_PATTERN.match(host) or (port is not None and port == 0):
        return MSG_URL_NO_HOST
    return None


class MetaChecks(ElementChecks):
    """Links, own references and `replaces`, with what is checked across the whole file."""

    def __init__(self, lines: dict[Path_, int], sources: dict[Path_, str] | None = None) -> None:
        super().__init__(lines, sources)
        # Whether the file names a previous version, valid or not (`replaces` needs one).
        self.previous_version_given = False
        # (kind, old key) -> [(line, how)] of every `replaces` entry, for keys replaced twice.
        self.replaced: dict[tuple[str, str], list[tuple[int, str | None, Path_]]] = {}

    def url(self, data: dict, path: Path_, *, optional: bool = False) -> str | None:
        value = data.get("url", _MISSING)
        if value is _MISSING or (optional and value is None):
            return None
        problem = url_problem(value)
        if problem:
            self.error((*path, "url"), problem)
            return None
        return value

    def links(self, data: dict, path: Path_) -> list[dict]:
        """An element's `links`: each an https address and a title in both languages."""
        links = []
        for i, item in enumerate(self.items(data, "links", path, allow_empty=True)):
            item_path = (*path, "links", i)
            if self.fields(item, item_path, ("url", "title")) is None:
                continue
            links.append(
                {"url": self.url(item, item_path), "title": self.text(item, "title", item_path)}
            )
        return links

    def previous_version(self, data: dict, version: Any) -> str | None:
        value = data.get("previous_version", _MISSING)
        if value is _MISSING:
            return None
        self.previous_version_given = True
        source = self.sources.get(("previous_version",))
        if isinstance(value, int | float) and not isinstance(value, bool) and source:
            if source != str(value):
                self.error(
                    ("previous_version",), MSG_PREVIOUS_UNQUOTED.format(text=source, value=value)
                )
                return None
            value = source
        if not isinstance(value, str) or not VERSION_PATTERN.match(value):
            self.error(("previous_version",), MSG_PREVIOUS_VERSION)
            return None
        if version is not None and value == str(version):
            self.error(("previous_version",), MSG_PREVIOUS_IS_OWN.format(value=value))
            return None
        return value

    def own_references(self, data: dict) -> tuple[list[dict], set[str], list[Any]]:
        """The framework's references: the document's list, the valid ids, every id written."""
        references = []
        seen: dict[str, int] = {}
        declared: list[Any] = []
        for i, item in enumerate(self.items(data, "references", (), allow_empty=True)):
            path = ("references", i)
            if self.fields(item, path, ("id", "title"), ("url",)) is None:
                continue
            reference_id = item.get("id", _MISSING)
            declared.append(reference_id if reference_id is not _MISSING else None)
            if reference_id is _MISSING:
                reference_id = None
            elif not isinstance(reference_id, str) or not REFERENCE_ID_PATTERN.match(reference_id):
                self.error((*path, "id"), MSG_REFERENCE_ID.format(value=reference_id))
                reference_id = None
            elif reference_id in REFERENCES:
                self.error((*path, "id"), MSG_REFERENCE_BUILT_IN.format(value=reference_id))
                reference_id = None
            elif reference_id in seen:
                self.error(
                    (*path, "id"),
                    MSG_REFERENCE_TWICE.format(value=reference_id, line=seen[reference_id]),
                )
            else:
                seen[reference_id] = self.lines.get((*path, "id"), 0)
            references.append(
                {
                    "id": reference_id,
                    "title": self.text(item, "title", path),
                    "url": self.url(item, path, optional=True),
                }
            )
        return references, set(seen), declared

    def replaces(self, data: dict, path: Path_, kind: str) -> list[dict]:
        """A dimension's or question's `replaces`: keys of the previous version, with how."""
        if "replaces" not in data:
            return []
        if not self.previous_version_given:
            self.error((*path, "replaces"), MSG_REPLACES_WITHOUT_PREVIOUS)
        entries = []
        here: dict[str, int] = {}
        for i, item in enumerate(self.items(data, "replaces", path)):
            item_path = (*path, "replaces", i)
            if self.fields(item, item_path, ("key", "how")) is None:
                continue
            key = self.key(item, item_path)
            how = item.get("how")
            if "how" in item and how not in REPLACE_HOWS:
                self.error((*item_path, "how"), MSG_REPLACES_HOW.format(value=how))
                how = None
            entries.append({"key": key, "how": how})
            if key is None:
                continue
            line = self.lines.get((*item_path, "key"), 0)
            if key in here:
                self.error(
                    (*item_path, "key"),
                    MSG_REPLACES_TWICE.format(kind=kind, key=key, line=here[key]),
                )
                continue
            here[key] = line
            self.replaced.setdefault((kind, key), []).append((line, how, item_path))
        return entries

    def check_replaced_elsewhere(self) -> None:
        """An old key replaced by several elements must be split by each of them."""
        for (kind, key), uses in self.replaced.items():
            if len(uses) < 2 or all(how == "split" for _, how, _ in uses):
                continue
            first_line = uses[0][0]
            for _, _, item_path in uses[1:]:
                self.error(
                    (*item_path, "key"),
                    MSG_REPLACES_ELSEWHERE.format(kind=kind, key=key, line=first_line),
                )


def replaced_keys(document: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """The old keys a document's `replaces` name, by kind: (old key, the new element's key)."""
    out: dict[str, list[tuple[str, str]]] = {"dimension": [], "question": []}
    for dimension in document["dimensions"]:
        out["dimension"] += [(r["key"], dimension["key"]) for r in dimension.get("replaces", [])]
        # A dimension lists its questions, or its sections do (the validator's
        # `dimension_questions`, not imported here: the validator builds on this module).
        sections = dimension.get("sections") or []
        questions = dimension.get("questions") or [
            q for section in sections if section for q in section["questions"]
        ]
        for question in questions:
            out["question"] += [(r["key"], question["key"]) for r in question.get("replaces", [])]
    return out


__all__ = ["KEY_PATTERN", "MSG_EXPECTED", "MetaChecks", "url_problem"]
