"""Two-factor authentication: who must give a second factor, enrolment, codes, the reset."""

from __future__ import annotations

from base64 import b32encode
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import MSG_CODE_DIGITS
from accounts.middleware import SESSION_KEY
from accounts.services import MSG_TOO_MANY_CODES, MSG_WRONG_CODE

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
VERIFY = "/accounts/two-factor/verify/"
ENROL = "/accounts/two-factor/enrol/"
PASSWORD = "password"  # the factories' (tests/factories.py)


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED = True


def code_of(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the user's app shows now: django-otp's own RFC 6238 implementation."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp() + steps_ahead * device.step
    return f"{totp.token():06d}"


def app_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def superuser() -> User:
    return User.objects.create_superuser("root", "root@example.com", PASSWORD)


# Who is sent where -------------------------------------------------------------------------


def test_a_consultant_without_an_app_is_sent_to_enrol_from_the_dashboard(
    client, consultant, required
):
    client.force_login(consultant)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fdashboard%2F"


def test_every_workspace_page_and_posts_are_held_too(client, consultant, assessment, required):
    client.force_login(consultant)
    for url in (
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/results/",
        f"/assessments/{assessment.pk}/export.csv",
        "/organisations/new/",
    ):
        assert client.get(url)["Location"].startswith(f"{ENROL}?next="), url
    response = client.post(f"/assessments/{assessment.pk}/status/", {"status": "closed"})
    assert response["Location"].startswith(f"{ENROL}?next=")
    assessment.refresh_from_db()
    assert assessment.status == "open"


def test_a_consultant_with_an_app_is_asked_for_its_code_after_the_password(
    client, consultant, required
):
    app_of(consultant)
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": DASHBOARD}
    )
    assert response["Location"] == DASHBOARD
    response = client.get(DASHBOARD)
    assert response["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Enter your code" in page.text


def test_without_mfa_required_an_app_holder_is_still_asked_for_the_code(client, consultant):
    app_of(consultant)
    client.force_login(consultant)
    assert client.get(DASHBOARD)["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"


def test_without_mfa_required_a_consultant_without_an_app_goes_on(client, consultant):
    client.force_login(consultant)
    assert client.get(DASHBOARD).status_code == 200
    # The enrolment page is there for whoever wants an app all the same.
    assert client.get(ENROL).status_code == 200


def test_a_client_contact_is_not_required_to_use_a_second_factor(client, client_contact, required):
    client.force_login(client_contact)
    assert client.get("/client/").status_code == 200


def test_a_client_contact_may_enrol_and_is_then_asked_for_the_code(client, client_contact):
    client.force_login(client_contact)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=client_contact)
    assert client.post(ENROL, {"token": code_of(device)})["Location"] == "/"
    client.logout()
    client.force_login(client_contact)
    assert client.get("/client/")["Location"] == f"{VERIFY}?next=%2Fclient%2F"


def test_personal_links_health_and_language_stay_open_to_an_unverified_consultant(
    client, consultant, respondent, required
):
    client.force_login(consultant)
    assert client.get(f"/r/{respondent.token}/").status_code == 200
    assert client.get("/health/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code == 302
    assert client.get(ENROL).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_the_admins_login_page_is_held_like_the_rest(client, required):
    client.force_login(superuser())
    assert client.get("/admin/login/")["Location"].startswith(f"{ENROL}?next=")


def test_a_session_opened_before_the_check_existed_is_held_too(client, consultant, required):
    client.force_login(consultant)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    assert client.get(DASHBOARD)["Location"] == f"{ENROL}?next=%2Fdashboard%2F"


def test_a_session_noted_before_mfa_became_required_is_held(client, consultant, settings):
    client.force_login(consultant)
    assert client.get(DASHBOARD).status_code == 200
    settings.MFA_REQUIRED = True
    assert client.get(DASHBOARD)["Location"] == f"{ENROL}?next=%2Fdashboard%2F"


def test_a_respondent_without_an_account_is_untouched(client, respondent, required):
    assert client.get(f"/r/{respondent.token}/").status_code == 200


def test_an_anonymous_visitor_still_goes_to_the_login_page(client, required):
    assert client.get(DASHBOARD)["Location"] == "/accounts/login/?next=/dashboard/"
    assert client.get(VERIFY)["Location"] == "/accounts/login/?next=/accounts/two-factor/verify/"


def test_the_admin_is_closed_to_an_unverified_superuser(client, required):
    root = superuser()
    client.force_login(root)
    assert client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    assert client.get("/admin/auth/user/")["Location"].startswith(f"{ENROL}?next=")
    device = app_of(root)
    # The enrolment page sends one who has an app by now to give its code instead.
    assert client.get(ENROL)["Location"] == VERIFY
    client.force_login(root)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    client.post(VERIFY, {"token": code_of(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_the_admin_hides_the_secret_keys_of_the_apps(client, required):
    root = superuser()
    device = app_of(root)
    client.force_login(root)
    client.post(VERIFY, {"token": code_of(device)})
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.text


# Enrolment ---------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_and_keeps_them_until_confirmed(
    client, consultant, required
):
    client.force_login(consultant)
    page = client.get(f"{ENROL}?next=%2Fdashboard%2F")
    device = TOTPDevice.objects.get(user=consultant)
    assert device.confirmed is False
    secret = b32encode(bytes.fromhex(device.key)).decode()
    assert len(secret) == 32
    grouped = " ".join(secret[i : i + 4] for i in range(0, 32, 4))
    assert grouped in page.text
    assert '<svg width="' in page.text
    assert "<script" not in page.text
    assert grouped in client.get(ENROL).text
    assert TOTPDevice.objects.filter(user=consultant).count() == 1


def test_a_correct_first_code_confirms_the_app_and_verifies_the_session(
    client, consultant, required
):
    client.force_login(consultant)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=consultant)
    response = client.post(f"{ENROL}?next=%2Fdashboard%2F", {"token": code_of(device)})
    assert response["Location"] == DASHBOARD
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(DASHBOARD).status_code == 200
    # The verified session lasts: later pages pass too, and no secret is shown again.
    assert client.get("/organisations/new/").status_code == 200
    assert client.get(ENROL)["Location"] == VERIFY
    assert client.get(VERIFY)["Location"] == "/"


def test_a_wrong_first_code_leaves_the_app_unconfirmed(client, consultant, required):
    client.force_login(consultant)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=consultant)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"token": wrong})
    assert response.status_code == 200
    assert str(MSG_WRONG_CODE) in response.text
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(DASHBOARD)["Location"].startswith(ENROL)


