"""Links, a framework's own references and the mapping to an earlier version, in the file."""

from __future__ import annotations

import pytest

from maturity import framework_file as ff
from maturity.framework_file import meta

# Line numbers matter: the tests below name them.
META = """\
slug: meta
version: "2.0"
previous_version: "1.0"
status: draft
title: {en: Meta, fr: Méta}
description: {en: Links and mapping., fr: Liens et correspondance.}
scale:
  - {stage: 0, name: {en: Low, fr: Bas}, description: {en: Nothing., fr: Rien.}}
  - {stage: 1, name: {en: High, fr: Haut}, description: {en: All., fr: Tout.}}
references:
  - id: "euaia:art-4"
    title: {en: EU AI Act article 4, fr: Règlement IA article 4}
    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"
  - id: "iso:42001"
    title: {en: ISO/IEC 42001, fr: ISO/CEI 42001}
pillars:
  - {key: ops, title: {en: Ops, fr: Exploitation}, description: {en: Ops., fr: Exploitation.}}
dimensions:
  - key: deploy
    pillar: ops
    title: {en: Deploy, fr: Déploiement}
    description: {en: Deploying., fr: Déployer.}
    weight: 1
    target: 1
    replaces:
      - {key: delivery, how: reworded}
    questions:
      - key: deploy-how
        text: {en: "How?", fr: "Comment ?"}
        help: {en: Why., fr: Pourquoi.}
        references: ["euaia:art-4", mlts:infra-6]
        links:
          - url: "https://example.org/deploy"
            title: {en: A guide, fr: Un guide}
        replaces:
          - {key: deploy-manual, how: merged}
          - {key: deploy-script, how: merged}
        options:
          - key: manual
            score: 0
            label: {en: By hand., fr: À la main.}
            recommendation: {en: Script it., fr: Scriptez-le.}
            links:
              - url: "https://example.org/scripts"
                title: {en: Scripts, fr: Scripts}
          - key: auto
            score: 1
            label: {en: Automatically., fr: Automatiquement.}
"""


def errors(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ff.InvalidFrameworkFile) as caught:
        ff.parse_framework(text, filename="meta.yaml")
    return [(e.line, e.path, e.message) for e in caught.value.errors]


def test_the_constructs_are_read_into_the_document():
    document = ff.parse_framework(META)
    assert document["previous_version"] == "1.0"
    assert document["references"] == [
        {
            "id": "euaia:art-4",
            "title": {"en": "EU AI Act article 4", "fr": "Règlement IA article 4"},
            "url": "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
        },
        {"id": "iso:42001", "title": {"en": "ISO/IEC 42001", "fr": "ISO/CEI 42001"}, "url": None},
    ]
    dimension = document["dimensions"][0]
    assert dimension["replaces"] == [{"key": "delivery", "how": "reworded"}]
    question = dimension["questions"][0]
    assert question["references"] == ["euaia:art-4", "mlts:infra-6"]
    assert question["links"] == [
        {"url": "https://example.org/deploy", "title": {"en": "A guide", "fr": "Un guide"}}
    ]
    assert question["replaces"] == [
        {"key": "deploy-manual", "how": "merged"},
        {"key": "deploy-script", "how": "merged"},
    ]
    assert question["options"][0]["links"] == [
        {"url": "https://example.org/scripts", "title": {"en": "Scripts", "fr": "Scripts"}}
    ]
    assert question["options"][1]["links"] == []


def test_the_writer_writes_the_constructs_back_identically():
    document = ff.parse_framework(META)
    written = ff.dump_framework(document)
    assert ff.parse_framework(written) == document
    assert written.index("previous_version: '1.0'") < written.index("status: draft")
    assert "url: https://example.org/scripts" in written
    # An own reference without a url is written without one.
    assert (
        "  - id: iso:42001\n    title:\n      en: ISO/IEC 42001\n      fr: ISO/CEI 42001\npillars:"
        in written
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.org/deploy", "use https:// (links are https only)"),
        ("javascript:alert(1)", "only https:// links are allowed, not 'javascript:'"),
        ("JavaScript:alert(1)", "only https:// links are allowed, not 'javascript:'"),
        ("data:text/html,x", "only https:// links are allowed, not 'data:'"),
        ("//example.org/x", "only https:// links are allowed, not '//example.org/x'"),
        ("https://user:secret@example.org/", "a link must not carry a user name or password"),
        ("https://user@example.org/", "a link must not carry a user name or password"),
        ("https:///path", "a link needs a host name after https://"),
        ("https://", "a link needs a host name after https://"),
        ("https://exa mple.org/", "a link must not contain spaces or control characters"),
        ("https://example.org/\n", "a link must not contain spaces or control characters"),
        ("https://ex_ample.org/", "a link needs a host name after https://"),
        ("https://example.org:99999/", "a link needs a host name after https://"),
        (
            "https://example.org/" + "a" * 1981,
            "a link is at most 2,000 characters long (this one has 2001)",
        ),
        ("", 'expected a link such as "https://example.org/page"'),
    ],
)
def test_a_bad_link_is_refused_with_its_line(url, message):
    text = META.replace('"https://example.org/deploy"', f'"{url}"'.replace("\n", "\\n"))
    assert errors(text) == [(33, "dimensions[0].questions[0].links[0].url", message)]


def test_the_longest_link_allowed_is_2000_characters():
    assert meta.url_problem("https://example.org/" + "a" * 1980) is None
    assert meta.url_problem("https://example.org:8443/a?b=c#d") is None


