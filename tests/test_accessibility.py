"""Every page of the three personas passes axe-core in a real Chromium, in English and French.

axe-core comes from the `axe-playwright-python` package (its bundled axe.min.js), never a
download. A test fails on a violation axe rates serious or critical, listing each one's rule,
help text and the nodes it found. Each test is one page in one language: the respondent's
pages through the personal link, the consultant's workspace, the client contact's results, and
the pages before logging in (log-in, password reset, the second factor).

Speed (about 60 pages): the data is made once for the module, each persona logs in once per
language in a browser context the module keeps, and the pages are read in those contexts. So
these tests run on a live server of their own, outside pytest-django's per-test transactions
(`transactional_db` would empty the database after every page); the module empties it at the
end, as a transactional test does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Assessment
from assessments.services.lifecycle import assessment_set_status
from maturity.framework_file import read_framework_file
from maturity.services import framework_import
from tests.conftest import SAMPLE_FRAMEWORK_FILE
from tests.factories import (
    AssessmentFactory,
    ConsultantFactory,
    MembershipFactory,
    OrganisationFactory,
    RespondentFactory,
    UserFactory,
    make_answer,
)
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = [pytest.mark.e2e]

# What fails a test: axe's two highest impacts ("moderate" and "minor" are reported by axe too).
FAILING_IMPACTS = {"serious", "critical"}
LANGUAGES = ["en", "fr"]


@dataclass
class World:
    """Demo-like data: Acme Analytics, its consultant Alice and client contact Bob."""

    consultant: object
    client_contact: object
    organisation: object
    open_assessment: object
    published: object
    closed: object  # answering closed, not yet published: its publish confirmation
    answering: object  # a respondent half-way through the open assessment
    submitted: object  # a respondent of the open assessment who has submitted
    revoked: object
    sessions: dict[str, str]  # a logged-in session key by persona
    reset_path: str  # the client contact's password-reset link


def _build_world() -> World:
    framework, _ = framework_import(document=read_framework_file(SAMPLE_FRAMEWORK_FILE))
    sample_framework = framework
    consultant = ConsultantFactory(username="alice", first_name="Alice", last_name="Martin")
    client_contact = UserFactory(username="bob", first_name="Bob", last_name="Durand")
    organisation = OrganisationFactory(name="Acme Analytics")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    MembershipFactory(organisation=organisation, user=client_contact, role="client_contact")

    open_assessment = AssessmentFactory(
        organisation=organisation,
        framework=sample_framework,
        title="2026 review",
        closes_on=timezone.localdate() + timedelta(days=14),
    )
    answering = RespondentFactory(
        assessment=open_assessment, name="Rita Respondent", role="data_science"
    )
    make_answer(answering, "automation-deploy", "s2", comment="We deploy by hand on Fridays.")
    submitted = submitted_respondent(open_assessment, "Sam Submitted", "leadership", TOP)
    RespondentFactory(assessment=open_assessment, name="Ivy Invited", role="operations")
    revoked = RespondentFactory(
        assessment=open_assessment, name="Roy Revoked", revoked_at=timezone.now()
    )

    published = AssessmentFactory(
        organisation=organisation, framework=sample_framework, title="2025 baseline"
    )
    for name, role, options in (
        ("Ada Lovelace", "data_science", TOP),
        ("Bill Bottom", "data_engineering", BOTTOM),
        ("Cleo Middle", "leadership", TOP | {"monitoring-drift": "s1"}),
        ("Dan Data", "data_science", BOTTOM | {"automation-deploy": "s3"}),
    ):
        submitted_respondent(
            published,
            name,
            role,
            options,
            comments={"automation-deploy": f"{name} thinks deployments could be faster."},
        )
    publish(published)
    closed = AssessmentFactory(
        organisation=organisation, framework=sample_framework, title="2026 mid-year"
    )
    for name, role, options in (
        ("Eve Early", "data_science", TOP),
        ("Finn Final", "operations", BOTTOM),
        ("Gus Gap", "leadership", TOP),
    ):
        submitted_respondent(closed, name, role, options)
    assessment_set_status(assessment=closed, status=Assessment.Status.CLOSED)
    # Two more consultants for the second factor's pages: one to enrol, one with an app.
    enrolling = ConsultantFactory(username="dave", first_name="Dave")
    with_app = ConsultantFactory(username="carol", first_name="Carol")
    TOTPDevice.objects.create(user=with_app, name="phone", confirmed=True)
    for user in (enrolling, with_app):
        MembershipFactory(organisation=organisation, user=user, role="consultant")
    uid = urlsafe_base64_encode(force_bytes(client_contact.pk))
    return World(
        consultant=consultant,
        client_contact=client_contact,
        organisation=organisation,
        open_assessment=open_assessment,
        published=published,
        closed=closed,
        answering=answering,
        submitted=submitted,
        revoked=revoked,
        sessions={
            "consultant": _session_key(consultant),
            "client_contact": _session_key(client_contact),
            "consultant_enrolling": _session_key(enrolling),
            "consultant_with_app": _session_key(with_app),
        },
        reset_path=reverse(
            "password_reset_confirm",
            args=[uid, default_token_generator.make_token(client_contact)],
        ),
    )


def _session_key(user) -> str:
    """A logged-in session, made without the log-in form (the log-in page has its own test)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def db(django_db_setup, django_db_blocker):
    """The test database open to this module and its server thread, emptied at the end.

    Named `db` on purpose: it replaces pytest-django's per-test fixture in this module, and
    pytest-django sets up the test database for the tests that use a fixture of this name.
    """
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def world(db) -> World:
    return _build_world()


