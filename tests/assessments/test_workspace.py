"""The consultant's workspace: dashboard, organisations, assessments, scope and invitations."""

from __future__ import annotations

import hashlib
import re
import smtplib
from datetime import date, timedelta
from fractions import Fraction
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.forms import (
    MSG_CLOSES_BEFORE_OPENS,
    MSG_LINE_ALREADY_INVITED,
    MSG_LINE_DUPLICATE,
    MSG_LINE_EMAIL,
    MSG_LINE_FORMAT,
    MSG_LINE_ROLE,
    MSG_NO_RESPONDENTS,
    MSG_TOO_MANY_RESPONDENTS,
)
from assessments.models import (
    MSG_ORGANISATION_NAME_TAKEN,
    Assessment,
    Organisation,
    Respondent,
    ResultSnapshot,
)
from assessments.selectors import latest_snapshot
from assessments.services import lifecycle
from assessments.services.invitations import MSG_CANNOT_INVITE, MSG_CANNOT_REVOKE, MSG_ERASED
from assessments.services.lifecycle import MSG_STATUS_TRANSITION, assessment_update_scope
from assessments.services.organisations import organisation_create
from assessments.views.workspace import (
    MSG_ORGANISATION_CREATED,
    MSG_REVOKED,
    MSG_REVOKED_SUBMITTED,
    MSG_STATUS_UNKNOWN,
)
from maturity.models import Framework
from results.services import result_refresh
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    FrameworkFactory,
    MembershipFactory,
    OrganisationFactory,
    RespondentFactory,
    make_answer,
)

pytestmark = pytest.mark.django_db

DETAIL_LINK = re.compile(r'href="/assessments/\d+/"')
LINK = re.compile(r"http://testserver/r/([A-Za-z0-9_-]+)/")
ROLES = (
    "leadership, data_science, data_engineering, software_engineering, operations, product, other"
)


