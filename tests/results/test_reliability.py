"""Warnings on a result resting on few respondents: the consultant's page and the client's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

OVERALL = "This result rests on 2 submitted respondents only"
LEADERSHIP_ALONE = "Leadership: the figures of this role rest on 1 respondent."


@pytest.fixture
def two(assessment):
    """Two submitted respondents, one leader and one data scientist."""
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    return assessment


def page(client, user, assessment) -> str:
    client.force_login(user)
    return client.get(reverse("results:page", args=[assessment.pk])).content.decode()


def test_consultant_is_warned_of_few_respondents_and_of_roles_resting_on_one(
    client, consultant, two
):
    content = page(client, consultant, two)
    assert 'id="reliability-warning"' in content
    assert OVERALL in content
    assert LEADERSHIP_ALONE in content
    assert "Data science: the figures of this role rest on 1 respondent." in content


def test_client_contact_is_warned_of_few_respondents_but_no_role_is_named(
    client, client_contact, two
):
    publish(two)
    content = page(client, client_contact, two)
    assert OVERALL in content
    # A role resting on one is below the anonymity threshold: the client does not see it.
    assert LEADERSHIP_ALONE not in content


def test_three_respondents_of_three_roles_warn_of_the_roles_only(client, consultant, assessment):
    for name, role in (("A", "leadership"), ("B", "data_science"), ("C", "data_science")):
        submitted_respondent(assessment, name, role, TOP)
    content = page(client, consultant, assessment)
    assert "This result rests on" not in content
    assert LEADERSHIP_ALONE in content
    assert "Data science: the figures" not in content


def test_no_warning_without_any_submitted_respondent(client, consultant, assessment):
    assert 'id="reliability-warning"' not in page(client, consultant, assessment)
