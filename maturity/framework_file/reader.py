"""Reading a framework file: bytes to YAML to a validated document, with a line for every error.

Pure Python (no ORM). The YAML is read by `lib.yaml_lines`, which refuses aliases and records
each element's line; `FrameworkValidator` then checks it and builds the canonical document.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from lib.yaml_lines import (
    MSG_ALIAS,
    MSG_DUPLICATE_FIELD,
    MSG_EMPTY_FILE,
    MSG_TOO_DEEP,
    MSG_YAML_SYNTAX,
    YAMLLineError,
    format_path,
    load_with_sources,
)

from .errors import FrameworkFileError, InvalidFrameworkFile
from .validator import MSG_NOT_MAPPING, FrameworkValidator

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20

MSG_TOO_LARGE = "file is larger than 2 MB; a framework file is a few hundred kilobytes at most"
MSG_NOT_A_FILE = "not a regular file (a directory, a device or a pipe?)"
MSG_NOT_UTF8 = "file is not UTF-8 text (invalid byte at offset {offset})"
# Re-exported: the messages a reader of this module's errors may meet.
__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MSG_ALIAS",
    "MSG_DUPLICATE_FIELD",
    "MSG_EMPTY_FILE",
    "MSG_NOT_A_FILE",
    "MSG_NOT_MAPPING",
    "MSG_NOT_UTF8",
    "MSG_TOO_DEEP",
    "MSG_TOO_LARGE",
    "MSG_YAML_SYNTAX",
    "parse_framework",
    "read_framework_file",
]


def read_framework_file(path: str | Path) -> dict[str, Any]:
    """Read, parse and validate a framework file into its canonical document."""
    path = Path(path)

    def fail(message: str) -> InvalidFrameworkFile:
        return InvalidFrameworkFile(str(path), [FrameworkFileError(None, "", message)])

    try:
        if not path.is_file():
            # A device such as /dev/zero reports size 0 and never ends: refuse before reading.
            raise fail(MSG_NOT_A_FILE if path.exists() else os.strerror(errno.ENOENT))
        if path.stat().st_size > MAX_FILE_BYTES:
            raise fail(MSG_TOO_LARGE)
        with path.open("rb") as file:
            # Read one byte more than allowed: a file growing meanwhile is still caught.
            content = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise fail(exc.strerror or str(exc)) from exc
    return parse_framework(content, filename=str(path))


def parse_framework(content: bytes | str, *, filename: str = "<framework>") -> dict[str, Any]:
    """Parse and validate framework YAML; raise InvalidFrameworkFile listing every error."""

    def fail(message: str, line: int | None = None, path: str = "") -> InvalidFrameworkFile:
        return InvalidFrameworkFile(filename, [FrameworkFileError(line, path, message)])

    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise fail(MSG_TOO_LARGE)
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise fail(MSG_NOT_UTF8.format(offset=exc.start)) from None
    try:
        data, lines, sources = load_with_sources(content, max_depth=MAX_DEPTH)
    except YAMLLineError as exc:
        raise fail(exc.message, exc.line, format_path(exc.path)) from None
    if not isinstance(data, dict):
        raise fail(MSG_NOT_MAPPING, 1)
    validator = FrameworkValidator(lines, sources)
    document = validator.framework(data)
    if validator.errors:
        raise InvalidFrameworkFile(filename, validator.errors)
    return document
