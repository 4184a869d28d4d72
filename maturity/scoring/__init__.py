"""Pure scoring of maturity assessments: frozen specs and answers in, frozen results out.

This package knows nothing about Django, languages or texts: it works with keys only, so the same
computation serves the web pages, the exports and the stored snapshots. All arithmetic is exact
(``fractions.Fraction``); rounding happens only for display, in `lib.formatting`.

- `specs`: what goes in (a framework's structure, respondents' answers);
- `outcomes`: what comes out (results by question, dimension, pillar, overall);
- `computation`: the rules, described in plain words in ``docs/scoring.md``;
- `snapshot`: a result as JSON-safe data and back, for stored snapshots;
- `analysis`: the reading rules applied to a result (strengths, gaps, horizons, perception gaps),
  as data;
- `checklists`: checklist questions, scored by the share of items ticked or by ordered rules;
- `gates`: stages that need evidence elsewhere ("stage 3 requires governance at 2"), capped;
- `anonymity`: which groups of respondents client contacts may see (a threshold, and
  complementary suppression).
"""

from __future__ import annotations

from .checklists import ChecklistRule, ItemSpec
from .computation import score, score_by_group, score_respondent
from .gates import GateScope, GateSpec, gate_from_document
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
from .snapshot import SCHEMA_VERSION, result_from_dict, result_to_dict
from .specs import (
    AnswerInput,
    AnswerKind,
    DimensionSpec,
    FrameworkSpec,
    MissingValueRule,
    OptionSpec,
    QuestionSpec,
    RespondentInput,
    SectionSpec,
)

__all__ = [
    "SCHEMA_VERSION",
    "AnswerInput",
    "AnswerKind",
    "ChecklistRule",
    "DimensionResult",
    "DimensionSpec",
    "FrameworkSpec",
    "GateResult",
    "GateScope",
    "GateSpec",
    "ItemSpec",
    "ItemTally",
    "MissingValueRule",
    "OptionSpec",
    "PillarResult",
    "QuestionResult",
    "QuestionSpec",
    "Recommendation",
    "RespondentInput",
    "Result",
    "SectionResult",
    "SectionSpec",
    "gate_from_document",
    "result_from_dict",
    "result_to_dict",
    "score",
    "score_by_group",
    "score_respondent",
]
