"""Checklist questions in framework files: read, validated with lines, stored, written back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from maturity import framework_file as ff
from maturity.framework_file import validator
from maturity.models import ChecklistItem, Question
from maturity.selectors import framework_dimensions, framework_document
from maturity.services import framework_import, framework_set_status
from tests.conftest import CHECKLIST_FRAMEWORK_FILE
from tests.maturity.test_framework_file_errors import TINY

pytestmark = pytest.mark.django_db

# TINY's first question, replaced by a checklist; {scoring} and {items} vary per test.
ITEMS = """\
        items:
          - key: scanned
            label: {en: Scanned., fr: Analysés.}
            weight: 2
            recommendation: {en: Scan., fr: Analysez.}
          - key: signed
            label: {en: Signed., fr: Signés.}
            allow_na: true
            recommendation: {en: Sign., fr: Signez.}
"""
CHECKLIST = """\
      - key: deploy-how
        type: checklist
        text: {en: "How?", fr: "Comment ?"}
        help: {en: Why., fr: Pourquoi.}
"""


def _tiny_with(question: str) -> str:
    start = TINY.index("      - key: deploy-how")
    end = TINY.index("  - key: quality")
    return TINY[:start] + question + TINY[end:]


def _errors(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ff.InvalidFrameworkFile) as caught:
        ff.parse_framework(text)
    return [(e.line, e.path, e.message) for e in caught.value.errors]


def _line(text: str, fragment: str) -> int:
    return text.splitlines().index(fragment) + 1


def test_fixture_reads_as_checklists():
    document = ff.read_framework_file(CHECKLIST_FRAMEWORK_FILE)
    share, rules, choice = document["dimensions"][0]["questions"]
    assert share["type"] == "checklist"
    assert [i["key"] for i in share["items"]] == ["scanned", "signed", "pinned"]
    assert [i["weight"] for i in share["items"]] == [Decimal(2), Decimal(1), Decimal(1)]
    assert [i["allow_na"] for i in share["items"]] == [False, False, True]
    assert share["scoring"] == "share"
    assert rules["scoring"] == {
        "rules": [
            {"stage": 4, "all": ["sso", "roles", "audit"]},
            {"stage": 2, "min_ticked": 2},
            {"stage": 1, "any": ["sso", "roles"]},
            {"stage": 0},
        ]
    }
    # A choice question's document is format 1.0's: no type, options.
    assert "type" not in choice and [o["key"] for o in choice["options"]] == ["no", "yes"]


def test_scoring_defaults_to_share():
    document = ff.parse_framework(_tiny_with(CHECKLIST + ITEMS))
    assert document["dimensions"][0]["questions"][0]["scoring"] == "share"


def test_import_export_round_trip_is_identical():
    document = ff.read_framework_file(CHECKLIST_FRAMEWORK_FILE)
    framework, _ = framework_import(document=document)
    assert framework_document(framework) == document
    assert ff.parse_framework(ff.dump_framework(document)) == document
    question = Question.objects.get(framework=framework, key="sec-access")
    assert question.type == "checklist"
    assert list(ChecklistItem.objects.filter(question=question).values_list("key", "allow_na")) == [
        ("sso", False),
        ("roles", False),
        ("audit", True),
    ]
    again, outcome = framework_import(document=ff.parse_framework(ff.dump_framework(document)))
    assert (again, outcome.value) == (framework, "unchanged")


def test_items_come_with_the_dimensions_in_one_more_query(django_assert_num_queries):
    document = ff.read_framework_file(CHECKLIST_FRAMEWORK_FILE)
    framework, _ = framework_import(document=document)
    # dimensions with pillar, questions, options, the checklists' items
    with django_assert_num_queries(4):
        dimensions = framework_dimensions(framework.pk)
        questions = dimensions[0].questions.all()
        assert [[i.key for i in q.items] for q in questions] == [
            ["scanned", "signed", "pinned"],
            ["sso", "roles", "audit"],
            [],
        ]


def test_a_framework_without_checklists_reads_no_items(sample_framework, django_assert_num_queries):
    with django_assert_num_queries(3):
        dimensions = framework_dimensions(sample_framework.pk)
        assert all(q.items == [] for d in dimensions for q in d.questions.all())


def test_writer_leaves_type_out_of_choice_questions(sample_document):
    assert "type:" not in ff.dump_framework(sample_document)


def test_unknown_item_in_a_rule():
    scoring = """\
        scoring:
          rules:
            - stage: 1
              all: [scanned, sined]
            - {stage: 0}
"""
    text = _tiny_with(CHECKLIST + ITEMS + scoring)
    assert _errors(text) == [
        (
            _line(text, "              all: [scanned, sined]"),
            "dimensions[0].questions[0].scoring.rules[0].all[1]",
            validator.MSG_UNKNOWN_ITEM.format(value="sined"),
        )
    ]


def test_rule_after_the_unconditional_one():
    scoring = """\
        scoring:
          rules:
            - {stage: 0}
            - {stage: 1, any: [signed]}
"""
    text = _tiny_with(CHECKLIST + ITEMS + scoring)
    assert _errors(text) == [
        (
            _line(text, "            - {stage: 1, any: [signed]}"),
            "dimensions[0].questions[0].scoring.rules[1]",
            validator.MSG_RULE_AFTER_FALLBACK,
        )
    ]


def test_no_final_unconditional_rule():
    scoring = """\
        scoring:
          rules:
            - {stage: 1, all: [scanned]}
            - {stage: 0, min_ticked: 1}
