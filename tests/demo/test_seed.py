"""seed_demo and the rest of `make run`'s set-up: idempotent, and what it prints works.

Two assessments for Acme Analytics: the 2025 review on 1.0, published a year ago, and the
2026 review on 2.0, open. What needs the 2026 review's results (checklists scored) is in
test_demo_2_0.py.
"""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Answer, Assessment, Organisation, Respondent, ResultSnapshot
from demo.seed import DEMO_ASSESSMENT_1_0_TITLE, DEMO_ASSESSMENT_TITLE, MSG_NO_DEBUG
from maturity.models import Question
from tests.test_site import ROOT

pytestmark = pytest.mark.django_db

FRAMEWORKS = [
    str(ROOT / "maturity" / "frameworks" / name)
    for name in ("mlops-maturity.yaml", "mlops-maturity-2.0.yaml")
]


def counts() -> tuple[int, ...]:
    models = (User, Organisation, Assessment, Respondent, Answer, ResultSnapshot)
    return tuple(model.objects.count() for model in models)


def run_setup() -> str:
    """What `make run` does before serving: import 1.0 then 2.0, then seed."""
    out = StringIO()
    for framework in FRAMEWORKS:
        call_command("import_framework", framework, stdout=out)
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def answers_of(title: str) -> dict[tuple[str, str], tuple]:
    """Each answer of the assessment: (e-mail, question key) -> what it says."""
    rows = Answer.objects.filter(respondent__assessment__title=title).select_related(
        "respondent", "question", "option"
    )
    return {
        (a.respondent.email, a.question.key): (
            a.kind,
            a.option.key if a.option else None,
            a.na_reason,
            a.items,
            a.comment,
        )
        for a in rows
    }


def test_make_run_setup_is_idempotent(settings):
    settings.DEBUG = True
    first = run_setup()
    before = counts()
    second = run_setup()
    assert counts() == before
    assert second.count("already imported with identical content") == 2
    # The same logins and links are printed every time.
    assert first.split("Demo logins")[1] == second.split("Demo logins")[1]


def test_seed_demo_has_the_2025_review_on_1_0_published_a_year_ago_and_the_2026_one_open_on_2_0(
    settings,
):
    settings.DEBUG = True
    run_setup()
    reviews = Assessment.objects.select_related("framework").order_by("title")
    assert [(a.title, a.framework.slug, a.framework.version, a.status) for a in reviews] == [
        (DEMO_ASSESSMENT_1_0_TITLE, "mlops-maturity", "1.0", "published"),
        (DEMO_ASSESSMENT_TITLE, "mlops-maturity", "2.0", "open"),
    ]
    last_year, current = reviews
    now = timezone.now()
    assert last_year.closes_on == (now - timedelta(days=365)).date()
    assert last_year.opens_on < last_year.closes_on
    assert now - timedelta(days=365) < last_year.published_at < now - timedelta(days=300)
    assert last_year.created_at < now - timedelta(days=365)
    assert (current.opens_on, current.closes_on, current.published_at) == (None, None, None)
    # The same people in both, in the same states: three submitted, one answering, one invited.
    for review in reviews:
        assert [(r.name, r.status) for r in review.respondents.order_by("pk")] == [
            ("Léa Dubois", "submitted"),
            ("Marc Petit", "submitted"),
            ("Sofia Rossi", "submitted"),
            ("Nina Kowalski", "in_progress"),
            ("Tom Becker", "invited"),
        ]
        assert review.executive_summary_en and review.executive_summary_fr
    # Last year's links expired with it; this year's work.
    assert all(r.link_expires_at < now for r in last_year.respondents.all())
    assert all(r.link_expires_at is None for r in current.respondents.all())
    assert current.scoping_answers == {
        "online_serving": True,
        "high_risk_ai": True,
        "generative_ai": True,
    }


