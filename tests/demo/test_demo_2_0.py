"""The demo's 2026 review, on 2.0: its stored result and its checklists' figures.

Expected values follow the documented rules
(docs/framework-format.md, "Checklist questions"; docs/scoring.md), worked by hand from the
seeded answers listed in each case: `share` is ticked weight over applicable (not N/A) weight
times M (4); ordered rules give the stage of the first rule that holds. 2.0's rule is
`dont_know: no_value`, and a question's value is the plain mean of its respondents' values.
"""

from __future__ import annotations

from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Answer, Assessment, ResultSnapshot
from demo.seed import DEMO_ASSESSMENT_TITLE
from maturity import scoring
from results.result import result_of
from results.selectors import result_bundle
from tests.test_site import ROOT

pytestmark = pytest.mark.django_db


def run_setup(settings) -> Assessment:
    settings.DEBUG = True
    for name in ("mlops-maturity.yaml", "mlops-maturity-2.0.yaml"):
        call_command(
            "import_framework", str(ROOT / "maturity/frameworks" / name), stdout=StringIO()
        )
    call_command("seed_demo", stdout=StringIO())
    return Assessment.objects.get(title=DEMO_ASSESSMENT_TITLE)


def checklist_figures(assessment: Assessment) -> dict[str, tuple[dict[str, Fraction], Fraction]]:
    """Each checklist question's values by respondent (by name) and its value, as computed now."""
    names = {str(r.pk): r.name for r in assessment.respondents.all()}
    checklists = set(
        assessment.framework.questions.filter(type="checklist").values_list("key", flat=True)
    )
    data = scoring.result_to_dict(result_of(result_bundle(assessment)).overall)
    return {
        question["key"]: (
            {
                names[str(pk)]: Fraction(str(value))
                for pk, value in question["values_by_respondent"]
            },
            Fraction(str(question["value"])),
        )
        for dimension in data["dimensions"]
        for question in dimension["questions"]
        if question["key"] in checklists
    }


def test_the_2026_dashboard_has_a_score_of_its_three_submitted_respondents(settings):
    current = run_setup(settings)
    snapshot = ResultSnapshot.objects.get(assessment=current)
    assert snapshot.reason == "submission"
    assert snapshot.framework.version == "2.0"
    assert snapshot.data["overall"]["n_respondents"] == 3
    assert snapshot.overall_score != ""


def test_the_2026_checklists_score_by_their_rules_and_shares(settings):
    current = run_setup(settings)
    F = Fraction
    assert checklist_figures(current) == {
        # Rules. Léa: all six ticked, 4. Sofia: tagged and budgets, not showback: 1 ticked or
        # more, 1. Marc: "don't know", no value.
        "lean-ml-costs": ({"Léa Dubois": F(4), "Sofia Rossi": F(1)}, F(5, 2)),
        # Léa: pseudonymisation, retention, erasure, not minimisation: 1. Sofia: minimisation: 1.
        # Marc: the whole question not applicable, no value.
        "governance-data-privacy": ({"Léa Dubois": F(1), "Sofia Rossi": F(1)}, F(1)),
        # Léa: inventory, prohibited, interaction notice, content marking, not literacy: 2.
        # Marc: content marking N/A, nothing ticked: no `any` holds, 0. Sofia: inventory: 1.
        "governance-ai-act-baseline": (
            {"Léa Dubois": F(2), "Marc Petit": F(0), "Sofia Rossi": F(1)},
            F(1),
        ),
        # Not asked of leadership. Marc: scanned: 1. Sofia: provenance, scanned, signed; not
        # safe-format, so not 2: 1.
        "security-model-supply-chain": ({"Marc Petit": F(1), "Sofia Rossi": F(1)}, F(1)),
        # Marc: nothing ticked: 0. Sofia: least privilege: 1.
        "security-access-secrets": ({"Marc Petit": F(0), "Sofia Rossi": F(1)}, F(1, 2)),
        # Share, four items of weight 1, none N/A: one ticked each, 1/4 × 4 = 1.
        "security-model-robustness": (
            {"Léa Dubois": F(1), "Marc Petit": F(1), "Sofia Rossi": F(1)},
            F(1),
        ),
        # Share, six items. Marc: 1/6 × 4 = 2/3. Sofia: 2/6 × 4 = 4/3. Léa: "don't know".
        "genai-guardrails": ({"Marc Petit": F(2, 3), "Sofia Rossi": F(4, 3)}, F(1)),
    }


def test_an_item_not_applicable_leaves_the_share_of_the_applicable_items(settings):
    current = run_setup(settings)
    # Marc's guardrails: output moderation ticked, and now untrusted context not applicable:
    # 1 ticked of 5 applicable, 1/5 × 4 = 4/5.
    Answer.objects.filter(
        respondent__assessment=current,
        respondent__name="Marc Petit",
        question__key="genai-guardrails",
    ).update(items={"output-moderation": "ticked", "untrusted-context": "na"})
    values, value = checklist_figures(current)["genai-guardrails"]
    assert values == {"Marc Petit": Fraction(4, 5), "Sofia Rossi": Fraction(4, 3)}
    assert value == Fraction(16, 15)  # (4/5 + 4/3) / 2
