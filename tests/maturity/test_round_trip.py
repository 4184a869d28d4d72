"""Property: any valid framework survives import, export and import again unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings as settings_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.framework_file import dump_framework, parse_framework
from maturity.framework_file.validator import dimension_questions
from maturity.models import Framework
from maturity.roles import RESPONDENT_ROLES
from maturity.selectors import framework_document
from maturity.services import framework_import

# Texts with accents, quotes, colons and YAML-significant words, to stress the dumper.
words = st.sampled_from(
    ["yes", "no", "null", "été", "l'équipe", "a: b", "#1", "- x", "~", "10", "Ünïcode", "«ok»"]
)
texts = st.lists(words, min_size=1, max_size=4).map(" ".join)
bilingual = st.fixed_dictionaries({"en": texts, "fr": texts})
LANGUAGES = [["en", "fr"], ["en"], ["fr"]]
keys = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99"), places=2)
# Points as the validator gives them back: whole numbers without decimals, others with.
points = st.decimals(min_value=Decimal(0), max_value=Decimal("99999.99"), places=2).map(
    lambda value: value.quantize(Decimal(1)) if value == value.to_integral_value() else value
)
# Format 2.0's links and mapping (docs/framework-format.md); every list may be empty, as in 1.0.
urls = st.sampled_from(
    [
        "https://example.org/a",
        "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
        "https://x.io/?q=1#b",
    ]
)
OWN_REFERENCE_IDS = ["euaia:art-4", "iso:42001"]


@st.composite
def documents(draw: st.DrawFn) -> dict:
    # Both languages, as in 1.0, or one only (`languages`): every text then has its key only.
    languages = draw(st.sampled_from(LANGUAGES))
    bilingual = st.fixed_dictionaries({language: texts for language in languages})
    links = st.lists(st.fixed_dictionaries({"url": urls, "title": bilingual}), max_size=2)
    max_stage = draw(st.integers(1, 5))
    scoping_keys = draw(st.lists(keys, max_size=2, unique=True))
    pillar_keys = draw(st.lists(keys, min_size=1, max_size=2, unique=True))
    question_keys = iter(draw(st.lists(keys, min_size=6, max_size=6, unique=True)))
    previous_version = draw(st.none() | st.sampled_from(["0.9", "1.0-alpha"]))
    own_references = [
        {"id": reference_id, "title": draw(bilingual), "url": draw(st.none() | urls)}
        for reference_id in OWN_REFERENCE_IDS[: draw(st.integers(0, 2))]
    ]
    old_keys = iter(draw(st.lists(keys, min_size=12, max_size=12, unique=True)))

    def replaces() -> list[dict]:
        if previous_version is None:
            return []
        hows = draw(st.lists(st.sampled_from(["kept", "reworded", "merged", "split"]), max_size=2))
        return [{"key": next(old_keys), "how": how} for how in hows]

    def question() -> dict:
        scores = sorted(
            draw(st.sets(st.integers(0, max_stage), min_size=2, max_size=max_stage + 1))
        )
        # Options worth points (format 2.0) instead of stages, on some questions.
        in_points = draw(st.booleans())
        if in_points:
            scores = sorted(draw(st.sets(points, min_size=2, max_size=7)))
        field = "points" if in_points else "score"
        return {
            "key": next(question_keys),
            "text": draw(bilingual),
            "help": draw(bilingual),
            "weight": draw(weights),
            "allow_na": draw(st.booleans()),
            "applies_if": {k: draw(st.booleans()) for k in scoping_keys[: draw(st.integers(0, 1))]},
            "references": draw(
                st.lists(
                    st.sampled_from(
                        ["mlts:data-1", "dora:lead-time", *(r["id"] for r in own_references)]
                    ),
                    unique=True,
                )
            ),
            "links": draw(links),
            "replaces": replaces(),
            "audience": draw(
                st.none() | st.lists(st.sampled_from(RESPONDENT_ROLES), min_size=1, unique=True)
            ),
            "options": [
                {
                    "key": f"o{index}",
                    field: score,
                    "label": draw(bilingual),
                    "recommendation": None if score == scores[-1] else draw(bilingual),
                    "links": draw(links),
                }
                for index, score in enumerate(scores)
            ],
        }

    def content(i: int) -> dict:
        # A dimension lists its questions directly, or groups them in sections.
        if not draw(st.booleans()):
            return {"questions": [question() for _ in range(draw(st.integers(1, 3)))]}
        return {
            "sections": [
                {
                    "key": f"s{i}-{j}",
                    "title": draw(bilingual),
                    "description": draw(st.none() | bilingual),
                    "scored": draw(st.booleans()),
                    "questions": [question()],
                }
                for j in range(draw(st.integers(1, 2)))
            ]
        }

    dimensions = [
        {
            "key": f"d{i}",
            "pillar": pillar_keys[i % len(pillar_keys)],
            "title": draw(bilingual),
            "description": draw(bilingual),
            "weight": draw(weights),
            "target": draw(st.integers(0, max_stage)),
            "replaces": replaces(),
            **content(i),
        }
        for i in range(len(pillar_keys))
    ]

    def gate(index: int) -> dict:
        caps = draw(
            st.sampled_from(
                [{"overall": True}, {"pillar": pillar_keys[0]}, {"dimension": dimensions[0]["key"]}]
            )
        )
        requires = draw(
            st.sampled_from(
                [
                    {"dimensions": [dimensions[-1]["key"]]},
                    {"questions": [dimension_questions(dimensions[0])[0]["key"]]},
                    {
                        "dimensions": [dimensions[0]["key"]],
                        "questions": [dimension_questions(dimensions[-1])[-1]["key"]],
                    },
                ]
            )
        )
        return {
            "key": f"g{index}",
            "caps": caps,
            "stage": draw(st.integers(1, max_stage)),
            "requires": {**requires, "at_least": draw(st.integers(0, max_stage))},
            "reason": draw(bilingual),
        }

    return {
        "slug": draw(keys),
        "version": draw(st.sampled_from(["1.0", "2", "1.0-beta"])),
        "previous_version": previous_version,
        "status": draw(st.sampled_from(["draft", "published", "retired"])),
        "languages": languages,
        "title": draw(bilingual),
        "description": draw(bilingual),
        "scale": [
            {"stage": n, "name": draw(bilingual), "description": draw(bilingual)}
            for n in range(max_stage + 1)
        ],
        "consensus_threshold": draw(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1"), places=2)
        ),
        "rules": {
            "dont_know": draw(st.sampled_from(["bottom", "no_value"])),
            "unanswered": draw(st.sampled_from(["bottom", "no_value"])),
        },
        "scoping": [
            {
                "key": k,
                "text": draw(bilingual),
                "help": draw(st.none() | bilingual),
                "default": draw(st.booleans()),
            }
            for k in scoping_keys
        ],
        "references": own_references,
        "pillars": [
            {"key": k, "title": draw(bilingual), "description": draw(bilingual)}
            for k in pillar_keys
        ],
        "dimensions": dimensions,
        "gates": [gate(i) for i in range(draw(st.integers(0, 2)))],
    }


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=documents())
def test_import_export_import_is_identity(document):
    # The generated document goes through the file format first, as a user's file would.
    parsed = parse_framework(dump_framework(document))
    assert parsed == document
    framework, _ = framework_import(document=parsed)
    exported = framework_document(framework)
    assert exported == document
    assert parse_framework(dump_framework(exported)) == document
    Framework.objects.filter(pk=framework.pk).delete()


MLOPS_FILE = "maturity/frameworks/mlops-maturity.yaml"


@pytest.mark.django_db
def test_the_default_framework_is_written_back_as_it_was_without_languages():
    """1.0's file names no languages: both; the export leaves them out again."""
    from maturity.framework_file import read_framework_file

    document = read_framework_file(MLOPS_FILE)
    assert document["languages"] == ["en", "fr"]
    framework, _ = framework_import(document=document)
    written = dump_framework(framework_document(framework))
    assert "languages:" not in written
    assert parse_framework(written) == document