def test_a_link_needs_a_url_and_a_title_in_both_languages():
    text = META.replace(
        "            title: {en: Scripts, fr: Scripts}\n", "            title: {en: Scripts}\n"
    ).replace('          - url: "https://example.org/deploy"\n', "          - href: x\n")
    assert errors(text) == [
        (33, "dimensions[0].questions[0].links[0]", "missing required field 'url'"),
        (33, "dimensions[0].questions[0].links[0].href", "unknown field 'href'"),
        (
            45,
            "dimensions[0].questions[0].options[0].links[0].title",
            "expected a text in both languages, with exactly the keys 'en' and 'fr'",
        ),
    ]


def test_an_own_reference_with_a_bad_url_is_refused():
    text = META.replace(
        '    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"', '    url: "http://eur-lex.eu"'
    )
    assert errors(text) == [(13, "references[0].url", "use https:// (links are https only)")]


def test_an_own_reference_clashing_with_the_catalogue_is_refused_once():
    text = META.replace('  - id: "iso:42001"', '  - id: "mlts:infra-6"')
    assert errors(text) == [
        (
            14,
            "references[1].id",
            "reference id 'mlts:infra-6' is already in the built-in catalogue: cite it without "
            "declaring it, or choose another id",
        )
    ]


def test_an_own_reference_declared_twice_is_refused():
    text = META.replace('  - id: "iso:42001"', '  - id: "euaia:art-4"')
    assert errors(text) == [
        (14, "references[1].id", "reference 'euaia:art-4' is declared twice, first at line 11")
    ]


def test_an_invalid_own_reference_id_is_said_once_not_at_each_citation():
    text = META.replace('  - id: "euaia:art-4"', '  - id: "EU AI Act"').replace(
        '["euaia:art-4", mlts:infra-6]', '["EU AI Act", mlts:infra-6]'
    )
    assert errors(text) == [
        (
            11,
            "references[0].id",
            "invalid reference id 'EU AI Act': use lowercase letters, digits and '-', '_', '.', "
            "':', 64 characters at most",
        )
    ]


def test_a_citation_of_an_undeclared_reference_is_still_unknown():
    text = META.replace('["euaia:art-4", mlts:infra-6]', '["euaia:art-5"]')
    assert errors(text) == [
        (
            31,
            "dimensions[0].questions[0].references[0]",
            "unknown reference 'euaia:art-5'; see docs/framework-format.md",
        )
    ]


def test_an_unknown_how_is_refused():
    text = META.replace("{key: delivery, how: reworded}", "{key: delivery, how: renamed}")
    assert errors(text) == [
        (
            26,
            "dimensions[0].replaces[0].how",
            "unknown how 'renamed': expected kept, reworded, merged or split",
        )
    ]


def test_a_key_replaced_twice_in_one_list_is_refused():
    text = META.replace("{key: deploy-script, how: merged}", "{key: deploy-manual, how: merged}")
    assert errors(text) == [
        (
            37,
            "dimensions[0].questions[0].replaces[1].key",
            "question key 'deploy-manual' is replaced twice here, first at line 36",
        )
    ]


MORE_QUESTION = """\
      - key: deploy-when
        text: {en: "When?", fr: "Quand ?"}
        help: {en: Why., fr: Pourquoi.}
        replaces: [{key: deploy-manual, how: HOW}]
        options:
          - key: rarely
            score: 0
            label: {en: Rarely., fr: Rarement.}
            recommendation: {en: More., fr: Plus.}
          - {key: often, score: 1, label: {en: Often., fr: Souvent.}}
"""


def test_a_key_replaced_by_two_questions_must_be_split_by_both():
    merged = META + MORE_QUESTION.replace("HOW", "kept")
    assert errors(merged) == [
        (
            52,
            "dimensions[0].questions[1].replaces[0].key",
            "question key 'deploy-manual' is already replaced at line 36; only a split replaces "
            "one key by several (how: split on each)",
        )
    ]
    split = (META + MORE_QUESTION.replace("HOW", "split")).replace(
        "{key: deploy-manual, how: merged}", "{key: deploy-manual, how: split}"
    )
    assert ff.parse_framework(split)["dimensions"][0]["questions"][1]["replaces"] == [
        {"key": "deploy-manual", "how": "split"}
    ]


def test_previous_version_equal_to_the_version_is_refused():
    text = META.replace('previous_version: "1.0"', 'previous_version: "2.0"')
    assert errors(text) == [
        (3, "previous_version", "previous_version '2.0' is this file's own version")
    ]


def test_previous_version_unquoted_that_yaml_changes_is_refused():
    text = META.replace('previous_version: "1.0"', "previous_version: 1.10")
    assert errors(text) == [
        (3, "previous_version", "write the version in quotes: 1.10 was read as the number 1.1")
    ]


def test_replaces_without_previous_version_is_refused():
    text = META.replace('previous_version: "1.0"\n', "")
    assert errors(text) == [
        (
            25,
            "dimensions[0].replaces",
            "replaces needs previous_version at the top of the file: the version whose keys it "
            "names",
        ),
        (
            35,
            "dimensions[0].questions[0].replaces",
            "replaces needs previous_version at the top of the file: the version whose keys it "
            "names",
        ),
    ]


def test_a_replaced_key_must_be_a_valid_key():
    text = META.replace("{key: delivery, how: reworded}", "{key: Delivery, how: reworded}")
    assert errors(text) == [
        (
            26,
            "dimensions[0].replaces[0].key",
            "invalid key 'Delivery': use lowercase letters, digits, '-' and '_', 64 characters "
            "at most",
        )
    ]
