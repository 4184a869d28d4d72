"""An assessment's result: the scoring of a `ResultBundle`, or the snapshot that stores one.

The arithmetic lives in `maturity.scoring` (pure); this module feeds it the bundle's content by
key, and reads back stored snapshots, so the page, the exports and the PDF all show one result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from assessments.models import Answer, Assessment, Respondent, ResultSnapshot
from maturity import scoring
from maturity.selectors import dimension_sections

from .selectors import ResultBundle, question_spec, result_bundle

LEADERSHIP = "leadership"
PRACTITIONERS = "practitioners"
# Who counts as leadership and who as practitioners when comparing points of view.
ROLE_GROUPS: dict[str, frozenset[str]] = {
    LEADERSHIP: frozenset({Respondent.Role.LEADERSHIP}),
    PRACTITIONERS: frozenset(
        {
            Respondent.Role.DATA_SCIENCE,
            Respondent.Role.DATA_ENGINEERING,
            Respondent.Role.SOFTWARE_ENGINEERING,
            Respondent.Role.OPERATIONS,
        }
    ),
}
ROLE_GROUP_PREFIX = "role:"
# The whole assessment, as a group: the overall result pools every submitted respondent.
ALL_RESPONDENTS = "all"


def group_roles(key: str) -> frozenset[str]:
    """The roles a group key of `AssessmentResult.groups` pools."""
    if key in ROLE_GROUPS:
        return ROLE_GROUPS[key]
    return frozenset({key.removeprefix(ROLE_GROUP_PREFIX)})


def role_group_key(role: str) -> str:
    """The key of the group that is exactly this role (leadership's is the leadership group)."""
    for key, roles in ROLE_GROUPS.items():
        if roles == {role}:
            return key
    return ROLE_GROUP_PREFIX + role


@dataclass(frozen=True)
class RespondentInfo:
    """Who a respondent key in a result stands for (names stay out of the scoring)."""

    key: str
    name: str
    role: str
    status: str


@dataclass(frozen=True)
class AssessmentResult:
    """The whole scoring of an assessment: overall, by role group, and who answered."""

    overall: scoring.Result
    groups: dict[str, scoring.Result]
    respondents: tuple[RespondentInfo, ...]
    framework_version: str
    computed_at: datetime
    snapshot_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": scoring.result_to_dict(self.overall),
            "groups": {name: scoring.result_to_dict(r) for name, r in self.groups.items()},
            "respondents": [vars(r) for r in self.respondents],
            "framework_version": self.framework_version,
        }

    @classmethod
    def from_snapshot(cls, snapshot: ResultSnapshot) -> AssessmentResult:
        data = snapshot.data
        return cls(
            overall=scoring.result_from_dict(data["overall"]),
            groups={n: scoring.result_from_dict(r) for n, r in data["groups"].items()},
            respondents=tuple(RespondentInfo(**r) for r in data["respondents"]),
            framework_version=data["framework_version"],
            computed_at=snapshot.computed_at,
            snapshot_id=snapshot.pk,
        )


def framework_spec(bundle: ResultBundle) -> scoring.FrameworkSpec:
    """The scoring module's view of the framework, with questions out of scope marked so."""
    dimensions = bundle.dimensions
    return scoring.FrameworkSpec(
        max_stage=bundle.max_stage,
        consensus_threshold=bundle.consensus_threshold,
        dont_know=bundle.framework.dont_know_rule,
        unanswered=bundle.framework.unanswered_rule,
        gates=tuple(scoring.gate_from_document(gate) for gate in bundle.framework.gates),
        pillars=tuple(dict.fromkeys(d.pillar.key for d in dimensions)),
        dimensions=tuple(
            scoring.DimensionSpec(
                key=d.key,
                pillar=d.pillar.key,
                weight=d.weight,
                target=d.target,
                questions=tuple(
                    question_spec(q, in_scope=q.applies_to(bundle.scoping))
                    for q in d.questions.all()
                ),
                sections=tuple(
                    scoring.SectionSpec(
                        key=section.key,
                        questions=tuple(
                            q.key for q in d.questions.all() if q.section_id == section.pk
                        ),
                    )
                    for section in dimension_sections(d)
                    if section.scored
                ),
            )
            for d in dimensions
        ),
    )


def respondent_inputs(bundle: ResultBundle) -> list[scoring.RespondentInput]:
    """Each respondent's answers by key; only the submitted ones have answers in the bundle."""
    answers: dict[int, list[scoring.AnswerInput]] = {r.pk: [] for r in bundle.respondents}
    for row in sorted(bundle.answers, key=lambda a: bundle.questions[a.question_id].key):
        if not row.kind:
            continue
        option = bundle.options[row.option_id] if row.kind == Answer.Kind.OPTION else None
        answers[row.respondent_id].append(
            scoring.AnswerInput(
                question_key=bundle.questions[row.question_id].key,
                kind=scoring.AnswerKind(row.kind),
                option_key=option.key if option else None,
                ticked=frozenset(k for k, s in row.items.items() if s == Answer.ItemState.TICKED),
                not_applicable=frozenset(
                    k for k, s in row.items.items() if s == Answer.ItemState.NOT_APPLICABLE
                ),
            )
        )
    return [
        scoring.RespondentInput(
            key=str(r.pk), role=r.role, submitted=r.is_submitted, answers=tuple(answers[r.pk])
        )
        for r in bundle.respondents
    ]


def role_groups_present(roles: set[str]) -> dict[str, frozenset[str]]:
    """Leadership, practitioners and each single role, in that order, for roles present."""
    groups = {name: members for name, members in ROLE_GROUPS.items() if members & roles}
    for role in Respondent.Role:
        # A single role that is already a whole group (leadership) would repeat its column.
        if role.value in roles and frozenset({role.value}) not in ROLE_GROUPS.values():
            groups[ROLE_GROUP_PREFIX + role.value] = frozenset({role.value})
    return groups


def compute_result(bundle: ResultBundle) -> AssessmentResult:
    """Score the bundle's answers as they are now (no query)."""
    spec = framework_spec(bundle)
    inputs = respondent_inputs(bundle)
    submitted_roles = {r.role for r in inputs if r.submitted}
    groups = role_groups_present(submitted_roles)
    return AssessmentResult(
        overall=scoring.score(spec, inputs, bundle.targets),
        groups=scoring.score_by_group(spec, inputs, groups, bundle.targets),
        respondents=tuple(
            RespondentInfo(str(r.pk), r.name, r.role, r.status) for r in bundle.respondents
        ),
        framework_version=str(bundle.assessment.framework),
        computed_at=timezone.now(),
    )


def result_of(bundle: ResultBundle) -> AssessmentResult:
    """The result to show: the stored one once answering is over, else computed afresh."""
    if bundle.snapshot is not None:
        return AssessmentResult.from_snapshot(bundle.snapshot)
    return compute_result(bundle)


def result_for(assessment: Assessment) -> AssessmentResult:
    """The result an assessment shows now, read and scored in one go (for commands and tests)."""
    return result_of(result_bundle(assessment))
