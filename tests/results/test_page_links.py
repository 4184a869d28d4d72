"""A recommendation's links on the results page, beside the recommendation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maturity.models import Option
from maturity.selectors import framework_content_forget
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    return assessment


def _give_link(assessment, title: dict[str, str]) -> None:
    # automation-iac's value lies between "no" and "yes": its recommendation is option "no"'s.
    # The sample framework is published: its rows change only through a bulk update, as a test.
    Option.objects.filter(
        question__framework=assessment.framework, question__key="automation-iac", key="no"
    ).update(links=[{"url": "https://example.org/iac", "title": title}])
    framework_content_forget()


def _recommendation(page: str) -> str:
    start = page.index('id="recommendation-automation-iac"')
    return page[start : page.index("</li>", page.index("framework-links", start)) + 5]


def test_the_consultant_sees_the_link_beside_the_recommendation(client, consultant, answered):
    _give_link(answered, {"en": "IaC guide", "fr": "Guide IaC"})
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    shown = _recommendation(page)
    assert "Describe one environment as code." in shown
    assert (
        '<a href="https://example.org/iac" target="_blank" rel="noopener noreferrer">IaC guide'
        '<span class="visually-hidden"> (opens in a new tab)</span></a>'
    ) in shown


def test_the_client_contact_sees_the_link_once_published(client, client_contact, answered):
    _give_link(answered, {"en": "IaC guide", "fr": "Guide IaC"})
    publish(answered)
    client.force_login(client_contact)
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    assert 'href="https://example.org/iac"' in _recommendation(page)


def test_a_link_title_is_escaped_on_the_page(client, consultant, answered):
    _give_link(answered, {"en": "<script>alert(1)</script>", "fr": "x"})
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _recommendation(page)