"""
    text = _tiny_with(CHECKLIST + ITEMS + scoring)
    assert _errors(text) == [
        (
            _line(text, "            - {stage: 0, min_ticked: 1}"),
            "dimensions[0].questions[0].scoring.rules[1]",
            validator.MSG_NO_FALLBACK,
        )
    ]


def test_stage_off_the_scale_and_min_ticked_above_the_item_count():
    scoring = """\
        scoring:
          rules:
            - {stage: 5, min_ticked: 3}
            - {stage: 0}
"""
    text = _tiny_with(CHECKLIST + ITEMS + scoring)
    line = _line(text, "            - {stage: 5, min_ticked: 3}")
    path = "dimensions[0].questions[0].scoring.rules[0]"
    assert _errors(text) == [
        (line, f"{path}.stage", validator.MSG_ON_SCALE.format(max_stage=1)),
        (line, f"{path}.min_ticked", validator.MSG_MIN_TICKED.format(count=2)),
    ]


def test_scoring_neither_share_nor_rules():
    text = _tiny_with(CHECKLIST + ITEMS + "        scoring: shares\n")
    assert _errors(text) == [
        (
            _line(text, "        scoring: shares"),
            "dimensions[0].questions[0].scoring",
            validator.MSG_CHECKLIST_SCORING,
        )
    ]


def test_too_few_items_and_duplicate_item_keys():
    items = """\
        items:
          - {key: scanned, label: {en: A., fr: A.}, recommendation: {en: A., fr: A.}}
"""
    text = _tiny_with(CHECKLIST + items)
    assert _errors(text) == [
        (
            _line(text, "        items:") + 1,  # a list's line is its first item's
            "dimensions[0].questions[0].items",
            validator.MSG_ITEM_COUNT.format(count=1),
        )
    ]
    doubled = items + (
        "          - {key: scanned, label: {en: B., fr: B.}, recommendation: {en: B., fr: B.}}\n"
    )
    text = _tiny_with(CHECKLIST + doubled)
    first = _line(text, items.splitlines()[1])
    assert _errors(text) == [
        (
            first + 1,
            "dimensions[0].questions[0].items[1].key",
            validator.MSG_DUPLICATE_KEY.format(key="scanned", line=first),
        )
    ]


def test_thirteen_items_are_too_many():
    items = "        items:\n" + "".join(
        f"          - {{key: i{n}, label: {{en: L{n}., fr: L{n}.}}, "
        f"recommendation: {{en: R{n}., fr: R{n}.}}}}\n"
        for n in range(13)
    )
    text = _tiny_with(CHECKLIST + items)
    assert _errors(text) == [
        (
            _line(text, "        items:") + 1,  # a list's line is its first item's
            "dimensions[0].questions[0].items",
            validator.MSG_ITEM_COUNT.format(count=13),
        )
    ]


def test_item_without_recommendation():
    items = ITEMS.replace("            recommendation: {en: Sign., fr: Signez.}\n", "")
    text = _tiny_with(CHECKLIST + items)
    assert _errors(text) == [
        (
            _line(text, "          - key: signed"),
            "dimensions[0].questions[0].items[1]",
            validator.MSG_REQUIRED.format(field="recommendation"),
        )
    ]


def test_options_on_a_checklist_and_items_on_a_choice_question():
    options = """\
        options:
          - {key: a, score: 0, label: {en: A., fr: A.}, recommendation: {en: A., fr: A.}}
          - {key: b, score: 1, label: {en: B., fr: B.}}
"""
    text = _tiny_with(CHECKLIST + ITEMS + options)
    assert _errors(text) == [
        (
            _line(text, "        options:") + 1,
            "dimensions[0].questions[0].options",
            validator.MSG_OPTIONS_ON_CHECKLIST,
        )
    ]
    choice = CHECKLIST.replace("        type: checklist\n", "")
    text = _tiny_with(choice + options + ITEMS)
    assert _errors(text) == [
        (
            _line(text, "        items:") + 1,
            "dimensions[0].questions[0].items",
            validator.MSG_ITEMS_ON_CHOICE,
        )
    ]


def test_unknown_question_type():
    text = _tiny_with(CHECKLIST.replace("checklist", "ranking") + ITEMS)
    assert _errors(text) == [
        (
            _line(text, "        type: ranking"),
            "dimensions[0].questions[0].type",
            validator.MSG_QUESTION_TYPE,
        )
    ]


# A framework with checklists is published like any other ------------------------------------


@pytest.mark.django_db
def test_a_published_framework_with_checklists_is_imported():
    document = {**ff.read_framework_file(CHECKLIST_FRAMEWORK_FILE), "status": "published"}
    framework, outcome = framework_import(document=document)
    assert (outcome, framework.status) == ("created", "published")
    assert framework.questions.filter(type="checklist").count() == 2


@pytest.mark.django_db
def test_a_draft_with_checklists_can_be_published(checklist_framework):
    framework_set_status(framework=checklist_framework, status="published")
    checklist_framework.refresh_from_db()
    assert checklist_framework.status == "published"
