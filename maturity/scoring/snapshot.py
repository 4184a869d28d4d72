"""The snapshot format: a result as JSON-safe data, and back, exactly.

Snapshots are stored in a database JSON field and outlive code changes, so the layout is tagged
with a version and checked when read back; fractions are written as "7/3" and never as floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .agreement import consensus
from .outcomes import (
    DimensionResult,
    GateResult,
    ItemTally,
    PillarResult,
    QuestionResult,
    Recommendation,
    Result,
    SectionResult,
)

# Version of the dictionary layout written by result_to_dict. Snapshots are stored in a database
# JSON field and outlive code changes, so the layout is tagged and checked when read back.
SCHEMA_VERSION = 1


def _fraction_out(value: Fraction | None) -> str | None:
    """Write an exact value as "7/3" (or "2"), keeping None."""
    return None if value is None else str(value)


def _fraction_in(value: Any) -> Fraction | None:
    """Read back a value written by _fraction_out."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected a fraction string or null, got {value!r}")
    return Fraction(value)


def _consensus_in(question: Mapping[str, Any]) -> Fraction | None:
    """The stored consensus; snapshots written before it existed get it from their values."""
    if "consensus" in question:
        return _fraction_in(question["consensus"])
    return consensus([_value_in(value) for _, value in question["values_by_respondent"]])


def _value_out(value: Fraction) -> int | str:
    """A respondent's value: a whole stage as a number, as snapshots always had it; else "8/5"."""
    return value.numerator if value.denominator == 1 else str(value)


def _value_in(value: Any) -> Fraction:
    """Read back a value written by _value_out (a whole stage, or an option worth points)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"expected a stage or a fraction string, got {value!r}")
    return Fraction(value)


def _question_out(question: QuestionResult) -> dict[str, Any]:
    out = {
        "key": question.key,
        "value": _fraction_out(question.value),
        "spread": _fraction_out(question.spread),
        "consensus": _fraction_out(question.consensus),
        "disagreement": question.disagreement,
        "values_by_respondent": [
            [respondent_key, _value_out(value)]
            for respondent_key, value in question.values_by_respondent
        ],
        "n_values": question.n_values,
        "n_not_applicable": question.n_not_applicable,
        "n_dont_know": question.n_dont_know,
        "n_unanswered": question.n_unanswered,
    }
    if question.n_asked is not None:
        # Only for a question with an audience: snapshots without one read as before.
        out["n_asked"] = question.n_asked
    if question.items:
        # Only for a checklist: snapshots of choice questions read as before.
        out["items"] = [
            [item.key, item.n_ticked, item.n_not_applicable, item.n_answers]
            for item in question.items
        ]
    return out


def _dimension_out(dimension: DimensionResult) -> dict[str, Any]:
    out = {
        "key": dimension.key,
        "pillar": dimension.pillar,
        "score": _fraction_out(dimension.score),
        "stage": dimension.stage,
        "target": dimension.target,
        "gap": _fraction_out(dimension.gap),
        "coverage": _fraction_out(dimension.coverage),
        "n_in_scope": dimension.n_in_scope,
        "n_with_value": dimension.n_with_value,
        "questions": [_question_out(question) for question in dimension.questions],
    }
    if dimension.sections:
        out["sections"] = [
            {
                "key": section.key,
                "score": _fraction_out(section.score),
                "stage": section.stage,
                "coverage": _fraction_out(section.coverage),
                "n_in_scope": section.n_in_scope,
                "n_with_value": section.n_with_value,
            }
            for section in dimension.sections
        ]
    return out


def result_to_dict(result: Result) -> dict[str, Any]:
    """Turn a Result into JSON-serialisable data: Fractions as strings such as "7/3"."""
    return {
        "schema_version": SCHEMA_VERSION,
        "max_stage": result.max_stage,
        "n_respondents": result.n_respondents,
        "overall": _fraction_out(result.overall),
        "overall_stage": result.overall_stage,
        "weakest_link_stage": result.weakest_link_stage,
        "pillars": [
            {"key": pillar.key, "score": _fraction_out(pillar.score), "stage": pillar.stage}
            for pillar in result.pillars
        ],
        "dimensions": [_dimension_out(dimension) for dimension in result.dimensions],
        "recommendations": [
            {
                "dimension_key": recommendation.dimension_key,
                "question_key": recommendation.question_key,
                "option_key": recommendation.option_key,
                "value": _fraction_out(recommendation.value),
                "priority": _fraction_out(recommendation.priority),
            }
            for recommendation in result.recommendations
        ],
        "gates": [
            {
                "key": gate.key,
                "met": gate.met,
                "failing": list(gate.failing),
                "capped": gate.capped,
                "uncapped_stage": gate.uncapped_stage,
            }
            for gate in result.gates
        ],
    }


def result_from_dict(data: Mapping[str, Any]) -> Result:
    """Rebuild the Result that result_to_dict wrote; raises ValueError on another schema."""
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"unsupported scoring schema version {data.get('schema_version')!r}")
    return Result(
        max_stage=data["max_stage"],
        n_respondents=data["n_respondents"],
        overall=_fraction_in(data["overall"]),
        overall_stage=data["overall_stage"],
        weakest_link_stage=data["weakest_link_stage"],
        pillars=tuple(
            PillarResult(key=item["key"], score=_fraction_in(item["score"]), stage=item["stage"])
            for item in data["pillars"]
        ),
        dimensions=tuple(
            DimensionResult(
                key=item["key"],
                pillar=item["pillar"],
                score=_fraction_in(item["score"]),
                stage=item["stage"],
                target=item["target"],
                gap=_fraction_in(item["gap"]),
                coverage=_fraction_in(item["coverage"]),
                n_in_scope=item["n_in_scope"],
                n_with_value=item["n_with_value"],
                questions=tuple(
                    QuestionResult(
                        key=question["key"],
                        value=_fraction_in(question["value"]),
                        spread=_fraction_in(question["spread"]),
                        consensus=_consensus_in(question),
                        disagreement=question["disagreement"],
                        values_by_respondent=tuple(
                            (respondent_key, _value_in(value))
                            for respondent_key, value in question["values_by_respondent"]
                        ),
                        n_values=question["n_values"],
                        n_not_applicable=question["n_not_applicable"],
                        n_dont_know=question["n_dont_know"],
                        n_unanswered=question["n_unanswered"],
                        n_asked=question.get("n_asked"),
                        items=tuple(ItemTally(*item) for item in question.get("items", ())),
                    )
                    for question in item["questions"]
                ),
                sections=tuple(
                    SectionResult(
                        key=section["key"],
                        score=_fraction_in(section["score"]),
                        stage=section["stage"],
                        coverage=_fraction_in(section["coverage"]),
                        n_in_scope=section["n_in_scope"],
                        n_with_value=section["n_with_value"],
                    )
                    for section in item.get("sections", ())
                ),
            )
            for item in data["dimensions"]
        ),
        recommendations=tuple(
            Recommendation(
                dimension_key=item["dimension_key"],
                question_key=item["question_key"],
                option_key=item["option_key"],
                value=_fraction_in(item["value"]),
                priority=_fraction_in(item["priority"]),
            )
            for item in data["recommendations"]
        ),
        # Snapshots written before gates existed have none, as their frameworks had none.
        gates=tuple(
            GateResult(
                key=item["key"],
                met=item["met"],
                failing=tuple(item["failing"]),
                capped=item["capped"],
                uncapped_stage=item["uncapped_stage"],
            )
            for item in data.get("gates", [])
        ),
    )
