"""The framework linter: the shipped framework passes, and each rule catches its fault."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maturity import linting
from maturity.framework_file import parse_framework, read_framework_file
from maturity.references import ML_TEST_SCORE

SHIPPED = Path(__file__).resolve().parents[2] / "maturity" / "frameworks" / "mlops-maturity.yaml"


@pytest.fixture(scope="module")
def shipped() -> dict:
    return read_framework_file(SHIPPED)


def test_shipped_framework_passes_the_linter(shipped):
    report = linting.lint_framework(shipped)
    assert report.profile == "mlops"  # chosen by its slug
    assert report.all_problems == []
    assert report.failed_rules == []


def test_shipped_framework_meets_the_counts(shipped):
    assert shipped["slug"] == "mlops-maturity"
    assert shipped["version"] == "1.0"
    assert [p["key"] for p in shipped["pillars"]] == ["devops", "ml"]
    devops = [d["key"] for d in shipped["dimensions"] if d["pillar"] == "devops"]
    assert devops == ["culture", "automation", "lean", "measurement", "testing", "sharing"]
    assert len([d for d in shipped["dimensions"] if d["pillar"] == "ml"]) >= 7
    assert all(len(d["questions"]) >= 4 for d in shipped["dimensions"])
    assert sum(len(d["questions"]) for d in shipped["dimensions"]) >= 60


def test_every_ml_test_score_test_is_covered(shipped):
    covered = {r for d in shipped["dimensions"] for q in d["questions"] for r in q["references"]}
    assert set(ML_TEST_SCORE) <= covered
    assert len(ML_TEST_SCORE) == 28


def test_shipped_framework_declares_scoping_and_uses_it(shipped):
    keys = {s["key"] for s in shipped["scoping"]}
    assert {"online_serving", "regulated_sector", "deep_learning"} <= keys
    scoped = [q for d in shipped["dimensions"] for q in d["questions"] if q["applies_if"]]
    assert {k for q in scoped for k in q["applies_if"]} == keys


def test_weights_are_one_or_two_and_two_is_rare(shipped):
    weights = [q["weight"] for d in shipped["dimensions"] for q in d["questions"]]
    assert set(weights) <= {1, 2}
    assert weights.count(2) <= len(weights) // 4


@pytest.fixture
def doc(sample_document) -> dict:
    return copy.deepcopy(sample_document)


def problems(document: dict) -> list[str]:
    # The sample is linted under the default framework's bar, to see every rule at work.
    return linting.lint_framework(document, "mlops").all_problems


def test_too_few_questions_per_dimension(doc):
    assert any("2 questions; at least 4 expected" in p for p in problems(doc))


def test_too_few_questions_in_total(doc):
    assert linting.MSG_TOO_FEW_IN_TOTAL.format(count=6, minimum=60) in problems(doc)


def test_uncovered_ml_test_score_tests_are_listed(doc):
    found = [p for p in problems(doc) if p.startswith("ML Test Score tests not covered")]
    assert len(found) == 1
    assert "mlts:data-1" in found[0]
    assert "mlts:infra-1," not in found[0]  # covered by the sample's experiments-tracking


def test_untranslated_text(doc):
    doc["dimensions"][0]["questions"][0]["help"]["fr"] = "Manual deployments fail silently."
    assert any("French text identical to English" in p for p in problems(doc))


def test_near_duplicate_options(doc):
    options = doc["dimensions"][0]["questions"][0]["options"]
    options[1]["label"]["en"] = options[0]["label"]["en"].replace("hand", "hands")
    assert any("options s0 and s1 are near-duplicates (en)" in p for p in problems(doc))


def test_uneven_option_lengths(doc):
    doc["dimensions"][0]["questions"][0]["options"][2]["label"]["fr"] = "x" * 200
    assert any("option lengths very uneven in fr" in p for p in problems(doc))


def test_missing_recommendation(doc):
    doc["dimensions"][0]["questions"][0]["options"][1]["recommendation"] = None
    assert any("option s1 has no recommendation" in p for p in problems(doc))


def test_not_one_option_per_stage(doc):
    assert any("(automation-iac): expected one option per stage" in p for p in problems(doc))


def test_self_grade(doc):
    doc["dimensions"][0]["questions"][0]["options"][3]["label"]["en"] = "We are good at deploying."
    assert any("option s3 grades instead of describing (en)" in p for p in problems(doc))


def test_vendor_name(doc):
    doc["dimensions"][0]["questions"][0]["options"][0]["recommendation"]["en"] = "Install MLflow."
    assert any("names a vendor or product (MLflow)" in p for p in problems(doc))


def test_lint_command_prints_a_table_and_passes_on_the_shipped_file():
    out = StringIO()
    call_command("lint_framework", str(SHIPPED), stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0].split() == [
        "dimension",
        "questions",
        "weight",
        "2",
        "N/A",
        "scoped",
        "problems",
    ]
    assert "monitoring" in text
    assert text.strip().endswith("no problems under the mlops profile.")


def test_lint_command_fails_on_problems():
    out = StringIO()
    sample = Path(__file__).resolve().parents[1] / "fixtures" / "sample-framework.yaml"
    with pytest.raises(CommandError, match="problems in"):
        call_command("lint_framework", str(sample), stdout=out)
    assert "! " in out.getvalue()


def test_lint_command_rejects_an_invalid_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("slug: [", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a valid framework file"):
        call_command("lint_framework", str(bad), stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_shipped_framework_imports_and_round_trips(tmp_path):
    call_command("import_framework", str(SHIPPED), stdout=StringIO())
    exported = StringIO()
    call_command("export_framework", "mlops-maturity", stdout=exported)
    path = tmp_path / "export.yaml"
    path.write_text(exported.getvalue(), encoding="utf-8")
    assert read_framework_file(path) == read_framework_file(SHIPPED)


# A small DevOps questionnaire, written by hand: 2 dimensions of 2 questions, a yes/no question on
# a 4-stage scale, no ML Test Score reference. Nothing an MLOps framework needs, all any needs.
DEVOPS = """\
slug: devops-basics
version: "1.0"
status: draft
title: {en: DevOps basics, fr: Fondamentaux DevOps}
description: {en: Delivery and operations., fr: Livraison et exploitation.}
scale:
  - {stage: 0, name: {en: Initial, fr: Initial}, description: {en: By hand., fr: À la main.}}
  - {stage: 1, name: {en: Managed, fr: Maîtrisé}, description: {en: Scripted., fr: Scripté.}}
  - {stage: 2, name: {en: Defined, fr: Défini}, description: {en: Shared., fr: Partagé.}}
  - {stage: 3, name: {en: Optimised, fr: Optimisé}, description: {en: Measured., fr: Mesuré.}}
