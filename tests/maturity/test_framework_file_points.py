"""Framework files: options worth points (format 2.0), read, refused and written back."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from maturity import framework_file as ff
from maturity.framework_file import validator
from maturity.models import Option
from maturity.selectors import framework_document
from maturity.services import framework_import
from tests.conftest import SAMPLE_FRAMEWORK_FILE


@pytest.fixture
def raw() -> dict:
    """The sample framework, its "experiments-reproduce" question worth points."""
    data = yaml.safe_load(SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    options = data["dimensions"][1]["questions"][1]["options"]
    for option, points in zip(options, [0, 1, 2.5, 4, 10], strict=True):
        del option["score"]
        option["points"] = points
    return data


def dumped(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def errors_of(data: dict) -> list[ff.FrameworkFileError]:
    with pytest.raises(ff.InvalidFrameworkFile) as excinfo:
        ff.parse_framework(dumped(data), filename="f.yaml")
    return excinfo.value.errors


def only_error(data: dict) -> ff.FrameworkFileError:
    errors = errors_of(data)
    assert len(errors) == 1, errors
    return errors[0]


def reproduce_options(document: dict) -> list[dict]:
    return document["dimensions"][1]["questions"][1]["options"]


def test_points_are_read_exactly(raw):
    document = ff.parse_framework(dumped(raw))
    options = reproduce_options(document)
    assert [o["points"] for o in options] == [0, 1, Decimal("2.5"), 4, 10]
    assert all("score" not in o for o in options)
    # The top option is the one with the most points: it alone has no recommendation.
    assert options[-1]["recommendation"] is None


def test_points_may_exceed_the_scale(raw):
    reproduce_options(raw)[-1]["points"] = 250
    assert reproduce_options(ff.parse_framework(dumped(raw)))[-1]["points"] == 250


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (-1, validator.MSG_POINTS),
        (1.005, validator.MSG_POINTS),
        ("3", validator.MSG_POINTS),
        (True, validator.MSG_POINTS),
        (100000, validator.MSG_POINTS),
    ],
)
def test_bad_points_are_refused_on_their_line(raw, points, message):
    reproduce_options(raw)[2]["points"] = points
    error = only_error(raw)
    assert error.path == "dimensions[1].questions[1].options[2].points"
    assert error.message == message
    assert error.line is not None


def test_points_and_score_on_one_option_are_refused(raw):
    reproduce_options(raw)[1]["score"] = 1
    error = only_error(raw)
    assert error.path == "dimensions[1].questions[1].options[1]"
    assert error.message == validator.MSG_SCORE_OR_POINTS


def test_an_option_with_neither_says_both_fields(raw):
    del reproduce_options(raw)[1]["points"]
    assert only_error(raw).message == "missing required field 'score' (a stage) or 'points'"


def test_mixed_scores_and_points_are_refused_once(raw):
    option = reproduce_options(raw)[1]
    del option["points"]
    option["score"] = 1
    error = only_error(raw)
    assert error.path == "dimensions[1].questions[1].options"
    assert error.message == validator.MSG_POINTS_MIXED


def test_points_must_be_distinct_and_ascending(raw):
    reproduce_options(raw)[2]["points"] = 1
    assert only_error(raw).message == validator.MSG_SCORE_DISTINCT
    reproduce_options(raw)[2]["points"] = 0.5
    assert only_error(raw).message == validator.MSG_SCORE_ORDER


@pytest.mark.django_db
def test_points_survive_import_and_export(raw):
    document = ff.parse_framework(dumped(raw))
    framework, _ = framework_import(document=document)
    stored = Option.objects.filter(
        question__framework=framework, question__key="experiments-reproduce"
    )
    assert [(o.score, o.points) for o in stored] == [
        (None, Decimal("0")),
        (None, Decimal("1")),
        (None, Decimal("2.5")),
        (None, Decimal("4")),
        (None, Decimal("10")),
    ]
    exported = framework_document(framework)
    assert exported == document
    text = ff.dump_framework(exported)
    assert "points: 2.5\n" in text and "points: 10\n" in text
    assert ff.parse_framework(text) == document
