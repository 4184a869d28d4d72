"""A test never inherits the active language of the one before it (tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings
from django.utils import translation

from tests.conftest import default_language
from tests.test_site import ROOT


def test_default_language_undoes_a_request_in_french(client):
    with default_language():
        assert translation.get_language() == settings.LANGUAGE_CODE
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        client.get("/accounts/login/")
        assert translation.get_language() == "fr"
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_default_language_undoes_an_activation_that_raised():
    try:
        with default_language():
            translation.activate("fr")
            raise RuntimeError
    except RuntimeError:
        pass
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_every_test_runs_in_the_default_language(request):
    assert "_default_language" in request.fixturenames
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_a_test_after_a_french_request_sees_the_default_language():
    """The two tests of ordered_language_leak.py, in their order, in a pytest of their own."""
    command = [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:xdist", "-q"]
    result = subprocess.run(
        [*command, "tests/ordered_language_leak.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
