"""What the anonymity threshold hides from client contacts: role groups, perception gaps,
participation rows and comments' roles, and the consultant's warning of it before publishing.

The rule itself is pure (`maturity.scoring.anonymity.suppress`); this module feeds it the
result's groups as sets of roles, with the count of submitted respondents of each role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Respondent
from maturity.scoring import anonymity

from ..result import (
    ALL_RESPONDENTS,
    LEADERSHIP,
    PRACTITIONERS,
    ROLE_GROUP_PREFIX,
    AssessmentResult,
    group_roles,
    role_group_key,
)
from .views import CommentView, ParticipationRow

# What client contacts read where a group is hidden: never the "No submitted answers yet." of
# an assessment nobody answered, so the two are not confused.
MSG_HIDDEN_BELOW_THRESHOLD = gettext_lazy(
    "Hidden: below the anonymity threshold (fewer than %(threshold)s submitted respondents)"
)
MSG_HIDDEN_COMPLEMENTARY = gettext_lazy(
    "Hidden: a smaller group could otherwise be worked out by subtraction"
)
MSG_ANONYMOUS_COMMENT = gettext_lazy("A respondent")
MSG_MERGED_ROLES = gettext_lazy("Other roles, together")
# The consultant's warning, one line per group the client will not see.
MSG_WARN_BELOW_THRESHOLD = gettext_lazy(
    "%(group)s (%(count)s submitted): fewer than %(threshold)s respondents."
)
MSG_WARN_COMPLEMENTARY = gettext_lazy(
    "%(group)s (%(count)s submitted): hidden so that a smaller group cannot be worked out by "
    "subtracting it from a larger one."
)
MSG_WARN_SMALL_TOTAL = gettext_lazy(
    "Only %(count)s respondents submitted, fewer than %(threshold)s: client contacts will see "
    "the overall result of this small group."
)


def role_label(role: str) -> str:
    return str(Respondent.Role(role).label)


def group_label(key: str) -> str:
    if key == LEADERSHIP:
        return _("Leadership")
    if key == PRACTITIONERS:
        return _("Practitioners")
    return role_label(key.removeprefix(ROLE_GROUP_PREFIX))


@dataclass(frozen=True)
class HiddenGroup:
    """A group of the result client contacts do not see, and why."""

    key: str
    label: str
    reason: str
    n_respondents: int
    threshold: int

    @property
    def client_text(self) -> str:
        """What client contacts read in its place (no count: counts can be subtracted too)."""
        if self.reason == anonymity.BELOW_THRESHOLD:
            return str(MSG_HIDDEN_BELOW_THRESHOLD % {"threshold": self.threshold})
        return str(MSG_HIDDEN_COMPLEMENTARY)

    @property
    def warning(self) -> str:
        """The line of the consultant's warning before publishing."""
        message = (
            MSG_WARN_BELOW_THRESHOLD
            if self.reason == anonymity.BELOW_THRESHOLD
            else MSG_WARN_COMPLEMENTARY
        )
        params = {"group": self.label, "count": self.n_respondents, "threshold": self.threshold}
        return str(message % params)


def submitted_by_role(result: AssessmentResult) -> Counter[str]:
    return Counter(r.role for r in result.respondents if r.status == Respondent.Status.SUBMITTED)


def client_suppression(result: AssessmentResult, threshold: int) -> anonymity.Suppression[str]:
    """Which of the result's groups client contacts see, the whole assessment always."""
    sizes = submitted_by_role(result)
    groups = {ALL_RESPONDENTS: frozenset(sizes)} | {key: group_roles(key) for key in result.groups}
    return anonymity.suppress(groups, sizes, threshold, always_shown={ALL_RESPONDENTS})


def hidden_from_client(result: AssessmentResult, threshold: int) -> list[HiddenGroup]:
    """The result's groups client contacts will not see, in the result's order, with why."""
    suppression = client_suppression(result, threshold)
    return [
        HiddenGroup(
            key=key,
            label=group_label(key),
            reason=suppression.hidden[key],
            n_respondents=group.n_respondents,
            threshold=threshold,
        )
        for key, group in result.groups.items()
        if key in suppression.hidden
    ]


def anonymity_warnings(result: AssessmentResult, threshold: int) -> list[str]:
    """What the consultant is told before publishing: each hidden group, and a small total."""
    lines = [group.warning for group in hidden_from_client(result, threshold)]
    n_submitted = result.overall.n_respondents
    if 0 < n_submitted < threshold:
        lines.append(str(MSG_WARN_SMALL_TOTAL % {"count": n_submitted, "threshold": threshold}))
    return lines


def anonymise_comments(
    comments: dict[str, list[CommentView]], result: AssessmentResult, threshold: int
) -> None:
    """Label a comment with its role only where the role has `threshold` submitted respondents.

    A comment tagged "Data science" from one of two data scientists all but names its author.
    """
    sizes = submitted_by_role(result)
    for question_comments in comments.values():
        for comment in question_comments:
            if sizes[comment.role] < threshold:
                comment.role_label = str(MSG_ANONYMOUS_COMMENT)


def merge_hidden_roles(
    rows: list[ParticipationRow], shown: frozenset[str], result: AssessmentResult
) -> list[ParticipationRow]:
    """The participation rows, with the roles whose group is hidden merged into one row.

    A role with nobody submitted keeps its row: it has no answers to give away.
    """
    hidden = {
        role
        for role in submitted_by_role(result)
        if role_group_key(role) in result.groups and role_group_key(role) not in shown
    }
    kept = [row for row in rows if row.role not in hidden]
    merged = [row for row in rows if row.role in hidden]
    if not merged:
        return kept
    together = ParticipationRow("", str(MSG_MERGED_ROLES))
    for row in merged:
        together.invited += row.invited
        together.in_progress += row.in_progress
        together.submitted += row.submitted
        together.names.extend(row.names)
    together.names.sort()
    return [*kept, together]