@pytest.fixture(scope="module")
def server(db):
    """A live server of the module's own, answering one request at a time (as conftest's)."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread
    from pytest_django.live_server_helper import LiveServer

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SerialWSGIServer)
        live = LiveServer("localhost")
    yield live.url
    live.stop()


@pytest.fixture(scope="module")
def tabs(browser, server, world):
    """One browser tab per persona and language, logged in once, kept for the module."""
    opened: dict[tuple[str | None, str], object] = {}

    def tab(persona: str | None, language: str):
        if (persona, language) not in opened:
            context = browser.new_context(locale="en-GB")
            context.set_default_timeout(15_000)
            # axe-core loads with every page (an init script, so the CSP does not apply).
            context.add_init_script(script=AXE_SCRIPT)
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server}]
            if persona in world.sessions:
                session = world.sessions[persona]
                cookies.append(
                    {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server}
                )
            context.add_cookies(cookies)
            opened[(persona, language)] = context.new_page()
        return opened[(persona, language)]

    yield tab
    for page in opened.values():
        page.context.close()


# The pages ---------------------------------------------------------------------------------
# Each opens its page in `page` (a browser tab of the persona) and waits until it is there.

Visit = Callable[[object, str, World], None]


def _go(path: Callable[[World], str]) -> Visit:
    def visit(page, base: str, world: World) -> None:
        response = page.goto(base + path(world))
        assert response is not None and response.status < 500, response and response.status

    return visit


def _confirmation(path: Callable[[World], str]) -> Visit:
    """A confirmation page: shown itself, not a redirect to the page it refused from."""

    def visit(page, base: str, world: World) -> None:
        response = page.goto(base + path(world))
        assert response is not None and response.status == 200, response and response.status
        assert response.request.redirected_from is None, page.url
        page.locator("main form[method='post'] button[type='submit']").first.wait_for()

    return visit


def _link(world: World, name: str, *args: str) -> str:
    return reverse(f"questionnaire:{name}", args=[world.answering.token, *args])


def _invitations_sent(page, base: str, world: World) -> None:
    page.goto(base + reverse("assessments:assessment_detail", args=[world.open_assessment.pk]))
    # A new address each time: the page is read in both languages.
    email = f"nina.{page.evaluate('document.documentElement.lang')}@example.com"
    page.locator("textarea[name='lines']").fill(f"Nina New, {email}, product")
    page.locator("form[action$='/invite/'] button[type='submit']").click()
    page.wait_for_url(
        f"**{reverse('assessments:respondents_invite', args=[world.open_assessment.pk])}"
    )


def _invite_errors(page, base: str, world: World) -> None:
    """The assessment page re-rendered with the invite form's errors."""
    page.goto(base + reverse("assessments:assessment_detail", args=[world.open_assessment.pk]))
    page.locator("textarea[name='lines']").fill("Nina New, not-an-address, astronaut")
    page.locator("form[action$='/invite/'] button[type='submit']").click()
    page.locator(".invalid-feedback, .alert-danger").first.wait_for()


def _password_reset_confirm(page, base: str, world: World) -> None:
    page.goto(base + world.reset_path)
    page.locator("input[name='new_password1']").wait_for()


