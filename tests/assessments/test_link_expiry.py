"""Personal links expire N days after the closing date, stay expired when the assessment is
reopened, and an old link after a resend says that a newer one was sent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, Respondent, SupersededLink
from assessments.questionnaire.views import (
    MSG_CLOSED,
    MSG_REVOKED_LINK,
    MSG_UNKNOWN_LINK,
)
from assessments.services.answers import (
    MSG_LINK_EXPIRED,
    AnswerChange,
    answers_save,
    respondent_submit,
)
from assessments.services.invitations import (
    Invitee,
    invitation_resend,
    invitation_revoke,
    respondent_links_follow,
    respondents_invite,
)
from assessments.services.lifecycle import assessment_set_status
from assessments.tokens import link_expiry, link_has_expired, new_token

PARIS = ZoneInfo("Europe/Paris")
BASE_URL = "https://palier.example/"


def _invite(assessment: Assessment, name: str = "Rita Respondent") -> tuple[Respondent, str]:
    """A respondent invited through the service, and the token of their link."""
    email = name.lower().replace(" ", ".") + "@example.com"
    invitations, _failed = respondents_invite(
        assessment=assessment,
        invitees=[Invitee(name=name, email=email, role="data_science")],
        base_url=BASE_URL,
        sender_name="Alice",
    )
    return invitations[0].respondent, invitations[0].token


def _resend(respondent: Respondent) -> str:
    invitation, _sent = invitation_resend(
        respondent=respondent, base_url=BASE_URL, sender_name="Alice"
    )
    return invitation.token


def _welcome(token: str) -> str:
    return reverse("questionnaire:welcome", args=[token])


def _autosave(token: str) -> str:
    return reverse("questionnaire:autosave", args=[token, "automation"])


def _expire(respondent: Respondent, *, ago: timedelta = timedelta(seconds=1)) -> None:
    Respondent.objects.filter(pk=respondent.pk).update(link_expires_at=timezone.now() - ago)


# The rule, with a `now` passed in: no database, no clock.


def test_link_expires_at_midnight_after_the_last_of_the_days_following_the_closing_day():
    # Closing on 30 June, 60 days: the link works through 29 August.
    expires = link_expiry(closes_on=date(2026, 6, 30), closed_at=None, days=60)
    assert expires == datetime(2026, 8, 30, 0, 0, tzinfo=PARIS)


def test_with_no_days_the_link_stops_when_the_closing_day_ends():
    expires = link_expiry(closes_on=date(2026, 6, 30), closed_at=None, days=0)
    assert expires == datetime(2026, 7, 1, 0, 0, tzinfo=PARIS)


def test_the_closing_date_counts_even_when_the_assessment_was_closed_earlier():
    closed_at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    expires = link_expiry(closes_on=date(2026, 6, 30), closed_at=closed_at, days=60)
    assert expires == datetime(2026, 8, 30, 0, 0, tzinfo=PARIS)


def test_with_no_closing_date_the_link_expires_counting_from_the_moment_of_closing():
    closed_at = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    expires = link_expiry(closes_on=None, closed_at=closed_at, days=60)
    assert expires == datetime(2026, 4, 30, 15, 30, tzinfo=UTC)


def test_an_open_assessment_with_no_closing_date_gives_no_expiry_yet():
    assert link_expiry(closes_on=None, closed_at=None, days=60) is None


def test_expiry_boundary():
    expires = datetime(2026, 8, 30, 0, 0, tzinfo=PARIS)
    assert not link_has_expired(expires, now=expires - timedelta(microseconds=1))
    assert link_has_expired(expires, now=expires)
    assert link_has_expired(expires, now=expires + timedelta(days=400))
    assert not link_has_expired(None, now=expires + timedelta(days=400))


# Issuing links: the expiry is stored with the link, from the closing date and the setting.


@pytest.mark.django_db
def test_an_invitation_stores_the_expiry_of_the_closing_date_and_the_setting(assessment, settings):
    settings.PALIER_LINK_VALID_DAYS_AFTER_CLOSING = 5
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=date(2099, 6, 30))
    assessment.refresh_from_db()
    respondent, _token = _invite(assessment)
    respondent.refresh_from_db()
    assert respondent.link_expires_at == datetime(2099, 7, 6, 0, 0, tzinfo=PARIS)


@pytest.mark.django_db
def test_the_default_is_sixty_days_after_the_closing_date(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=date(2099, 6, 30))
    assessment.refresh_from_db()
    respondent, _token = _invite(assessment)
    respondent.refresh_from_db()
    assert respondent.link_expires_at == datetime(2099, 8, 30, 0, 0, tzinfo=PARIS)


@pytest.mark.django_db
def test_an_invitation_with_no_closing_date_has_no_expiry_until_closing(assessment, settings):
    settings.PALIER_LINK_VALID_DAYS_AFTER_CLOSING = 10
    respondent, _token = _invite(assessment)
    respondent.refresh_from_db()
    assert respondent.link_expires_at is None

    before = timezone.now()
    assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    after = timezone.now()
    respondent.refresh_from_db()
    assert before + timedelta(days=10) <= respondent.link_expires_at <= after + timedelta(days=10)

    assessment_set_status(assessment=assessment, status=Assessment.Status.OPEN)
    respondent.refresh_from_db()
    assert respondent.link_expires_at is None


# The pages of the link.


@pytest.mark.django_db
def test_link_works_just_before_its_expiry_and_is_gone_just_after(client, assessment):
    respondent, token = _invite(assessment)
    Respondent.objects.filter(pk=respondent.pk).update(
        link_expires_at=timezone.now() + timedelta(minutes=1)
    )
    assert client.get(_welcome(token)).status_code == 200

    _expire(respondent)
    response = client.get(_welcome(token))
    assert response.status_code == 410
    page = response.content.decode()
    assert str(MSG_LINK_EXPIRED) in page
    # Nothing the holder of the link did not already have: not even their own name.
    assert "Rita" not in page
    assert "rita.respondent@example.com" not in page
    assert "2026 review" not in page


@pytest.mark.django_db
def test_the_real_rule_a_link_is_gone_61_days_after_closing_day_not_60(client, assessment):
    # Closed 60 days ago: the link is still alive, and says the questionnaire is closed;
    # closed 61 days ago: its expiry (midnight this morning) has passed.
    today = timezone.localdate()
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=today - timedelta(days=60))
    assessment.refresh_from_db()
    _alive, alive_token = _invite(assessment, "Alive One")
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=today - timedelta(days=61))
    assessment.refresh_from_db()
    _gone, expired_token = _invite(assessment, "Gone One")

    response = client.get(_welcome(alive_token))
    assert response.status_code == 410
    assert str(MSG_CLOSED) in response.content.decode()
    response = client.get(_welcome(expired_token))
    assert response.status_code == 410
    assert str(MSG_LINK_EXPIRED) in response.content.decode()


@pytest.mark.django_db
def test_the_expired_page_speaks_the_assessments_language(client, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(language="fr")
    assessment.refresh_from_db()
    respondent, token = _invite(assessment)
    _expire(respondent)
    page = client.get(_welcome(token)).content.decode()
    assert "Ce lien a expiré. Demandez à votre consultant de vous en envoyer un nouveau." in page


@pytest.mark.django_db
def test_an_expired_link_page_costs_one_query(client, assessment, django_assert_num_queries):
    respondent, token = _invite(assessment)
    _expire(respondent)
    # 1. the respondent of the link's hash, with the assessment, organisation, framework
    with django_assert_num_queries(1):
        assert client.get(_welcome(token)).status_code == 410


@pytest.mark.django_db
def test_autosave_and_save_with_an_expired_link_are_refused_and_write_nothing(client, assessment):
    alive, alive_token = _invite(assessment, "Alive One")
    gone, token = _invite(assessment, "Gone One")
    _expire(gone)
    data = {"question": "automation-deploy", "q-automation-deploy": "o:s4"}
    # The same background save is taken from the link that still works.
    assert client.post(_autosave(alive_token), data).status_code == 200

    response = client.post(_autosave(token), data)
    assert response.status_code == 410
    assert str(MSG_LINK_EXPIRED) in response.content.decode()
    page_url = reverse("questionnaire:dimension", args=[token, "automation"])
    assert client.post(page_url, {"q-automation-deploy": "o:s1"}).status_code == 410
    review_url = reverse("questionnaire:review", args=[token])
    assert client.post(review_url, {"confirm": "yes"}).status_code == 410
    assert list(Answer.objects.values_list("respondent_id", flat=True)) == [alive.pk]
    gone.refresh_from_db()
    assert (gone.status, gone.last_dimension_key) == (Respondent.Status.INVITED, "")


@pytest.mark.django_db
def test_the_services_refuse_an_expired_link_too(assessment):
    respondent, _token = _invite(assessment)
    _expire(respondent)
    respondent.refresh_from_db()
    question = assessment.framework.questions.get(key="automation-deploy")
    with pytest.raises(ValidationError) as saving:
        answers_save(respondent=respondent, changes={question: AnswerChange(kind="dont_know")})
    assert saving.value.messages == [str(MSG_LINK_EXPIRED)]
    with pytest.raises(ValidationError) as submitting:
        respondent_submit(respondent=respondent)
    assert submitting.value.messages == [str(MSG_LINK_EXPIRED)]
    assert not Answer.objects.exists()


# Reopening does not revive an expired link; a new link works.


@pytest.mark.django_db
def test_reopening_with_a_new_closing_date_does_not_revive_an_expired_link(client, assessment):
    today = timezone.localdate()
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=today - timedelta(days=61))
    assessment.refresh_from_db()
    respondent, token = _invite(assessment)
    assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    assert client.get(_welcome(token)).status_code == 410

    assessment_set_status(assessment=assessment, status=Assessment.Status.OPEN)
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=today + timedelta(days=30))
    assessment.refresh_from_db()
    respondent_links_follow(assessment=assessment)

    response = client.get(_welcome(token))
    assert response.status_code == 410
    assert str(MSG_LINK_EXPIRED) in response.content.decode()

    respondent.refresh_from_db()
    new_token_ = _resend(respondent)
    assert client.get(_welcome(new_token_)).status_code == 200
    respondent.refresh_from_db()
    expected = datetime.combine(today + timedelta(days=91), datetime.min.time(), tzinfo=PARIS)
    assert respondent.link_expires_at == expected


@pytest.mark.django_db
def test_reopening_with_no_closing_date_does_not_revive_an_expired_link(client, assessment):
    respondent, token = _invite(assessment)
    assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
    _expire(respondent, ago=timedelta(days=1))
    assessment_set_status(assessment=assessment, status=Assessment.Status.OPEN)
    response = client.get(_welcome(token))
    assert response.status_code == 410
    assert str(MSG_LINK_EXPIRED) in response.content.decode()


@pytest.mark.django_db
def test_a_new_closing_date_moves_the_links_that_still_work_only(assessment):
    alive, _ = _invite(assessment, "Alive One")
    gone, _ = _invite(assessment, "Gone One")
    long_ago = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)
    Respondent.objects.filter(pk=gone.pk).update(link_expires_at=long_ago)
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=date(2099, 6, 30))
    assessment.refresh_from_db()

    assert respondent_links_follow(assessment=assessment) == 1
    alive.refresh_from_db()
    gone.refresh_from_db()
    assert alive.link_expires_at == datetime(2099, 8, 30, 0, 0, tzinfo=PARIS)
    assert gone.link_expires_at == long_ago


@pytest.mark.django_db
def test_changing_the_closing_date_in_the_admin_moves_the_links_that_still_work(
    client, assessment, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "pw"))
    alive, _ = _invite(assessment, "Alive One")
    gone, _ = _invite(assessment, "Gone One")
    long_ago = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)
    Respondent.objects.filter(pk=gone.pk).update(link_expires_at=long_ago)
    data = {
        "organisation": assessment.organisation_id,
        "framework": assessment.framework_id,
        "title": assessment.title,
        "language": "en",
        "closes_on": "2099-06-30",
        "respondents-TOTAL_FORMS": "0",
        "respondents-INITIAL_FORMS": "0",
    }
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    assert client.post(url, data).status_code == 302
    alive.refresh_from_db()
    gone.refresh_from_db()
    assert alive.link_expires_at == datetime(2099, 8, 30, 0, 0, tzinfo=PARIS)
    assert gone.link_expires_at == long_ago


# After a resend, the old link says a newer one was sent.


@pytest.mark.django_db
def test_after_a_resend_the_old_link_says_when_the_newer_one_was_sent(client, assessment):
    respondent, first = _invite(assessment)
    second = _resend(respondent)
    respondent.refresh_from_db()
    third = _resend(respondent)
    Respondent.objects.filter(pk=respondent.pk).update(
        last_invited_at=datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    )
    for old in (first, second):
        response = client.get(_welcome(old))
        assert response.status_code == 410
        page = response.content.decode()
        assert (
            "A newer link was sent to you on 14 Mar 2026. Please use the link in the latest "
            "e-mail." in page
        )
        assert "Rita" not in page
        assert "rita.respondent@example.com" not in page
        assert third not in page
    assert client.get(_welcome(third)).status_code == 200


@pytest.mark.django_db
def test_only_the_hashes_of_old_links_are_kept(assessment):
    respondent, first = _invite(assessment)
    first_hash = Respondent.objects.get(pk=respondent.pk).token_hash
    _resend(respondent)
    kept = list(SupersededLink.objects.values_list("token_hash", "respondent_id"))
    assert kept == [(first_hash, respondent.pk)]
    assert first not in first_hash


@pytest.mark.django_db
def test_the_newer_link_page_speaks_french(client, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(language="fr")
    assessment.refresh_from_db()
    respondent, first = _invite(assessment)
    _resend(respondent)
    Respondent.objects.filter(pk=respondent.pk).update(
        last_invited_at=datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    )
    page = client.get(_welcome(first)).content.decode()
    assert (
        "Un lien plus récent vous a été envoyé le 14 mars 2026. Utilisez celui du dernier e-mail."
        in page
    )


@pytest.mark.django_db
def test_the_newer_link_page_costs_two_queries(client, assessment, django_assert_num_queries):
    respondent, first = _invite(assessment)
    _resend(respondent)
    # 1. the respondent of the link's hash: none
    # 2. the superseded link of that hash, with its respondent and assessment
    with django_assert_num_queries(2):
        assert client.get(_welcome(first)).status_code == 410


@pytest.mark.django_db
def test_an_old_link_of_a_withdrawn_invitation_says_it_was_withdrawn(client, assessment):
    respondent, first = _invite(assessment)
    second = _resend(respondent)
    respondent.refresh_from_db()
    invitation_revoke(respondent=respondent)
    for token in (first, second):
        response = client.get(_welcome(token))
        assert response.status_code == 410
        assert str(MSG_REVOKED_LINK) in response.content.decode()


@pytest.mark.django_db
def test_a_revoked_expired_link_says_it_was_withdrawn(client, assessment):
    respondent, token = _invite(assessment)
    invitation_revoke(respondent=respondent)
    _expire(respondent)
    response = client.get(_welcome(token))
    assert response.status_code == 410
    assert str(MSG_REVOKED_LINK) in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_link_stays_the_generic_404(client, assessment, django_assert_num_queries):
    respondent, _first = _invite(assessment)
    _resend(respondent)
    # 1. the respondent of the link's hash: none
    # 2. the superseded link of that hash: none
    with django_assert_num_queries(2):
        response = client.get(_welcome(new_token()))
    assert response.status_code == 404
    assert str(MSG_UNKNOWN_LINK) in response.content.decode()


@pytest.mark.django_db
def test_the_hash_of_an_old_link_is_not_a_link(client, assessment):
    # Someone with a database dump has the hashes of old links too, not the links.
    respondent, _first = _invite(assessment)
    _resend(respondent)
    old_hash = SupersededLink.objects.get().token_hash
    assert client.get(_welcome(old_hash)).status_code == 404
