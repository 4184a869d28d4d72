"""The authorisation matrix: every page of the site, asked for by every persona.

Every named URL pattern is walked from the URL resolver, so a new page cannot be forgotten:
`MATRIX` must have a row for it, or `test_every_page_has_a_row` fails and names the row to add.
Each row gives, for each persona in `PERSONAS` order, the outcome of a GET and of a POST with
an empty body: `"ok"` (let past the authorisation: 2xx, 3xx but not to the log-in, or a 400
from the form), `"login"` (302 to settings.LOGIN_URL with `next`), `"404"`, `"405"` or
`"410"`. A cell `"ok/405"` is GET then POST; a cell with one outcome is both.

The URL is built with organisation A's objects (`World.kwargs`): A's published assessment (or
A itself for the pages of an organisation, listed in `ORGANISATION_PK`), its submitted
respondent, its recommendation, its client contact. A persona is a session: anonymous, a
client contact or a consultant of A or of B (each consultant assigned to their organisation
only), a superuser. A new page needs its row; a new kwarg, its filler in `World.kwargs`; an
organisation's page, its name in `ORGANISATION_PK`. The failures say which.

A respondent has no account: their personal link (the `token` of the questionnaire's pages)
is the whole credential, valid whoever is signed in. So "respondent of A" is an anonymous
session holding A's link: its questionnaire URLs carry A's token (and a dimension of A's
framework), and respondent of B carries B's own token to B's own pages. A persona holding no
link asks for the questionnaire with a token no respondent holds: 404. What the token must
not do is reach another respondent's data; `test_a_link_reaches_its_own_respondent_only`
checks that A's link cannot answer questions of B's framework, nor open B's pages.

A refused access to an existing object is the refusal of a missing one: each log-in redirect,
404 and 405 of the matrix is compared with the same URL built with objects that do not exist
(the same outcome; for a 404 the same page), and no refusal names an organisation, an
assessment or a person. Derived checks read the same table: only assigned consultants (and
superusers) see an open assessment, A's client contacts once it is published; a child object
of B under A's parent is a 404 even for those who may see both; a link to a published
assessment is gone (410); every POST the matrix lets through is refused without a CSRF
token. The admin is walked too: it answers everyone but a superuser with its log-in page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import Answer, Assessment, Respondent
from results import curation
from tests.factories import (
    AssessmentFactory,
    DimensionFactory,
    MembershipFactory,
    QuestionFactory,
    RespondentFactory,
    UserFactory,
)
from tests.helpers import TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "respondent_a",
    "respondent_b",
    "client_a",
    "client_b",
    "consultant_a",
    "consultant_b",
    "superuser",
)
OK, LOGIN, NOT_FOUND, NOT_ALLOWED, GONE = "ok", "login", "404", "405", "410"
OUTCOMES = {OK, LOGIN, NOT_FOUND, NOT_ALLOWED, GONE}
REFUSALS = {LOGIN, NOT_FOUND, NOT_ALLOWED}
METHODS = ("GET", "POST")

# Patterns the matrix leaves out, each with its reason. None of Django's static or debug
# views is mounted (config/urls.py serves neither); one added would need a row or a skip here.
SKIPPED_NAMES = {
    "set_language": "Django's language switch: POST only, no object, CSRF-protected; every page "
    "posts to it, whoever is signed in.",
}
SKIPPED_NAMESPACES = {
    "admin": "Django's admin: answers everyone but a superuser with its own log-in page, "
    "checked for each of its patterns by test_the_admin_answers_only_superusers.",
}

# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #    anonymous  resp_a     resp_b     client_a   client_b   consult_a  consult_b  superuser
    "home":
        ("ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405"),
    "health":
        ("ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405"),
    "login":
        ("ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "ok"),
    "logout":
        ("405/ok",  "405/ok",  "405/ok",  "405/ok",  "405/ok",  "405/ok",  "405/ok",  "405/ok"),
    "password_reset":
        ("ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "ok"),
    "password_reset_done":
        ("ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405"),
    "password_reset_confirm":
        ("ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "ok"),
    "password_reset_complete":
        ("ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405"),
    "accounts:verify":
        ("login",   "login",   "login",   "ok",      "ok",      "ok",      "ok",      "ok"),
    "accounts:enrol":
        ("login",   "login",   "login",   "ok",      "ok",      "ok",      "ok",      "ok"),
    #    anonymous  resp_a     resp_b     client_a   client_b   consult_a  consult_b  superuser
    "questionnaire:welcome":
        ("404/405", "ok/405",  "ok/405",  "404/405", "404/405", "404/405", "404/405", "404/405"),
    "questionnaire:resume":
        ("404/405", "ok/405",  "ok/405",  "404/405", "404/405", "404/405", "404/405", "404/405"),
    "questionnaire:dimension":
        ("404",     "ok",      "ok",      "404",     "404",     "404",     "404",     "404"),
    "questionnaire:autosave":
        ("405/404", "405/ok",  "405/ok",  "405/404", "405/404", "405/404", "405/404", "405/404"),
    "questionnaire:review":
        ("404",     "ok",      "ok",      "404",     "404",     "404",     "404",     "404"),
    "questionnaire:thanks":
        ("404/405", "ok/405",  "ok/405",  "404/405", "404/405", "404/405", "404/405", "404/405"),
    #    anonymous  resp_a     resp_b     client_a   client_b   consult_a  consult_b  superuser
    "assessments:dashboard":
        ("login",   "login",   "login",   "404",     "404",     "ok/405",  "ok/405",  "ok/405"),
    "assessments:organisation_create":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "ok",      "ok"),
    "assessments:activity":
        ("login/405","login/405","login/405","404/405", "404/405", "ok/405",  "ok/405",  "ok/405"),
    "audit:events":
        ("login/405","login/405","login/405","404/405", "404/405", "404/405", "404/405", "ok/405"),
    "audit:export":
        ("login/405","login/405","login/405","404/405", "404/405", "404/405", "404/405", "ok/405"),
    "privacy:organisation_export":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "privacy:respondent_export":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "privacy:respondent_erase":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:contacts":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:organisation_edit":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:organisation_archive":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:organisation_restore":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:contact_remove":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "assessments:assessment_create":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:assessment_detail":
        ("login",   "login",   "login",   "404",     "404",     "ok/405",  "404/405", "ok/405"),
    "assessments:assessment_edit":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:assessment_archive":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:assessment_restore":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:assessment_scope":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:assessment_status":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:respondents_invite":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "assessments:invitation_resend":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:invitation_revoke":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:reminders_send":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "assessments:auto_reminders":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    #    anonymous  resp_a     resp_b     client_a   client_b   consult_a  consult_b  superuser
    "results:client_home":
        ("login",   "login",   "login",   "ok/405",  "ok/405",  "ok/405",  "ok/405",  "ok/405"),
    "results:page":
        ("login",   "login",   "login",   "ok/405",  "404/405", "ok/405",  "404/405", "ok/405"),
    "results:publish_confirm":
        ("login",   "login",   "login",   "404",     "404",     "ok",      "404",     "ok"),
    "results:refresh":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "results:summary_save":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "results:note_save":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "results:recommendation_curate":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "results:recommendation_add":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "results:recommendation_delete":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "results:comment_moderate":
        ("login",   "login",   "login",   "404",     "404",     "405/ok",  "405/404", "405/ok"),
    "results:export_csv":
        ("login/405","login/405","login/405","404/405", "404/405", "ok/405",  "404/405", "ok/405"),
    "results:export_json":
        ("login/405","login/405","login/405","404/405", "404/405", "ok/405",  "404/405", "ok/405"),
    "results:export_xlsx":
        ("login/405","login/405","login/405","404/405", "404/405", "ok/405",  "404/405", "ok/405"),
    "reports:pdf":
        ("login/405","login/405","login/405","ok/405",  "404/405", "ok/405",  "404/405", "ok/405"),
    "reports:status":
        ("login/405","login/405","login/405","ok/405",  "404/405", "ok/405",  "404/405", "ok/405"),
}
# fmt: on

# Pages that end the session: each is asked for in a session of its own.
# An erasure leaves a message naming the respondent for the next page of the session: asked for
# in a session of its own too, so that later refusals are compared without it.
SESSION_ENDING = {"logout", "privacy:respondent_erase"}
# The pages whose `pk` is an organisation's; every other `pk` is an assessment's.
ORGANISATION_PK = {
    "privacy:organisation_export",
    "assessments:contacts",
    "assessments:contact_remove",
    "assessments:organisation_edit",
    "assessments:organisation_archive",
    "assessments:organisation_restore",
    "assessments:assessment_create",
}
# Kwargs fixed whatever the persona (Django's reset link: one that checks out as invalid).
URL_KWARGS = {
    "password_reset_confirm": {"uidb64": "MTIzNDU2", "token": "invalid-token"},
    "audit:export": {"export_format": "csv"},
}
# A well-formed link no respondent holds: what a persona without a link can try.
UNKNOWN_TOKEN = "x" * 43
MISSING_PK = 987_654


def cells(name: str) -> dict[tuple[str, str], str]:
    """The row of `name` as {(persona, method): outcome}."""
    row = MATRIX[name]
    assert len(row) == len(PERSONAS), f"{name}: {len(row)} cells for {len(PERSONAS)} personas"
    table = {}
    for persona, cell in zip(PERSONAS, row, strict=True):
        get, _, post = cell.partition("/")
        for method, outcome in zip(METHODS, (get, post or get), strict=True):
            assert outcome in OUTCOMES, f"{name}, {persona}: unknown outcome {outcome!r}"
            table[persona, method] = outcome
    return table


# Walking the resolver ------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "" for an unnamed pattern
    namespace: str  # "" at the top, "admin", "results"...
    route: str  # the pattern as written, for messages
    kwargs: tuple[str, ...]


def _kwarg_names(pattern) -> list[str]:
    # A path("<int:pk>/") compiles to a regular expression with the same named groups.
    return list(pattern.regex.groupindex)


def walk(patterns=None, namespace: str = "", prefix: str = "", kwargs=()) -> list[Route]:
    """Every pattern under the root URLconf, with its full name and its kwargs."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = prefix + str(entry.pattern)
        names = (*kwargs, *_kwarg_names(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes += walk(entry.url_patterns, inner, here, names)
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}{entry.name}" if entry.name else ""
            routes.append(Route(name, namespace.rstrip(":"), here, names))
    return routes


@cache
def matrix_routes() -> dict[str, Route]:
    return {
        route.name: route
        for route in walk()
        if route.name not in SKIPPED_NAMES
        and route.namespace.partition(":")[0] not in SKIPPED_NAMESPACES
    }


def test_every_page_has_a_row():
    routes = matrix_routes()
    unnamed = [r.route for r in walk() if not r.name and r.namespace not in SKIPPED_NAMESPACES]
    assert not unnamed, f"Unnamed URL patterns (name them, then add their rows): {unnamed}"
    missing = sorted(set(routes) - set(MATRIX))
    hint = "\n".join(
        f'    "{name}":  # kwargs: {", ".join(routes[name].kwargs) or "none"}\n'
        f'        ("login", "login", "login", "404", "404", "ok", "404", "ok"),'
        for name in missing
    )
    assert not missing, (
        f"URL patterns missing from MATRIX in {__name__}: {missing}. Add a row for each, one "
        f"cell per persona {PERSONAS} (GET/POST outcome); a `pk` that is an organisation's "
        f"goes in ORGANISATION_PK too. For example:\n{hint}"
    )
    stale = sorted(set(MATRIX) - set(routes))
    assert not stale, f"MATRIX rows for URL patterns that no longer exist: {stale}"


def test_every_skip_names_an_existing_pattern():
    routes = walk()
    assert set(SKIPPED_NAMES) <= {route.name for route in routes}
    assert set(SKIPPED_NAMESPACES) <= {route.namespace for route in routes}


# The world: organisations A and B, their people and objects -----------------------------------


@dataclass
class World:
    published_a: Assessment
    open_a: Assessment
    links: dict[str, Respondent]  # the respondent whose link each respondent persona holds
    submitted_a: Respondent  # of published_a, whose link is gone
    submitted_b: Respondent
    recommendation_a: object
    recommendation_b: object
    users: dict[str, object]

    def client_for(self, persona: str, **options) -> Client:
        client = Client(**options)
        if self.users.get(persona) is not None:
            client.force_login(self.users[persona])
        if persona in self.links:  # a respondent has opened their link: still no account
            assert client.get(self.url("questionnaire:welcome", persona)).status_code == 200
        return client

    def kwargs(self, route: Route, persona: str, **override) -> dict[str, object]:
        link = self.links.get(persona)
        framework = (link.assessment if link else self.published_a).framework
        fillers = {
            "pk": self.published_a.organisation_id
            if route.name in ORGANISATION_PK
            else self.published_a.pk,
            "respondent_pk": self.submitted_a.pk,
            "recommendation_pk": self.recommendation_a.pk,
            "answer_pk": self.submitted_a.answers.order_by("pk").values_list("pk", flat=True)[0],
            "user_pk": self.users["client_a"].pk,
            "token": link.token if link else UNKNOWN_TOKEN,
            "dimension_key": framework.dimensions.order_by("order")[0].key,
        }
        fillers |= URL_KWARGS.get(route.name, {}) | override
        unknown = [k for k in route.kwargs if k not in fillers]
        assert not unknown, f"{route.name}: add a filler for {unknown} to World.kwargs"
        return {k: fillers[k] for k in route.kwargs}

    def url(self, name: str, persona: str, **override) -> str:
        route = matrix_routes()[name]
        return reverse(name, kwargs=self.kwargs(route, persona, **override))


# What a refusal must never show: the world's organisations, assessments and people.
SECRETS = (
    *("Acme Analytics", "2026 review", "2025 confidential review", "Rita Respondent"),
    *("Sam Submitted", "Beta Bank", "Beta 2025", "Beta open", "Oscar Outsider", "Bea Respondent"),
)


@pytest.fixture
def world(
    organisation,
    consultant,
    other_consultant,
    client_contact,
    assessment,
    respondent,
    outsider_assessment,
    django_user_model,
):
    organisation_b = outsider_assessment.organisation
    MembershipFactory(organisation=organisation_b, user=other_consultant, role="consultant")
    client_b = UserFactory(username="dora", first_name="Dora")
    MembershipFactory(organisation=organisation_b, user=client_b, role="client_contact")
    # B's open assessment asks the questions of another framework.
    question_b = QuestionFactory(
        key="b-only-question", dimension=DimensionFactory(key="b-only-dimension")
    )
    open_b = AssessmentFactory(
        organisation=organisation_b, framework=question_b.framework, title="Beta open"
    )
    published = {}
    for org, title in ((organisation, "2025 confidential review"), (organisation_b, "Beta 2025")):
        published[org] = AssessmentFactory(
            organisation=org, framework=assessment.framework, title=title
        )
    submitted_a = submitted_respondent(
        published[organisation], "Sam Submitted", "data_science", TOP
    )
    submitted_b = outsider_assessment.respondents.get()
    submitted_b.status = Respondent.Status.SUBMITTED
    submitted_b.save(update_fields=["status"])
    # B's respondent commented: the moderation of A's assessment must not reach it.
    Answer.objects.create(
        respondent=submitted_b,
        question=assessment.framework.questions.order_by("pk")[0],
        comment="Beta's comment",
    )
    recommendations = [
        curation.custom_recommendation_add(
            assessment=a, dimension_key="automation", text_en="Automate it", horizon="now"
        )
        for a in (published[organisation], outsider_assessment)
    ]
    publish(published[organisation])
    publish(outsider_assessment)
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    return World(
        published_a=published[organisation],
        open_a=assessment,
        links={
            "respondent_a": respondent,
            "respondent_b": RespondentFactory(assessment=open_b, name="Bea Respondent"),
        },
        submitted_a=submitted_a,
        submitted_b=submitted_b,
        recommendation_a=recommendations[0],
        recommendation_b=recommendations[1],
        users={
            "client_a": client_contact,
            "client_b": client_b,
            "consultant_a": consultant,
            "consultant_b": other_consultant,
            "superuser": superuser,
        },
    )


# Outcomes ----------------------------------------------------------------------------------------


def outcome_of(response, path: str) -> str:
    """What the response says of the authorisation, in the matrix's words."""
    login = resolve_url(settings.LOGIN_URL)
    if response.status_code == 302 and response.url == f"{login}?next={quote(path)}":
        return LOGIN
    if response.status_code == 302 and response.url.startswith(login):
        return f"a log-in redirect to {response.url}"
    if 200 <= response.status_code < 400 or response.status_code == 400:
        return OK
    return str(response.status_code)


def ask(client: Client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path, {})


def _normalised(response) -> str:
    """The page without what differs between two requests: CSRF tokens and the path."""
    body = response.content.decode(errors="replace")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return body.replace(quote(response.wsgi_request.get_full_path()), "PATH")


def check_like_missing(world: World, client, name, persona, method, found) -> list[str]:
    """A refusal (log-in, 404, 405) for an existing object is that of a missing one, and a
    404 is the very same page; none names an organisation, an assessment or a person."""
    route = matrix_routes()[name]
    nothing = {"token": "y" * 43, "dimension_key": "nothing"}
    missing = {k: MISSING_PK for k in route.kwargs if k.endswith("pk")}
    missing |= {k: v for k, v in nothing.items() if k in route.kwargs}
    path = world.url(name, persona, **missing)
    response = ask(client, method, path)
    label = f"{name} {method} as {persona}"
    expected = outcome_of(found, found.wsgi_request.get_full_path())
    problems = []
    if (got := outcome_of(response, path)) != expected:
        problems.append(f"{label}: {expected} for an existing object, {got} for a missing one")
    elif expected == NOT_FOUND and _normalised(response) != _normalised(found):
        problems.append(f"{label}: the 404 differs from a missing object's")
    body = found.content.decode(errors="replace")
    problems += [f"{label}: the refusal shows {s!r}" for s in SECRETS if s in body]
    return problems


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_each_persona_as_the_matrix_says(world, persona):
    client = world.client_for(persona)
    mismatches = []
    # Rows without a pattern (or patterns without a row) fail test_every_page_has_a_row.
    for name in sorted(set(MATRIX) & set(matrix_routes())):
        for method in METHODS:
            expected = cells(name)[persona, method]
            path = world.url(name, persona)
            # Logging out ends the session the other requests need: it gets one of its own.
            asking = world.client_for(persona) if name in SESSION_ENDING else client
            response = ask(asking, method, path)
            got = outcome_of(response, path)
            if got != expected:
                mismatches.append(
                    f"{name} {method} as {persona}: expected {expected}, got {got} "
                    f"({response.status_code})"
                )
            elif got in REFUSALS and name not in SESSION_ENDING:
                mismatches += check_like_missing(world, client, name, persona, method, response)
    assert not mismatches, "\n".join(mismatches)


# Checks derived from the same table ------------------------------------------------------------


def _assessment_pages() -> list[str]:
    routes = matrix_routes()
    return [n for n in sorted(MATRIX) if "pk" in routes[n].kwargs and n not in ORGANISATION_PK]


@pytest.mark.parametrize("persona", ["client_a", "client_b", "consultant_b"])
def test_only_assigned_consultants_see_an_open_assessment(world, persona):
    """A's client contact sees A's assessment once published only: on the open one, each page
    the matrix opens to them (on the published one) is a 404, like those of B's people."""
    client = world.client_for(persona)
    problems, asked = [], 0
    for name in _assessment_pages():
        for method in METHODS:
            if cells(name)[persona, method] not in (OK, NOT_FOUND):
                continue
            asked += 1
            response = ask(client, method, world.url(name, persona, pk=world.open_a.pk))
            if response.status_code != 404:
                problems.append(f"{name} {method} on the open assessment: {response.status_code}")
            else:
                problems += check_like_missing(world, client, name, persona, method, response)
    assert problems == []
    assert asked >= 3  # the results page, the report and its status, at least


# A child object's kwarg, filled with organisation B's object.
CHILDREN_OF_B = {
    "respondent_pk": lambda world: world.submitted_b.pk,
    "recommendation_pk": lambda world: world.recommendation_b.pk,
    "answer_pk": lambda world: world.submitted_b.answers.values_list("pk", flat=True)[0],
    "user_pk": lambda world: world.users["client_b"].pk,
}


@pytest.mark.parametrize("persona", ["consultant_a", "superuser"])
def test_a_child_of_b_under_a_parent_of_a_is_not_found(world, persona):
    """Allowed to see A's assessment (and, for the superuser, B's too), not B's respondent or
    recommendation through it."""
    client = world.client_for(persona)
    problems, asked = [], 0
    for name, route in sorted(matrix_routes().items()):
        children = {k: of_b(world) for k, of_b in CHILDREN_OF_B.items() if k in route.kwargs}
        for method in METHODS:
            if not children or cells(name)[persona, method] != OK:
                continue
            asked += 1
            response = ask(client, method, world.url(name, persona, **children))
            if response.status_code != 404:
                problems.append(
                    f"{name} {method} with B's {list(children)}: {response.status_code}"
                )
    assert problems == []
    # contact_remove, recommendation_delete, comment_moderate (POST), invitation_resend and
    # invitation_revoke (their confirmation on GET too), the respondent's personal data and
    # erasure (GET and POST)
    assert asked == 11


def test_a_link_to_a_published_assessment_is_gone(world):
    """Sam's link (A's published assessment) answers 410 wherever the matrix lets a link in."""
    client = Client()
    problems = []
    for name in sorted(n for n in MATRIX if n.startswith("questionnaire:")):
        for method in METHODS:
            if cells(name)["respondent_a", method] != OK:
                continue
            response = ask(
                client, method, world.url(name, "anonymous", token=world.submitted_a.token)
            )
            if response.status_code != 410:
                problems.append(f"{name} {method}: {response.status_code}, not 410")
    assert problems == []


def test_a_link_reaches_its_own_respondent_only(world):
    """Rita's link (A) opens Rita's pages, and no question or page of B's framework."""
    client = world.client_for("respondent_a")
    welcome = client.get(world.url("questionnaire:welcome", "respondent_a")).content.decode()
    assert "Welcome, Rita Respondent." in welcome
    for secret in ("Beta Bank", "Beta open", "Bea Respondent", "Oscar Outsider", "Sam Submitted"):
        assert secret not in welcome
    b_page = world.url("questionnaire:dimension", "respondent_a", dimension_key="b-only-dimension")
    assert client.get(b_page).status_code == 404
    autosave = world.url("questionnaire:autosave", "respondent_a")
    response = client.post(autosave, {"question": "b-only-question", "q-b-only-question": "o:s4"})
    assert (response.status_code, response.json()) == (400, {"error": "Unknown question."})
    page = world.url("questionnaire:dimension", "respondent_a")
    response = client.post(page, {"q-b-only-question": "o:s4", "initial-q-b-only-question": ""})
    assert response.status_code == 400
    assert "The form contained a question that is not on this page." in response.content.decode()
    assert not Answer.objects.filter(respondent__in=world.links.values()).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_post_the_matrix_allows_needs_the_csrf_token(world, persona):
    client = world.client_for(persona, enforce_csrf_checks=True)
    allowed = [n for n in sorted(MATRIX) if cells(n)[persona, "POST"] == OK]
    problems = []
    for name in allowed:
        response = client.post(world.url(name, persona), {})
        templates = [t.name for t in response.templates]
        if response.status_code != 403 or "403_csrf.html" not in templates:
            problems.append(f"{name} POST as {persona} without a token: {response.status_code}")
    assert problems == []
    assert len(allowed) >= 4  # home, login, logout, the password reset at least


# The admin -------------------------------------------------------------------------------------


def admin_urls(world: World) -> list[str]:
    """Every named pattern of the admin, built with A's objects."""
    fillers = {
        "object_id": str(world.published_a.pk),
        "id": world.users["client_a"].pk,  # a user's password change
        "pk": 1,  # django-otp's device pages: its secret's QR code
        "app_label": "assessments",
        "content_type_id": ContentType.objects.get_for_model(Assessment).pk,
    }
    routes = [r for r in walk() if r.namespace == "admin" and r.name]
    return [reverse(r.name, kwargs={k: fillers[k] for k in r.kwargs}) for r in routes]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "superuser"])
def test_the_admin_answers_only_superusers(world, persona, django_user_model):
    """Every admin page, and any path under it, sends everyone but a superuser to the admin's
    log-in page, for an existing object and a missing one alike; the log-in page itself opens."""
    if world.users.get(persona) is not None:  # staff too: is_staff alone opens nothing
        django_user_model.objects.filter(pk=world.users[persona].pk).update(is_staff=True)
    client = world.client_for(persona)
    login, logout, index = (reverse(f"admin:{n}") for n in ("login", "logout", "index"))
    paths = [*admin_urls(world), "/admin/assessments/assessment/987654/change/", "/admin/none/"]
    problems = []
    for path in paths:
        for method in METHODS:
            response = ask(client, method, path)
            if path == login:
                good = response.status_code == 200
            else:
                # Django's admin sends a log-out by someone not signed in to its index.
                target = index if path == logout else f"{login}?next={quote(path)}"
                good = response.status_code == 302 and response.url == target
            if not good:
                problems.append(f"{method} {path} as {persona}: {response.status_code}")
    assert problems == []
    assert len(paths) > 50
