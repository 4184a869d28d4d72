"""Fails when the committed French catalogues lag behind the code.

The messages are extracted afresh (`manage.py makemessages`, Python and templates, then
JavaScript) in a temporary copy of the project, so the committed locale/ is never written to.
The check fails, listing the messages, when

- a message of the code is missing from the committed catalogue,
- a message of the committed catalogue is untranslated (empty msgstr) or fuzzy,
- a literal message that the Python code translates is one makemessages cannot see: xgettext
  (0.21) skips calls inside f-strings, and knows the gettext functions by name only, not by
  an alias. Python's own parser finds these calls.

Messages of the catalogue that the code no longer has are listed without failing.
Run with the project's venv: `.venv/bin/python .ci/check_translations.py` (CI does).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "fr"
# django: Python code and templates; djangojs: static JavaScript (none has messages today).
DOMAINS = ("django", "djangojs")
# Not user-facing, or not ours.
MAKEMESSAGES_IGNORE = ("tests", "bench", "static/vendor")
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "locale", "media", "staticfiles", "var", "node_modules", "__pycache__",
    "*.pyc", "*.mo", "*.sqlite3", ".env", ".hypothesis", ".pytest_cache", ".ruff_cache",
)  # fmt: skip
UPDATE_HINT = (
    "Update the catalogue with `DEBUG=true .venv/bin/python manage.py makemessages -l fr "
    "--ignore=.venv --ignore=tests --ignore=bench --no-obsolete` (add `-d djangojs` for the "
    "JavaScript), translate every new or fuzzy "
    "message (and remove its fuzzy flag), then `make messages`."
)


def catalogue_path(root: Path, domain: str) -> Path:
    return root / "locale" / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def extract(workdir: Path) -> dict[str, polib.POFile]:
    """The messages of the code, per domain, from a fresh makemessages in a copy of the project."""
    copy = workdir / "project"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    (copy / "locale").mkdir()  # LOCALE_PATHS: empty, so nothing is merged with a catalogue
    env = {**os.environ, "DEBUG": "true"}
    options = ["--no-obsolete", "--verbosity", "0"]
    options += [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORE]
    for domain in DOMAINS:
        subprocess.run(  # noqa: S603 (our own manage.py, with the running interpreter)
            [sys.executable, "manage.py", "makemessages", "-l", LANGUAGE, "-d", domain, *options],
            cwd=copy,
            env=env,
            check=True,
        )
    # makemessages writes no file for a domain without any message.
    return {
        domain: polib.pofile(str(path))
        for domain in DOMAINS
        if (path := catalogue_path(copy, domain)).exists()
    }


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


# Django's translation functions, by the position of their context and of their message.
FUNCTIONS = {
    name: (None, 0)
    for name in ("gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy")
} | {name: (0, 1) for name in ("pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy")}


def python_files(root: Path) -> list[Path]:
    """The project's Python files that makemessages reads (the same folders left out)."""
    skipped = {".git", ".venv", "node_modules", "media", "staticfiles", "var", *MAKEMESSAGES_IGNORE}
    files = []
    for folder, subfolders, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        subfolders[:] = sorted(d for d in subfolders if str(relative / d) not in skipped)
        files += [Path(folder) / name for name in sorted(names) if name.endswith(".py")]
    return files


def translated_literals(path: Path) -> list[tuple[tuple[str | None, str], int]]:
    """(context, message) of every call with literal arguments to a translation function.

    A name is a translation function when imported as one from django.utils.translation
    (`from django.utils.translation import gettext_lazy as _`), or as the attribute of the
    module (`translation.gettext(...)`).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for name in node.names:
                if name.name in FUNCTIONS:
                    aliases[name.asname or name.name] = name.name
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            function = aliases.get(node.func.id)
        elif isinstance(node.func, ast.Attribute) and node.func.attr in FUNCTIONS:
            function = node.func.attr
        else:
            function = None
        if function is None:
            continue
        context_at, message_at = FUNCTIONS[function]
        wanted = [message_at] if context_at is None else [context_at, message_at]
        if len(node.args) <= max(wanted):
            continue
        values = [node.args[i] for i in wanted]
        if all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values):
            context = values[0].value if context_at is not None else None
            found.append(((context, values[-1].value), node.lineno))
    return found


def invisible_to_makemessages(extracted: polib.POFile | None) -> list[str]:
    """Lines for the literal messages of the Python code that the extraction missed."""
    seen = {key(entry) for entry in extracted} if extracted is not None else set()
    lines = []
    for path in python_files(ROOT):
        for (context, message), line in translated_literals(path):
            if (context, message) not in seen:
                where = f"{path.relative_to(ROOT)}:{line}"
                lines.append(f"  {message!r}  [{where}]")
    if lines:
        lines.insert(
            0,
            f"{len(lines)} message(s) translated in the code that makemessages cannot extract"
            " (a call inside an f-string, or an alias): call gettext outside the f-string.",
        )
    return lines


def describe(entry: polib.POEntry) -> str:
    where = ", ".join(f"{file}:{line}" if line else file for file, line in entry.occurrences[:3])
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    return f"  {entry.msgid!r}{context}" + (f"  [{where}]" if where else "")


def problems(domain: str, code: polib.POFile | None, committed: polib.POFile | None) -> list[str]:
    """What is wrong with one domain's committed catalogue, as lines to print."""
    lines: list[str] = []
    code_entries = list(code) if code is not None else []
    committed_entries = [e for e in committed if not e.obsolete] if committed is not None else []
    known = {key(entry) for entry in committed_entries}
    path = catalogue_path(ROOT, domain).relative_to(ROOT)

    missing = [entry for entry in code_entries if key(entry) not in known]
    if missing:
        lines.append(f"{path}: {len(missing)} message(s) of the code missing from the catalogue:")
        lines += [describe(entry) for entry in missing]
    if committed is not None:
        untranslated = committed.untranslated_entries()
        if untranslated:
            lines.append(f"{path}: {len(untranslated)} message(s) not translated:")
            lines += [describe(entry) for entry in untranslated]
        fuzzy = committed.fuzzy_entries()
        if fuzzy:
            lines.append(f"{path}: {len(fuzzy)} fuzzy translation(s) to check:")
            lines += [describe(entry) for entry in fuzzy]
    return lines


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="palier-messages-") as workdir:
        code = extract(Path(workdir))
    failures = invisible_to_makemessages(code.get("django"))
    for domain in DOMAINS:
        path = catalogue_path(ROOT, domain)
        committed = polib.pofile(str(path)) if path.exists() else None
        if code.get(domain) is None and committed is None:
            continue
        failures += problems(domain, code.get(domain), committed)
        if committed is not None:
            in_code = {key(entry) for entry in code.get(domain) or []}
            stale = [e for e in committed if not e.obsolete and key(e) not in in_code]
            if stale:
                print(f"note: {len(stale)} message(s) of {path.relative_to(ROOT)} are no longer in")
                print("the code (makemessages --no-obsolete removes them):")
                print("\n".join(describe(entry) for entry in stale))
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(UPDATE_HINT, file=sys.stderr)
        return 1
    counts = ", ".join(f"{domain} {len(po)} messages" for domain, po in code.items())
    print(f"French catalogue: complete ({counts}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
