"""seed_demo and the rest of `make run`'s set-up: idempotent, and what it prints works."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from assessments.models import Answer, Assessment, Organisation, Respondent, ResultSnapshot
from tests.test_site import ROOT

pytestmark = pytest.mark.django_db

FRAMEWORK = str(ROOT / "maturity" / "frameworks" / "mlops-maturity.yaml")


def counts() -> tuple[int, ...]:
    models = (User, Organisation, Assessment, Respondent, Answer, ResultSnapshot)
    return tuple(model.objects.count() for model in models)


def run_setup() -> str:
    out = StringIO()
    call_command("import_framework", FRAMEWORK, stdout=out)
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_make_run_setup_is_idempotent(settings):
    settings.DEBUG = True
    first = run_setup()
    before = counts()
    second = run_setup()
    assert counts() == before
    assert "already imported with identical content" in second
    # The same logins and links are printed every time.
    assert first.split("Demo logins")[1] == second.split("Demo logins")[1]


def test_seed_demo_finds_its_organisation_whatever_someone_did_in_the_workspace(settings):
    settings.DEBUG = True
    run_setup()
    demo = Organisation.objects.get(name="Acme Analytics")
    # A consultant renames it in another case and starts another assessment of the same title.
    Organisation.objects.filter(pk=demo.pk).update(name="ACME analytics")
    first = Assessment.objects.get(organisation=demo)
    Assessment.objects.create(
        organisation=demo, framework=first.framework, title=first.title, status="draft"
    )
    before = counts()
    run_setup()  # no MultipleObjectsReturned, no IntegrityError
    assert counts() == before
    assert list(Organisation.objects.values_list("name", flat=True)) == ["ACME analytics"]


def test_seed_demo_has_a_submitted_assessment_with_three_roles_whose_answers_differ(settings):
    settings.DEBUG = True
    run_setup()
    submitted = Respondent.objects.filter(status="submitted")
    assert {r.role for r in submitted} == {"leadership", "data_science", "operations"}
    scores = [
        sorted(a.option.score for a in r.answers.filter(kind="option").select_related("option"))
        for r in submitted
    ]
    assert len({tuple(s) for s in scores}) == 3
    assert all(len(s) > 50 for s in scores)


def test_seed_demo_prints_an_open_invitation_link_that_works(settings, client):
    settings.DEBUG = True
    output = run_setup()
    links = re.findall(r"http://127\.0\.0\.1:8000(/r/\S+/)", output)
    assert links
    response = client.get(links[-1])
    assert response.status_code == 200
    assert "Welcome, Tom Becker." in response.content.decode()


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_needs_a_framework(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="Import a framework first"):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_gives_the_dashboard_a_score(settings):
    settings.DEBUG = True
    run_setup()
    snapshot = ResultSnapshot.objects.get()
    assert snapshot.data["overall"]["n_respondents"] == 3
