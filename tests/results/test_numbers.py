"""Figures and labels in the reader's language: "2,30" and "Direction :" in French, on the
consultant's results page, the client's page and in what the exports show, while the exports'
machine figures keep their point."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation

from results.exports import export_file
from results.presentation.numbers import label_text, percent_text, score_text
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "score", "percent", "label"),
    [("en", "2.35", "67%", "Leadership:"), ("fr", "2,35", "67 %", "Direction :")],
)
def test_numbers_and_labels_follow_the_active_language(lang, score, percent, label):
    with translation.override(lang):
        # 2.345 exactly: halves are rounded up, in both languages.
        assert score_text(Fraction(469, 200)) == score
        assert score_text(None) == "–"
        assert percent_text(Fraction(2, 3)) == percent
        assert label_text(translation.gettext("Leadership")) == label


@pytest.fixture
def answered(assessment):
    """A leader at the top of the scale and a practitioner at the bottom, both commenting."""
    submitted_respondent(
        assessment, "Lena Leader", "leadership", TOP, comments={"automation-iac": "All good."}
    )
    submitted_respondent(
        assessment, "Paul Practitioner", "data_science", BOTTOM, comments={"automation-iac": "No."}
    )
    return assessment


def french_page(client, user, assessment, settings) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("results:page", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_consultants_french_page_writes_decimal_commas_and_spaced_colons(
    client, consultant, answered, settings
):
    page = french_page(client, consultant, answered, settings)
    # Experiments: tracking (4 + 0) / 2 = 2 (weight 1), reproduce (4 + 1) / 2 = 2.5 (weight
    # 1.5): 5.75 / 2.5.
    assert "<td>2,30</td>" in page
    assert "2.30" not in page
    assert "Surveillance : la direction attribue un score supérieur de 4,00" in page
    assert "Direction :</span> All good." in page
    assert "Science des données :</span> No." in page


def test_clients_french_page_writes_decimal_commas_and_spaced_colons(
    client, client_contact, answered, settings
):
    publish(answered)
    page = french_page(client, client_contact, answered, settings)
    assert "<td>2,30</td>" in page
    assert "2.30" not in page
    # One respondent per role: the comments are the anonymous respondent's.
    assert "Un répondant :</span> All good." in page


def test_english_page_keeps_the_point_and_the_colon(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    assert "<td>2.30</td>" in page
    assert "Leadership:</span> All good." in page


def test_french_json_export_keeps_machine_figures_with_a_point(answered):
    with translation.override("fr"):
        document = json.loads(export_file(answered, "json").content)
    experiments = next(d for d in document["dimensions"] if d["key"] == "experiments")
    assert experiments["score"] == {"exact": "23/10", "rounded": "2.30"}
