"""The errors an author meets most, each with a message that says the fix, in line order."""

from __future__ import annotations

import pytest

from maturity import framework_file as ff
from maturity.framework_file import validator

# A tiny valid framework written by hand: 2 stages, 2 pillars, 2 dimensions, 3 questions.
TINY = """\
slug: tiny
version: "1.0"
status: draft
title: {en: Tiny, fr: Petit}
description: {en: A tiny framework., fr: Un petit référentiel.}
scale:
  - {stage: 0, name: {en: Low, fr: Bas}, description: {en: Nothing., fr: Rien.}}
  - {stage: 1, name: {en: High, fr: Haut}, description: {en: All., fr: Tout.}}
scoping:
  - {key: online, text: {en: "Online?", fr: "En ligne ?"}, default: true}
pillars:
  - {key: ops, title: {en: Ops, fr: Exploitation}, description: {en: Ops., fr: Exploitation.}}
  - {key: data, title: {en: Data, fr: Données}, description: {en: Data., fr: Données.}}
dimensions:
  - key: deploy
    pillar: ops
    title: {en: Deploy, fr: Déploiement}
    description: {en: Deploying., fr: Déployer.}
    weight: 1
    target: 1
    questions:
      - key: deploy-how
        text: {en: "How?", fr: "Comment ?"}
        help: {en: Why., fr: Pourquoi.}
        applies_if: {online: true}
        options:
          - key: manual
            score: 0
            label: {en: By hand., fr: À la main.}
            recommendation: {en: Script it., fr: Scriptez-le.}
          - key: auto
            score: 1
            label: {en: Automatically., fr: Automatiquement.}
  - key: quality
    pillar: data
    title: {en: Quality, fr: Qualité}
    description: {en: Data quality., fr: Qualité des données.}
    weight: 1
    target: 1
    questions:
      - key: quality-checks
        text: {en: "Checked?", fr: "Vérifiées ?"}
        help: {en: Why., fr: Pourquoi.}
        applies_if: {online: true}
        options:
          - key: never
            score: 0
            label: {en: Never., fr: Jamais.}
            recommendation: {en: Check., fr: Vérifiez.}
          - key: always
            score: 1
            label: {en: Always., fr: Toujours.}
      - key: quality-schema
        text: {en: "Schema?", fr: "Schéma ?"}
        help: {en: Why., fr: Pourquoi.}
        options:
          - key: absent
            score: 0
            label: {en: No schema., fr: Pas de schéma.}
            recommendation: {en: Write one., fr: Écrivez-en un.}
          - key: present
            score: 1
            label: {en: A schema., fr: Un schéma.}
"""


def errors_of(text: str) -> list[ff.FrameworkFileError]:
    with pytest.raises(ff.InvalidFrameworkFile) as excinfo:
        ff.parse_framework(text, filename="tiny.yaml")
    return excinfo.value.errors


def line_of(text: str, fragment: str, start: int = 0) -> int:
    """The 1-based line of the first line containing fragment, from line `start` on."""
    lines = text.splitlines()
    return next(i for i in range(start, len(lines)) if fragment in lines[i]) + 1


def test_the_tiny_framework_is_valid():
    document = ff.parse_framework(TINY)
    assert document["version"] == "1.0"
    assert [q["key"] for d in document["dimensions"] for q in d["questions"]] == [
        "deploy-how",
        "quality-checks",
        "quality-schema",
    ]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "true", "False"])
def test_an_unquoted_yes_as_a_key_says_to_quote_it(word):
    text = TINY.replace("- key: manual", f"- key: {word}")
    [error] = errors_of(text)
    assert error.path == "dimensions[0].questions[0].options[0].key"
    assert error.line == line_of(text, f"- key: {word}")
    assert error.message == f"write '{word}' in quotes: YAML reads it as true/false"


def test_an_unquoted_yes_as_a_text_says_to_quote_it():
    text = TINY.replace("label: {en: Always., fr: Toujours.}", "label: {en: yes, fr: oui}")
    [error] = errors_of(text)
    assert error.path == "dimensions[1].questions[0].options[1].label.en"
    assert error.message == "write 'yes' in quotes: YAML reads it as true/false"


def test_a_number_as_a_key_says_to_quote_it():
    text = TINY.replace("- key: auto", "- key: 10")
    [error] = errors_of(text)
    assert error.path == "dimensions[0].questions[0].options[1].key"
    assert error.message == "write '10' in quotes: YAML reads it as a number"


def test_a_quoted_yes_is_a_key_like_any_other():
    text = TINY.replace("- key: manual", '- key: "no"').replace("- key: auto", "- key: 'yes'")
    options = ff.parse_framework(text)["dimensions"][0]["questions"][0]["options"]
    assert [o["key"] for o in options] == ["no", "yes"]


