"""Framework files: gates (format 2.0), read, refused with their lines, and written back."""

from __future__ import annotations

import copy

import pytest
import yaml

from maturity import framework_file as ff
from maturity.framework_file import validator
from maturity.selectors import framework_document
from maturity.services import framework_import
from tests.conftest import SAMPLE_FRAMEWORK_FILE

REASON = {
    "en": "Monitoring needs tracked experiments.",
    "fr": "La surveillance suppose des expériences suivies.",
}


@pytest.fixture
def raw() -> dict:
    data = yaml.safe_load(SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    data["gates"] = [
        {
            "key": "monitoring-3",
            "caps": {"dimension": "monitoring"},
            "stage": 3,
            "requires": {"dimensions": ["experiments"], "at_least": 2},
            "reason": dict(REASON),
        }
    ]
    return data


def dumped(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def only_error(data: dict) -> ff.FrameworkFileError:
    with pytest.raises(ff.InvalidFrameworkFile) as excinfo:
        ff.parse_framework(dumped(data), filename="f.yaml")
    errors = excinfo.value.errors
    assert len(errors) == 1, errors
    return errors[0]


def test_a_gate_is_read(raw):
    document = ff.parse_framework(dumped(raw))
    assert document["gates"] == [
        {
            "key": "monitoring-3",
            "caps": {"dimension": "monitoring"},
            "stage": 3,
            "requires": {"dimensions": ["experiments"], "at_least": 2},
            "reason": REASON,
        }
    ]


def test_a_file_without_gates_has_none(raw):
    del raw["gates"]
    assert ff.parse_framework(dumped(raw))["gates"] == []


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda g: g.update(caps={"pillar": "nope"}),
            "gates[0].caps.pillar",
            "unknown pillar 'nope'",
        ),
        (lambda g: g.update(caps={"team": "x"}), "gates[0].caps", validator.MSG_GATE_CAPS),
        (
            lambda g: g.update(caps={"pillar": "ml", "dimension": "monitoring"}),
            "gates[0].caps",
            validator.MSG_GATE_CAPS,
        ),
        (lambda g: g.update(caps={"overall": False}), "gates[0].caps", validator.MSG_GATE_CAPS),
        (lambda g: g.update(stage=0), "gates[0].stage", validator.MSG_GATE_STAGE_0),
        (lambda g: g.update(stage=5), "gates[0].stage", validator.MSG_ON_SCALE.format(max_stage=4)),
        (
            lambda g: g["requires"].update(dimensions=["experiments", "nope"]),
            "gates[0].requires.dimensions[1]",
            "unknown dimension 'nope'",
        ),
        (
            lambda g: g["requires"].update(questions=["nope"]),
            "gates[0].requires.questions[0]",
            "unknown question 'nope'",
        ),
        (
            lambda g: g.update(requires={"at_least": 2}),
            "gates[0].requires",
            validator.MSG_GATE_REQUIRES_NOTHING,
        ),
        (
            lambda g: g["requires"].update(at_least=7),
            "gates[0].requires.at_least",
            validator.MSG_ON_SCALE.format(max_stage=4),
        ),
        (lambda g: g.pop("reason"), "gates[0]", validator.MSG_REQUIRED.format(field="reason")),
        (
            lambda g: g.update(when="always"),
            "gates[0].when",
            validator.MSG_UNKNOWN_FIELD.format(field="when"),
        ),
    ],
)
def test_bad_gates_are_refused_on_their_line(raw, change, path, message):
    change(raw["gates"][0])
    error = only_error(raw)
    assert (error.path, error.message) == (path, message)
    assert error.line is not None


def test_gate_keys_are_unique(raw):
    raw["gates"].append(copy.deepcopy(raw["gates"][0]))
    error = only_error(raw)
    assert error.path == "gates[1].key"
    assert "duplicate key 'monitoring-3'" in error.message


@pytest.mark.django_db
def test_gates_survive_import_and_export(raw):
    raw["gates"].append(
        {
            "key": "overall-2",
            "caps": {"overall": True},
            "stage": 2,
            "requires": {"questions": ["automation-iac"], "at_least": 4},
            "reason": dict(REASON),
        }
    )
    document = ff.parse_framework(dumped(raw))
    framework, _ = framework_import(document=document)
    exported = framework_document(framework)
    assert exported == document
    text = ff.dump_framework(exported)
    assert "gates:\n" in text and "overall: true" in text
    assert ff.parse_framework(text) == document
