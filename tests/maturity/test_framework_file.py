"""Validation of framework files: every error kind, with its message, path and line."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from maturity import framework_file as ff
from maturity.framework_file import reader, validator
from tests.conftest import SAMPLE_FRAMEWORK_FILE


@pytest.fixture
def raw() -> dict:
    """The sample framework as plain data, to be broken by each test."""
    return yaml.safe_load(SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8"))


def errors_of(data: dict | str | bytes) -> list[ff.FrameworkFileError]:
    content = (
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        if isinstance(data, dict)
        else data
    )
    with pytest.raises(ff.InvalidFrameworkFile) as excinfo:
        ff.parse_framework(content, filename="f.yaml")
    return excinfo.value.errors


def only_error(data: dict | str | bytes) -> ff.FrameworkFileError:
    errors = errors_of(data)
    assert len(errors) == 1, errors
    return errors[0]


def test_sample_file_is_valid(raw):
    document = ff.read_framework_file(SAMPLE_FRAMEWORK_FILE)
    assert document["slug"] == "sample"
    assert [d["key"] for d in document["dimensions"]] == ["automation", "experiments", "monitoring"]
    iac = document["dimensions"][0]["questions"][1]
    assert [o["score"] for o in iac["options"]] == [0, 4]  # a yes/no question is expressible
    assert iac["options"][1]["recommendation"] is None


def test_missing_field(raw):
    del raw["dimensions"][1]["questions"][0]["help"]
    error = only_error(raw)
    assert error.path == "dimensions[1].questions[0]"
    assert error.message == validator.MSG_REQUIRED.format(field="help")


def test_unknown_field(raw):
    raw["dimensions"][0]["wieght"] = 1
    error = only_error(raw)
    assert error.path == "dimensions[0].wieght"
    assert error.message == validator.MSG_UNKNOWN_FIELD.format(field="wieght")


def test_text_needs_both_languages(raw):
    raw["dimensions"][0]["title"] = {"en": "Automation"}
    error = only_error(raw)
    assert error.path == "dimensions[0].title"
    assert error.message == validator.MSG_TEXT


def test_empty_translation(raw):
    raw["pillars"][0]["description"]["fr"] = "   "
    error = only_error(raw)
    assert error.path == "pillars[0].description.fr"
    assert error.message == validator.MSG_TEXT_EMPTY.format(language="fr")


def test_invalid_key(raw):
    raw["dimensions"][2]["key"] = "Monitoring Drift"
    error = only_error(raw)
    assert error.message == validator.MSG_KEY_FORMAT.format(value="Monitoring Drift")


def test_duplicate_question_key_across_dimensions(raw):
    raw["dimensions"][2]["questions"][0]["key"] = "automation-deploy"
    error = only_error(raw)
    assert error.path == "dimensions[2].questions[0].key"
    assert error.message.startswith("duplicate key 'automation-deploy', already used at line ")


def test_duplicate_option_key(raw):
    raw["dimensions"][0]["questions"][0]["options"][1]["key"] = "s0"
    error = only_error(raw)
    assert error.path == "dimensions[0].questions[0].options[1].key"


def test_option_count(raw):
    options = raw["dimensions"][0]["questions"][1]["options"]
    del options[0]
    errors = errors_of(raw)
    assert any(
        e.path == "dimensions[0].questions[1].options"
        and e.message == validator.MSG_OPTION_COUNT.format(count=1)
        for e in errors
    )


def test_too_many_options(raw):
    options = raw["dimensions"][0]["questions"][0]["options"]
    options[4:4] = [copy.deepcopy(options[0]) for _ in range(3)]
    errors = errors_of(raw)
    assert validator.MSG_OPTION_COUNT.format(count=8) in [e.message for e in errors]


def test_scores_must_ascend(raw):
    options = raw["dimensions"][1]["questions"][1]["options"]
    options[1]["score"], options[2]["score"] = 2, 1
    error = only_error(raw)
    assert error.path == "dimensions[1].questions[1].options"
    assert error.message == validator.MSG_SCORE_ORDER


def test_scores_must_be_distinct(raw):
    raw["dimensions"][1]["questions"][1]["options"][1]["score"] = 0
    assert only_error(raw).message == validator.MSG_SCORE_DISTINCT


def test_score_outside_scale(raw):
    raw["dimensions"][0]["questions"][0]["options"][4]["score"] = 5
    error = only_error(raw)
    assert error.path == "dimensions[0].questions[0].options[4].score"
    assert error.message == validator.MSG_ON_SCALE.format(max_stage=4)


def test_target_outside_scale(raw):
    raw["dimensions"][0]["target"] = 9
    assert only_error(raw).message == validator.MSG_ON_SCALE.format(max_stage=4)


@pytest.mark.parametrize("weight", [0, -1, "heavy", 1.234, True, 10000])
def test_weight_must_be_positive(raw, weight):
    raw["dimensions"][0]["questions"][0]["weight"] = weight
    error = only_error(raw)
    assert error.path == "dimensions[0].questions[0].weight"
    assert error.message == validator.MSG_WEIGHT


def test_consensus_threshold_is_optional_with_a_default(raw):
    # Files written before the setting existed (format 1.0) stay valid.
    assert "consensus_threshold" not in raw
    document = ff.parse_framework(yaml.safe_dump(raw, allow_unicode=True))
    assert document["consensus_threshold"] == Decimal("0.65")


@pytest.mark.parametrize(("given", "stored"), [(0.5, "0.50"), (1, "1.00"), (0.01, "0.01")])
def test_consensus_threshold_is_read(raw, given, stored):
    raw["consensus_threshold"] = given
    document = ff.parse_framework(yaml.safe_dump(raw, allow_unicode=True))
    assert document["consensus_threshold"] == Decimal(stored)
    assert "consensus_threshold: " + str(float(stored)) in ff.dump_framework(document)


@pytest.mark.parametrize("value", [0, -0.5, 1.01, 0.655, "0.6", True, None, [0.6]])
def test_consensus_threshold_must_be_a_share(raw, value):
    raw["consensus_threshold"] = value
    error = only_error(raw)
    assert error.path == "consensus_threshold"
    assert error.message == validator.MSG_CONSENSUS_THRESHOLD


def test_rules_are_optional_with_format_1_0s_defaults(raw):
    assert "rules" not in raw
    document = ff.parse_framework(yaml.safe_dump(raw, allow_unicode=True))
    assert document["rules"] == {"dont_know": "bottom", "unanswered": "no_value"}
    # Written back without the section, so a 1.0 file reads back as it was.
    assert "rules" not in ff.dump_framework(document)


def test_rules_are_read_and_written_back(raw):
    raw["rules"] = {"dont_know": "no_value"}
    document = ff.parse_framework(yaml.safe_dump(raw, allow_unicode=True))
    assert document["rules"] == {"dont_know": "no_value", "unanswered": "no_value"}
    again = ff.parse_framework(ff.dump_framework(document))
    assert again["rules"] == document["rules"]


@pytest.mark.parametrize(
    ("rules", "path", "message"),
    [
        ({"dont_know": "zero"}, "rules.dont_know", validator.MSG_RULE),
        ({"unanswered": None}, "rules.unanswered", validator.MSG_RULE),
        ({"unanswered": True}, "rules.unanswered", validator.MSG_RULE),
        ({"not_applicable": "bottom"}, "rules.not_applicable", "unknown field 'not_applicable'"),
        (["bottom"], "rules", "expected a mapping"),
    ],
)
def test_rules_refuse_what_they_do_not_know(raw, rules, path, message):
    raw["rules"] = rules
    error = only_error(raw)
    assert (error.path, error.message) == (path, message)


def test_missing_recommendation(raw):
    del raw["dimensions"][0]["questions"][0]["options"][2]["recommendation"]
    error = only_error(raw)
    assert error.path == "dimensions[0].questions[0].options[2]"
    assert error.message == validator.MSG_RECOMMENDATION_MISSING


def test_recommendation_on_top_option(raw):
    raw["dimensions"][0]["questions"][0]["options"][4]["recommendation"] = {"en": "x", "fr": "y"}
    assert only_error(raw).message == validator.MSG_RECOMMENDATION_ON_TOP


def test_unknown_pillar(raw):
    raw["dimensions"][1]["pillar"] = "culture"
    error = only_error(raw)
    assert error.path == "dimensions[1].pillar"
    assert error.message == validator.MSG_UNKNOWN_PILLAR.format(value="culture")


def test_pillar_without_dimensions(raw):
    raw["dimensions"][0]["pillar"] = "ml"
    assert only_error(raw).message == validator.MSG_EMPTY_PILLAR.format(key="devops")


def test_unknown_scoping_question(raw):
    raw["dimensions"][2]["questions"][1]["applies_if"] = {"batch_only": True}
    error = only_error(raw)
    assert error.path == "dimensions[2].questions[1].applies_if.batch_only"
    assert error.message == validator.MSG_UNKNOWN_SCOPING.format(value="batch_only")


def test_applies_if_needs_a_boolean(raw):
    raw["dimensions"][2]["questions"][1]["applies_if"] = {"online_serving": "sometimes"}
    assert only_error(raw).message == validator.MSG_APPLIES_IF_VALUE.format(key="online_serving")


def test_unknown_reference(raw):
    raw["dimensions"][0]["questions"][0]["references"] = ["mlts:data-8"]
    error = only_error(raw)
    assert error.path == "dimensions[0].questions[0].references[0]"
    assert error.message == validator.MSG_UNKNOWN_REFERENCE.format(value="mlts:data-8")


def test_scale_must_be_numbered_in_order(raw):
    raw["scale"][1]["stage"] = 2
    assert only_error(raw).message == validator.MSG_SCALE_ORDER


def test_scale_size(raw):
    raw["scale"] = raw["scale"][:1]
    assert validator.MSG_SCALE_SIZE in [e.message for e in errors_of(raw)]


def test_status(raw):
    raw["status"] = "live"
    assert only_error(raw).message == validator.MSG_STATUS


def test_empty_list(raw):
    raw["dimensions"][0]["questions"] = []
    assert only_error(raw).message == validator.MSG_EMPTY_LIST


def test_wrong_type(raw):
    raw["dimensions"][0]["questions"][0]["allow_na"] = "maybe"
    assert only_error(raw).message == validator.MSG_EXPECTED.format(expected="true or false")


def test_every_error_is_reported_not_just_the_first(raw):
    raw["dimensions"][0]["weight"] = 0
    raw["dimensions"][1]["questions"][0]["text"] = {"en": "x"}
    raw["dimensions"][2]["questions"][0]["options"][0]["score"] = 7
    assert len(errors_of(raw)) == 3


def test_errors_carry_the_line_of_the_faulty_element():
    text = SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8")
    broken = text.replace("        weight: 1.5\n", "        weight: -3\n")
    line = broken.splitlines().index("        weight: -3") + 1
    error = only_error(broken)
    assert error.line == line
    assert error.format("sample.yaml") == (
        f"sample.yaml:{line}: dimensions[1].questions[1].weight: {validator.MSG_WEIGHT}"
    )


def test_duplicate_mapping_field_is_an_error():
    text = SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8").replace(
        'version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n'
    )
    error = only_error(text)
    assert error.message == reader.MSG_DUPLICATE_FIELD.format(field="version")
    assert error.line == text.splitlines().index('version: "2.0"') + 1


def test_yaml_syntax_error_has_a_line():
    error = only_error("slug: x\ntitle: {en: [unclosed\n")
    assert error.message.startswith("invalid YAML: ")
    assert error.line == 3


def test_not_utf8():
    error = only_error("slug: caf\xe9\n".encode("latin-1"))
    assert error.message == reader.MSG_NOT_UTF8.format(offset=9)


def test_too_large(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (reader.MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(ff.InvalidFrameworkFile) as excinfo:
        ff.read_framework_file(path)
    assert [e.message for e in excinfo.value.errors] == [reader.MSG_TOO_LARGE]


def test_yaml_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    error = only_error(bomb)
    assert error.message == reader.MSG_ALIAS
    assert error.line == 2


def test_deep_nesting_is_refused():
    assert only_error("a: " + "[" * 500 + "]" * 500).message == reader.MSG_TOO_DEEP.format(
        depth=reader.MAX_DEPTH
    )


def test_top_level_must_be_a_mapping():
    assert only_error("- just\n- a list\n").message == reader.MSG_NOT_MAPPING


def test_empty_file():
    assert only_error("").message == reader.MSG_EMPTY_FILE


def test_missing_file(tmp_path: Path):
    with pytest.raises(ff.InvalidFrameworkFile) as excinfo:
        ff.read_framework_file(tmp_path / "nope.yaml")
    assert "No such file" in excinfo.value.errors[0].message


@pytest.mark.parametrize("where", ["directory", "device"])
def test_a_directory_or_a_device_is_not_a_framework_file(tmp_path: Path, where):
    # /dev/zero reports a size of 0 and never ends: it must be refused, not read.
    path = tmp_path if where == "directory" else Path("/dev/zero")
    with pytest.raises(ff.InvalidFrameworkFile) as excinfo:
        ff.read_framework_file(path)
    assert excinfo.value.errors[0].message == reader.MSG_NOT_A_FILE