PAGES: dict[str, tuple[str | None, Visit]] = {
    # Respondent, through the personal link.
    "welcome": ("respondent", _go(lambda w: _link(w, "welcome"))),
    "dimension": ("respondent", _go(lambda w: _link(w, "dimension", "automation"))),
    "review": ("respondent", _go(lambda w: _link(w, "review"))),
    "thanks": (
        "respondent",
        _go(lambda w: reverse("questionnaire:thanks", args=[w.submitted.token])),
    ),
    "submitted-dimension": (
        "respondent",
        _go(lambda w: reverse("questionnaire:dimension", args=[w.submitted.token, "monitoring"])),
    ),
    "link-unknown": ("respondent", _go(lambda w: reverse("questionnaire:welcome", args=["nope"]))),
    "link-revoked": (
        "respondent",
        _go(lambda w: reverse("questionnaire:welcome", args=[w.revoked.token])),
    ),
    # Consultant.
    "dashboard": ("consultant", _go(lambda w: reverse("assessments:dashboard"))),
    "organisation-create": (
        "consultant",
        _go(lambda w: reverse("assessments:organisation_create")),
    ),
    "assessment-create": (
        "consultant",
        _go(lambda w: reverse("assessments:assessment_create", args=[w.organisation.pk])),
    ),
    "assessment": (
        "consultant",
        _go(lambda w: reverse("assessments:assessment_detail", args=[w.open_assessment.pk])),
    ),
    "assessment-published": (
        "consultant",
        _go(lambda w: reverse("assessments:assessment_detail", args=[w.published.pk])),
    ),
    "scope": (
        "consultant",
        _go(lambda w: reverse("assessments:assessment_scope", args=[w.open_assessment.pk])),
    ),
    "invitations": ("consultant", _invite_errors),
    "invitations-sent": ("consultant", _invitations_sent),
    "contacts": (
        "consultant",
        _go(lambda w: reverse("assessments:contacts", args=[w.organisation.pk])),
    ),
    "activity": ("consultant", _go(lambda w: reverse("assessments:activity"))),
    "organisation-edit": (
        "consultant",
        _go(lambda w: reverse("assessments:organisation_edit", args=[w.organisation.pk])),
    ),
    "organisation-archive": (
        "consultant",
        _confirmation(
            lambda w: reverse("assessments:organisation_archive", args=[w.organisation.pk])
        ),
    ),
    "assessment-edit": (
        "consultant",
        _go(lambda w: reverse("assessments:assessment_edit", args=[w.open_assessment.pk])),
    ),
    "assessment-archive": (
        "consultant",
        _confirmation(
            lambda w: reverse("assessments:assessment_archive", args=[w.open_assessment.pk])
        ),
    ),
    # The confirmations of consequential actions (each a GET of the action's address).
    "close-confirm": (
        "consultant",
        _confirmation(
            lambda w: (
                reverse("assessments:assessment_status", args=[w.open_assessment.pk])
                + "?status=closed"
            )
        ),
    ),
    "unpublish-confirm": (
        "consultant",
        _confirmation(
            lambda w: (
                reverse("assessments:assessment_status", args=[w.published.pk]) + "?status=closed"
            )
        ),
    ),
    "publish-confirm": (
        "consultant",
        _confirmation(lambda w: reverse("results:publish_confirm", args=[w.closed.pk])),
    ),
    "resend-confirm": (
        "consultant",
        _confirmation(
            lambda w: reverse(
                "assessments:invitation_resend", args=[w.open_assessment.pk, w.answering.pk]
            )
        ),
    ),
    "revoke-confirm": (
        "consultant",
        _confirmation(
            lambda w: reverse(
                "assessments:invitation_revoke", args=[w.open_assessment.pk, w.answering.pk]
            )
        ),
    ),
    "reminders-confirm": (
        "consultant",
        _confirmation(lambda w: reverse("assessments:reminders_send", args=[w.open_assessment.pk])),
    ),
    "results-draft": (
        "consultant",
        _go(lambda w: reverse("results:page", args=[w.open_assessment.pk])),
    ),
    "results-consultant": (
        "consultant",
        _go(lambda w: reverse("results:page", args=[w.published.pk])),
    ),
    # Client contact.
    "client-home": ("client_contact", _go(lambda w: reverse("results:client_home"))),
    "results-client": (
        "client_contact",
        _go(lambda w: reverse("results:page", args=[w.published.pk])),
    ),
    # Before logging in.
    "login": (None, _go(lambda w: reverse("login"))),
    "password-reset": (None, _go(lambda w: reverse("password_reset"))),
    "password-reset-sent": (None, _go(lambda w: reverse("password_reset_done"))),
    "password-reset-confirm": (None, _password_reset_confirm),
    "password-reset-complete": (None, _go(lambda w: reverse("password_reset_complete"))),
    # The second factor (a consultant who gave the password only).
    "two-factor-enrol": ("consultant_enrolling", _go(lambda w: reverse("accounts:enrol"))),
    "two-factor-verify": ("consultant_with_app", _go(lambda w: reverse("accounts:verify"))),
}


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one readable line per node."""
    violations = page.evaluate("axe.run({resultTypes: ['violations']}).then(r => r.violations)")
    lines = []
    for violation in violations:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {' '.join(node['target'])}: {node.get('failureSummary', '')!r}"
            )
    return lines


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(server, tabs, world, settings, name, language):
    persona, visit = PAGES[name]
    # The second factor is asked only when required; the test settings turn it off.
    settings.MFA_REQUIRED = name.startswith("two-factor")
    page = tabs(persona, language)
    visit(page, server, world)
    assert page.locator("html").get_attribute("lang") == language
    violations = serious_violations(page)
    assert not violations, f"{name} ({language}):\n" + "\n".join(violations)