def url(name: str, *args: object) -> str:
    return reverse(name if ":" in name else f"assessments:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Access: every page and action, for each persona.

PAGES = [
    ("dashboard", None),
    ("organisation_create", None),
    ("assessment_create", "organisation"),
    ("assessment_detail", "assessment"),
    ("assessment_scope", "assessment"),
]
OBJECT_PAGES = [page for page in PAGES if page[1]]


def page_url(request, name: str, owner: str | None) -> str:
    return url(name, request.getfixturevalue(owner).pk) if owner else url(name)


def action_urls(assessment: Assessment, respondent: Respondent) -> list[str]:
    return [
        url("assessment_status", assessment.pk),
        url("respondents_invite", assessment.pk),
        url("invitation_resend", assessment.pk, respondent.pk),
        url("invitation_revoke", assessment.pk, respondent.pk),
    ]


@pytest.mark.parametrize(("name", "owner"), PAGES)
def test_pages_render_for_the_assigned_consultant(client, consultant, request, name, owner):
    request.getfixturevalue("assessment")
    client.force_login(consultant)
    response = client.get(page_url(request, name, owner))
    assert response.status_code == 200
    assert f"assessments/{name.replace('_create', '_form')}.html" in [
        t.name for t in response.templates
    ]


@pytest.mark.parametrize(("name", "owner"), OBJECT_PAGES)
def test_pages_are_404_for_an_unassigned_consultant(client, other_consultant, request, name, owner):
    request.getfixturevalue("assessment")
    client.force_login(other_consultant)
    assert client.get(page_url(request, name, owner)).status_code == 404


@pytest.mark.parametrize(("name", "owner"), PAGES)
def test_pages_are_404_for_a_client_contact(client, client_contact, request, name, owner):
    request.getfixturevalue("assessment")
    client.force_login(client_contact)
    assert client.get(page_url(request, name, owner)).status_code == 404


@pytest.mark.parametrize(("name", "owner"), PAGES)
def test_pages_send_anonymous_users_to_log_in(client, request, name, owner):
    request.getfixturevalue("assessment")
    target = page_url(request, name, owner)
    response = client.get(target)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={target}"


def test_actions_are_404_for_an_unassigned_consultant(
    client, other_consultant, assessment, respondent
):
    client.force_login(other_consultant)
    for action in action_urls(assessment, respondent):
        assert (
            client.post(
                action, {"status": "closed", "lines": "A, a@example.com, other"}
            ).status_code
            == 404
        )
    respondent.refresh_from_db()
    assessment.refresh_from_db()
    assert (assessment.status, respondent.revoked_at) == ("open", None)
    assert assessment.respondents.count() == 1
    assert mail.outbox == []


def test_forms_are_404_for_an_unassigned_consultant(
    client, other_consultant, organisation, assessment, sample_framework
):
    client.force_login(other_consultant)
    data = {"framework": sample_framework.pk, "title": "Intruder", "language": "en"}
    assert client.post(url("assessment_create", organisation.pk), data).status_code == 404
    data = {"scope-online_serving": "no", "target-automation": "4"}
    assert client.post(url("assessment_scope", assessment.pk), data).status_code == 404
    assert list(Assessment.objects.all()) == [assessment]
    assessment.refresh_from_db()
    assert (assessment.scoping_answers, assessment.targets) == ({}, {})


def test_actions_are_404_for_a_client_contact(client, client_contact, assessment, respondent):
    client.force_login(client_contact)
    for action in action_urls(assessment, respondent):
        assert client.post(action, {"status": "closed"}).status_code == 404


def test_actions_send_anonymous_users_to_log_in(client, assessment, respondent):
    for action in action_urls(assessment, respondent):
        response = client.post(action, {"status": "closed"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_invite_refuses_get(client, consultant, assessment):
    client.force_login(consultant)
    assert client.get(url("respondents_invite", assessment.pk)).status_code == 405


def test_actions_ask_to_confirm_on_get_and_change_nothing(
    client, consultant, assessment, respondent
):
    client.force_login(consultant)
    old_hash = respondent.token_hash
    for action in [
        url("assessment_status", assessment.pk) + "?status=closed",
        url("invitation_resend", assessment.pk, respondent.pk),
        url("invitation_revoke", assessment.pk, respondent.pk),
    ]:
        response = client.get(action)
        assert response.status_code == 200
        assert "assessments/confirm.html" in [t.name for t in response.templates]
        # The page's form posts back to the same URL, with the CSRF token.
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    respondent.refresh_from_db()
    assessment.refresh_from_db()
    assert (assessment.status, respondent.revoked_at, respondent.token_hash) == (
        "open",
        None,
        old_hash,
    )
    assert mail.outbox == []


def test_another_organisations_respondent_is_404_through_this_assessment(
    client, consultant, assessment, outsider_assessment
):
    outsider = outsider_assessment.respondents.get()
    client.force_login(consultant)
    assert client.post(url("invitation_resend", assessment.pk, outsider.pk)).status_code == 404
    assert client.post(url("invitation_revoke", assessment.pk, outsider.pk)).status_code == 404
    outsider.refresh_from_db()
    assert outsider.revoked_at is None
    assert mail.outbox == []


# Dashboard


def test_dashboard_lists_the_consultants_organisations_and_assessments(
    client, consultant, assessment, respondent, outsider_assessment
):
    RespondentFactory(assessment=assessment, status=Respondent.Status.SUBMITTED)
    client.force_login(consultant)
    response = client.get(url("dashboard"))
    content = response.content.decode()
    assert "Acme Analytics" in content
    assert "2026 review" in content
    assert "(sample 1.0)" in content
    assert ">Open</span>" in content
    assert "1/2" in content  # submitted/invited
    assert url("assessment_create", assessment.organisation_id) in content
    assert url("organisation_create") in content
    assert "Beta Bank" not in content
    assert outsider_assessment.title not in content


def test_dashboard_shows_nothing_of_organisations_not_assigned(
    client, other_consultant, assessment
):
    client.force_login(other_consultant)
    response = client.get(url("dashboard"))
    assert response.status_code == 200
    assert "Acme Analytics" not in response.content.decode()


def test_dashboard_rate_leaves_out_revoked_respondents(client, consultant, assessment, respondent):
    RespondentFactory(assessment=assessment, revoked_at="2026-01-01T00:00Z")
    client.force_login(consultant)
    assert "0/1" in client.get(url("dashboard")).content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_dashboard_queries_do_not_grow_with_assessments(
    client, consultant, organisation, sample_framework, django_assert_num_queries, count
):
    for _ in range(count):
        assessment = AssessmentFactory(organisation=organisation, framework=sample_framework)
        RespondentFactory.create_batch(2, assessment=assessment)
        # Two snapshots each: only the latest is read.
        result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.SUBMISSION)
        result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.REFRESH)
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=consultant, role="consultant")
    AssessmentFactory(organisation=other, framework=sample_framework)
    client.force_login(consultant)
    # 1 session, 2 user, 3 consultants group check, 4 organisations with their assessment
    # counts, 5 assessments with organisation, framework, response counts and the id of their
    # latest snapshot, 6 the overall score and stage of those snapshots, 7 the stages of their
    # frameworks (for the stage names).
    with django_assert_num_queries(7):
        response = client.get(url("dashboard"), {"sort": "overall", "order": "desc"})
    assert len(DETAIL_LINK.findall(response.content.decode())) == count + 1


