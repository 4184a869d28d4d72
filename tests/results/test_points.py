"""Results of a framework whose question is worth points: the page, the heat map, the exports.

The sample framework's "experiments-reproduce" options are worth 0, 1, 2.5, 4 and 10 points,
so on its 0-to-4 scale they stand at 0, 2/5, 1, 8/5 and 4. Two respondents choosing 1 and 4
points give (2/5 + 8/5) / 2 = 1.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment
from maturity.framework_file import parse_framework
from maturity.framework_file.writer import dump_framework
from maturity.services import framework_import
from results.exports import BOM, export_file
from results.presentation import present_result
from results.result import result_for
from results.selectors import result_bundle
from tests.factories import AssessmentFactory, RespondentFactory, make_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def points_assessment(organisation, sample_document) -> Assessment:
    document = {**sample_document, "slug": "sample-points"}
    question = document["dimensions"][1]["questions"][1]
    assert question["key"] == "experiments-reproduce"
    question["options"] = [
        {
            "key": o["key"],
            "points": Decimal(points),
            "label": o["label"],
            "recommendation": o["recommendation"],
        }
        for o, points in zip(question["options"], [0, 1, "2.5", 4, 10], strict=True)
    ]
    framework, _ = framework_import(document=parse_framework(dump_framework(document)))
    assessment = AssessmentFactory(organisation=organisation, framework=framework)
    for role, option in [("leadership", "s1"), ("operations", "s3")]:
        respondent = RespondentFactory(assessment=assessment, role=role, status="submitted")
        make_answer(respondent, "experiments-reproduce", option)
    return assessment


def values_by_role(assessment: Assessment, question_key: str) -> dict[str, Fraction]:
    """The question's value per respondent's role: respondent keys depend on the run's order."""
    roles = {str(r.pk): r.role for r in assessment.respondents.all()}
    question = result_for(assessment).overall.question(question_key)
    return {roles[key]: value for key, value in question.values_by_respondent}


def presentation_of(assessment: Assessment):
    return present_result(result_bundle(assessment), result_for(assessment))


def test_the_question_value_is_exact(points_assessment):
    result = result_for(points_assessment)
    question = result.overall.question("experiments-reproduce")
    assert values_by_role(points_assessment, "experiments-reproduce") == {
        "leadership": Fraction(2, 5),
        "operations": Fraction(8, 5),
    }
    assert question.value == 1


def test_heat_map_cells_show_the_value_in_the_readers_language(points_assessment):
    presentation = presentation_of(points_assessment)
    svg = presentation.heat_map_svg()
    assert ">0.40<" in svg and ">1.60<" in svg
    with translation.override("fr"):
        svg = presentation_of(points_assessment).heat_map_svg()
    assert ">0,40<" in svg and ">1,60<" in svg


def test_heat_maps_data_table_shows_the_value_as_the_map_does(
    client, consultant, points_assessment
):
    """Not the fraction: the table beside the map read "2/5" and "8/5"."""
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[points_assessment.pk])).content.decode()
    table = page[page.index("heat-table") :]
    table = table[: table.index("</table>")]
    assert "<td>0.40</td>" in table and "<td>1.60</td>" in table
    assert "2/5" not in table and "8/5" not in table


def test_csv_score_is_the_value_on_the_scale(points_assessment):
    content = export_file(points_assessment, "csv").content.decode("utf-8").removeprefix(BOM)
    rows = [row for row in csv.reader(io.StringIO(content)) if row[4] == "experiments-reproduce"]
    assert [(row[7], row[9]) for row in rows] == [("s1", "0.40"), ("s3", "1.60")]


def test_json_and_page_give_the_question_value(client, consultant, points_assessment):
    document = json.loads(export_file(points_assessment, "json").content)
    questions = {q["key"]: q for q in document["questions"]}
    assert questions["experiments-reproduce"]["value"] == {"exact": "1", "rounded": "1.00"}
    client.force_login(consultant)
    response = client.get(reverse("results:page", args=[points_assessment.pk]))
    assert response.status_code == 200
