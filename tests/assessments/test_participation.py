"""Participation by role on the assessment page, with its warnings."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Respondent
from assessments.selectors import (
    PARTICIPATION_MIN_SHARE,
    PARTICIPATION_MIN_SUBMITTED,
    RoleParticipation,
    participation_by_role,
)
from tests.factories import RespondentFactory

pytestmark = pytest.mark.django_db

SUBMITTED = Respondent.Status.SUBMITTED


def test_the_thresholds_are_three_and_one_half():
    assert PARTICIPATION_MIN_SUBMITTED == 3
    assert PARTICIPATION_MIN_SHARE * 4 == 2


def test_participation_per_role_in_the_roles_order_without_revoked(assessment):
    for status in (SUBMITTED, SUBMITTED, SUBMITTED, "invited"):
        RespondentFactory(assessment=assessment, role="data_science", status=status)
    RespondentFactory(assessment=assessment, role="leadership", status=SUBMITTED)
    RespondentFactory(assessment=assessment, role="leadership")
    RespondentFactory(assessment=assessment, role="leadership", revoked_at=timezone.now())
    rows = participation_by_role(list(assessment.respondents.all()))
    assert rows == [
        RoleParticipation("leadership", "Leadership", 2, 1),
        RoleParticipation("data_science", "Data science", 4, 3),
    ]
    assert [(r.percent, r.too_few, r.too_low_share) for r in rows] == [
        (50, True, False),  # one submitted: too few; half: not under half
        (75, False, False),
    ]


def test_a_role_under_half_is_flagged_even_with_enough_submitted():
    row = RoleParticipation("operations", "Operations", 7, 3)
    assert (row.percent, row.too_few, row.too_low_share) == (43, False, True)


def test_no_respondent_no_row(assessment):
    assert participation_by_role([]) == []


def test_the_assessment_page_shows_the_table_and_its_warnings(client, consultant, assessment):
    for _ in range(4):
        RespondentFactory(assessment=assessment, role="data_science", status=SUBMITTED)
    RespondentFactory(assessment=assessment, role="product", status=SUBMITTED)
    RespondentFactory(assessment=assessment, role="product")
    RespondentFactory(assessment=assessment, role="product")
    client.force_login(consultant)
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    text = " ".join(page.content.decode().split())
    assert "Participation by role" in text
    assert '<th scope="row">Data science</th> <td>4</td> <td>4</td> <td>100%</td>' in text
    assert '<th scope="row">Product / business</th> <td>3</td> <td>1</td> <td>33%</td>' in text
    assert text.count("Too little to trust:") == 1
    assert "fewer than 3 submitted; under 50% of those invited submitted" in text