pillars:
  - {key: delivery, title: {en: Delivery, fr: Livraison}, description: {en: Shipping., fr: Livrer.}}
dimensions:
  - key: build
    pillar: delivery
    title: {en: Build, fr: Construction}
    description: {en: How code becomes a release., fr: Comment le code devient une version.}
    weight: 1
    target: 2
    questions:
      - key: build-ci
        text: {en: "Does a change run the tests?", fr: "Chaque changement lance-t-il les tests ?"}
        help: {en: Untested changes break., fr: Un changement non testé casse.}
        options:
          - key: "no"
            score: 0
            label: {en: Tests are run by hand., fr: Les tests sont lancés à la main.}
            recommendation: {en: Run the tests on every push., fr: Lancez les tests à chaque envoi.}
          - key: "yes"
            score: 3
            label: {en: Every change runs all tests., fr: Chaque modification lance tous les tests.}
      - key: build-artefact
        text: {en: "Is one artefact promoted?", fr: "Un seul artefact est-il promu ?"}
        help: {en: Rebuilding drifts., fr: Reconstruire fait dériver.}
        options:
          - key: rebuilt
            score: 0
            label: {en: Each environment rebuilds., fr: Chaque environnement reconstruit.}
            recommendation: {en: Build once and promote., fr: Construisez une fois et promouvez.}
          - key: promoted
            score: 3
            label: {en: One build is promoted., fr: Une seule construction est promue.}
  - key: operate
    pillar: delivery
    title: {en: Operate, fr: Exploitation}
    description: {en: Running the service., fr: Faire tourner le service.}
    weight: 1
    target: 2
    questions:
      - key: operate-alerts
        text: {en: "Who learns of an outage first?", fr: "Qui apprend une panne en premier ?"}
        help: {en: Users are not the alarm., fr: Les clients ne sont pas l'alarme.}
        options:
          - key: users
            score: 0
            label: {en: Users report it., fr: Les utilisateurs la signalent.}
            recommendation: {en: Alert on errors., fr: Alertez sur les erreurs.}
          - key: team
            score: 1
            label: {en: An alert reaches the team., fr: Une alerte prévient l'équipe.}
            recommendation: {en: Alert on symptoms., fr: Alertez sur les symptômes.}
          - key: slo
            score: 3
            label: {en: Error budget pages on-call., fr: Le budget d'erreur alerte l'astreinte.}
      - key: operate-restore
        text: {en: "Is restoring rehearsed?", fr: "La restauration est-elle répétée ?"}
        help: {en: Untested backups fail., fr: Les sauvegardes non testées échouent.}
        options:
          - key: never
            score: 0
            label: {en: Never rehearsed., fr: Jamais répétée.}
            recommendation: {en: Restore once a quarter., fr: Restaurez une fois par trimestre.}
          - key: quarterly
            score: 3
            label: {en: Rehearsed each quarter., fr: Répétée chaque trimestre.}
"""


@pytest.fixture
def devops() -> dict:
    return parse_framework(DEVOPS)


def test_default_profile_is_mlops_for_the_default_framework_only(devops, shipped):
    assert linting.default_profile(shipped) == "mlops"
    assert linting.default_profile(devops) == "generic"


def test_a_small_devops_framework_passes_the_generic_profile(devops):
    report = linting.lint_framework(devops)
    assert report.profile == "generic"
    assert report.all_problems == []
    assert report.ok


def test_a_small_devops_framework_fails_the_mlops_profile_with_the_mlops_rules_named(devops):
    report = linting.lint_framework(devops, "mlops")
    assert report.failed_rules == [
        "questions-per-dimension",
        "one-option-per-stage",
        "questions-in-total",
        "ml-test-score-coverage",
    ]
    assert "4 questions in total; at least 60 expected" in report.all_problems


def test_the_generic_profile_still_checks_what_every_framework_needs(devops):
    devops["dimensions"][0]["questions"][0]["help"]["fr"] = "Untested changes break."
    devops["dimensions"][1]["questions"][1]["options"][0]["recommendation"]["en"] = "Use Jenkins."
    report = linting.lint_framework(devops, "generic")
    assert report.failed_rules == ["translated", "no-vendor"]


def test_an_unknown_profile_is_refused(devops):
    with pytest.raises(ValueError, match="unknown lint profile 'devops': expected one of"):
        linting.lint_framework(devops, "devops")


def test_lint_command_takes_a_profile(tmp_path):
    path = tmp_path / "devops.yaml"
    path.write_text(DEVOPS, encoding="utf-8")
    out = StringIO()
    call_command("lint_framework", str(path), stdout=out)
    assert out.getvalue().strip().endswith("no problems under the generic profile.")
    out = StringIO()
    with pytest.raises(CommandError, match=r"8 problems in .* under the mlops profile"):
        call_command("lint_framework", str(path), "--profile", "mlops", stdout=out)
    assert (
        "rules failed: questions-per-dimension, one-option-per-stage, questions-in-total,"
        " ml-test-score-coverage"
    ) in out.getvalue()


def test_lint_command_refuses_an_unknown_profile():
    with pytest.raises(CommandError, match="invalid choice: 'devops'"):
        call_command("lint_framework", str(SHIPPED), "--profile", "devops", stdout=StringIO())
