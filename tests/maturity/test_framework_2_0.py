"""The default framework's version 2.0: valid, clean under its lint profile, mapped to 1.0.

It is published (new assessments start from it; 1.0 stays for the assessments made on it), and
imported beside 1.0 so that every key it says it replaces is checked against the stored 1.0.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from maturity.framework_file import read_framework_file
from maturity.framework_file.validator import dimension_questions
from maturity.selectors import framework_version_mapping
from maturity.services import framework_import
from tests.test_site import ROOT

FRAMEWORKS = ROOT / "maturity" / "frameworks"
VERSION_1 = FRAMEWORKS / "mlops-maturity.yaml"
VERSION_2 = FRAMEWORKS / "mlops-maturity-2.0.yaml"


def questions(document: dict) -> list[dict]:
    return [q for d in document["dimensions"] for q in dimension_questions(d)]


def test_2_0_is_clean_under_the_mlops_profile():
    out = StringIO()
    call_command("lint_framework", "--profile", "mlops", str(VERSION_2), stdout=out)
    assert "no problems under the mlops profile" in out.getvalue()


def test_2_0_uses_the_2_0_rules_and_constructs():
    document = read_framework_file(VERSION_2)
    assert (document["version"], document["status"], document["previous_version"]) == (
        "2.0",
        "published",
        "1.0",
    )
    assert document["rules"]["dont_know"] == "no_value"
    keys = {d["key"] for d in document["dimensions"]}
    assert {"security", "generative-ai"} <= keys
    assert document["gates"], "the AI Act baseline gate"
    assert any(q.get("audience") for q in questions(document))
    assert any("sections" in d for d in document["dimensions"])
    assert any(q.get("type") == "checklist" for q in questions(document))
    # "Not applicable" wherever a practice may not apply: 1.0 offered it on 3 questions.
    assert sum(q["allow_na"] for q in questions(document)) > 20


def test_every_question_offering_not_applicable_says_when_it_applies():
    """N/A is a fact about the organisation, not a way round an awkward question: the help says
    when it holds, in both languages, in the interface's own words ("Not applicable when ...",
    "Non applicable si ...")."""
    document = read_framework_file(VERSION_2)
    unexplained = [
        (q["key"], language)
        for q in questions(document)
        if q["allow_na"]
        for language, phrase in (("en", "not applicable"), ("fr", "non applicable"))
        if phrase not in q["help"][language].lower()
    ]
    assert unexplained == []


@pytest.mark.django_db
def test_every_1_0_question_is_continued_and_every_replaced_key_exists():
    version_1, _ = framework_import(document=read_framework_file(VERSION_1))
    warnings: list[str] = []
    version_2, _ = framework_import(document=read_framework_file(VERSION_2), warnings=warnings)
    assert warnings == []  # 1.0 is stored: every replaced key was checked against it
    mapping = framework_version_mapping(version_2)
    continued = {entry.old for entry in mapping.questions}
    old_keys = set(version_1.questions.values_list("key", flat=True))
    assert old_keys - continued == set()


@pytest.mark.django_db
def test_make_run_imports_1_0_then_2_0_and_a_second_run_changes_nothing():
    """`make run` and bin/serve: the counts name sectioned dimensions' questions too."""

    def run() -> list[str]:
        out = StringIO()
        for path in (VERSION_1, VERSION_2):
            call_command("import_framework", str(path), stdout=out)
        return out.getvalue().splitlines()

    assert run() == [
        "Imported mlops-maturity 1.0 (13 dimensions, 69 questions).",
        "Imported mlops-maturity 2.0 (16 dimensions, 81 questions).",
    ]
    assert run() == [
        "mlops-maturity 1.0 is already imported with identical content.",
        "mlops-maturity 2.0 is already imported with identical content.",
    ]