def test_seed_demo_finds_its_organisation_whatever_someone_did_in_the_workspace(settings):
    settings.DEBUG = True
    run_setup()
    demo = Organisation.objects.get(name="Acme Analytics")
    # A consultant renames it in another case and starts another assessment of the same title.
    Organisation.objects.filter(pk=demo.pk).update(name="ACME analytics")
    for review in Assessment.objects.filter(organisation=demo):
        Assessment.objects.create(
            organisation=demo, framework=review.framework, title=review.title, status="draft"
        )
    before = counts()
    run_setup()  # no MultipleObjectsReturned, no IntegrityError
    assert counts() == before
    assert list(Organisation.objects.values_list("name", flat=True)) == ["ACME analytics"]


def test_seed_demo_has_submitted_answers_of_three_roles_that_differ_in_each_review(settings):
    settings.DEBUG = True
    run_setup()
    for title in (DEMO_ASSESSMENT_1_0_TITLE, DEMO_ASSESSMENT_TITLE):
        submitted = Respondent.objects.filter(assessment__title=title, status="submitted")
        assert {r.role for r in submitted} == {"leadership", "data_science", "operations"}
        scores = [
            sorted(a.option.score for a in r.answers.filter(kind="option").select_related("option"))
            for r in submitted
        ]
        assert len({tuple(s) for s in scores}) == 3
        assert all(len(s) > 40 for s in scores)


def test_the_2026_review_is_drawn_the_same_on_every_run(settings):
    settings.DEBUG = True
    run_setup()
    first = answers_of(DEMO_ASSESSMENT_TITLE)
    Assessment.objects.filter(title=DEMO_ASSESSMENT_TITLE).delete()
    run_setup()
    assert answers_of(DEMO_ASSESSMENT_TITLE) == first
    # And it is not last year's, drawn again.
    assert len(first) > 150
    assert first.keys() != answers_of(DEMO_ASSESSMENT_1_0_TITLE).keys()


def test_2_0_respondents_answer_only_what_is_asked_of_their_role_and_in_scope(settings):
    settings.DEBUG = True
    run_setup()
    current = Assessment.objects.get(title=DEMO_ASSESSMENT_TITLE)
    questions = list(Question.objects.filter(framework=current.framework))
    for respondent in current.respondents.all():
        answered = set(respondent.answers.values_list("question__key", flat=True))
        if respondent.status != "submitted":
            continue
        expected = {
            q.key
            for q in questions
            if q.asked_of(respondent.role)
            and all(current.scoping_answers.get(k, False) == v for k, v in q.applies_if.items())
        }
        assert answered == expected, respondent.name
    # Written out, as a reader would check them: asked of leadership and product only, of
    # data science only, and out of scope (Acme trains no deep-learning models).
    answered = set(
        Answer.objects.filter(respondent__assessment=current).values_list(
            "respondent__role", "question__key"
        )
    )
    assert ("leadership", "culture-management-support") in answered
    assert ("operations", "culture-management-support") not in answered
    assert ("data_science", "experiment-tracking-hyperparameters") in answered
    assert ("leadership", "experiment-tracking-hyperparameters") not in answered
    assert ("leadership", "security-model-supply-chain") not in answered
    assert not any(key == "lean-accelerators" for _role, key in answered)
    # The generative-AI dimension is in scope: answered by all three who submitted.
    assert {role for role, key in answered if key == "genai-guardrails"} == {
        "leadership",
        "data_science",
        "operations",
    }


def test_the_2_0_respondent_still_answering_has_answered_the_first_three_dimensions_only(settings):
    settings.DEBUG = True
    run_setup()
    nina = Respondent.objects.get(assessment__title=DEMO_ASSESSMENT_TITLE, name="Nina Kowalski")
    dimensions = set(nina.answers.values_list("question__dimension__key", flat=True))
    assert dimensions == {"culture", "automation", "lean"}
    assert not Respondent.objects.get(
        assessment__title=DEMO_ASSESSMENT_TITLE, name="Tom Becker"
    ).answers.exists()


