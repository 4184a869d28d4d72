"""Framework files: read (and validate) a YAML file into a canonical document, and write one back.

The *document* is the canonical dict the import service writes and the export selector produces
again, so comparing two versions is comparing dicts. `reader` reads, `validator` checks and builds
the document, `writer` writes YAML; none touches the database.
"""

from __future__ import annotations

from .errors import FrameworkFileError, InvalidFrameworkFile
from .reader import parse_framework, read_framework_file
from .writer import dump_framework

__all__ = [
    "FrameworkFileError",
    "InvalidFrameworkFile",
    "dump_framework",
    "parse_framework",
    "read_framework_file",
]
