"""Gates on the results page, in the report and in the JSON export.

The sample's answers (tests/results/export_sample.py), by hand: automation is
(2 x (4 + 1 + 0) / 3 + (4 + 0 + 0) / 3) / 3 = 14/9, stage 1; experiments-reproduce is
(3 + 2) / 2 = 5/2 (one respondent left it unanswered). The gate "automation-1" asks for
experiments-reproduce at 4 before automation reaches stage 1: it holds automation at stage 0.
The gate "ml-4" asks for every experiments question at 3 before ML reaches stage 4: it fails,
but ML is below stage 4 anyway, so it only says what the next step needs.
"""

from __future__ import annotations

import json

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from maturity.services import framework_import
from reports.context import report_context
from results.exports import export_file
from results.result import result_of
from results.selectors import result_bundle
from tests.factories import AssessmentFactory
from tests.results.export_sample import answer_the_sample

pytestmark = pytest.mark.django_db

GATES = [
    {
        "key": "automation-1",
        "caps": {"dimension": "automation"},
        "stage": 1,
        "requires": {"questions": ["experiments-reproduce"], "at_least": 4},
        "reason": {
            "en": "Automated releases count once <b>training</b> is reproducible.",
            "fr": "Les livraisons automatisées comptent une fois l'entraînement reproductible.",
        },
    },
    {
        "key": "ml-4",
        "caps": {"pillar": "ml"},
        "stage": 4,
        "requires": {"dimensions": ["experiments"], "at_least": 3},
        "reason": {
            "en": "Experiments are tracked everywhere.",
            "fr": "Les expériences sont suivies partout.",
        },
    },
]


@pytest.fixture
def gated(organisation, sample_document):
    framework, _ = framework_import(document={**sample_document, "slug": "gated", "gates": GATES})
    return answer_the_sample(AssessmentFactory(organisation=organisation, framework=framework))


def test_the_gate_holds_the_stage_and_keeps_the_score(gated):
    result = result_of(result_bundle(gated)).overall
    automation = result.dimension("automation")
    assert automation.score * 9 == 14
    assert automation.stage == 0
    assert result.gate("automation-1").failing == ("experiments-reproduce",)
    assert result.gate("automation-1").uncapped_stage == 1
    assert result.gate("ml-4").capped is False


def test_the_page_says_which_stage_is_held_and_why(client, consultant, gated):
    client.force_login(consultant)
    response = client.get(reverse("results:page", args=[gated.pk]))
    html = response.content.decode()
    assert "Automation is held at stage 0 · " in html
    assert "its score alone would reach stage 1 · " in html
    # The author's text is escaped like every other.
    assert "count once &lt;b&gt;training&lt;/b&gt; is reproducible." in html
    assert "For ML practices to reach stage 4 · " in html
    held = html.index('data-gate="automation-1"')
    assert held < html.index('data-gate="ml-4"')  # the gate holding a stage comes first


def test_the_page_in_french(client, consultant, gated):
    client.force_login(consultant)
    response = client.get(reverse("results:page", args=[gated.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode().replace("&#x27;", "'")
    assert "Automatisation est maintenu au niveau 0 · Artisanal" in html
    assert "l'entraînement reproductible" in html
    assert "Pour que Pratiques ML atteigne le niveau 4 · " in html


def test_the_report_says_it_too(gated):
    bundle = result_bundle(gated)
    with translation.override("en"):
        html = render_to_string("reports/report.html", report_context(bundle, result_of(bundle)))
    assert 'class="gates"' in html
    assert "is held at stage 0 · " in html
    assert "Below the bar:" in html


def test_the_json_lists_every_gate(gated):
    document = json.loads(export_file(gated, "json").content)
    assert [(g["key"], g["met"], g["held"], g["failing"]) for g in document["gates"]] == [
        ("automation-1", False, True, ["experiments-reproduce"]),
        ("ml-4", False, False, ["experiments-tracking", "experiments-reproduce"]),
    ]