def test_an_unquoted_version_that_yaml_changes_is_refused():
    text = TINY.replace('version: "1.0"', "version: 1.10")
    [error] = errors_of(text)
    assert (error.line, error.path) == (2, "version")
    assert error.message == "write the version in quotes: 1.10 was read as the number 1.1"


def test_an_unquoted_version_that_yaml_keeps_is_accepted():
    assert ff.parse_framework(TINY.replace('version: "1.0"', "version: 2.5"))["version"] == "2.5"


def test_equal_scores_say_scores_must_be_distinct():
    text = TINY.replace(
        "score: 1\n            label: {en: Always.", "score: 0\n            label: {en: Always."
    )
    [error] = errors_of(text)
    assert error.path == "dimensions[1].questions[0].options"
    assert error.message == validator.MSG_SCORE_DISTINCT == "scores must be distinct"


DESCENDING = {
    # deploy-how and quality-checks listed from the highest score to the lowest; the
    # recommendations follow the scores (none on the top option, now the first).
    """\
          - key: manual
            score: 0
            label: {en: By hand., fr: À la main.}
            recommendation: {en: Script it., fr: Scriptez-le.}
          - key: auto
            score: 1
            label: {en: Automatically., fr: Automatiquement.}
""": """\
          - key: auto
            score: 1
            label: {en: Automatically., fr: Automatiquement.}
          - key: manual
            score: 0
            label: {en: By hand., fr: À la main.}
            recommendation: {en: Script it., fr: Scriptez-le.}
""",
    """\
          - key: never
            score: 0
            label: {en: Never., fr: Jamais.}
            recommendation: {en: Check., fr: Vérifiez.}
          - key: always
            score: 1
            label: {en: Always., fr: Toujours.}
""": """\
          - key: always
            score: 1
            label: {en: Always., fr: Toujours.}
          - key: never
            score: 0
            label: {en: Never., fr: Jamais.}
            recommendation: {en: Check., fr: Vérifiez.}
""",
}


def test_options_in_descending_order_are_reported_once_for_the_file():
    text = TINY
    for before, after in DESCENDING.items():
        assert before in text
        text = text.replace(before, after)
    [error] = errors_of(text)
    assert error.message == (
        "options are in descending order of score in 2 questions:"
        " list them from the lowest score to the highest"
    )
    assert (error.line, error.path) == (
        line_of(text, "- key: auto"),
        "dimensions[0].questions[0].options",
    )


def test_errors_come_in_line_order():
    text = (
        TINY.replace(
            "weight: 1\n    target: 1\n    questions:\n      - key: quality-checks",
            "weight: 0\n    target: 1\n    questions:\n      - key: quality-checks",
        )
        .replace("status: draft", "status: live")
        .replace("- key: never", "- key: Never")
    )
    errors = errors_of(text)
    assert [e.path for e in errors] == [
        "status",
        "dimensions[1].weight",
        "dimensions[1].questions[0].options[0].key",
    ]
    assert [e.line for e in errors] == sorted(e.line for e in errors)


def test_an_invalid_pillar_key_does_not_cascade_to_its_dimensions():
    text = TINY.replace("- {key: ops,", "- {key: Ops,").replace("pillar: ops", "pillar: Ops")
    [error] = errors_of(text)
    assert error.path == "pillars[0].key"
    assert error.message == validator.MSG_KEY_FORMAT.format(value="Ops")


def test_an_unknown_pillar_is_reported_once():
    text = TINY.replace("pillar: ops", "pillar: operations").replace(
        "pillar: data", "pillar: operations"
    )
    # Not also "pillar 'ops' has no dimensions": which one was meant is not known.
    [error] = errors_of(text)
    assert error.path == "dimensions[0].pillar"
    second = line_of(text, "pillar: operations", line_of(text, "pillar: operations"))
    assert error.message == f"unknown pillar 'operations' (also used at line {second})"


def test_an_invalid_scoping_key_does_not_cascade_to_the_questions_using_it():
    text = TINY.replace("- {key: online,", "- {key: On-Line,").replace(
        "applies_if: {online: true}", "applies_if: {On-Line: true}"
    )
    [error] = errors_of(text)
    assert error.path == "scoping[0].key"


def test_an_unknown_scoping_question_is_reported_once():
    text = TINY.replace("applies_if: {online: true}", "applies_if: {offline: true}")
    [error] = errors_of(text)
    assert error.path == "dimensions[0].questions[0].applies_if.offline"
    second = line_of(text, "offline", line_of(text, "offline"))
    assert error.message == f"unknown scoping question 'offline' (also used at line {second})"
