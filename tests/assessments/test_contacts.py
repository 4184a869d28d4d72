"""The client contacts of an organisation: invited by its consultants, removed by them."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.access import get_assessment_for_viewer
from assessments.models import Assessment, Membership
from assessments.services.memberships import (
    MSG_CONTACT_EMAIL_NOT_A_USERNAME,
    MSG_CONTACT_IS_STAFF,
    MSG_CONTACT_OF_ANOTHER_ORGANISATION,
    MSG_NOT_A_CONSULTANT,
    client_contact_invite,
    client_contact_remove,
    consultant_assign,
)
from assessments.services.organisations import MSG_ORGANISATION_ARCHIVED, organisation_set_archived
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def contacts_url(organisation) -> str:
    return reverse("assessments:contacts", args=[organisation.pk])


def invite(client, organisation, **data):
    return client.post(contacts_url(organisation), {"first_name": "", "last_name": "", **data})


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)


def test_a_consultant_invites_a_contact_who_chooses_a_password_and_reads_results(
    client, consultant, organisation, assessment
):
    client.force_login(consultant)
    response = invite(client, organisation, email="Dana@Client.example", first_name="Dana")
    assert response.status_code == 302
    # Django normalises the domain of an account's address.
    dana = User.objects.get(email="Dana@client.example")
    assert dana.username == "dana@client.example"
    assert not dana.has_usable_password()
    assert list(dana.memberships.values_list("organisation", "role")) == [
        (organisation.pk, "client_contact")
    ]
    [message] = mail.outbox
    assert message.to == ["Dana@client.example"]
    assert "Acme Analytics" in message.subject
    client.logout()

    # The link opens Django's password reset, which sets the first password.
    response = client.get(link_in(message), follow=True)
    assert response.status_code == 200
    assert "dana@client.example" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a long pass phrase 42", "new_password2": "a long pass phrase 42"},
    )
    assert response.status_code == 302
    assert client.login(username="dana@client.example", password="a long pass phrase 42")
    assessment.status = Assessment.Status.PUBLISHED
    assessment.save()
    assert get_assessment_for_viewer(User.objects.get(pk=dana.pk), assessment.pk) == assessment


def test_the_password_link_works_once(client, consultant, organisation):
    client.force_login(consultant)
    invite(client, organisation, email="dana@client.example")
    client.logout()
    link = link_in(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        form_url,
        {"new_password1": "a long pass phrase 42", "new_password2": "a long pass phrase 42"},
    )
    client.logout()
    response = client.get(link, follow=True)
    assert "This link has expired or was already used" in response.content.decode()


def test_inviting_again_sends_a_new_link_and_keeps_one_membership(consultant, organisation):
    for _ in range(2):
        client_contact_invite(
            organisation=organisation,
            email="dana@client.example",
            invited_by=consultant,
            base_url="https://palier.example/",
        )
    assert Membership.objects.filter(user__email="dana@client.example").count() == 1
    assert len(mail.outbox) == 2
    assert all("https://palier.example/accounts/reset/" in m.body for m in mail.outbox)


def test_the_invitation_is_written_in_the_consultants_language(client, consultant, organisation):
    client.force_login(consultant)
    client.post(
        contacts_url(organisation), {"email": "dana@client.example"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "Votre accès aux résultats" in mail.outbox[0].subject


@pytest.mark.parametrize("who", ["consultant", "superuser", "staff"])
def test_the_consultancys_own_accounts_cannot_become_contacts(who, consultant, organisation):
    from tests.factories import ConsultantFactory

    target = {
        "consultant": lambda: ConsultantFactory(email="x@palier.example"),
        "superuser": lambda: UserFactory(email="x@palier.example", is_superuser=True),
        "staff": lambda: UserFactory(email="x@palier.example", is_staff=True),
    }[who]()
    with pytest.raises(ValidationError) as error:
        client_contact_invite(
            organisation=organisation,
            email="X@palier.example",
            invited_by=consultant,
            base_url="https://palier.example/",
        )
    assert error.value.messages == [MSG_CONTACT_IS_STAFF % {"email": "X@palier.example"}]
    assert not target.memberships.exists()
    assert mail.outbox == []


def test_a_contact_of_another_organisation_is_refused_with_a_message(
    client, consultant, organisation
):
    other = MembershipFactory(user=UserFactory(email="erin@beta.example")).user
    client.force_login(consultant)
    response = invite(client, organisation, email="erin@beta.example")
    assert response.status_code == 400
    expected = MSG_CONTACT_OF_ANOTHER_ORGANISATION % {"email": "erin@beta.example"}
    assert expected in response.content.decode()
    assert list(other.memberships.values_list("organisation__name", flat=True)) != [
        organisation.name
    ]
    assert other.memberships.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["", "not-an-address", "a" * 300 + "@x.example", "<script>@x"])
def test_a_bad_address_is_refused_and_nothing_is_written(client, consultant, organisation, email):
    client.force_login(consultant)
    users = User.objects.count()
    response = invite(client, organisation, email=email)
    assert response.status_code == 400
    assert User.objects.count() == users
    assert not organisation.memberships.filter(role="client_contact").exists()
    assert "<script>@x" not in response.content.decode()


@pytest.mark.parametrize(
    "email", ["o'brien@client.example", "a" * 140 + "@client.example"], ids=["apostrophe", "151"]
)
def test_a_valid_address_that_cannot_be_a_user_name_is_refused_on_the_email_field(
    client, consultant, organisation, email
):
    # Both were a 500: the user's validation errors were added to the e-mail field as a dict.
    client.force_login(consultant)
    users = User.objects.count()
    response = invite(client, organisation, email=email)
    assert response.status_code == 400
    message = MSG_CONTACT_EMAIL_NOT_A_USERNAME % {"email": email}
    assert response.context["form"].errors == {"email": [message]}
    assert User.objects.count() == users
    assert mail.outbox == []


def test_removing_a_contact_ends_their_access_and_deactivates_a_lone_account(
    client, consultant, organisation, client_contact, assessment
):
    assessment.status = Assessment.Status.PUBLISHED
    assessment.save()
    client.force_login(consultant)
    url = reverse("assessments:contact_remove", args=[organisation.pk, client_contact.pk])
    assert client.post(url).status_code == 302
    client_contact.refresh_from_db()
    assert not client_contact.is_active
    assert not client_contact.memberships.exists()
    client.force_login(client_contact)
    assert client.get(reverse("results:page", args=[assessment.pk])).status_code in (302, 404)


def test_an_archived_organisation_invites_nobody_but_still_removes_its_contacts(
    client, consultant, organisation, client_contact
):
    organisation_set_archived(organisation=organisation, archived=True, actor=consultant)
    client.force_login(consultant)
    page = client.get(contacts_url(organisation)).content.decode()
    assert "nobody can be invited until it is restored" in page
    assert "Send the invitation" not in page

    users = User.objects.count()
    response = invite(client, organisation, email="late@client.example")
    assert response.status_code == 400
    assert response.context["form"].errors == {"email": [str(MSG_ORGANISATION_ARCHIVED)]}
    assert User.objects.count() == users
    assert mail.outbox == []

    url = reverse("assessments:contact_remove", args=[organisation.pk, client_contact.pk])
    assert client.post(url).status_code == 302
    assert not client_contact.memberships.exists()


def test_removing_needs_a_post_and_a_contact_of_that_organisation(
    client, consultant, organisation, client_contact, other_consultant
):
    client.force_login(consultant)
    url = reverse("assessments:contact_remove", args=[organisation.pk, client_contact.pk])
    assert client.get(url).status_code == 405
    consultant_url = reverse("assessments:contact_remove", args=[organisation.pk, consultant.pk])
    assert client.post(consultant_url).status_code == 404
    assert consultant.memberships.get().role == "consultant"
    client.force_login(other_consultant)
    assert client.post(url).status_code == 404
    assert client_contact.memberships.exists()


def test_removing_someone_not_a_contact_raises(consultant, organisation):
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        client_contact_remove(organisation=organisation, user=stranger, removed_by=consultant)
    stranger.refresh_from_db()
    assert stranger.is_active


def test_the_contacts_page_is_the_assigned_consultants_only(
    client, consultant, other_consultant, organisation, client_contact
):
    client.force_login(consultant)
    response = client.get(contacts_url(organisation))
    assert response.status_code == 200
    assert client_contact.email in response.content.decode()
    for user in (other_consultant, client_contact):
        client.force_login(user)
        assert client.get(contacts_url(organisation)).status_code == 404
        assert invite(client, organisation, email="z@z.example").status_code == 404
    assert not User.objects.filter(email="z@z.example").exists()


def test_the_contacts_page_reads_in_constant_queries(
    client, consultant, organisation, django_assert_num_queries
):
    client.force_login(consultant)
    for n in range(3):
        MembershipFactory(organisation=organisation, user=UserFactory(email=f"c{n}@x.example"))
    # session, user, consultants group, organisation, contacts (with users), consultants
    with django_assert_num_queries(6):
        client.get(contacts_url(organisation))
    for n in range(3, 8):
        MembershipFactory(organisation=organisation, user=UserFactory(email=f"c{n}@x.example"))
    with django_assert_num_queries(6):
        client.get(contacts_url(organisation))


def test_one_role_per_person_and_organisation(organisation, consultant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=consultant, organisation=organisation, role="client_contact")


def test_only_consultants_are_assigned_as_consultants(consultant):
    organisation = OrganisationFactory()
    outsider = UserFactory(username="oscar")
    with pytest.raises(ValidationError) as error:
        consultant_assign(organisation=organisation, user=outsider)
    assert error.value.messages == [MSG_NOT_A_CONSULTANT % {"user": outsider}]
    consultant_assign(organisation=organisation, user=consultant)
    assert organisation.memberships.get().user == consultant
