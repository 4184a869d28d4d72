"""Every POST endpoint fuzzed with random and hostile payloads, by every persona.

The endpoints are the matrix's (tests/test_authorisation_matrix.py): each pattern whose POST
some persona may send. Hypothesis starts from the fields of the site's own forms that post
there (read from the pages, with their values) and replaces, drops or adds fields with huge
strings, wrong types, unknown ids, organisation B's ids, HTML and script, null bytes and
random text. For each request it checks:

- never a server error (the test client re-raises the exception of a 500);
- a refusal or a rejected form (any 4xx, or the log-in redirect) changes nothing at all;
- a request accepted from one organisation's side changes nothing of the other's.

Examples are derandomised so that CI is repeatable; `FUZZ_EXAMPLES=2000 FUZZ_RANDOM=1
pytest tests/test_fuzz_posts.py` explores further.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import models
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Organisation
from tests.test_authorisation_matrix import (
    MATRIX,
    MISSING_PK,
    OK,
    ORGANISATION_PK,
    PERSONAS,
    SESSION_ENDING,
    World,
    cells,
    matrix_routes,
)
from tests.test_authorisation_matrix import world as matrix_world

# The matrix's world, as this module's fixture too (imported under its own name, ruff would
# take each test's `world` argument for a redefinition).
world = matrix_world

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"
# Whose every row is compared before and after a refused request: the project's data and the
# accounts. Sessions, the audit log and django-axes' attempts may record a refusal.
WATCHED_APPS = {"assessments", "maturity", "auth", "otp_totp"}
POST_ROUTES = sorted(n for n in MATRIX if any(cells(n)[p, "POST"] == OK for p in PERSONAS))

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "../../../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    str(MISSING_PK),
    "true",
    "[]",
    "{}",
    "\u202eevil",
    "x" * 100_000,
    "é" * 3_000,
    "o:",
    "o:nothing",
    "dk",
    "na",
    "2026-02-30",
    "31/12/2026",
    "dashboard",  # a bare word where a path is expected
    "o'brien@client.example",  # a valid address that is no valid user name
    "a" * 140 + "@client.example",
    "x@x" * 30,
]


class FormFields(HTMLParser):
    """The POST forms of a page: for each action, the field names and the values offered."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._fields: dict[str, list[str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((attrs.get("action") or self.page_path, self._fields))
        elif self._fields is None:
            return
        elif tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            values = self._fields.setdefault(attrs["name"], [])
            if attrs.get("value") is not None:
                values.append(attrs["value"])
            self._select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value") is not None:
            self._fields[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None


def targets(world: World, name: str) -> list[dict[str, int]]:
    """The objects an assessment's page is asked for: A's published one, and A's open one
    (with its respondent) where the page has no recommendation of the published one."""
    kwargs = matrix_routes()[name].kwargs
    if "pk" not in kwargs or name in ORGANISATION_PK or "recommendation_pk" in kwargs:
        return [{}]
    return [{}, {"pk": world.open_a.pk, "respondent_pk": world.links["respondent_a"].pk}]


def form_catalogue(world: World) -> dict[str, dict[str, list[str]]]:
    """For each URL name, the fields the site's forms post to it, read from every page the
    consultant of A and the respondent of A may open."""
    catalogue: dict[str, dict[str, list[str]]] = {}
    for persona in ("consultant_a", "respondent_a"):
        client = world.client_for(persona)
        pages = [
            world.url(name, persona, **{k: v for k, v in target.items() if k in route.kwargs})
            for name, route in sorted(matrix_routes().items())
            if cells(name)[persona, "GET"] == OK and name not in SESSION_ENDING
            for target in targets(world, name)
        ]
        for path in pages:
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = FormFields(path)
            parser.feed(response.content.decode())
            for action, fields in parser.forms:
                try:
                    target = resolve(action.split("?")[0]).view_name
                except Resolver404:
                    continue
                merged = catalogue.setdefault(target, {})
                for field, values in fields.items():
                    merged.setdefault(field, []).extend(values)
    return catalogue


def _path_to_organisation(model, depth: int = 0) -> str | None:
    """The lookup from `model` to its organisation (`assessment__organisation`), if any."""
    if model is Organisation:
        return "pk"
    if depth == 3:
        return None
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey):
            if field.related_model is Organisation:
                return field.name
            further = _path_to_organisation(field.related_model, depth + 1)
            if further and further != "pk":
                return f"{field.name}__{further}"
    return None


