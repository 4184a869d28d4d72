"""Checks of a choice question: its options, each scored by a stage or by points.

The options of one question are all scored in stages (`score`) or all in `points`
(docs/framework-format.md, "Options worth points"), listed from the lowest to the highest, and
every option but the top one takes a recommendation. `ChoiceChecks` adds them to
`QuestionChecks`; options listed in descending order are reported once for the whole file.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from lib.yaml_lines import Path_

from .elements import Context, two_decimals
from .questions import QUESTION_OPTIONAL, QUESTION_REQUIRED, QuestionChecks

MIN_OPTIONS, MAX_OPTIONS = 2, 7

MSG_OPTION_COUNT = "expected 2 to 7 options, got {count}"
MSG_SCORE_ORDER = "expected scores in ascending order"
MSG_SCORE_DISTINCT = "scores must be distinct"
MSG_SCORE_DESCENDING = (
    "options are in descending order of score in {count} {questions}:"
    " list them from the lowest score to the highest"
)
MSG_SCORE_OR_POINTS = "give the option a score (a stage) or points, not both"
MSG_SCORE_MISSING = "missing required field 'score' (a stage) or 'points'"
MSG_POINTS = "expected points: a number of 0 or more with at most 2 decimals and below 100000"
MSG_POINTS_MIXED = "options of one question are all scored in stages ('score') or all in 'points'"
MSG_RECOMMENDATION_MISSING = "missing recommendation: every option but the top one needs one"
MSG_RECOMMENDATION_ON_TOP = "the top option takes no recommendation"
MSG_ITEMS_ON_CHOICE = "a choice question takes options, not items: add type: checklist"
MSG_SCORING_ON_CHOICE = "only a checklist question takes scoring"


class ChoiceChecks(QuestionChecks):
    """A choice question and its options, with the descending ones said once for the file."""

    def __init__(self, lines: dict[Path_, int], sources: dict[Path_, str] | None = None) -> None:
        super().__init__(lines, sources)
        # The options of each question listed from the highest score down: one error in all.
        self.descending: list[Path_] = []

    def report_descending(self) -> None:
        if self.descending:
            count = len(self.descending)
            noun = "question" if count == 1 else "questions"
            self.error(self.descending[0], MSG_SCORE_DESCENDING.format(count=count, questions=noun))

    def choice_question(self, data: Any, path: Path_, context: Context) -> dict | None:
        if isinstance(data, dict) and "items" in data:
            self.error((*path, "items"), MSG_ITEMS_ON_CHOICE)
        if isinstance(data, dict) and "scoring" in data:
            self.error((*path, "scoring"), MSG_SCORING_ON_CHOICE)
        required = (*QUESTION_REQUIRED, "options")
        optional = (*QUESTION_OPTIONAL, "items", "scoring")
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
        top = self.top_option(options, (*path, "options"))
        for i, item in enumerate(options_data):
            if isinstance(item, dict):
                self.recommendation(item, (*path, "options", i), is_top=i == top)
        return {
            "key": key,
            "text": text,
            **self.question_fields(data, path, context),
            "options": options,
        }

    def top_option(self, options: list[dict | None], path: Path_) -> int:
        """The index of the top-scored option, once the scores are checked distinct and in order.

        Without valid, distinct scores, the last option is taken for the top one.
        """
        scores = self.option_values(options, path)
        top = len(options) - 1
        if scores is not None and len(set(scores)) < len(scores):
            self.error(path, MSG_SCORE_DISTINCT)
        elif scores is not None and len(scores) > 1:
            top = scores.index(max(scores))
            if all(b < a for a, b in itertools.pairwise(scores)):
                self.descending.append(path)
            elif any(b < a for a, b in itertools.pairwise(scores)):
                self.error(path, MSG_SCORE_ORDER)
        return top

    def option(self, data: Any, path: Path_, seen: dict[str, int], context: Context) -> dict | None:
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
        points = two_decimals(value, lambda points: 0 <= points < 100000)
        if points is None:
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
