"""Helpers the tests of several apps share: submitted respondents and a published assessment."""

from __future__ import annotations

from assessments.models import Answer, Assessment, Respondent
from assessments.services import lifecycle
from maturity.models import Question
from tests.factories import RespondentFactory

# Option keys by question key of the sample framework: the top and the bottom of the scale.
TOP = {
    "automation-deploy": "s4",
    "automation-iac": "yes",
    "experiments-tracking": "s4",
    "experiments-reproduce": "s4",
    "monitoring-drift": "s4",
    "monitoring-latency": "s4",
}
BOTTOM = {
    "automation-deploy": "s0",
    "automation-iac": "no",
    "experiments-tracking": "s0",
    "experiments-reproduce": "s1",
    "monitoring-drift": "s0",
    "monitoring-latency": "s0",
}


def submitted_respondent(
    assessment: Assessment,
    name: str,
    role: str,
    options: dict[str, str],
    comments: dict[str, str] | None = None,
) -> Respondent:
    """A respondent who submitted these option keys, by question key."""
    respondent = RespondentFactory(
        assessment=assessment, name=name, role=role, status=Respondent.Status.SUBMITTED
    )
    questions = {
        q.key: q
        for q in Question.objects.filter(framework=assessment.framework).prefetch_related("options")
    }
    comments = comments or {}
    Answer.objects.bulk_create(
        Answer(
            respondent=respondent,
            question=questions[key],
            kind=Answer.Kind.OPTION,
            option=next(o for o in questions[key].options.all() if o.key == option_key),
            comment=comments.get(key, ""),
        )
        for key, option_key in options.items()
    )
    return respondent


def publish(assessment: Assessment) -> Assessment:
    lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.PUBLISHED)
    return assessment
