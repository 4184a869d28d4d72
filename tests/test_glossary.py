"""One French term per concept: the words docs/glossary.md rules out ("never ...") appear in
neither the French of framework 2.0 nor the interface's French catalogue."""

from __future__ import annotations

import re

import polib
import pytest

from maturity.framework_file import read_framework_file
from tests.test_site import ROOT

GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
VERSION_2 = ROOT / "maturity" / "frameworks" / "mlops-maturity-2.0.yaml"


def glossary_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 3 and cells[0] not in ("English", "---"):
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def avoided_words() -> list[str]:
    """The quoted words after "never" in the notes: never "batch" or "scoring"."""
    words = []
    for _english, _french, note in glossary_rows():
        for clause in re.findall(r'never ((?:"[^"]+"(?:,? (?:or|nor) )?)+)', note):
            words.extend(re.findall(r'"([^"]+)"', clause))
    return words


def offences(text: str) -> list[str]:
    # A glossary term that contains an avoided word is the right word ("stade d'avancement",
    # a project's progress): blanked out first.
    for _english, french, _note in glossary_rows():
        for term in filter(None, (t.strip() for t in re.split(r"[,/()]", french))):
            if len(term.split()) > 1:
                text = text.replace(term, " ")
    return [
        match.group(0)
        for word in avoided_words()
        for match in re.finditer(rf"\b{re.escape(word)}s?\b", text, re.IGNORECASE)
    ]


def french_texts(value) -> list[str]:
    if isinstance(value, dict):
        texts = [value["fr"]] if isinstance(value.get("fr"), str) else []
        return texts + [t for key, v in value.items() if key != "fr" for t in french_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in french_texts(v)]
    return []


def test_the_glossary_rules_words_out():
    assert {"feature", "job", "wrapper", "push", "stade", "sans objet"} <= set(avoided_words())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le stade 2 est atteint.", ["stade"]),
        ("Les features sont versionnées.", ["features"]),
        ("Sans objet si aucun modèle.", ["Sans objet"]),
        ("Un déploiement par lots (batch), un job.", ["batch", "job"]),
        ("Responsable et stade d'avancement de chaque projet.", []),
        ("Une variable d'entrée construite.", []),
    ],
)
def test_an_avoided_word_is_found_and_a_glossary_term_is_not(text, expected):
    assert offences(text) == expected


def test_framework_2_0_in_french_uses_the_glossarys_words():
    texts = french_texts(read_framework_file(VERSION_2))
    assert len(texts) > 1000  # every French text was read, not an empty walk
    assert {text: found for text in texts if (found := offences(text))} == {}


def test_the_interface_in_french_uses_the_glossarys_words():
    entries = polib.pofile(str(CATALOGUE))
    texts = [e.msgstr for e in entries if e.msgstr] + [
        text for e in entries for text in e.msgstr_plural.values()
    ]
    assert {text: found for text in texts if (found := offences(text))} == {}
