"""No page that shows answers or results may be kept by a cache: `no-store` by default."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db


def assert_not_stored(response) -> None:
    assert response.status_code in (200, 302), response.status_code
    assert "no-store" in response["Cache-Control"], response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_respondents_pages_are_never_stored(client, respondent):
    token = respondent.token
    for name, kwargs in (
        ("welcome", {}),
        ("resume", {}),
        ("dimension", {"dimension_key": "automation"}),
        ("review", {}),
    ):
        response = client.get(reverse(f"questionnaire:{name}", kwargs={"token": token, **kwargs}))
        assert_not_stored(response)
    save = reverse("questionnaire:autosave", kwargs={"token": token, "dimension_key": "automation"})
    response = client.post(save, {"question": "automation-deploy", "q-automation-deploy": "o:s1"})
    assert_not_stored(response)


def test_the_consultants_pages_are_never_stored(client, consultant, assessment):
    submitted_respondent(assessment, "Tess Top", "data_science", TOP)
    client.force_login(consultant)
    for path in (
        reverse("assessments:dashboard"),
        reverse("assessments:assessment_detail", args=[assessment.pk]),
        reverse("results:page", args=[assessment.pk]),
    ):
        assert_not_stored(client.get(path))


def test_the_client_contacts_pages_are_never_stored(client, client_contact, assessment):
    submitted_respondent(assessment, "Tess Top", "data_science", TOP)
    publish(assessment)
    client.force_login(client_contact)
    for path in (reverse("results:client_home"), reverse("results:page", args=[assessment.pk])):
        assert_not_stored(client.get(path))