# Organisations


def test_organisation_create_assigns_the_creator(client, consultant):
    client.force_login(consultant)
    data = {"name": "Gamma Grid", "sector": "Energy", "size_band": "50-249", "country": "France"}
    response = client.post(url("organisation_create"), data, follow=True)
    organisation = Organisation.objects.get(name="Gamma Grid")
    assert response.redirect_chain == [(url("dashboard"), 302)]
    assert [(m.user, m.role) for m in organisation.memberships.all()] == [
        (consultant, "consultant")
    ]
    assert organisation.size_band == "50-249"
    assert messages_of(response) == [MSG_ORGANISATION_CREATED % {"name": "Gamma Grid"}]
    assert "Gamma Grid" in response.content.decode()


def test_organisation_create_requires_a_name(client, consultant):
    client.force_login(consultant)
    response = client.post(url("organisation_create"), {"name": "", "sector": "Energy"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not Organisation.objects.filter(sector="Energy").exists()


@pytest.mark.parametrize("name", ["Acme Analytics", "ACME analytics"])
def test_organisation_create_refuses_a_name_taken_in_any_case(
    client, consultant, organisation, name
):
    client.force_login(consultant)
    response = client.post(url("organisation_create"), {"name": name, "sector": "Retail"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [MSG_ORGANISATION_NAME_TAKEN]
    assert str(MSG_ORGANISATION_NAME_TAKEN) in response.content.decode()
    assert Organisation.objects.count() == 1


def test_organisation_service_refuses_a_taken_name_and_writes_nothing(consultant, organisation):
    with pytest.raises(ValidationError) as error:
        organisation_create(name="acme ANALYTICS", consultant=consultant)
    assert error.value.message_dict == {"name": [MSG_ORGANISATION_NAME_TAKEN]}
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Acme Analytics"]


def test_the_database_refuses_a_name_taken_in_another_case(organisation):
    # The constraint holds even for a write that skips the form and the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="ACME ANALYTICS")


# Assessments


def assessment_data(framework: Framework, **overrides: object) -> dict[str, object]:
    return {
        "framework": framework.pk,
        "title": "Spring review",
        "language": "fr",
        "opens_on": "2026-03-01",
        "closes_on": "2026-03-31",
        **overrides,
    }


def test_assessment_create_offers_only_published_frameworks(
    client, consultant, organisation, sample_framework
):
    FrameworkFactory(slug="draft-one", status=Framework.Status.DRAFT)
    FrameworkFactory(slug="retired-one", status=Framework.Status.RETIRED)
    client.force_login(consultant)
    response = client.get(url("assessment_create", organisation.pk))
    field = response.context["form"].fields["framework"]
    assert list(field.queryset) == [sample_framework]
    content = response.content.decode()
    assert "Sample MLOps framework (sample 1.0)" in content
    assert "draft-one" not in content
    assert "retired-one" not in content


def test_assessment_create_makes_a_draft_and_goes_to_its_scope(
    client, consultant, organisation, sample_framework
):
    client.force_login(consultant)
    response = client.post(
        url("assessment_create", organisation.pk), assessment_data(sample_framework)
    )
    assessment = Assessment.objects.get(title="Spring review")
    assert response.status_code == 302
    assert response.url == url("assessment_scope", assessment.pk)
    assert assessment.organisation == organisation
    assert assessment.framework == sample_framework
    assert assessment.created_by == consultant
    assert (assessment.status, assessment.language) == ("draft", "fr")
    assert (assessment.opens_on, assessment.closes_on) == (date(2026, 3, 1), date(2026, 3, 31))


def test_assessment_create_refuses_a_draft_framework(client, consultant, organisation):
    draft = FrameworkFactory(status=Framework.Status.DRAFT)
    client.force_login(consultant)
    response = client.post(url("assessment_create", organisation.pk), assessment_data(draft))
    assert response.status_code == 200
    assert "framework" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_assessment_create_refuses_closing_before_opening(
    client, consultant, organisation, sample_framework
):
    client.force_login(consultant)
    data = assessment_data(sample_framework, opens_on="2026-03-31", closes_on="2026-03-01")
    response = client.post(url("assessment_create", organisation.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors["closes_on"] == [MSG_CLOSES_BEFORE_OPENS]
    assert not Assessment.objects.exists()


# Scope and targets


def scope_data(**overrides: str) -> dict[str, str]:
    return {
        "scope-online_serving": "no",
        "target-automation": "4",
        "target-experiments": "1",
        "target-monitoring": "2",
        "anonymity_threshold": "5",
        **overrides,
    }


def test_scope_form_shows_effective_answers_and_targets(client, consultant, assessment):
    assessment.targets = {"automation": 1}
    assessment.save()
    client.force_login(consultant)
    response = client.get(url("assessment_scope", assessment.pk))
    form = response.context["form"]
    assert form["scope-online_serving"].value() == "yes"  # the framework's default
    assert form["target-automation"].value() == 1  # the assessment's own
    assert form["target-monitoring"].value() == 3  # the framework's default
    content = response.content.decode()
    assert "Do you serve predictions online?" in content
    assert "A real-time API or a stream." in content
    assert "4 · Optimising" in content


def test_scope_form_saves_answers_and_targets(client, consultant, assessment):
    client.force_login(consultant)
    response = client.post(url("assessment_scope", assessment.pk), scope_data())
    assert response.status_code == 302
    assert response.url == url("assessment_detail", assessment.pk)
    assessment.refresh_from_db()
    assert assessment.scoping_answers == {"online_serving": False}
    assert assessment.targets == {"automation": 4, "experiments": 1, "monitoring": 2}


@pytest.mark.parametrize(
    "tampered",
    [
        {"target-automation": "9"},
        {"target-automation": "two"},
        {"scope-online_serving": "maybe"},
        {"scope-online_serving": ""},
    ],
)
def test_scope_form_rejects_tampered_values(client, consultant, assessment, tampered):
    client.force_login(consultant)
    response = client.post(url("assessment_scope", assessment.pk), scope_data(**tampered))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == set(tampered)
    assessment.refresh_from_db()
    assert (assessment.scoping_answers, assessment.targets) == ({}, {})


def test_scope_form_shows_and_saves_the_anonymity_threshold(client, consultant, assessment):
    assert assessment.anonymity_threshold == 5  # the default
    client.force_login(consultant)
    response = client.get(url("assessment_scope", assessment.pk))
    assert response.context["form"]["anonymity_threshold"].value() == 5
    assert "Anonymity threshold" in response.content.decode()
    response = client.post(
        url("assessment_scope", assessment.pk), scope_data(anonymity_threshold="8")
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.anonymity_threshold == 8


@pytest.mark.parametrize("value", ["2", "0", "-4", "51", "five", "", "3.5"])
def test_scope_form_refuses_an_anonymity_threshold_out_of_bounds(
    client, consultant, assessment, value
):
    client.force_login(consultant)
    response = client.post(
        url("assessment_scope", assessment.pk), scope_data(anonymity_threshold=value)
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"anonymity_threshold"}
    assessment.refresh_from_db()
    assert assessment.anonymity_threshold == 5


@pytest.mark.parametrize("value", [2, 51])
def test_scope_service_refuses_an_anonymity_threshold_out_of_bounds(assessment, value):
    with pytest.raises(ValidationError) as error:
        lifecycle.assessment_update_scope(
            assessment=assessment, scoping_answers={}, targets={}, anonymity_threshold=value
        )
    assert error.value.messages == [lifecycle.MSG_ANONYMITY_THRESHOLD % {"min": 3, "max": 50}]
    assessment.refresh_from_db()
    assert assessment.anonymity_threshold == 5


def test_database_refuses_an_anonymity_threshold_below_three(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(anonymity_threshold=2)


# Assessment detail


def test_detail_shows_the_assessment_and_its_respondents(
    client, consultant, assessment, respondent
):
    # Without online serving, the latency question is out of scope: 5 questions of 6 remain.
    assessment.scoping_answers = {"online_serving": False}
    assessment.save()
    question = assessment.framework.questions.get(key="automation-deploy")
    AnswerFactory(respondent=respondent, question=question)
    RespondentFactory(assessment=assessment, name="Victor Revoked", revoked_at="2026-01-01T00:00Z")
    client.force_login(consultant)
    response = client.get(url("assessment_detail", assessment.pk))
    content = response.content.decode()
    for text in ["2026 review", "Acme Analytics", "(sample 1.0)", "Rita Respondent"]:
        assert text in content
    assert "rita.respondent@example.com" in content
    assert "Data science" in content
    assert "1/5" in content  # answered / in-scope questions
    assert "Link revoked" in content
    assert url("assessment_scope", assessment.pk) in content
    assert url("invitation_resend", assessment.pk, respondent.pk) in content
    assert url("invitation_revoke", assessment.pk, respondent.pk) in content
    assert url("respondents_invite", assessment.pk) in content
    assert "3 · Managed" in content  # the automation dimension's default target
    # An open assessment can be closed or taken back to draft, nothing else.
    assert [s for s, _ in response.context["status_buttons"]] == ["draft", "closed"]


@pytest.mark.parametrize("count", [1, 5])
def test_detail_queries_do_not_grow_with_respondents(
    client, consultant, assessment, django_assert_max_num_queries, count
):
    for respondent in RespondentFactory.create_batch(count, assessment=assessment):
        question = assessment.framework.questions.get(key="automation-deploy")
        AnswerFactory(respondent=respondent, question=question)
    client.force_login(consultant)
    # 1 session, 2 user, 3 consultants group check, 4 assessment with organisation and
    # framework, 5 scoping questions (prefetched once for every reader), 6 dimensions with
    # pillars, 7 stages, 8 question keys for the scope, 9 respondents with their progress.
    with django_assert_max_num_queries(9):
        response = client.get(url("assessment_detail", assessment.pk))
    assert len(response.context["respondents"]) == count


# Inviting respondents


def test_invite_creates_respondents_emails_their_links_and_stores_only_hashes(
    client, consultant, assessment
):
    client.force_login(consultant)
    lines = (
        "Ada Lovelace, ada@example.com, data_science\n"
        "\n"
        "Grace Hopper, Grace@Example.com, Software engineering\n"
        "Lovelace, Byron; byron@example.com; LEADERSHIP\n"
    )
    response = client.post(url("respondents_invite", assessment.pk), {"lines": lines})
    assert response.status_code == 200
    assert "assessments/invitations_sent.html" in [t.name for t in response.templates]
    respondents = {r.email: r for r in assessment.respondents.all()}
    assert set(respondents) == {"ada@example.com", "grace@example.com", "byron@example.com"}
    assert respondents["grace@example.com"].role == "software_engineering"
    assert respondents["byron@example.com"].name == "Lovelace, Byron"
    assert respondents["byron@example.com"].role == "leadership"
    assert len(mail.outbox) == 3
    page_tokens = set(LINK.findall(response.content.decode()))
    assert len(page_tokens) == 3
    for message in mail.outbox:
        (token,) = LINK.findall(message.body)
        assert token in page_tokens  # the link e-mailed is the one shown
        respondent = respondents[message.to[0]]
        assert not Respondent.objects.filter(token_hash=token).exists()
        assert respondent.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_invite_accepts_french_role_labels(client, consultant, assessment):
    client.force_login(consultant)
    lines = "Léa, lea@example.com, Science des données\nMarc, marc@example.com, direction"
    response = client.post(url("respondents_invite", assessment.pk), {"lines": lines})
    assert response.status_code == 200
    roles = dict(assessment.respondents.values_list("email", "role"))
    assert roles == {"lea@example.com": "data_science", "marc@example.com": "leadership"}


def test_invite_reports_every_bad_line_and_creates_nobody(
    client, consultant, assessment, respondent
):
    client.force_login(consultant)
    lines = "\n".join(
        [
            "Ada Lovelace, ada@example.com, data_science",
            "Bob, bob@, leadership",
            "Carol, carol@example.com, boss",
            "Dan dan@example.com",
            "",
            "Ada again, ADA@example.com, other",
            f"Rita, {respondent.email}, other",
        ]
    )
    response = client.post(url("respondents_invite", assessment.pk), {"lines": lines})
    assert response.status_code == 400
    assert "assessments/assessment_detail.html" in [t.name for t in response.templates]
    assert response.context["invite_form"].errors["lines"] == [
        MSG_LINE_EMAIL % {"line": 2, "email": "bob@"},
        MSG_LINE_ROLE % {"line": 3, "role": "boss", "roles": ROLES},
        MSG_LINE_FORMAT % {"line": 4},
        MSG_LINE_DUPLICATE % {"line": 6, "email": "ada@example.com"},
        MSG_LINE_ALREADY_INVITED % {"line": 7, "email": respondent.email},
    ]
    assert "Line 3: unknown role &#x27;boss&#x27;" in response.content.decode()
    assert list(assessment.respondents.all()) == [respondent]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        ("", MSG_NO_RESPONDENTS),
        ("\n  \n", MSG_NO_RESPONDENTS),
        (
            "\n".join(f"R{i}, r{i}@example.com, other" for i in range(201)),
            MSG_TOO_MANY_RESPONDENTS % {"max": 200},
        ),
    ],
)
def test_invite_refuses_an_empty_or_too_long_list(client, consultant, assessment, lines, error):
    client.force_login(consultant)
    response = client.post(url("respondents_invite", assessment.pk), {"lines": lines})
    assert response.status_code == 400
    assert response.context["invite_form"].errors["lines"] == [error]
    assert not assessment.respondents.exists()


def test_invite_reports_the_services_refusal(client, consultant, assessment):
    assessment.status = Assessment.Status.CLOSED
    assessment.save()
    client.force_login(consultant)
    data = {"lines": "Ada, ada@example.com, other"}
    response = client.post(url("respondents_invite", assessment.pk), data)
    assert response.status_code == 400
    assert response.context["invite_form"].errors["lines"] == [MSG_CANNOT_INVITE]
    assert not assessment.respondents.exists()
    assert mail.outbox == []


# Resending and revoking links


def test_resend_issues_a_new_link_and_emails_it(client, consultant, assessment, respondent):
    old_hash = respondent.token_hash
    respondent.revoked_at = "2026-01-01T00:00Z"
    respondent.save()
    client.force_login(consultant)
    response = client.post(url("invitation_resend", assessment.pk, respondent.pk))
    assert response.status_code == 200
    assert "The previous link no longer works." in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.token_hash != old_hash
    assert respondent.revoked_at is None
    (message,) = mail.outbox
    assert message.to == [respondent.email]
    (token,) = LINK.findall(message.body)
    assert LINK.findall(response.content.decode()) == [token]
    assert respondent.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_resend_is_refused_once_the_assessment_is_closed(
    client, consultant, assessment, respondent
):
    assessment.status = Assessment.Status.CLOSED
    assessment.save()
    old_hash = respondent.token_hash
    client.force_login(consultant)
    response = client.post(url("invitation_resend", assessment.pk, respondent.pk), follow=True)
    assert response.redirect_chain == [(url("assessment_detail", assessment.pk), 302)]
    assert messages_of(response) == [MSG_CANNOT_INVITE]
    respondent.refresh_from_db()
    assert respondent.token_hash == old_hash
    assert mail.outbox == []


def test_revoke_makes_the_link_stop_working(client, consultant, assessment, respondent):
    client.force_login(consultant)
    response = client.post(url("invitation_revoke", assessment.pk, respondent.pk), follow=True)
    assert response.redirect_chain == [(url("assessment_detail", assessment.pk), 302)]
    assert messages_of(response) == [MSG_REVOKED % {"name": "Rita Respondent"}]
    respondent.refresh_from_db()
    assert respondent.revoked_at is not None


def stored_overall(assessment) -> Fraction:
    """The overall score the dashboard shows: the latest snapshot's."""
    return Fraction(latest_snapshot(assessment).data["overall"]["overall"])


@pytest.fixture
def two_submitted(assessment):
    """Two submitted answers to one question, 4 and 0: the stored overall score is 2."""
    top = RespondentFactory(assessment=assessment, name="Tom Top", status="submitted")
    low = RespondentFactory(assessment=assessment, name="Lea Low", status="submitted")
    make_answer(top, "automation-deploy", "s4")
    make_answer(low, "automation-deploy", "s0")
    result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.SUBMISSION)
    assert stored_overall(assessment) == 2
    return top, low


def test_revoking_a_submitted_respondent_takes_them_out_of_the_results(
    client, consultant, assessment, two_submitted
):
    _, low = two_submitted
    client.force_login(consultant)
    response = client.post(url("invitation_revoke", assessment.pk, low.pk), follow=True)
    assert messages_of(response) == [MSG_REVOKED_SUBMITTED % {"name": "Lea Low"}]
    assert stored_overall(assessment) == 4  # the dashboard follows at once
    assert low.answers.count() == 1  # kept

    # A new link counts them again.
    client.post(url("invitation_resend", assessment.pk, low.pk))
    assert stored_overall(assessment) == 2


def test_revoking_a_submitted_respondent_while_closed_refreshes_the_fixed_result(
    client, consultant, assessment, two_submitted
):
    """While the results are reviewed, a respondent found not to belong is taken out."""
    _, low = two_submitted
    lifecycle.assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    assert stored_overall(assessment) == 2
    client.force_login(consultant)
    detail = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert url("invitation_revoke", assessment.pk, low.pk) in detail
    assert url("invitation_resend", assessment.pk, low.pk) not in detail  # nobody can answer

    response = client.post(url("invitation_revoke", assessment.pk, low.pk), follow=True)
    assert messages_of(response) == [MSG_REVOKED_SUBMITTED % {"name": "Lea Low"}]
    assert stored_overall(assessment) == 4
    assert latest_snapshot(assessment).reason == ResultSnapshot.Reason.REFRESH


def test_an_erased_respondent_is_refused_revocation_and_a_new_link(
    client, consultant, assessment, two_submitted
):
    _, low = two_submitted
    Respondent.objects.filter(pk=low.pk).update(erased_at=timezone.now(), name="", email="")
    client.force_login(consultant)
    detail = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert url("invitation_revoke", assessment.pk, low.pk) not in detail
    assert url("invitation_resend", assessment.pk, low.pk) not in detail
    for action in ("invitation_revoke", "invitation_resend"):
        response = client.post(url(action, assessment.pk, low.pk), follow=True)
        assert messages_of(response) == [MSG_ERASED]
    low.refresh_from_db()
    assert low.revoked_at is None
    assert mail.outbox == []


def test_revoking_is_refused_once_published(client, consultant, assessment, two_submitted):
    top, _ = two_submitted
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.PUBLISHED)
    client.force_login(consultant)
    detail = client.get(url("assessment_detail", assessment.pk)).content.decode()
    assert url("invitation_revoke", assessment.pk, top.pk) not in detail
    snapshots = ResultSnapshot.objects.count()

    response = client.post(url("invitation_revoke", assessment.pk, top.pk), follow=True)
    assert response.redirect_chain == [(url("assessment_detail", assessment.pk), 302)]
    assert messages_of(response) == [MSG_CANNOT_REVOKE]
    top.refresh_from_db()
    assert top.revoked_at is None
    assert ResultSnapshot.objects.count() == snapshots


def test_scope_change_of_an_open_assessment_refreshes_the_stored_result(assessment, two_submitted):
    top, _ = two_submitted
    make_answer(top, "monitoring-latency", "s4")  # asked only where predictions are served online
    result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.SUBMISSION)
    with_latency = stored_overall(assessment)
    assessment_update_scope(
        assessment=assessment, scoping_answers={"online_serving": False}, targets={}
    )
    assert stored_overall(assessment) != with_latency


# Status


def test_scope_change_of_an_assessment_moved_back_to_draft_refreshes_the_stored_result(
    assessment, two_submitted
):
    top, _ = two_submitted
    make_answer(top, "monitoring-latency", "s4")
    result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.SUBMISSION)
    with_latency = stored_overall(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.DRAFT)
    assessment.refresh_from_db()
    assessment_update_scope(
        assessment=assessment, scoping_answers={"online_serving": False}, targets={}
    )
    assert stored_overall(assessment) != with_latency


def test_close_due_assessments_closes_those_past_their_closing_date(
    assessment, two_submitted, sample_framework
):
    today = timezone.localdate()
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=today - timedelta(days=1))
    due_today = AssessmentFactory(framework=sample_framework, closes_on=today)
    undated = AssessmentFactory(framework=sample_framework)
    draft = AssessmentFactory(
        framework=sample_framework, status="draft", closes_on=today - timedelta(days=30)
    )
    snapshots = ResultSnapshot.objects.filter(assessment=assessment).count()

    out, again = StringIO(), StringIO()
    call_command("close_due_assessments", stdout=out)
    call_command("close_due_assessments", stdout=again)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.CLOSED
    assert ResultSnapshot.objects.filter(assessment=assessment).count() == snapshots + 1
    assert latest_snapshot(assessment).reason == ResultSnapshot.Reason.CLOSED
    others = Assessment.objects.filter(pk__in=[due_today.pk, undated.pk, draft.pk])
    assert sorted(others.values_list("status", flat=True)) == ["draft", "open", "open"]
    assert f"Closed {assessment.pk}: 2026 review" in out.getvalue()
    assert out.getvalue().endswith("1 assessment(s) closed.\n")
    assert again.getvalue() == "0 assessment(s) closed.\n"


def test_status_moves_a_draft_to_open(client, consultant, assessment):
    assessment.status = Assessment.Status.DRAFT
    assessment.save()
    client.force_login(consultant)
    response = client.post(url("assessment_status", assessment.pk), {"status": "open"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "open"


def test_status_refuses_publishing_a_draft(client, consultant, assessment):
    assessment.status = Assessment.Status.DRAFT
    assessment.save()
    client.force_login(consultant)
    data = {"status": "published"}
    response = client.post(url("assessment_status", assessment.pk), data, follow=True)
    assert messages_of(response) == [MSG_STATUS_TRANSITION % {"old": "Draft", "new": "Published"}]
    assessment.refresh_from_db()
    assert (assessment.status, assessment.published_at) == ("draft", None)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("status", ["archived", "", "<b>open</b>"])
def test_status_rejects_an_unknown_value_on_the_page_saying_so(
    client, consultant, assessment, status, method
):
    client.force_login(consultant)
    send = getattr(client, method)
    response = send(url("assessment_status", assessment.pk), {"status": status})
    assert response.status_code == 400
    assert "assessments/assessment_detail.html" in [t.name for t in response.templates]
    assert escape(str(MSG_STATUS_UNKNOWN)) in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "open"


class RefusesThirdMessage(locmem.EmailBackend):
    """A mail server that refuses the third message it is given."""

    sent = 0

    def send_messages(self, messages):
        RefusesThirdMessage.sent += len(messages)
        if RefusesThirdMessage.sent == 3:
            raise smtplib.SMTPRecipientsRefused({"c@example.com": (550, b"No such user")})
        return super().send_messages(messages)


def test_invite_with_a_refused_e_mail_keeps_everyone_and_flags_the_link_to_pass_on(
    client, consultant, assessment, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesThirdMessage"
    RefusesThirdMessage.sent = 0
    client.force_login(consultant)
    lines = "\n".join(f"{n}, {n.lower()}@example.com, other" for n in ("A", "B", "C", "D"))
    response = client.post(url("respondents_invite", assessment.pk), {"lines": lines})
    assert response.status_code == 200
    assert assessment.respondents.count() == 4  # every e-mailed link works
    assert len(mail.outbox) == 3
    assert response.content.decode().count("e-mail not sent") == 1
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "1 e-mail(s) could not be sent. Their links below work: pass them on another way."
    ]


def test_invite_refuses_an_address_too_long_to_store(client, consultant, assessment):
    client.force_login(consultant)
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 3) + ".example.com"  # valid, 256 chars
    response = client.post(
        url("respondents_invite", assessment.pk), {"lines": f"Ann, {address}, leadership"}
    )
    assert response.status_code == 400
    assert "is not a valid e-mail address" in response.content.decode()
    assert not assessment.respondents.exists()


def test_invitation_subject_is_plain_text(client, consultant, assessment):
    assessment.organisation.name = "AT&T O'Reilly"
    assessment.organisation.save()
    client.force_login(consultant)
    client.post(url("respondents_invite", assessment.pk), {"lines": "Ann, ann@example.com, other"})
    assert mail.outbox[0].subject.startswith("AT&T O'Reilly: ")


def test_scope_is_fixed_once_closed_but_targets_move_and_the_result_follows(
    client, consultant, assessment
):
    from assessments.services.lifecycle import MSG_SCOPE_FROZEN, assessment_set_status

    assessment_set_status(assessment=assessment, status="closed")
    client.force_login(consultant)
    response = client.post(
        url("assessment_scope", assessment.pk), scope_data(**{"scope-online_serving": "no"})
    )
    assert response.status_code == 400
    assert str(MSG_SCOPE_FROZEN) in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.scoping_answers == {}
    snapshots = assessment.snapshots.count()
    # The scope as it was (online serving: yes, the default), a new target.
    response = client.post(
        url("assessment_scope", assessment.pk), scope_data(**{"scope-online_serving": "yes"})
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.targets["automation"] == 4
    assert assessment.snapshots.count() == snapshots + 1
    assert assessment.snapshots.latest().data["overall"]["dimensions"][0]["target"] == 4
