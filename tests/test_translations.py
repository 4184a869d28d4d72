"""Every user-facing string has a French translation (CI also checks the catalogue is complete)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.test_site import ROOT

CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"

needs_gettext = pytest.mark.skipif(
    shutil.which("msgattrib") is None, reason="GNU gettext is not installed"
)


def entries(*flags: str) -> list[str]:
    output = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


@needs_gettext
def test_no_french_translation_is_missing():
    assert entries("--untranslated") == []


@needs_gettext
def test_no_french_translation_is_a_fuzzy_guess():
    assert entries("--only-fuzzy") == []


@needs_gettext
def test_catalogue_compiles():
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], check=True)
