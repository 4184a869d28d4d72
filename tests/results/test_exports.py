"""CSV and JSON exports of results: figures equal to the page's, safe cells, the command, access."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, CuratedRecommendation
from assessments.services.lifecycle import assessment_set_status
from lib.formatting import format_score as display
from lib.spreadsheet import FORMULA_TRIGGERS, neutralise
from results.exports import (
    BOM,
    UNANSWERED,
    csv_header,
    export_file,
    json_document,
)
from results.presentation import present_result
from results.result import result_for
from results.selectors import result_bundle
from tests.factories import RespondentFactory, make_answer
from tests.results.export_sample import INJECTION, answer_the_sample

pytestmark = pytest.mark.django_db

IN_SCOPE_QUESTIONS = 6
EXPORTS = ["results:export_csv", "results:export_json", "results:export_xlsx"]
COLUMNS = {name: index for index, name in enumerate(
    ["respondent", "role", "dimension_key", "dimension", "question_key", "question", "kind",
     "option_key", "option", "score", "na_reason", "comment"]
)}  # fmt: skip


@pytest.fixture
def answered(assessment):
    return answer_the_sample(assessment)


@pytest.fixture
def closed(answered):
    """The answered assessment, closed: its figures now come from a snapshot."""
    return assessment_set_status(assessment=answered, status=Assessment.Status.CLOSED)


def url(name: str, assessment: Assessment) -> str:
    return reverse(name if ":" in name else f"assessments:{name}", args=[assessment.pk])


def csv_of(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(content.decode("utf-8").removeprefix(BOM))))


def presentation_of(assessment: Assessment):
    return present_result(result_bundle(assessment), result_for(assessment))


# CSV


def test_csv_has_a_row_per_submitted_respondent_and_in_scope_question(client, consultant, answered):
    client.force_login(consultant)
    response = client.get(url("results:export_csv", answered))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="palier-acme-analytics-{answered.pk}-results.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    header, *rows = csv_of(response.content)
    assert header == csv_header()
    assert len(rows) == 3 * IN_SCOPE_QUESTIONS
    assert {row[COLUMNS["respondent"]] for row in rows} == {"R1", "R2", "R3"}
    # The respondent who has not submitted is not exported.
    assert "Data engineering" not in {row[COLUMNS["role"]] for row in rows}


def test_csv_respondent_labels_match_the_heat_map(answered):
    presentation = presentation_of(answered)
    _, *rows = csv_of(export_file(answered, "csv").content)
    labels = list(dict.fromkeys((r[COLUMNS["respondent"]], r[COLUMNS["role"]]) for r in rows))
    assert [f"{label} · {role}" for label, role in labels] == [
        row.label for row in presentation.heat_rows
    ]
    assert labels == [("R1", "Leadership"), ("R2", "Data science"), ("R3", "Operations / platform")]


def test_csv_names_respondents_only_when_the_assessment_says_so(answered):
    answered.name_respondents_in_report = True
    answered.save()
    _, *rows = csv_of(export_file(answered, "csv").content)
    assert {row[COLUMNS["respondent"]] for row in rows} == {
        "R1 · Lena Lead",
        "R2 · Dora Data",
        "R3 · Otto Ops",
    }


def test_csv_rows_carry_options_reasons_and_comments(answered):
    _, *rows = csv_of(export_file(answered, "csv").content)
    by_key = {(r[COLUMNS["respondent"]], r[COLUMNS["question_key"]]): r for r in rows}

    deploy = by_key[("R1", "automation-deploy")]
    assert deploy[COLUMNS["dimension_key"] :] == [
        "automation",
        "Automation",
        "automation-deploy",
        "How are models deployed?",
        "option",
        "s4",
        "Deploys roll back automatically.",
        "4",
        "",
        "",
    ]
    latency = by_key[("R2", "monitoring-latency")]
    assert latency[COLUMNS["kind"]] == "na"
    assert latency[COLUMNS["na_reason"]] == "A constraint prevents it"
    assert latency[COLUMNS["score"]] == ""
    assert by_key[("R2", "monitoring-drift")][COLUMNS["kind"]] == "dont_know"
    # A comment without an answer counts as unanswered, and the comment is kept.
    reproduce = by_key[("R2", "experiments-reproduce")]
    assert reproduce[COLUMNS["kind"]] == UNANSWERED
    assert reproduce[COLUMNS["comment"]] == "We never tried."
    # No answer row at all.
    assert by_key[("R3", "monitoring-latency")][COLUMNS["kind"]] == UNANSWERED


def test_csv_neutralises_formulas(answered):
    answered.name_respondents_in_report = True
    answered.save()
    RespondentFactory(assessment=answered, name="@SUM(A1)", status="submitted")
    content = export_file(answered, "csv").content
    _, *rows = csv_of(content)
    iac = next(r for r in rows if r[COLUMNS["question_key"]] == "automation-iac" and "Otto" in r[0])
    assert iac[COLUMNS["comment"]] == "'" + INJECTION
    assert "R4 · @SUM(A1)" in {r[COLUMNS["respondent"]] for r in rows}
    assert b',"=HYPERLINK' not in content


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_neutralise_quotes_every_formula_trigger(trigger):
    assert neutralise(f"{trigger}1+1") == f"'{trigger}1+1"


def test_neutralise_leaves_plain_text_and_numbers():
    assert neutralise("Fine, thanks") == "Fine, thanks"
    assert neutralise("") == ""
    assert neutralise(3) == 3


def test_csv_leaves_out_questions_out_of_scope(answered):
    answered.scoping_answers = {"online_serving": False}
    answered.save()
    _, *rows = csv_of(export_file(answered, "csv").content)
    assert len(rows) == 3 * (IN_SCOPE_QUESTIONS - 1)
    assert "monitoring-latency" not in {r[COLUMNS["question_key"]] for r in rows}


def test_csv_of_an_assessment_without_answers_is_a_header(assessment):
    header, *rows = csv_of(export_file(assessment, "csv").content)
    assert header == csv_header()
    assert rows == []


# JSON


def test_json_figures_equal_the_results_presentation(client, consultant, answered):
    client.force_login(consultant)
    response = client.get(url("results:export_json", answered))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="palier-acme-analytics-{answered.pk}-results.json"'
    )
    document = json.loads(response.content)
    presentation = presentation_of(answered)

    # By hand: automation 14/9, experiments (2 + 5/2 x 1.5)/2.5 = 23/10, monitoring
    # (4/3 + 2)/2 = 5/3; overall (14/9 + 23/10 + 5/3 x 2)/4 = 647/360.
    assert document["overall"]["score"] == {"exact": "647/360", "rounded": "1.80"}
    assert document["overall"]["score"]["rounded"] == display(presentation.overall)
    assert document["overall"]["stage"] == {"number": 1, "name": "Repeatable"}
    assert document["overall"]["n_respondents"] == 3
    assert document["weakest_link_stage"]["number"] == presentation.weakest_link.number
    assert [d["key"] for d in document["dimensions"]] == [d.key for d in presentation.dimensions]
    for exported, shown in zip(document["dimensions"], presentation.dimensions, strict=True):
        assert exported["score"]["rounded"] == display(shown.score) == shown.score_display
        assert exported["score"]["exact"] == str(shown.score)
        assert exported["gap"]["rounded"] == shown.gap_display
        # The JSON writes "67 %" whatever the language; the English page "67%".
        assert exported["coverage"]["percent"] == shown.coverage_display.replace("%", " %")
        assert exported["stage"]["number"] == shown.stage.number
        assert exported["target"]["number"] == shown.target.number
        assert exported["disagreements"] == [q.key for q in shown.disagreements]
    for exported, shown in zip(document["pillars"], presentation.pillars, strict=True):
        assert exported["score"]["rounded"] == shown.score_display
    for exported, shown in zip(document["questions"], presentation.questions, strict=True):
        assert exported["key"] == shown.key
        assert exported["value"]["rounded"] == shown.value_display
        assert exported["spread"]["rounded"] == shown.spread_display


def test_json_holds_the_whole_result(answered):
    CuratedRecommendation.objects.create(
        assessment=answered, question_key="automation-iac", dimension_key="automation", hidden=True
    )
    CuratedRecommendation.objects.create(
        assessment=answered,
        dimension_key="monitoring",
        text_en="Name an owner for every model in production.",
        horizon="later",
    )
    document = json.loads(export_file(answered, "json").content)

    assert document["assessment"] == {
        "id": answered.pk,
        "title": "2026 review",
        "organisation": "Acme Analytics",
        "framework": {"slug": "sample", "version": "1.0", "title": "Sample MLOps framework"},
        "status": "open",
        "language": "en",
        "computed_at": document["assessment"]["computed_at"],
        "snapshot_id": None,
        "executive_summary": "",
    }
    questions = {q["key"]: q for q in document["questions"]}
    assert questions["monitoring-latency"]["n_not_applicable"] == 1
    assert questions["monitoring-latency"]["n_unanswered"] == 1
    assert questions["monitoring-drift"]["n_dont_know"] == 1
    assert questions["experiments-reproduce"]["n_unanswered"] == 1

    # Visible recommendations only, in the page's order, the custom one last.
    recommendations = document["recommendations"]
    assert [r["question"] and r["question"]["key"] for r in recommendations] == [
        "monitoring-drift",
        "automation-deploy",
        "monitoring-latency",
        None,
    ]
    assert recommendations[0]["priority"] == {"exact": "10/3", "rounded": "3.33"}
    assert recommendations[0]["horizon"] == {"key": "now", "label": "Now"}
    assert recommendations[-1]["custom"] is True
    assert recommendations[-1]["text"] == "Name an owner for every model in production."
    monitoring = next(d for d in document["dimensions"] if d["key"] == "monitoring")
    assert len(monitoring["recommendations"]) == 3

    groups = {g["key"]: g for g in document["groups"]}
    assert list(groups) == [
        "leadership",
        "practitioners",
        "role:data_science",
        "role:operations",
    ]
    assert groups["leadership"]["label"] == "Leadership"
    assert groups["practitioners"]["n_respondents"] == 2
    assert groups["leadership"]["dimensions"][0] == {
        "key": "automation",
        "score": {"exact": "4", "rounded": "4.00"},
    }
    # Leadership sees every dimension at least a stage higher than practitioners do.
    assert [g["dimension"]["key"] for g in document["perception_gaps"]] == [
        "automation",
        "experiments",
        "monitoring",
    ]


def test_json_reads_the_snapshot_once_closed(closed):
    document = json.loads(export_file(closed, "json").content)
    snapshot = closed.snapshots.get()
    assert document["assessment"]["snapshot_id"] == snapshot.pk
    assert document["assessment"]["computed_at"] == snapshot.computed_at.isoformat()
    assert document["assessment"]["status"] == "closed"


def test_json_keeps_non_ascii_text_readable(answered):
    with translation.override("fr"):
        content = export_file(answered, "json").content
    assert "Référentiel MLOps d'exemple".encode() in content
    assert b"\\u00e9" not in content
    assert json.loads(content)["language"] == "fr"


def test_json_of_an_assessment_without_answers_has_null_scores(assessment):
    document = json.loads(export_file(assessment, "json").content)
    assert document["overall"]["score"] == {"exact": None, "rounded": None}
    assert document["overall"]["stage"] is None
    assert document["dimensions"][0]["score"] == {"exact": None, "rounded": None}
    assert document["groups"] == []


# The command


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_command_writes_the_views_bytes(client, consultant, closed, tmp_path, export_format):
    client.force_login(consultant)
    response = client.get(url(f"results:export_{export_format}", closed))
    target = tmp_path / f"results.{export_format}"
    out = io.StringIO()
    call_command(
        "export_results", closed.pk, "--format", export_format, "-o", target, "--lang", "en",
        stdout=out,
    )  # fmt: skip
    assert target.read_bytes() == response.content
    assert out.getvalue() == f"Wrote the {export_format.upper()} export to {target}.\n"


def test_command_writes_to_standard_output(closed):
    out = io.StringIO()
    call_command("export_results", str(closed.pk), "--format", "json", "--lang", "en", stdout=out)
    assert out.getvalue().encode() == export_file(closed, "json").content


def test_command_exports_in_french(closed, tmp_path):
    target = tmp_path / "resultats.csv"
    call_command("export_results", closed.pk, "--format", "csv", "-o", target, "--lang", "fr")
    _, *rows = csv_of(target.read_bytes())
    deploy = next(r for r in rows if r[COLUMNS["question_key"]] == "automation-deploy")
    assert deploy[COLUMNS["role"]] == "Direction"
    assert deploy[COLUMNS["dimension"]] == "Automatisation"
    assert deploy[COLUMNS["question"]] == "Comment les modèles sont-ils déployés ?"
    assert deploy[COLUMNS["option"]] == "Les déploiements reviennent en arrière seuls."
    latency = next(r for r in rows if r[COLUMNS["kind"]] == "na")
    assert latency[COLUMNS["na_reason"]] == "Une contrainte l'empêche"


def test_command_speaks_the_assessments_language_by_default(closed):
    closed.language = "fr"
    closed.save()
    out = io.StringIO()
    call_command("export_results", closed.pk, "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["language"] == "fr"
    assert document["dimensions"][0]["title"] == "Automatisation"


def test_command_refuses_an_unknown_assessment(db):
    with pytest.raises(CommandError, match=r"There is no assessment with id 999\."):
        call_command("export_results", 999, "--format", "json")


def test_command_refuses_an_unknown_format(assessment):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("export_results", assessment.pk, "--format", "xml")


def test_command_refuses_an_unknown_language(assessment):
    with pytest.raises(CommandError, match="invalid choice: 'de'"):
        call_command("export_results", assessment.pk, "--format", "json", "--lang", "de")


def test_command_reports_an_unwritable_path(assessment, tmp_path):
    target = tmp_path / "missing-folder" / "results.json"
    with pytest.raises(
        CommandError, match=re.escape(f"Cannot write {target}: No such file or directory.")
    ):
        call_command("export_results", assessment.pk, "--format", "json", "-o", target)
    assert not Path(target).exists()


# Access and queries


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_refused_to_unassigned_consultants(client, other_consultant, answered, name):
    client.force_login(other_consultant)
    assert client.get(url(name, answered)).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_refused_to_client_contacts_even_once_published(
    client, client_contact, closed, name
):
    assessment_set_status(assessment=closed, status=Assessment.Status.PUBLISHED)
    client.force_login(client_contact)
    assert client.get(url(name, closed)).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_of_other_organisations_are_not_found(
    client, consultant, outsider_assessment, name
):
    client.force_login(consultant)
    assert client.get(url(name, outsider_assessment)).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_send_anonymous_visitors_to_log_in(client, answered, name):
    response = client.get(url(name, answered))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_refuse_posts(client, consultant, answered, name):
    client.force_login(consultant)
    assert client.post(url(name, answered)).status_code == 405


# Queries of an export of a live result: 1 session, 2 user, 3 consultants group check,
# 4 assessment with organisation and framework; the result bundle: 5 respondents, 6 answers,
# 7 scoping questions, 8 stages, 9 dimensions with pillars, 10 questions, 11 options, 12 notes,
# 13 curated recommendations; 14 the audit event's insert. Scoring, the presentation and the
# CSV's rows read the bundle only.
LIVE_QUERIES = {"results:export_json": 14, "results:export_csv": 14, "results:export_xlsx": 14}
# Once closed, the latest snapshot takes the place of the respondents (it lists who it
# counted), and nothing is scored. Closing read the framework's content, which the process
# keeps (a published framework never changes): 7 scoping questions, 8 stages, 9 to 11 the
# dimensions, questions and options are not read again, so 8 queries, and the audit event's.
SNAPSHOT_QUERIES = {"results:export_json": 9, "results:export_csv": 9, "results:export_xlsx": 9}


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("extra_respondents", [0, 6])
def test_export_queries_are_fixed(
    client, consultant, answered, django_assert_num_queries, name, extra_respondents
):
    for _ in range(extra_respondents):
        respondent = RespondentFactory(assessment=answered, role="product", status="submitted")
        make_answer(respondent, "automation-deploy", "s2", comment="More of the same.")
    client.force_login(consultant)
    with django_assert_num_queries(LIVE_QUERIES[name]):
        response = client.get(url(name, answered))
    assert response.status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
def test_export_queries_of_a_closed_assessment(
    client, consultant, closed, django_assert_num_queries, name
):
    client.force_login(consultant)
    with django_assert_num_queries(SNAPSHOT_QUERIES[name]):
        response = client.get(url(name, closed))
    assert response.status_code == 200


def test_json_gives_each_question_its_consensus_and_the_split_rule(answered):
    questions = {q["key"]: q for q in json_document(presentation_of(answered))["questions"]}
    # automation-deploy: 4, 1, 0. Split by the gap 1 to 4, but 1 and 0 agree: 2/3 >= 0.65.
    assert questions["automation-deploy"]["consensus"] == {
        "exact": "2/3",
        "rounded": "0.67",
        "percent": "67 %",
    }
    assert questions["automation-deploy"]["disagreement"] is False
    # experiments-tracking: 4, 2, 0. Nobody within a stage of anyone: 1/3, a disagreement.
    assert questions["experiments-tracking"]["consensus"]["exact"] == "1/3"
    assert questions["experiments-tracking"]["disagreement"] is True
    # experiments-reproduce: 3 and 2 (Dora left only a comment): full consensus.
    assert questions["experiments-reproduce"]["consensus"]["percent"] == "100 %"


def test_json_gives_each_dimension_its_share_of_dont_know(answered):
    dimensions = {d["key"]: d for d in json_document(presentation_of(answered))["dimensions"]}
    # Monitoring asks drift and latency of 3 respondents; Dora does not know about drift: 1/6.
    assert dimensions["monitoring"]["dont_know_share"] == {
        "exact": "1/6",
        "rounded": "0.17",
        "percent": "17 %",
    }
    # Asked and not known by anyone: none (Dora's comment alone is unanswered, not "don't know").
    assert dimensions["experiments"]["dont_know_share"] == {
        "exact": "0",
        "rounded": "0.00",
        "percent": "0 %",
    }


def test_json_share_of_dont_know_is_the_snapshots_once_closed(closed):
    document = json.loads(export_file(closed, "json").content)
    dimensions = {d["key"]: d for d in document["dimensions"]}
    assert dimensions["monitoring"]["dont_know_share"]["exact"] == "1/6"


def test_json_share_of_dont_know_is_null_when_nothing_was_asked(assessment):
    document = json.loads(export_file(assessment, "json").content)
    assert document["dimensions"][0]["dont_know_share"] == {
        "exact": None,
        "rounded": None,
        "percent": None,
    }
