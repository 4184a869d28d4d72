"""Version 1.0's figures do not move: the demo's results, recorded before format 2.0 began.

tests/fixtures/demo-1.0-results.json holds the demo assessment's scoring (overall and by group,
as snapshots store it), written by the code of commit 2978f63, before options worth points,
gates and the other 2.0 constructs touched the scoring. The same framework and the same seeded
answers must give exactly the same fractions today.

The recording names the assessment by its title then, "MLOps maturity review 2026"; since 2.0 is
published, that year's review is on 2.0 and the 1.0 one is the 2025 review, seeded with the same
respondents and the same draws (demo.seed.DEMO_2025). The fixture is left as recorded.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from demo.seed import DEMO_ASSESSMENT_1_0_TITLE
from maturity import scoring
from results.result import result_of
from results.selectors import result_bundle
from tests.factories import RespondentFactory
from tests.test_site import ROOT

pytestmark = pytest.mark.django_db

RECORDED = ROOT / "tests" / "fixtures" / "demo-1.0-results.json"
# The 1.0 demo assessment's title when it was recorded -> its title today.
RECORDED_TITLES = {"MLOps maturity review 2026": DEMO_ASSESSMENT_1_0_TITLE}


def as_recorded(data: dict, numbers: dict[str, str]) -> dict:
    """A result as it was recorded: respondents keyed by their rank, and no gates.

    Results key respondents by primary key, which depends on what the database held before:
    the recording's demo respondents were 1, 2, 3 in the order seed_demo creates them. 1.0 has
    no gates, and results then had no such field.
    """
    assert data.pop("gates") == []
    for dimension in data["dimensions"]:
        for question in dimension["questions"]:
            question["values_by_respondent"] = sorted(
                [numbers[key], value] for key, value in question["values_by_respondent"]
            )
    return data


def test_the_demo_scores_as_it_did_before_format_2_0(settings):
    settings.DEBUG = True
    for name in ("mlops-maturity.yaml", "mlops-maturity-2.0.yaml"):
        call_command(
            "import_framework", str(ROOT / "maturity/frameworks" / name), stdout=StringIO()
        )
    # Other rows first, as in a suite run in any order: the demo's primary keys are not 1, 2, 3.
    RespondentFactory.create_batch(4)
    call_command("seed_demo", stdout=StringIO())
    recorded = {
        RECORDED_TITLES[title]: figures
        for title, figures in json.loads(RECORDED.read_text(encoding="utf-8")).items()
    }
    today = {}
    for assessment in Assessment.objects.filter(
        framework__slug="mlops-maturity", framework__version="1.0"
    ).order_by("title"):
        result = result_of(result_bundle(assessment))
        pks = assessment.respondents.order_by("pk").values_list("pk", flat=True)
        numbers = {str(pk): str(rank) for rank, pk in enumerate(pks, start=1)}
        today[assessment.title] = {
            "overall": as_recorded(scoring.result_to_dict(result.overall), numbers),
            "groups": {
                key: as_recorded(scoring.result_to_dict(group), numbers)
                for key, group in result.groups.items()
            },
        }
    assert today.keys() == recorded.keys()
    assert today == recorded
