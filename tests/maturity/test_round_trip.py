"""Property: any valid framework survives import, export and import again unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
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
keys = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99"), places=2)
# Points as the validator gives them back: whole numbers without decimals, others with.
points = st.decimals(min_value=Decimal(0), max_value=Decimal("99999.99"), places=2).map(
    lambda value: value.quantize(Decimal(1)) if value == value.to_integral_value() else value
)


@st.composite
def documents(draw: st.DrawFn) -> dict:
    max_stage = draw(st.integers(1, 5))
    scoping_keys = draw(st.lists(keys, max_size=2, unique=True))
    pillar_keys = draw(st.lists(keys, min_size=1, max_size=2, unique=True))
    question_keys = iter(draw(st.lists(keys, min_size=6, max_size=6, unique=True)))

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
                st.lists(st.sampled_from(["mlts:data-1", "dora:lead-time"]), unique=True)
            ),
            "audience": draw(
                st.none() | st.lists(st.sampled_from(RESPONDENT_ROLES), min_size=1, unique=True)
            ),
            "options": [
                {
                    "key": f"o{index}",
                    field: score,
                    "label": draw(bilingual),
                    "recommendation": None if score == scores[-1] else draw(bilingual),
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
        "status": draw(st.sampled_from(["draft", "published", "retired"])),
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
