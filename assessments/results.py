"""Scoring an assessment: inputs read in a fixed number of queries, results and snapshots.

The arithmetic lives in `maturity.scoring` (pure); this module only feeds it from the database
and stores what it returns, so the page, the exports and the PDF all show one result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from maturity import scoring
from maturity.models import Dimension

from .models import Answer, Assessment, Respondent, ResultSnapshot
from .selectors import effective_scoping_answers, effective_targets, framework_dimensions

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


def framework_spec(dimensions: list[Dimension], scoping: dict[str, bool], max_stage: int):
    """The scoring module's view of a framework, with questions out of scope marked so."""
    pillars = list(dict.fromkeys(d.pillar.key for d in dimensions))
    return scoring.FrameworkSpec(
        max_stage=max_stage,
        pillars=tuple(pillars),
        dimensions=tuple(
            scoring.DimensionSpec(
                key=d.key,
                pillar=d.pillar.key,
                weight=d.weight,
                target=d.target,
                questions=tuple(
                    scoring.QuestionSpec(
                        key=q.key,
                        weight=q.weight,
                        options=tuple(
                            scoring.OptionSpec(key=o.key, score=o.score) for o in q.options.all()
                        ),
                        in_scope=q.applies_to(scoping),
                    )
                    for q in d.questions.all()
                ),
            )
            for d in dimensions
        ),
    )


def _respondent_inputs(
    assessment: Assessment,
) -> tuple[list[scoring.RespondentInput], list[RespondentInfo]]:
    respondents = list(assessment.respondents.filter(revoked_at__isnull=True).order_by("pk"))
    rows = (
        Answer.objects.filter(respondent__in=[r.pk for r in respondents])
        .exclude(kind="")
        .values_list("respondent_id", "question__key", "kind", "option__key")
        .order_by("respondent_id", "question__key")
    )
    answers: dict[int, list[scoring.AnswerInput]] = {r.pk: [] for r in respondents}
    for respondent_id, question_key, kind, option_key in rows:
        answers[respondent_id].append(
            scoring.AnswerInput(
                question_key=question_key,
                kind=scoring.AnswerKind(kind),
                option_key=option_key if kind == Answer.Kind.OPTION else None,
            )
        )
    inputs = [
        scoring.RespondentInput(
            key=str(r.pk), role=r.role, submitted=r.is_submitted, answers=tuple(answers[r.pk])
        )
        for r in respondents
    ]
    infos = [RespondentInfo(str(r.pk), r.name, r.role, r.status) for r in respondents]
    return inputs, infos


def role_groups_present(roles: set[str]) -> dict[str, frozenset[str]]:
    """Leadership, practitioners and each single role, in that order, for roles present."""
    groups = {name: members for name, members in ROLE_GROUPS.items() if members & roles}
    for role in Respondent.Role:
        # A single role that is already a whole group (leadership) would repeat its column.
        if role.value in roles and frozenset({role.value}) not in ROLE_GROUPS.values():
            groups[ROLE_GROUP_PREFIX + role.value] = frozenset({role.value})
    return groups


def compute_result(assessment: Assessment) -> AssessmentResult:
    """Score an assessment from the database as it is now.

    Queries: scoping questions, stages, dimensions with pillars, questions, options,
    respondents, answers: seven, whatever the number of questions or respondents.
    """
    scoping = effective_scoping_answers(assessment)
    max_stage = assessment.framework.stages.count() - 1
    dimensions = framework_dimensions(assessment.framework_id)
    spec = framework_spec(dimensions, scoping, max_stage)
    targets = effective_targets(assessment, dimensions)
    inputs, infos = _respondent_inputs(assessment)
    submitted_roles = {r.role for r in inputs if r.submitted}
    return AssessmentResult(
        overall=scoring.score(spec, inputs, targets),
        groups=scoring.score_by_group(spec, inputs, role_groups_present(submitted_roles), targets),
        respondents=tuple(infos),
        framework_version=str(assessment.framework),
        computed_at=timezone.now(),
    )


def latest_snapshot(assessment: Assessment) -> ResultSnapshot | None:
    return assessment.snapshots.order_by("-computed_at", "-pk").first()


def _snapshot_shown(assessment: Assessment) -> ResultSnapshot | None:
    """Once answering is over, published figures come from a snapshot, never recomputed."""
    if assessment.status in (Assessment.Status.CLOSED, Assessment.Status.PUBLISHED):
        return latest_snapshot(assessment)
    return None


@dataclass(frozen=True)
class ResultSource:
    """Which result an assessment shows, known before any scoring is done.

    `identity` is JSON-serialisable and changes whenever the result, or what its presentation
    reads from the answers, would change; `load()` does the (slower) work of getting the result.
    The report cache keys on the identity, so a cached download scores nothing.
    """

    identity: dict[str, Any]
    load: Callable[[], AssessmentResult]


def live_result_inputs(assessment: Assessment) -> dict[str, Any]:
    """Everything that can change in what `compute_result` and the presentation read.

    Queries: respondents, submitted respondents' answers. Assessments use published frameworks,
    whose content never changes (`maturity.models.FrameworkContent` refuses any write), so the
    framework's id stands for its questions, options and default targets. Answers of
    respondents still answering are left out: they count only once submitted, and a background
    save must not make a new report.
    """
    respondents = list(
        assessment.respondents.filter(revoked_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "role", "status", "name")
    )
    submitted = [pk for pk, _, status, _ in respondents if status == Respondent.Status.SUBMITTED]
    answers = list(
        Answer.objects.filter(respondent_id__in=submitted)
        .order_by("respondent_id", "question_id")
        .values_list("respondent_id", "question_id", "kind", "option_id", "na_reason", "comment")
    )
    return {
        "framework": assessment.framework_id,
        "scoping": assessment.scoping_answers,
        "targets": assessment.targets,
        "respondents": respondents,
        "answers": answers,
    }


def result_source(assessment: Assessment) -> ResultSource:
    """The stored result once answering is over (one query), else the live one (two)."""
    snapshot = _snapshot_shown(assessment)
    if snapshot is not None:
        return ResultSource(
            identity={"snapshot": snapshot.pk},
            load=lambda: AssessmentResult.from_snapshot(snapshot),
        )
    return ResultSource(
        identity=live_result_inputs(assessment), load=lambda: compute_result(assessment)
    )


def result_for(assessment: Assessment) -> AssessmentResult:
    """The result to show: the stored one once answering is over, else computed afresh."""
    snapshot = _snapshot_shown(assessment)
    if snapshot is not None:
        return AssessmentResult.from_snapshot(snapshot)
    return compute_result(assessment)


@transaction.atomic
def result_refresh(*, assessment: Assessment, reason: str) -> ResultSnapshot:
    """Compute the result now and store it as the assessment's latest snapshot."""
    result = compute_result(assessment)
    return ResultSnapshot.objects.create(
        assessment=assessment,
        framework_id=assessment.framework_id,
        computed_at=result.computed_at,
        reason=reason,
        data=result.to_dict(),
    )
