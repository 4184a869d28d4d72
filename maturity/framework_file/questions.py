"""Checks of what every question has, whichever its type: a choice or a checklist question.

A question's key, text and help, its weight, whether it offers "not applicable" and when it
applies (`applies_if`), its references, links, `replaces` and audience (docs/framework-format.md,
"Audiences"). `QuestionChecks` adds them to `MetaChecks`; `choices` and `checklists` build on it,
each with the fields of its own type.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lib.yaml_lines import Path_

from ..roles import RESPONDENT_ROLES
from .elements import _MISSING, MSG_EXPECTED, Context
from .mentions import Mentions
from .meta import MetaChecks

QUESTION_TYPES = ("choice", "checklist")
CHECKLIST = "checklist"
# The fields of a question of either type; each type adds its own (options, or items and scoring).
QUESTION_REQUIRED = ("key", "text", "help")
QUESTION_OPTIONAL = (
    "type",
    "weight",
    "allow_na",
    "applies_if",
    "references",
    "links",
    "replaces",
    "audience",
)

MSG_QUESTION_TYPE = "expected choice or checklist"
MSG_APPLIES_IF_VALUE = "expected true or false for scoping question {key!r}"
MSG_UNKNOWN_ROLE = "unknown role {value!r}; expected one of " + ", ".join(RESPONDENT_ROLES)
MSG_AUDIENCE = "expected a non-empty list of role keys"
MSG_DUPLICATE_ROLE = "role {value!r} is listed twice"


class QuestionChecks(MetaChecks):
    """The fields every question has, with `applies_if`, `references` and `audience`."""

    def __init__(self, lines: dict[Path_, int], sources: dict[Path_, str] | None = None) -> None:
        super().__init__(lines, sources)
        # The pillars, scoping questions and references elements name, each reported once.
        self.mentions = Mentions()

    def question_fields(self, data: dict, path: Path_, context: Context) -> dict[str, Any]:
        """A question's common fields after its key and text, in the document's order."""
        return {
            "help": self.text(data, "help", path),
            "weight": self.weight(data, path, default=Decimal(1)),
            "allow_na": self.boolean(data, "allow_na", path, False),
            "applies_if": self.applies_if(data, path, context),
            "references": self.references(data, path),
            "links": self.links(data, path),
            "replaces": self.replaces(data, path, "question"),
            "audience": self.audience(data, path),
        }

    def applies_if(self, data: dict, path: Path_, context: Context) -> dict[str, bool]:
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
