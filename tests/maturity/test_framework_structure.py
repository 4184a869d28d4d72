"""Sections and audiences in framework files: validation, writing back, import and export."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from maturity import framework_file as ff
from maturity.framework_file import validator
from maturity.models import Question, Section
from maturity.selectors import framework_document
from maturity.services import framework_import
from tests.maturity.test_framework_file import errors_of, only_error

STRUCTURE_FILE = Path(__file__).parent.parent / "fixtures" / "structure-framework.yaml"


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(STRUCTURE_FILE.read_text(encoding="utf-8"))


def test_sections_and_audiences_are_read(raw):
    document = ff.read_framework_file(STRUCTURE_FILE)
    security = document["dimensions"][0]
    assert "questions" not in security
    supply_chain, access = security["sections"]
    assert supply_chain["key"] == "supply-chain"
    assert supply_chain["title"] == {"en": "Supply chain", "fr": "Chaîne d'approvisionnement"}
    assert supply_chain["scored"] is True
    assert [q["key"] for q in supply_chain["questions"]] == ["scan", "sign"]
    assert supply_chain["questions"][0]["audience"] == ["software_engineering", "operations"]
    assert supply_chain["questions"][1]["audience"] is None
    # Optional: no description, not scored.
    assert (access["description"], access["scored"]) == (None, False)
    assert [q["key"] for q in validator.dimension_questions(security)] == ["scan", "sign", "access"]


def test_a_dimension_with_questions_and_sections_is_refused(raw):
    raw["dimensions"][0]["questions"] = copy.deepcopy(raw["dimensions"][1]["questions"])
    raw["dimensions"][1]["questions"] = [
        {**raw["dimensions"][1]["questions"][0], "key": "pipeline-2"}
    ]
    error = only_error(raw)
    assert error.path == "dimensions[0].sections"
    assert error.message == validator.MSG_QUESTIONS_AND_SECTIONS


def test_a_dimension_with_neither_is_refused(raw):
    del raw["dimensions"][1]["questions"]
    error = only_error(raw)
    assert error.path == "dimensions[1]"
    assert error.message == validator.MSG_QUESTIONS_OR_SECTIONS


def test_an_empty_section_is_refused(raw):
    raw["dimensions"][0]["sections"][1]["questions"] = []
    error = only_error(raw)
    assert error.path == "dimensions[0].sections[1].questions"
    assert error.message == validator.MSG_EMPTY_SECTION


def test_an_empty_list_of_sections_is_refused(raw):
    raw["dimensions"][0]["sections"] = []
    error = only_error(raw)
    assert error.path == "dimensions[0].sections"
    assert error.message == validator.MSG_EMPTY_LIST


def test_section_keys_are_unique_within_the_framework(raw):
    # In another dimension: still a duplicate.
    section = {
        "key": "supply-chain",
        "title": {"en": "Again", "fr": "Encore"},
        "questions": raw["dimensions"][1].pop("questions"),
    }
    raw["dimensions"][1]["sections"] = [section]
    error = only_error(raw)
    assert error.path == "dimensions[1].sections[0].key"
    assert error.message.startswith("duplicate key 'supply-chain', already used at line ")


def test_a_section_refuses_unknown_fields_and_needs_a_title(raw):
    section = raw["dimensions"][0]["sections"][1]
    del section["title"]
    section["weight"] = 2
    messages = {(e.path, e.message) for e in errors_of(raw)}
    assert messages == {
        ("dimensions[0].sections[1]", validator.MSG_REQUIRED.format(field="title")),
        ("dimensions[0].sections[1].weight", validator.MSG_UNKNOWN_FIELD.format(field="weight")),
    }


def test_scored_is_true_or_false(raw):
    raw["dimensions"][0]["sections"][0]["scored"] = "yes please"
    error = only_error(raw)
    assert error.path == "dimensions[0].sections[0].scored"
    assert error.message == validator.MSG_EXPECTED.format(expected="true or false")


def test_an_unknown_role_is_refused(raw):
    raw["dimensions"][0]["sections"][0]["questions"][0]["audience"] = ["operations", "engineers"]
    error = only_error(raw)
    assert error.path == "dimensions[0].sections[0].questions[0].audience[1]"
    assert error.message == (
        "unknown role 'engineers'; expected one of leadership, data_science, data_engineering, "
        "software_engineering, operations, product, other"
    )


@pytest.mark.parametrize(
    ("audience", "path", "message"),
    [
        ([], "audience", validator.MSG_AUDIENCE),
        ("leadership", "audience", validator.MSG_AUDIENCE),
        (None, "audience", validator.MSG_AUDIENCE),
        (["leadership", "leadership"], "audience[1]", "role 'leadership' is listed twice"),
    ],
)
def test_an_audience_is_a_non_empty_list_of_distinct_roles(raw, audience, path, message):
    raw["dimensions"][1]["questions"][0]["audience"] = audience
    error = only_error(raw)
    assert error.path == f"dimensions[1].questions[0].{path}"
    assert error.message == message


def test_sections_and_audiences_are_written_back_as_read():
    document = ff.read_framework_file(STRUCTURE_FILE)
    written = ff.dump_framework(document)
    assert ff.parse_framework(written) == document
    security = yaml.safe_load(written)["dimensions"][0]
    assert [s["key"] for s in security["sections"]] == ["supply-chain", "access"]
    # Defaults are left out, as the file left them out.
    assert "scored" not in security["sections"][1]
    assert "description" not in security["sections"][1]
    assert "audience" not in security["sections"][0]["questions"][1]


@pytest.mark.django_db
def test_import_stores_sections_and_audiences_and_exports_them_again():
    document = ff.read_framework_file(STRUCTURE_FILE)
    framework, _ = framework_import(document=document)
    stored = Section.objects.filter(framework=framework)
    sections = list(stored.order_by("dimension__order", "order"))
    assert [(s.key, s.dimension.key, s.scored, s.order) for s in sections] == [
        ("supply-chain", "security", True, 0),
        ("access", "security", False, 1),
    ]
    assert sections[1].description_en == ""
    questions = {q.key: q for q in Question.objects.filter(framework=framework)}
    assert questions["scan"].section == sections[0]
    assert questions["access"].section == sections[1]
    assert questions["pipeline"].section is None
    assert [questions[k].order for k in ("scan", "sign", "access")] == [0, 1, 2]
    assert questions["scan"].audience == ["software_engineering", "operations"]
    assert questions["pipeline"].audience == []
    assert questions["scan"].asked_of("operations")
    assert not questions["scan"].asked_of("leadership")
    assert questions["pipeline"].asked_of("leadership")
    assert framework_document(framework) == document


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing():
    document = ff.read_framework_file(STRUCTURE_FILE)
    framework_import(document=document)
    _, outcome = framework_import(document=document)
    assert outcome == "unchanged"
    assert Section.objects.count() == 2


def test_the_linter_counts_the_questions_of_every_section():
    from maturity.linting import lint_framework

    report = lint_framework(ff.read_framework_file(STRUCTURE_FILE), "generic")
    assert [(d.key, d.questions) for d in report.dimensions] == [("security", 3), ("delivery", 1)]
