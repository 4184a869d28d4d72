"""Checks of a dimension's questions: listed directly, or grouped in sections.

A dimension has either `questions` or `sections` (docs/framework-format.md, "Sections inside a
dimension"), each section a named group of questions whose key is unique within the framework;
each question is checked by its type, a choice or a checklist. `SectionChecks` joins
`ChoiceChecks` and `ChecklistChecks`.
"""

from __future__ import annotations

from typing import Any

from lib.yaml_lines import Path_

from .checklists import ChecklistChecks
from .choices import ChoiceChecks
from .elements import MSG_EMPTY_LIST, Context
from .questions import CHECKLIST, MSG_QUESTION_TYPE, QUESTION_TYPES

MSG_QUESTIONS_AND_SECTIONS = "a dimension has either 'questions' or 'sections', not both"
MSG_QUESTIONS_OR_SECTIONS = "missing required field 'questions' (or 'sections')"
MSG_EMPTY_SECTION = "a section needs at least one question"


class SectionChecks(ChoiceChecks, ChecklistChecks):
    """A dimension's questions or sections, and each question by its type."""

    def dimension_content(self, data: dict, path: Path_, context: Context) -> dict[str, Any]:
        """A dimension document's `sections`, or its `questions` (none when neither is given)."""
        if "questions" in data and "sections" in data:
            self.error((*path, "sections"), MSG_QUESTIONS_AND_SECTIONS)
        elif "sections" in data:
            return {
                "sections": [
                    self.section(item, (*path, "sections", i), context)
                    for i, item in enumerate(self.items(data, "sections", path))
                ]
            }
        elif "questions" not in data:
            self.error(path, MSG_QUESTIONS_OR_SECTIONS)
        return {"questions": self.questions(data, path, context)}

    def section(self, data: Any, path: Path_, context: Context) -> dict | None:
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
        self, data: dict, path: Path_, context: Context, empty: str = MSG_EMPTY_LIST
    ) -> list[dict | None]:
        if data.get("questions") == []:
            self.error((*path, "questions"), empty)
            return []
        return [
            self.question(item, (*path, "questions", i), context)
            for i, item in enumerate(self.items(data, "questions", path))
        ]

    def question(self, data: Any, path: Path_, context: Context) -> dict | None:
        kind = data.get("type", "choice") if isinstance(data, dict) else "choice"
        if kind not in QUESTION_TYPES:
            # Which fields it needs depends on the type: say only this.
            self.error((*path, "type"), MSG_QUESTION_TYPE)
            return None
        if kind == CHECKLIST:
            return self.checklist_question(data, path, context)
        return self.choice_question(data, path, context)


def dimension_questions(dimension: dict[str, Any]) -> list[dict[str, Any]]:
    """A dimension document's questions in order, whether listed directly or in sections."""
    if "sections" in dimension:
        return [q for section in dimension["sections"] if section for q in section["questions"]]
    return list(dimension["questions"])
