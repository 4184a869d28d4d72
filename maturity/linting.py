"""Quality rules for framework content, beyond what the file format requires.

`manage.py lint_framework FILE [--profile NAME]` runs them on a file; the test suite runs them on
the shipped framework. Pure Python, working on the canonical document of `framework_file`.

Each rule has a name and belongs to a *profile*: `generic` holds what every questionnaire needs
(translated, neutral, options that describe and differ), `mlops` adds the default framework's own
bar (at least 60 questions, every ML Test Score test cited, one option per stage...). A DevOps or a
data questionnaire is linted under `generic`; see `default_profile`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from .framework_file.validator import dimension_questions
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

DEFAULT_FRAMEWORK_SLUG = "mlops-maturity"
# The rules of each profile, by name; `mlops` is `generic` and the default framework's own rules.
GENERIC_RULES = (
    "translated",
    "no-vendor",
    "recommendations",
    "describe-not-grade",
    "even-options",
    "distinct-options",
    "distinct-questions",
)
MLOPS_RULES = (
    "questions-per-dimension",
    "questions-in-total",
    "one-option-per-stage",
    "ml-test-score-coverage",
)
PROFILES: dict[str, tuple[str, ...]] = {
    "generic": GENERIC_RULES,
    "mlops": GENERIC_RULES + MLOPS_RULES,
}

MSG_UNKNOWN_PROFILE = "unknown lint profile {profile!r}: expected one of {profiles}"
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
    profile: str = "mlops"
    # The names of the rules that found a problem, in the order first found.
    failed_rules: list[str] = field(default_factory=list)

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
        rows.append(f"profile {self.profile}: {len(PROFILES[self.profile])} rules")
        if self.failed_rules:
            rows.append(f"rules failed: {', '.join(self.failed_rules)}")
        return "\n".join(rows)


def default_profile(document: dict[str, Any]) -> str:
    """`mlops` for the default framework (any version), `generic` for any other framework."""
    return "mlops" if document.get("slug") == DEFAULT_FRAMEWORK_SLUG else "generic"


class _Rules:
    """The active profile's rules: a problem of a rule outside it is dropped."""

    def __init__(self, profile: str) -> None:
        if profile not in PROFILES:
            profiles = ", ".join(PROFILES)
            raise ValueError(MSG_UNKNOWN_PROFILE.format(profile=profile, profiles=profiles))
        self.active = set(PROFILES[profile])
        self.failed: list[str] = []

    def add(self, problems: list[str], rule: str, message: str) -> None:
        if rule in self.active:
            problems.append(message)
            if rule not in self.failed:
                self.failed.append(rule)


def lint_framework(document: dict[str, Any], profile: str | None = None) -> LintReport:
    """Check a framework document against a profile's rules (by default, `default_profile`)."""
    profile = profile or default_profile(document)
    rules = _Rules(profile)
    max_stage = len(document["scale"]) - 1
    reports = []
    covered: set[str] = set()
    seen_texts: dict[tuple[str, str], str] = {}
    for i, dimension in enumerate(document["dimensions"]):
        report = DimensionReport(key=dimension["key"])
        reports.append(report)
        questions = dimension_questions(dimension)
        report.questions = len(questions)
        report.heavy = sum(1 for q in questions if q["weight"] > 1)
        report.not_applicable = sum(1 for q in questions if q["allow_na"])
        report.scoped = sum(1 for q in questions if q["applies_if"])
        add = functools.partial(rules.add, report.problems)
        if len(questions) < MIN_QUESTIONS_PER_DIMENSION:
            count, minimum = len(questions), MIN_QUESTIONS_PER_DIMENSION
            message = MSG_TOO_FEW_QUESTIONS.format(count=count, minimum=minimum)
            add("questions-per-dimension", f"dimensions[{i}]: {message}")
        _check_texts(dimension, f"dimensions[{i}]", add)
        for j, question in enumerate(questions):
            path = f"dimensions[{i}].questions[{j}] ({question['key']})"
            covered.update(question["references"])
            _check_question(question, path, max_stage, add)
            # A one-language framework's texts have its language only.
            for language in question["text"]:
                text = question["text"][language]
                other = seen_texts.setdefault((language, text), path)
                if other != path:
                    message = MSG_DUPLICATE_TEXT.format(path=path, language=language, other=other)
                    add("distinct-questions", message)
    problems: list[str] = []
    total = sum(r.questions for r in reports)
    if total < MIN_QUESTIONS:
        message = MSG_TOO_FEW_IN_TOTAL.format(count=total, minimum=MIN_QUESTIONS)
        rules.add(problems, "questions-in-total", message)
    uncovered = [test for test in ML_TEST_SCORE if test not in covered]
    if uncovered:
        message = MSG_UNCOVERED.format(tests=", ".join(uncovered))
        rules.add(problems, "ml-test-score-coverage", message)
    return LintReport(reports, problems, profile=profile, failed_rules=rules.failed)


Add = Callable[[str, str], None]


def _check_texts(element: dict[str, Any], path: str, add: Add) -> None:
    for name, value in element.items():
        if isinstance(value, dict) and value and set(value) <= set(CONTENT_LANGUAGES):
            # Only a text in both languages can be left untranslated.
            both = set(value) == set(CONTENT_LANGUAGES)
            if both and value["en"] == value["fr"] and len(value["en"]) > 12:
                add("translated", MSG_UNTRANSLATED.format(path=f"{path}.{name}"))
            match = next(filter(None, (VENDORS.search(text) for text in value.values())), None)
            if match:
                add("no-vendor", MSG_VENDOR.format(path=f"{path}.{name}", name=match.group(0)))


def _check_question(question: dict[str, Any], path: str, max_stage: int, add: Add) -> None:
    _check_texts(question, path, add)
    if question.get("type") == "checklist":
        # Items are facts ticked one by one: the option rules (one per stage, even lengths)
        # do not apply; their texts are checked as any other.
        for k, item in enumerate(question["items"]):
            _check_texts(item, f"{path}.items[{k}]", add)
        return
    options = question["options"]
    in_points = "points" in options[0]
    # Options worth points are not stages: a questionnaire converted from points keeps its own.
    if not in_points and [o["score"] for o in options] != list(range(max_stage + 1)):
        add("one-option-per-stage", MSG_NOT_ONE_PER_STAGE.format(path=path, max_stage=max_stage))
    top = max(range(len(options)), key=lambda k: options[k]["points" if in_points else "score"])
    for k, option in enumerate(options):
        _check_texts(option, f"{path}.options[{k}]", add)
        if k != top and not option["recommendation"]:
            message = MSG_MISSING_RECOMMENDATION.format(path=path, option=option["key"])
            add("recommendations", message)
        for language in option["label"]:
            if SELF_GRADES.search(option["label"][language]):
                message = MSG_SELF_GRADE.format(path=path, option=option["key"], language=language)
                add("describe-not-grade", message)
    for language in options[0]["label"] if options else ():
        labels = [(o["key"], o["label"][language]) for o in options]
        lengths = [len(text) for _, text in labels]
        if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
            shortest, longest = min(lengths), max(lengths)
            message = MSG_UNEVEN.format(
                path=path, language=language, shortest=shortest, longest=longest
            )
            add("even-options", message)
        for (key_a, a), (key_b, b) in itertools.combinations(labels, 2):
            if SequenceMatcher(None, a.lower(), b.lower()).ratio() > NEAR_DUPLICATE_RATIO:
                message = MSG_NEAR_DUPLICATE.format(path=path, a=key_a, b=key_b, language=language)
                add("distinct-options", message)
