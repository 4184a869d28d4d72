"""Two tests that must run in this order; tests/test_test_isolation.py runs them on their own.

Not collected by the suite (the name does not start with test_): pytest-randomly would shuffle
them, and the order is the point.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def test_1_a_request_in_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/accounts/login/")
    assert '<html lang="fr">' in response.content.decode()
    assert translation.get_language() == "fr"  # the request left French active


def test_2_the_next_test_is_in_the_default_language():
    assert translation.get_language() == settings.LANGUAGE_CODE
    assert translation.gettext("French") == "French"
