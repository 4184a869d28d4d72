"""One-language frameworks: `languages: [en]` (or `[fr]`) in the file, every text with exactly
that key; a wrong list is one clear error."""

from __future__ import annotations

import re

import pytest

from maturity import framework_file as ff
from maturity.framework_file.elements import MSG_TEXT, MSG_TEXT_ONE_LANGUAGE
from maturity.framework_file.validator import (
    MSG_LANGUAGE_TWICE,
    MSG_LANGUAGE_UNKNOWN,
    MSG_LANGUAGES,
)
from tests.maturity.test_framework_file_errors import TINY, errors_of, line_of

# TINY writes every text on one line as {en: ..., fr: ...}.
ENGLISH_TEXT = re.compile(r"\{en: ([^}]*?), fr: [^}]*\}")
FRENCH_TEXT = re.compile(r"\{en: [^}]*?, fr: ([^}]*)\}")


def with_languages(text: str, languages: str) -> str:
    return text.replace("status: draft\n", f"status: draft\nlanguages: {languages}\n", 1)


def english_only(text: str) -> str:
    """TINY written in English only, with `languages: [en]`."""
    return with_languages(ENGLISH_TEXT.sub(r"{en: \1}", text), "[en]")


def french_only(text: str) -> str:
    return with_languages(FRENCH_TEXT.sub(r"{fr: \1}", text), "[fr]")


def messages(errors: list[ff.FrameworkFileError]) -> list[tuple[int | None, str, str]]:
    return [(e.line, e.path, e.message) for e in errors]


def test_an_english_only_framework_is_valid_and_its_texts_have_one_key():
    document = ff.parse_framework(english_only(TINY))
    assert document["languages"] == ["en"]
    assert document["title"] == {"en": "Tiny"}
    question = document["dimensions"][0]["questions"][0]
    assert question["text"] == {"en": "How?"}
    assert question["options"][0]["recommendation"] == {"en": "Script it."}


def test_a_french_only_framework_is_valid():
    document = ff.parse_framework(french_only(TINY))
    assert document["languages"] == ["fr"]
    assert document["dimensions"][0]["title"] == {"fr": "Déploiement"}


def test_a_framework_without_languages_is_in_both():
    assert ff.parse_framework(TINY)["languages"] == ["en", "fr"]
    # Listed in any order, both is both.
    assert ff.parse_framework(with_languages(TINY, "[fr, en]"))["languages"] == ["en", "fr"]


def test_a_text_missing_the_frameworks_language_is_refused():
    text = french_only(TINY).replace("title: {fr: Déploiement}", "title: {en: Deploy}")
    assert messages(errors_of(text)) == [
        (
            line_of(text, "title: {en: Deploy}"),
            "dimensions[0].title",
            "expected a text in the framework's language, with exactly the key 'fr'",
        )
    ]


def test_a_text_missing_a_language_of_a_two_language_framework_is_refused():
    text = with_languages(TINY, "[en, fr]").replace(
        "title: {en: Deploy, fr: Déploiement}", "title: {en: Deploy}"
    )
    assert messages(errors_of(text)) == [
        (line_of(text, "title: {en: Deploy}"), "dimensions[0].title", MSG_TEXT)
    ]


def test_a_text_with_a_language_the_framework_does_not_have_is_refused():
    text = english_only(TINY).replace('text: {en: "How?"}', 'text: {en: "How?", fr: "Comment ?"}')
    assert messages(errors_of(text)) == [
        (
            line_of(text, 'text: {en: "How?"'),
            "dimensions[0].questions[0].text",
            MSG_TEXT_ONE_LANGUAGE.format(language="en"),
        )
    ]


def test_an_unknown_language_code_is_refused_once_and_texts_are_not_reported_as_well():
    text = with_languages(TINY, "[en, de]")
    assert messages(errors_of(text)) == [
        (line_of(text, "languages:"), "languages[1]", "unknown language 'de': expected en or fr")
    ]
    assert MSG_LANGUAGE_UNKNOWN.format(value="de") == "unknown language 'de': expected en or fr"


@pytest.mark.parametrize("value", ["[]", "en", "{en: true}", "null"])
def test_an_empty_list_or_not_a_list_is_refused(value):
    text = with_languages(TINY, value)
    assert messages(errors_of(text)) == [(line_of(text, "languages:"), "languages", MSG_LANGUAGES)]
    assert MSG_LANGUAGES == (
        "expected a list of the languages every text carries: [en], [fr] or [en, fr]"
    )


def test_a_language_listed_twice_is_refused():
    text = with_languages(english_only(TINY).replace("languages: [en]\n", ""), "[en, en]")
    assert messages(errors_of(text)) == [
        (line_of(text, "languages:"), "languages[1]", MSG_LANGUAGE_TWICE.format(value="en"))
    ]


def test_the_import_leaves_the_other_languages_fields_empty(db):
    from maturity.services import framework_import

    framework, _ = framework_import(document=ff.parse_framework(english_only(TINY)))
    question = framework.questions.get(key="deploy-how")
    assert (question.text_en, question.text_fr, question.help_fr) == ("How?", "", "")
    option = question.options.get(key="manual")
    assert (option.label_fr, option.recommendation_fr) == ("", "")


def test_the_linter_checks_a_one_language_framework_in_its_language():
    from maturity.linting import lint_framework

    vendor = english_only(TINY).replace("{en: Script it.}", "{en: Script it with Jenkins.}")
    report = lint_framework(ff.parse_framework(vendor), "generic")
    assert report.failed_rules == ["no-vendor"]


def test_a_french_only_frameworks_content_is_shown_in_french_in_english_and_marked():
    from django.utils import translation

    from maturity.models import Framework
    from maturity.templatetags.framework_content import content_lang, untranslated_marker

    framework = Framework(title_en="", title_fr="Petit", languages=["fr"])
    with translation.override("en"):
        assert framework.title == "Petit"
        assert framework.untranslated_language == "fr"
        assert content_lang(framework) == ' lang="fr"'
        assert untranslated_marker(framework) == "in French"
    with translation.override("fr"):
        assert framework.untranslated_language is None
        assert content_lang(framework) == ""
