"""The assessment's forms: the framework preselected, dates in the interface language; and the
navigation bar naming who is signed in."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.assessment_forms import AssessmentEditForm, AssessmentForm
from maturity.models import Framework
from maturity.selectors import version_key
from tests.factories import FrameworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_only_published_framework_is_preselected(client, consultant, organisation):
    only = FrameworkFactory(title_en="Only one")
    FrameworkFactory(status=Framework.Status.DRAFT)  # not a choice
    client.force_login(consultant)
    form = client.get(reverse("assessments:assessment_create", args=[organisation.pk])).context[
        "form"
    ]
    assert form["framework"].value() == only.pk
    assert f'<option value="{only.pk}" selected>' in str(form["framework"])


def test_nothing_is_preselected_between_two_published_frameworks():
    FrameworkFactory()
    FrameworkFactory()
    assert AssessmentForm()["framework"].value() is None


def test_the_newest_version_of_the_default_framework_is_preselected(settings):
    settings.PALIER_DEFAULT_FRAMEWORK = "mlops-maturity"
    # Imported in this order on purpose: the newest version is not the latest imported.
    newest = FrameworkFactory(slug="mlops-maturity", version="2.0")
    FrameworkFactory(slug="mlops-maturity", version="1.10")
    FrameworkFactory(slug="mlops-maturity", version="1.9")
    FrameworkFactory(slug="mlops-maturity", version="3.0", status=Framework.Status.DRAFT)
    FrameworkFactory(slug="devops", version="9.0")
    field = AssessmentForm()["framework"]
    assert field.value() == newest.pk
    labels = [label for value, label in field.field.choices if value]
    assert labels == [
        "A framework (devops 9.0)",
        "A framework (mlops-maturity 2.0)",
        "A framework (mlops-maturity 1.10)",
        "A framework (mlops-maturity 1.9)",
    ]


def test_a_chosen_framework_other_than_the_default_is_kept(settings):
    settings.PALIER_DEFAULT_FRAMEWORK = "mlops-maturity"
    FrameworkFactory(slug="mlops-maturity", version="2.0")
    older = FrameworkFactory(slug="mlops-maturity", version="1.0")
    form = AssessmentForm(
        data={
            "framework": older.pk,
            "title": "2027 review",
            "language": "fr",
            "opens_on": "",
            "closes_on": "",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["framework"] == older


@pytest.mark.parametrize(
    ("versions", "newest"),
    [
        (["1.0", "2.0"], "2.0"),
        (["1.9", "1.10"], "1.10"),
        (["2", "10"], "10"),
        (["1.0", "1.0-b"], "1.0-b"),
    ],
)
def test_version_order_reads_numbers_as_numbers(versions, newest):
    assert max(versions, key=version_key) == newest


@pytest.mark.parametrize(
    ("language", "help_text", "placeholder"),
    [
        ("en", "Format: dd/mm/yyyy, e.g. 31/03/2026.", "dd/mm/yyyy"),
        ("fr", "Format : jj/mm/aaaa, par exemple 31/03/2026.", "jj/mm/aaaa"),
    ],
)
def test_date_fields_follow_the_interface_language(language, help_text, placeholder):
    with translation.override(language):
        form = AssessmentEditForm(initial={"opens_on": date(2026, 4, 5)})
        html = str(form["opens_on"])
        assert str(form.fields["opens_on"].help_text) == help_text
        assert 'type="text"' in html  # not type="date": the browser's locale would decide
        assert 'value="05/04/2026"' in html
        assert f'placeholder="{placeholder}"' in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_dates_are_read_day_first_and_as_iso(language):
    data = {"title": "T", "language": "en", "opens_on": "05/04/2026", "closes_on": "2026-04-30"}
    with translation.override(language):
        form = AssessmentEditForm(data)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_on"] == date(2026, 4, 5)
    assert form.cleaned_data["closes_on"] == date(2026, 4, 30)


def test_the_navigation_bar_names_who_is_signed_in(client):
    named = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    client.force_login(named)
    text = client.get(reverse("results:client_home")).content.decode()
    assert "Signed in as Ada Lovelace" in text
    assert f'action="{reverse("logout")}"' in text


def test_the_navigation_bar_falls_back_to_the_e_mail(client):
    client.force_login(UserFactory(username="nameless", email="nameless@example.com"))
    text = client.get(reverse("results:client_home")).content.decode()
    assert "Signed in as nameless@example.com" in text