# The code after the password ---------------------------------------------------------------


@pytest.fixture
def unverified(client, consultant, required):
    device = app_of(consultant)
    client.force_login(consultant)
    return device


def test_a_correct_code_verifies_the_session_with_a_new_session_key(
    client, unverified, django_assert_num_queries
):
    client.get(DASHBOARD)
    key_before = client.session.session_key
    # 1 the session, 2 the user, 3 the confirmed app, then the check: 4 savepoint, 5 the app
    # locked, 6 its new counter saved, 7 release; a new session key: 8 is it free, 9 savepoint,
    # 10 insert, 11 release, 12 the old session read, 13 and deleted; the session's data
    # saved: 14 savepoint, 15 update, 16 release.
    with django_assert_num_queries(16):
        response = client.post(VERIFY, {"token": code_of(unverified), "next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    assert client.session.session_key != key_before
    assert client.get(DASHBOARD).status_code == 200


def test_a_code_given_with_spaces_is_accepted(client, unverified):
    code = code_of(unverified)
    response = client.post(VERIFY, {"token": f" {code[:3]} {code[3:]} "})
    assert response["Location"] == "/"


def test_a_wrong_code_is_refused_with_its_message(client, unverified):
    wrong = f"{(int(code_of(unverified)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong, "next": DASHBOARD})
    assert response.status_code == 200
    assert response.context["form"].errors == {"token": [str(MSG_WRONG_CODE)]}
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


@pytest.mark.parametrize("token", ["", "12345", "1234567", "12ab56", "<script>", "１２３４５６"])
def test_a_code_that_is_not_six_digits_is_refused(client, unverified, token):
    response = client.post(VERIFY, {"token": token})
    assert response.status_code == 200
    assert response.context["form"].errors["token"] in (
        [str(MSG_CODE_DIGITS)],
        ["This field is required."],
    )
    unverified.refresh_from_db()
    assert unverified.throttling_failure_count == 0


def test_after_wrong_codes_even_the_right_one_is_refused_for_a_while(client, unverified):
    wrong = f"{(int(code_of(unverified)) + 1) % 1_000_000:06d}"
    for _ in range(3):
        client.post(VERIFY, {"token": wrong})
    response = client.post(VERIFY, {"token": code_of(unverified)})
    assert response.status_code == 200
    assert response.context["form"].errors == {"token": [str(MSG_TOO_MANY_CODES)]}
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)
    # Once the delay (4 seconds after 3 failures) is over, the right code works again.
    TOTPDevice.objects.filter(pk=unverified.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    assert client.post(VERIFY, {"token": code_of(unverified)})["Location"] == "/"


def test_a_code_cannot_be_used_twice(client, consultant, unverified):
    code = code_of(unverified)
    assert client.post(VERIFY, {"token": code})["Location"] == "/"
    client.logout()
    client.force_login(consultant)
    response = client.post(VERIFY, {"token": code})
    assert response.status_code == 200
    assert response.context["form"].errors == {"token": [str(MSG_WRONG_CODE)]}


@pytest.mark.parametrize(
    "target", ["https://attacker.example/", "//attacker.example/", "dashboard", "javascript:x"]
)
def test_the_next_page_must_be_a_path_of_this_site(client, unverified, target):
    # A bare word was a 500: redirect() read it as a URL name.
    response = client.post(VERIFY, {"token": code_of(unverified), "next": target})
    assert response["Location"] == "/"


def test_another_users_app_does_not_verify(client, unverified, other_consultant):
    other = app_of(other_consultant)
    response = client.post(VERIFY, {"token": code_of(other)})
    assert response.status_code == 200
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


# The reset ---------------------------------------------------------------------------------


def test_mfa_reset_deletes_the_app_and_the_user_enrols_again(client, unverified, consultant):
    client.post(VERIFY, {"token": code_of(unverified)})
    out = StringIO()
    call_command("mfa_reset", "alice", stdout=out)
    assert out.getvalue() == "1 authenticator app(s) of alice deleted.\n"
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    # The session verified with it no longer is.
    assert client.get(DASHBOARD)["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"
    assert client.get(f"{VERIFY}?next=%2Fdashboard%2F")["Location"] == (
        f"{ENROL}?next=%2Fdashboard%2F"
    )


def test_mfa_reset_of_an_unknown_user_fails(db):
    with pytest.raises(CommandError, match="No user is named 'nobody'"):
        call_command("mfa_reset", "nobody")
