"""What a framework file's problems are: one error per problem, all raised together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrameworkFileError:
    """One problem found in a framework file."""

    line: int | None
    path: str
    message: str

    def format(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InvalidFrameworkFile(Exception):
    """A framework file with one or more errors; nothing was written."""

    def __init__(self, filename: str, errors: list[FrameworkFileError]) -> None:
        self.filename = filename
        self.errors = errors
        super().__init__("\n".join(error.format(filename) for error in errors))