def test_2_0_checklist_answers_name_real_items_and_mark_na_only_where_allowed(settings):
    settings.DEBUG = True
    run_setup()
    answers = list(
        Answer.objects.filter(
            respondent__assessment__title=DEMO_ASSESSMENT_TITLE, question__type="checklist"
        ).select_related("question")
    )
    states = set()
    for answer in answers:
        items = {item.key: item for item in answer.question.checklist_items.all()}
        assert answer.kind in {"checklist", "na", "dont_know"}
        if answer.kind != "checklist":
            assert answer.items == {}
        for key, state in answer.items.items():
            assert key in items, (answer.question.key, key)
            assert state in {"ticked", "na"}
            assert state != "na" or items[key].allow_na, (answer.question.key, key)
            states.add(state)
        if answer.kind == "na":
            assert answer.question.allow_na
    # Every checklist of 2.0 answered by someone, with items ticked and items not applicable.
    assert {a.question.key for a in answers if a.kind == "checklist"} == {
        "lean-ml-costs",
        "governance-data-privacy",
        "governance-ai-act-baseline",
        "security-model-supply-chain",
        "security-access-secrets",
        "security-model-robustness",
        "genai-guardrails",
    }
    assert states == {"ticked", "na"}
    # No answer of 1.0 is a checklist: its answers are as they always were.
    assert not Answer.objects.filter(
        respondent__assessment__title=DEMO_ASSESSMENT_1_0_TITLE, kind="checklist"
    ).exists()


def test_leadership_sometimes_does_not_know_on_technical_questions_of_2_0(settings):
    settings.DEBUG = True
    run_setup()

    def dont_know(role: str, dimensions: set[str]) -> int:
        return Answer.objects.filter(
            respondent__assessment__title=DEMO_ASSESSMENT_TITLE,
            respondent__role=role,
            question__dimension__key__in=dimensions,
            kind="dont_know",
        ).count()

    # About 40 questions of these ask leadership, about 30 of the others.
    technical = {"automation", "testing", "platform", "data-versioning", "experiment-tracking"}
    technical |= {"model-registry", "ct-cd", "monitoring", "security", "generative-ai"}
    others = {"culture", "lean", "measurement", "sharing", "data-quality", "governance"}
    assert dont_know("leadership", technical) >= 8
    assert dont_know("leadership", others) <= 3
    assert dont_know("data_science", technical) <= 4


def test_seed_demo_prints_an_open_invitation_link_that_works(settings, client):
    settings.DEBUG = True
    output = run_setup()
    assert f"Open invitations to '{DEMO_ASSESSMENT_TITLE}':" in output
    assert DEMO_ASSESSMENT_1_0_TITLE not in output  # published: nobody is invited any more
    links = re.findall(r"http://127\.0\.0\.1:8000(/r/\S+/)", output)
    assert len(links) == 2
    response = client.get(links[-1])
    assert response.status_code == 200
    assert "Welcome, Tom Becker." in response.content.decode()


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=MSG_NO_DEBUG):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_needs_both_versions_of_the_framework(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="Import a framework first") as missing:
        call_command("seed_demo", stdout=StringIO())
    assert "mlops-maturity 1.0 is not published here" in str(missing.value)
    call_command("import_framework", FRAMEWORKS[0], stdout=StringIO())
    with pytest.raises(CommandError, match="Import a framework first") as missing:
        call_command("seed_demo", stdout=StringIO())
    assert "mlops-maturity 2.0 is not published here" in str(missing.value)
    assert not Assessment.objects.exists()


def test_seed_demo_gives_the_2025_review_the_result_stored_on_closing(settings):
    settings.DEBUG = True
    run_setup()
    snapshot = ResultSnapshot.objects.get(assessment__title=DEMO_ASSESSMENT_1_0_TITLE)
    assert snapshot.data["overall"]["n_respondents"] == 3
    assert snapshot.reason == "closed"
    assert snapshot.framework.version == "1.0"
    assert snapshot.computed_at.date() == snapshot.assessment.closes_on
