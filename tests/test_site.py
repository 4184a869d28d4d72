"""Project-wide behaviour: settings, the home page, languages, seed_demo."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_home_page_is_served_in_english_and_french(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "How ready are your machine-learning systems" in response.content.decode()
    response = client.get(reverse("home"), headers={"accept-language": "fr"})
    assert "Vos systèmes d'apprentissage automatique sont-ils prêts" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_sets_the_language(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.django_db
def test_menu_offers_the_dashboard_to_consultants_and_results_to_client_contacts(
    client, consultant, client_contact
):
    client.force_login(consultant)
    page = client.get(reverse("assessments:dashboard")).content.decode()
    assert reverse("assessments:dashboard") in page
    client.force_login(client_contact)
    page = client.get(reverse("results:client_home")).content.decode()
    assert reverse("results:client_home") in page
    assert reverse("assessments:dashboard") not in page


@pytest.mark.django_db
def test_home_sends_each_user_to_their_page(client, consultant, client_contact):
    client.force_login(consultant)
    assert client.get(reverse("home"))["Location"] == reverse("assessments:dashboard")
    client.force_login(client_contact)
    assert client.get(reverse("home"))["Location"] == reverse("results:client_home")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "home"),
    [("consultant", "assessments:dashboard"), ("client_contact", "results:client_home")],
)
def test_logging_in_lands_each_role_on_its_own_home(client, request, persona, home):
    user = request.getfixturevalue(persona)
    response = client.post(
        reverse("login"), {"username": user.username, "password": "password"}, follow=True
    )
    # Through the home page, which sends each role to its own page: never a 404.
    assert response.redirect_chain[-1] == (reverse(home), 302)
    assert response.status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


@pytest.mark.django_db
def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no/such/page/", headers={"accept-language": "fr"})
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_says_nothing_was_saved(respondent):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("questionnaire:review", args=[respondent.token]), {"confirm": "yes"}
    )
    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.status == "invited"


def test_english_dates_are_written_the_european_way():
    moment = datetime(2026, 11, 29, 14, 5)
    with translation.override("en"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "29/11/2026 14:05"
        assert formats.date_format(moment, "DATE_FORMAT") == "29 Nov 2026"
    with translation.override("fr"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "29/11/2026 14:05"
