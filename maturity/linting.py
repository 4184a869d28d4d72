"""Quality rules for framework content, beyond what the file format requires.

`manage.py lint_framework FILE` runs them on a file; the test suite runs them on the shipped
framework. Pure Python, working on the canonical document of `framework_file`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from .references import ML_TEST_SCORE
from .translation import CONTENT_LANGUAGES

MIN_QUESTIONS_PER_DIMENSION = 4
MIN_QUESTIONS = 60
NEAR_DUPLICATE_RATIO = 0.85
MAX_LENGTH_RATIO = 3.0
# Options must describe observable facts; these phrases grade instead of describing.
SELF_GRADES = re.compile(
    r"\b(we are (good|bad|great|strong|weak)|very good|excellent|world[- ]class|best[- ]in[- ]class"
    r"|nous sommes (bons|mauvais|forts|faibles)|très bon)\b",
    re.IGNORECASE,
)
# Recommendations name the kind of tool, never a vendor or product.
VENDORS = re.compile(
    r"\b(mlflow|dvc|kubeflow|sagemaker|vertex ai|databricks|airflow|great expectations|terraform"
    r"|jenkins|github|gitlab|feast|weights & biases|wandb|evidently|seldon|bentoml|azure|aws"
    r"|google cloud|snowflake|datadog|grafana|prometheus|kubernetes)\b",
    re.IGNORECASE,
)

MSG_TOO_FEW_QUESTIONS = "{count} questions; at least {minimum} expected"
MSG_TOO_FEW_IN_TOTAL = "{count} questions in total; at least {minimum} expected"
MSG_UNTRANSLATED = "{path}: French text identical to English"
MSG_NEAR_DUPLICATE = "{path}: options {a} and {b} are near-duplicates ({language})"
MSG_UNEVEN = "{path}: option lengths very uneven in {language} ({shortest} to {longest} chars)"
MSG_MISSING_RECOMMENDATION = "{path}: option {option} has no recommendation"
MSG_NOT_ONE_PER_STAGE = "{path}: expected one option per stage of the scale, 0 to {max_stage}"
MSG_SELF_GRADE = "{path}: option {option} grades instead of describing ({language})"
MSG_VENDOR = "{path}: names a vendor or product ({name})"
MSG_UNCOVERED = "ML Test Score tests not covered by any question: {tests}"
MSG_DUPLICATE_TEXT = "{path}: same {language} text as {other}"


@dataclass
class DimensionReport:
    key: str
    questions: int = 0
    heavy: int = 0
    not_applicable: int = 0
    scoped: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class LintReport:
    dimensions: list[DimensionReport]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and not any(d.problems for d in self.dimensions)

    @property
    def all_problems(self) -> list[str]:
        return [p for d in self.dimensions for p in d.problems] + self.problems

    def table(self) -> str:
        """A short table per dimension, then the problems."""
        header = (
            f"{'dimension':<24} {'questions':>9} {'weight 2':>8} {'N/A':>4} {'scoped':>6}"
            f" {'problems':>8}"
        )
        rows = [header, "-" * len(header)]
        for d in self.dimensions:
            rows.append(
                f"{d.key:<24} {d.questions:>9} {d.heavy:>8} {d.not_applicable:>4} {d.scoped:>6}"
                f" {len(d.problems):>8}"
            )
        total = sum(d.questions for d in self.dimensions)
        rows.append(f"{'total':<24} {total:>9}")
        rows.extend(f"! {problem}" for problem in self.all_problems)
        return "\n".join(rows)


def lint_framework(document: dict[str, Any]) -> LintReport:
    """Check a framework document against Palier's content quality bar."""
    max_stage = len(document["scale"]) - 1
    reports = []
    covered: set[str] = set()
    seen_texts: dict[tuple[str, str], str] = {}
    for i, dimension in enumerate(document["dimensions"]):
        report = DimensionReport(key=dimension["key"])
        reports.append(report)
        questions = dimension["questions"]
        report.questions = len(questions)
        report.heavy = sum(1 for q in questions if q["weight"] > 1)
        report.not_applicable = sum(1 for q in questions if q["allow_na"])
        report.scoped = sum(1 for q in questions if q["applies_if"])
        if len(questions) < MIN_QUESTIONS_PER_DIMENSION:
            report.problems.append(
                f"dimensions[{i}]: "
                + MSG_TOO_FEW_QUESTIONS.format(
                    count=len(questions), minimum=MIN_QUESTIONS_PER_DIMENSION
                )
            )
        _check_texts(dimension, f"dimensions[{i}]", report.problems)
        for j, question in enumerate(questions):
            path = f"dimensions[{i}].questions[{j}] ({question['key']})"
            covered.update(question["references"])
            _check_question(question, path, max_stage, report.problems)
            for language in CONTENT_LANGUAGES:
                text = question["text"][language]
                other = seen_texts.setdefault((language, text), path)
                if other != path:
                    report.problems.append(
                        MSG_DUPLICATE_TEXT.format(path=path, language=language, other=other)
                    )
    problems = []
    total = sum(r.questions for r in reports)
    if total < MIN_QUESTIONS:
        problems.append(MSG_TOO_FEW_IN_TOTAL.format(count=total, minimum=MIN_QUESTIONS))
    uncovered = [test for test in ML_TEST_SCORE if test not in covered]
    if uncovered:
        problems.append(MSG_UNCOVERED.format(tests=", ".join(uncovered)))
    return LintReport(dimensions=reports, problems=problems)


def _check_texts(element: dict[str, Any], path: str, problems: list[str]) -> None:
    for name, value in element.items():
        if isinstance(value, dict) and set(value) == set(CONTENT_LANGUAGES):
            if value["en"] == value["fr"] and len(value["en"]) > 12:
                problems.append(MSG_UNTRANSLATED.format(path=f"{path}.{name}"))
            match = VENDORS.search(value["en"]) or VENDORS.search(value["fr"])
            if match:
                problems.append(MSG_VENDOR.format(path=f"{path}.{name}", name=match.group(0)))


def _check_question(question: dict[str, Any], path: str, max_stage: int, problems: list[str]):
    _check_texts(question, path, problems)
    options = question["options"]
    if [o["score"] for o in options] != list(range(max_stage + 1)):
        problems.append(MSG_NOT_ONE_PER_STAGE.format(path=path, max_stage=max_stage))
    for k, option in enumerate(options):
        _check_texts(option, f"{path}.options[{k}]", problems)
        if k < len(options) - 1 and not option["recommendation"]:
            problems.append(MSG_MISSING_RECOMMENDATION.format(path=path, option=option["key"]))
        for language in CONTENT_LANGUAGES:
            if SELF_GRADES.search(option["label"][language]):
                problems.append(
                    MSG_SELF_GRADE.format(path=path, option=option["key"], language=language)
                )
    for language in CONTENT_LANGUAGES:
        labels = [(o["key"], o["label"][language]) for o in options]
        lengths = [len(text) for _, text in labels]
        if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
            problems.append(
                MSG_UNEVEN.format(
                    path=path, language=language, shortest=min(lengths), longest=max(lengths)
                )
            )
        for (key_a, a), (key_b, b) in itertools.combinations(labels, 2):
            if SequenceMatcher(None, a.lower(), b.lower()).ratio() > NEAR_DUPLICATE_RATIO:
                problems.append(
                    MSG_NEAR_DUPLICATE.format(path=path, a=key_a, b=key_b, language=language)
                )
