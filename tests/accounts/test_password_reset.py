"""The password-reset page: Django's, with a limit on how often it sends."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.views import MSG_TOO_MANY_RESETS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")


def ask(client, email, ip="192.0.2.10"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_an_address_gets_five_links_an_hour_then_a_429_with_a_message(client, settings):
    settings.PASSWORD_RESET_LIMITS_PER_HOUR = (5, 20)
    UserFactory(username="carla", email="carla@client.example")
    for _ in range(5):
        assert ask(client, "carla@client.example")["Location"] == reverse("password_reset_done")
    response = ask(client, "Carla@Client.example ", ip="198.51.100.7")  # same address, elsewhere
    assert response.status_code == 429
    assert str(MSG_TOO_MANY_RESETS) in response.content.decode()
    assert len(mail.outbox) == 5


def test_one_client_address_asks_for_twenty_addresses_an_hour_at_most(client, settings):
    settings.PASSWORD_RESET_LIMITS_PER_HOUR = (5, 20)
    UserFactory(username="last", email="last@client.example")
    for n in range(20):
        assert ask(client, f"probe{n}@client.example").status_code == 302
    assert ask(client, "last@client.example").status_code == 429
    assert mail.outbox == []
    # Another network is not held back by that one.
    assert ask(client, "last@client.example", ip="203.0.113.5").status_code == 302
    assert len(mail.outbox) == 1


def test_a_malformed_address_is_a_form_error_and_is_not_counted(client, settings):
    settings.PASSWORD_RESET_LIMITS_PER_HOUR = (1, 1)
    assert ask(client, "not an address").status_code == 200
    assert ask(client, "someone@client.example").status_code == 302
