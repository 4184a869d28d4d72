"""The report's appendix of references: what the questions in scope cite, built-in or own."""

from __future__ import annotations

import pytest

from maturity.framework_file import parse_framework
from maturity.framework_file.writer import dump_framework
from maturity.selectors import references_cited
from maturity.services import framework_import
from tests.factories import AssessmentFactory
from tests.reports.test_context import report_html, section

pytestmark = pytest.mark.django_db

AI_ACT = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"


@pytest.fixture
def own_reference_assessment(organisation, sample_document):
    document = {
        **sample_document,
        "slug": "sample-references",
        "references": [
            {
                "id": "euaia:art-4",
                "title": {
                    "en": "EU AI Act, Article 4: AI literacy",
                    "fr": "AI Act, article 4 : maîtrise de l'IA",
                },
                "url": AI_ACT,
            }
        ],
    }
    question = document["dimensions"][0]["questions"][0]
    question["references"] = ["euaia:art-4", "dora:deployment-frequency"]
    framework, _ = framework_import(document=parse_framework(dump_framework(document)))
    return AssessmentFactory(organisation=organisation, framework=framework)


def test_built_in_references_are_listed_with_the_dimensions_citing_them(assessment):
    html = section(report_html(assessment), "appendix-references")
    row = html[html.index("dora:deployment-frequency") :]
    row = row[: row.index("</tr>")]
    assert "Deployment frequency" in row
    assert "Automation" in row  # the sample's dimension citing it
    # Every reference cited by a question in scope is there, once.
    assert html.count("<tr>") == 1 + 3


def test_built_in_titles_are_marked_english_in_the_french_report(assessment):
    html = section(report_html(assessment, "fr"), "appendix-references")
    assert "Annexe : références" in html
    assert '<span lang="en">Deployment frequency' in html


def test_own_references_come_with_their_title_and_link(own_reference_assessment):
    html = section(report_html(own_reference_assessment, "fr"), "appendix-references")
    assert "AI Act, article 4 : maîtrise de l&#x27;IA" in html
    assert f'<a href="{AI_ACT}">' in html
    # Listed in the order the questionnaire cites them: the own reference first.
    assert html.index("euaia:art-4") < html.index("dora:deployment-frequency")


def test_the_contents_name_the_appendix_only_when_something_is_cited(assessment):
    assert 'href="#appendix-references"' in report_html(assessment)


def test_own_references_are_read_once_for_a_published_framework(
    own_reference_assessment, django_assert_num_queries
):
    framework = own_reference_assessment.framework
    with django_assert_num_queries(1):
        first = references_cited(framework, ["euaia:art-4", "mlts:infra-1"])
    with django_assert_num_queries(0):
        again = references_cited(framework, ["euaia:art-4"])
    assert [r.id for r in first] == ["euaia:art-4", "mlts:infra-1"]
    assert again == first[:1]
    # Built-in ids alone read nothing; an id nobody declares is left out.
    with django_assert_num_queries(0):
        assert [r.id for r in references_cited(framework, ["mlts:infra-1"])] == ["mlts:infra-1"]