def _watched_models():
    return [m for m in apps.get_models() if m._meta.app_label in WATCHED_APPS]


def everything() -> dict[str, list[tuple]]:
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in _watched_models()}


def organisation_data(organisation: Organisation) -> dict[str, list[tuple]]:
    rows = {}
    for model in _watched_models():
        if lookup := _path_to_organisation(model):
            queryset = model.objects.filter(**{lookup: organisation.pk}).order_by("pk")
            rows[model._meta.label] = list(queryset.values_list())
    return rows


def hostile_values(world: World):
    ids_of_b = [
        world.submitted_b.pk,
        world.recommendation_b.pk,
        world.users["client_b"].pk,
        world.submitted_b.assessment_id,
        world.submitted_b.assessment.organisation_id,
    ]
    known = st.sampled_from(HOSTILE + [str(i) for i in ids_of_b])
    text = st.one_of(
        known,
        known,
        known,  # the known hazards three times in five
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )
    return st.one_of(text, text, text, st.lists(text, min_size=2, max_size=3))


def plausible(field: str):
    """A value of the kind a field with no value offered expects, from its name."""
    if "email" in field:
        return st.emails()  # valid addresses: quotes, apostrophes, long domains included
    if field.endswith("_on") or "date" in field:
        return st.dates().map(lambda day: day.isoformat())
    return st.text(max_size=60)


@st.composite
def payloads(draw, world: World, fields: dict[str, list[str]]):
    """The form's own fields, each kept with a value the form offers, given a hostile value, or
    dropped; and a few unknown fields added."""
    hostile = hostile_values(world)
    data: dict[str, object] = {}
    for field, values in fields.items():
        fate = draw(st.sampled_from(("offered", "hostile", "hostile", "dropped")))
        if fate == "offered":
            data[field] = draw(st.sampled_from(values) if values else plausible(field))
        elif fate == "hostile":
            data[field] = draw(hostile)
    for field in draw(st.lists(st.text(min_size=1, max_size=12), max_size=2)):
        data.setdefault(field, draw(hostile))
    return data


def refused(response) -> bool:
    login = resolve_url(django_settings.LOGIN_URL)
    to_login = response.status_code == 302 and response.url.startswith(login)
    return 400 <= response.status_code < 500 or to_login


@pytest.mark.parametrize("name", POST_ROUTES)
def test_no_post_payload_causes_a_server_error_or_an_unallowed_change(world, name):
    catalogue = form_catalogue(world)
    fields = catalogue.get(name, {})
    organisations = {
        "a": world.published_a.organisation,
        "b": world.submitted_b.assessment.organisation,
    }
    clients: dict[str, object] = {}
    kwargs = matrix_routes()[name].kwargs
    allowed = st.sampled_from([p for p in PERSONAS if cells(name)[p, "POST"] == OK])

    @settings(
        max_examples=EXAMPLES,
        derandomize=not RANDOM,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    # Two examples in three by a persona the matrix lets through, who reaches the form.
    @given(
        persona=st.one_of(allowed, allowed, st.sampled_from(PERSONAS)),
        target=st.sampled_from(targets(world, name)),
        data=payloads(world, fields),
    )
    def post_once(persona, target, data):
        if persona not in clients or name in SESSION_ENDING:
            # Not world.client_for: an accepted resend or erasure may have ended A's link.
            clients[persona] = Client()
            if user := world.users.get(persona):
                clients[persona].force_login(user)
        other = organisations["a" if persona.endswith("_b") else "b"]
        before, before_other = everything(), organisation_data(other)
        url = world.url(name, persona, **{k: v for k, v in target.items() if k in kwargs})
        response = clients[persona].post(url, data)
        assert response.status_code < 500
        if refused(response):
            assert everything() == before, f"{response.status_code} yet the data changed"
        elif persona != "superuser":
            assert organisation_data(other) == before_other, "the other organisation changed"

    post_once()


def test_the_fuzz_reaches_the_forms_of_the_workspace_and_the_questionnaire(world):
    """The payloads start from real forms: the catalogue finds the main ones and their fields."""
    catalogue = form_catalogue(world)
    assert "email" in catalogue["assessments:contacts"]
    assert "lines" in catalogue["assessments:respondents_invite"]
    assert any(f.startswith("q-") for f in catalogue["questionnaire:dimension"])
    assert "executive_summary_fr" in catalogue["results:summary_save"]
    assert len(POST_ROUTES) >= 15
