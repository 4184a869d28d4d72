"""When a result rests on too few people to trust: the warnings the page and the report show."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import ngettext

from assessments.models import Respondent

from ..result import AssessmentResult
from .anonymity import role_label

# Below this many submitted respondents, one person's view moves the whole result.
MIN_RESPONDENTS = 3


def reliability_warnings(result: AssessmentResult, *, for_client: bool) -> list[str]:
    """Warnings for a result on fewer than 3 submitted respondents, and roles resting on one.

    Client contacts never see a role resting on one (the anonymity threshold, at least 3,
    hides it), so naming one would give away what the threshold hides: theirs is the overall
    warning only.
    """
    submitted = [r for r in result.respondents if r.status == Respondent.Status.SUBMITTED]
    warnings = []
    if 0 < len(submitted) < MIN_RESPONDENTS:
        warnings.append(
            ngettext(
                "This result rests on %(count)d submitted respondent only: one person's view "
                "moves every figure. Read it as a first impression.",
                "This result rests on %(count)d submitted respondents only: one person's view "
                "moves every figure. Read it as a first impression.",
                len(submitted),
            )
            % {"count": len(submitted)}
        )
    if not for_client:
        by_role = Counter(r.role for r in submitted)
        order = [role.value for role in Respondent.Role]
        for role in sorted(by_role, key=order.index):
            if by_role[role] == 1:
                warnings.append(
                    ngettext(
                        "%(role)s: the figures of this role rest on %(count)d respondent.",
                        "%(role)s: the figures of this role rest on %(count)d respondents.",
                        1,
                    )
                    % {"role": role_label(role), "count": 1}
                )
    return warnings
