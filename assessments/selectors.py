"""Reads for the consultant's workspace: scope, progress, the dashboard, the latest snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from maturity.models import Dimension, Question, Stage
from maturity.selectors import framework_scoping_questions

from .models import Assessment, Membership, Organisation, Respondent, ResultSnapshot


def effective_scoping_answers(assessment: Assessment) -> dict[str, bool]:
    """The assessment's scoping answers, with the framework's defaults where none was given."""
    answers = {s.key: s.default for s in framework_scoping_questions(assessment.framework_id)}
    answers.update(
        {
            k: v
            for k, v in assessment.scoping_answers.items()
            if k in answers and isinstance(v, bool)
        }
    )
    return answers


def effective_targets(assessment: Assessment, dimensions: list[Dimension]) -> dict[str, int]:
    """Target stage per dimension key: the assessment's own, else the framework's default."""
    return {d.key: int(assessment.targets.get(d.key, d.target)) for d in dimensions}


def respondents_with_progress(assessment: Assessment, in_scope: list[Question]) -> list[Respondent]:
    """The assessment's respondents, each with `answered` (in-scope questions answered) and
    `question_count`, the in-scope questions (`in_scope_questions`) asked of their role."""
    respondents = list(
        assessment.respondents.annotate(
            answered=Count(
                "answers",
                filter=Q(answers__question__key__in={q.key for q in in_scope})
                & ~Q(answers__kind=""),
            ),
            last_answer_at=Max("answers__updated_at"),
        ).order_by("name")
    )
    for respondent in respondents:
        respondent.question_count = sum(1 for q in in_scope if q.asked_of(respondent.role))
    return respondents


def in_scope_questions(assessment: Assessment) -> list[Question]:
    """The questions in scope (their key, conditions and audience only), in one query."""
    scoping = effective_scoping_answers(assessment)
    return [
        q
        for q in Question.objects.filter(framework_id=assessment.framework_id).only(
            "key", "applies_if", "audience"
        )
        if q.applies_to(scoping)
    ]


def in_scope_question_keys(assessment: Assessment, role: str | None = None) -> set[str]:
    """The keys of the questions in scope; with a role, only those asked of it (`audience`)."""
    return {q.key for q in in_scope_questions(assessment) if role is None or q.asked_of(role)}


# Reading and answering take about 40 seconds a question, by our pilot sessions.
SECONDS_PER_QUESTION = 40


def answering_minutes(question_count: int) -> int:
    """The time the invitation and the welcome page announce, rounded up to 5 minutes."""
    return max(5, ceil(question_count * SECONDS_PER_QUESTION / 60 / 5) * 5)


def consultant_assessments(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments annotated for the dashboard: invited, submitted, last activity."""
    return queryset.select_related("organisation", "framework").annotate(
        invited=Count("respondents", filter=Q(respondents__revoked_at__isnull=True), distinct=True),
        submitted=Count(
            "respondents",
            filter=Q(respondents__status=Respondent.Status.SUBMITTED)
            & Q(respondents__revoked_at__isnull=True),
            distinct=True,
        ),
        last_activity=Max("respondents__last_seen_at"),
    )


def dashboard_assessments(assessments: QuerySet[Assessment]) -> list[Assessment]:
    """Assessments with the id of their latest snapshot (one query); no score yet.

    `dashboard_scores` adds the scores to those shown (or to all, to sort by score): reading a
    snapshot's figures means reading its whole stored result, so only the page's are read.
    """
    latest = ResultSnapshot.objects.filter(assessment=OuterRef("pk")).order_by(
        "-computed_at", "-pk"
    )
    return list(assessments.annotate(latest_snapshot_id=Subquery(latest.values("pk")[:1])))


def dashboard_scores(rows: list[Assessment]) -> None:
    """Set `overall` and `overall_stage` on each from its latest snapshot (2 queries).

    The dashboard never computes a result: it shows what the last snapshot holds.
    """
    overall = {
        assessment_id: (score, stage)
        for assessment_id, score, stage in ResultSnapshot.objects.filter(
            pk__in=[a.latest_snapshot_id for a in rows if a.latest_snapshot_id]
        ).values_list("assessment_id", "overall_score", "overall_stage")
    }
    stages = {
        (s.framework_id, s.number): s
        for s in Stage.objects.filter(framework__in={a.framework_id for a in rows})
    }
    for assessment in rows:
        score, stage = overall.get(assessment.pk, ("", None))
        assessment.overall = Fraction(score) if score else None
        assessment.overall_stage = stages.get((assessment.framework_id, stage))


def latest_snapshot(assessment: Assessment) -> ResultSnapshot | None:
    """The assessment's most recent stored result, if any (one query)."""
    return assessment.snapshots.order_by("-computed_at", "-pk").first()


def organisation_members(organisation: Organisation, role: str) -> list[Membership]:
    """The organisation's memberships of one role, with their users, by name."""
    return list(
        organisation.memberships.filter(role=role)
        .select_related("user", "added_by")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


# Participation by role (the assessment page): a role's figures are not to be trusted when
# fewer than PARTICIPATION_MIN_SUBMITTED of its respondents submitted, or when under
# PARTICIPATION_MIN_SHARE of those invited did (the others may well think differently).
PARTICIPATION_MIN_SUBMITTED = 3
PARTICIPATION_MIN_SHARE = Fraction(1, 2)


@dataclass(frozen=True)
class RoleParticipation:
    role: str
    label: str
    invited: int
    submitted: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.invited) if self.invited else 0

    @property
    def too_few(self) -> bool:
        return self.submitted < PARTICIPATION_MIN_SUBMITTED

    @property
    def too_low_share(self) -> bool:
        return Fraction(self.submitted, self.invited) < PARTICIPATION_MIN_SHARE


def participation_by_role(respondents: list[Respondent]) -> list[RoleParticipation]:
    """Invited and submitted per role, in the roles' order, from the page's respondents (no
    query). A revoked respondent is not counted: their answers do not count either."""
    counted = [r for r in respondents if not r.is_revoked]
    rows = []
    for role, label in Respondent.Role.choices:
        of_role = [r for r in counted if r.role == role]
        if of_role:
            submitted = sum(1 for r in of_role if r.is_submitted)
            rows.append(RoleParticipation(role, str(label), len(of_role), submitted))
    return rows
