"""What loading the apps costs: WeasyPrint only where a report is rendered, imports one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Only these render a PDF, and so may import WeasyPrint.
RENDERING_MODULES = {"reports.rendering", "reports.fetcher"}
# Imports point one way (docs/architecture.md): each app may import those after it, never before.
LAYERS = [
    "lib",
    "background",
    "audit",
    "maturity",
    "assessments",
    "accounts",
    "results",
    "reports",
    "privacy",
    "demo",
]


def project_modules() -> list[str]:
    modules = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules.append(".".join(parts))
    return modules


def test_no_module_but_the_renderer_loads_weasyprint():
    # In a fresh interpreter: this test process may have loaded WeasyPrint already.
    modules = [m for m in project_modules() if m not in RENDERING_MODULES]
    script = (
        "import os, sys, importlib, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "django.setup()\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'weasyprint' in sys.modules:\n"
        "        print(name)\n"
        "        break\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "", f"importing {run.stdout.strip()} loads WeasyPrint"


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names & set(LAYERS)


def test_imports_point_one_way():
    backwards = []
    for index, layer in enumerate(LAYERS):
        later = set(LAYERS[index + 1 :])
        for path in sorted((ROOT / layer).rglob("*.py")):
            if wrong := _imported_apps(path) & later:
                backwards.append(f"{path.relative_to(ROOT)} imports {sorted(wrong)}")
    assert backwards == []


def test_lib_imports_no_django():
    for path in sorted((ROOT / "lib").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("django"), path
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("django") for a in node.names), path
