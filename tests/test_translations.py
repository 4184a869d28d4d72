"""Every user-facing string has a French translation (.ci/check_translations.py, also in CI)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import polib
import pytest

from tests.test_site import ROOT

CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
CHECK = ROOT / ".ci" / "check_translations.py"

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="GNU gettext is not installed",
)


def load_check():
    spec = importlib.util.spec_from_file_location("check_translations", CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_french_translation_is_missing():
    assert [entry.msgid for entry in polib.pofile(str(CATALOGUE)).untranslated_entries()] == []


def test_no_french_translation_is_a_fuzzy_guess():
    assert [entry.msgid for entry in polib.pofile(str(CATALOGUE)).fuzzy_entries()] == []


@needs_gettext
def test_catalogue_compiles():
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], check=True)


@needs_gettext
def test_catalogue_has_every_message_of_the_code():
    """A fresh makemessages in a temporary copy finds nothing the catalogue lacks."""
    before = CATALOGUE.read_bytes()
    result = subprocess.run(
        [sys.executable, str(CHECK)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "French catalogue: complete" in result.stdout
    assert CATALOGUE.read_bytes() == before  # the committed catalogue is never written to


def test_check_lists_missing_untranslated_and_fuzzy_messages():
    check = load_check()
    code, committed = polib.POFile(), polib.POFile()
    for msgid in ("Kept", "Empty", "Guessed", "New"):
        code.append(polib.POEntry(msgid=msgid, occurrences=[("app/views.py", "3")]))
    committed.append(polib.POEntry(msgid="Kept", msgstr="Gardé"))
    committed.append(polib.POEntry(msgid="Empty", msgstr=""))
    committed.append(polib.POEntry(msgid="Guessed", msgstr="Deviné", flags=["fuzzy"]))
    report = "\n".join(check.problems("django", code, committed))
    assert "1 message(s) of the code missing" in report
    assert "'New'  [app/views.py:3]" in report
    assert "1 message(s) not translated:\n  'Empty'" in report
    assert "1 fuzzy translation(s) to check:\n  'Guessed'" in report
    assert "Kept" not in report


def test_check_finds_a_translated_literal_inside_an_f_string(tmp_path):
    check = load_check()
    source = tmp_path / "forms.py"
    source.write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext\n"
        "from django.utils import translation\n"
        "help = f\"<b>{_('Why it matters:')}</b>\"\n"
        "label = pgettext('answer', 'Yes')\n"
        "title = translation.gettext('Title')\n"
        "dynamic = _(help)\n"
    )
    found = {message for message, _line in check.translated_literals(source)}
    assert found == {("answer", "Yes"), (None, "Title"), (None, "Why it matters:")}