@pytest.mark.django_db
def test_a_one_language_framework_keeps_its_language_through_import_and_export():
    from tests.maturity.test_framework_file_errors import TINY
    from tests.maturity.test_languages import english_only

    document = parse_framework(english_only(TINY))
    framework, _ = framework_import(document=document)
    assert framework.languages == ["en"]
    assert framework.title_fr == ""
    written = dump_framework(framework_document(framework))
    assert written.startswith("slug: tiny\nversion: '1.0'\nstatus: draft\nlanguages:\n  - en\n")
    assert "fr:" not in written
    assert parse_framework(written) == document


def test_a_1_0_file_reads_and_writes_without_the_2_0_fields():
    text = (settings_module.BASE_DIR / "maturity/frameworks/mlops-maturity.yaml").read_text()
    document = parse_framework(text)
    assert document["previous_version"] is None
    assert document["references"] == []
    questions = [q for d in document["dimensions"] for q in d["questions"]]
    assert all(q["links"] == [] and q["replaces"] == [] for q in questions)
    assert all(o["links"] == [] for q in questions for o in q["options"])
    assert all(d["replaces"] == [] for d in document["dimensions"])
    written = dump_framework(document)
    for field in ("previous_version:", "links:", "replaces:", "\nreferences:"):
        assert field not in written
    assert parse_framework(written) == document
