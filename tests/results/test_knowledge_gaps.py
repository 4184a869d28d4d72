"""The results page's knowledge gaps: the share of "don't know" by dimension and by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from results.presentation import present_result
from results.result import result_for
from results.selectors import result_bundle
from tests.factories import RespondentFactory, make_answer
from tests.helpers import publish

pytestmark = pytest.mark.django_db

ANSWERS = {
    "leadership": {"monitoring-drift": "s3", "monitoring-latency": "s2"},
    "data_science": {"monitoring-drift": "dont_know", "monitoring-latency": "s1"},
    "operations": {"monitoring-drift": "s1", "monitoring-latency": "s1"},
}


@pytest.fixture
def answered(assessment):
    for role, answers in ANSWERS.items():
        respondent = RespondentFactory(assessment=assessment, role=role, status="submitted")
        for key, value in answers.items():
            make_answer(respondent, key, value)
    return assessment


def rows_of(assessment, for_client=False):
    bundle = result_bundle(assessment)
    presentation = present_result(bundle, result_for(assessment), for_client=for_client)
    return presentation, {row.dimension.key: row for row in presentation.knowledge_gaps}


def test_each_dimension_gives_its_share_overall_and_by_group(answered):
    presentation, rows = rows_of(answered)
    columns = [c.key for c in presentation.group_columns]
    monitoring = rows["monitoring"]
    # 2 questions asked of 3 respondents, one "don't know": 1/6; practitioners (data science
    # and operations): 1 in 4; leadership none.
    assert monitoring.displays[0] == "17%"
    shares = dict(zip(columns, monitoring.displays[1:], strict=True))
    assert shares["practitioners"] == "25%"
    assert shares["leadership"] == "0%"
    # Asked too, answered by nobody: no "don't know" either.
    assert rows["automation"].displays[0] == "0%"


def test_the_page_shows_the_section_only_when_someone_did_not_know(client, consultant, answered):
    client.force_login(consultant)
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    assert 'id="knowledge-gaps"' in page
    assert "<td>17%</td>" in page

    for respondent in answered.respondents.filter(role="data_science"):
        respondent.answers.filter(kind="dont_know").delete()
    page = client.get(reverse("results:page", args=[answered.pk])).content.decode()
    assert 'id="knowledge-gaps"' not in page


def test_client_contacts_see_no_group_under_the_anonymity_threshold(answered):
    publish(answered)
    presentation, rows = rows_of(answered, for_client=True)
    # One respondent a role, three in all: every group is under the threshold of 3.
    assert presentation.group_columns == []
    assert rows["monitoring"].displays == ["17%"]
