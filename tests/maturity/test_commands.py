"""import_framework and export_framework: all or nothing, idempotent, round trip."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from maturity.framework_file import parse_framework
from maturity.models import Framework, Option, Question
from maturity.selectors import framework_document
from maturity.services import MSG_PUBLISHED_CHANGED
from tests.conftest import SAMPLE_FRAMEWORK_FILE

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def table_counts() -> tuple[int, int, int]:
    return Framework.objects.count(), Question.objects.count(), Option.objects.count()


def test_import_creates_the_framework():
    output = run("import_framework", str(SAMPLE_FRAMEWORK_FILE))
    assert output.strip() == "Imported sample 1.0 (3 dimensions, 6 questions)."
    framework = Framework.objects.get(slug="sample", version="1.0")
    assert framework.is_published
    assert [d.key for d in framework.dimensions.all()] == [
        "automation",
        "experiments",
        "monitoring",
    ]
    assert framework.stages.count() == 5
    question = Question.objects.get(key="monitoring-latency")
    assert question.applies_if == {"online_serving": True}
    assert question.allow_na


def test_importing_the_same_file_twice_changes_nothing():
    run("import_framework", str(SAMPLE_FRAMEWORK_FILE))
    before = table_counts()
    output = run("import_framework", str(SAMPLE_FRAMEWORK_FILE))
    assert "already imported with identical content" in output
    assert table_counts() == before


def test_changed_published_framework_is_refused_and_says_to_bump_the_version(tmp_path: Path):
    run("import_framework", str(SAMPLE_FRAMEWORK_FILE))
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8").replace(
            "Manual deployments fail silently.", "Manual deployments fail."
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as excinfo:
        run("import_framework", str(changed))
    expected = MSG_PUBLISHED_CHANGED.format(slug="sample", version="1.0", next_version="1.1")
    assert str(excinfo.value) == expected
    assert Question.objects.get(key="automation-deploy").help_en == (
        "Manual deployments fail silently."
    )


def test_a_changed_draft_is_replaced(tmp_path: Path):
    draft = SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8").replace(
        "status: published", "status: draft"
    )
    first = tmp_path / "draft.yaml"
    first.write_text(draft, encoding="utf-8")
    run("import_framework", str(first))
    second = tmp_path / "draft2.yaml"
    second.write_text(draft.replace("How are models deployed?", "How do models ship?"), "utf-8")
    assert "Replaced draft sample 1.0" in run("import_framework", str(second))
    assert Question.objects.get(key="automation-deploy").text_en == "How do models ship?"
    assert Framework.objects.count() == 1


def test_invalid_file_exits_non_zero_with_line_numbered_errors_and_writes_nothing(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    text = SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8")
    text = text.replace("    target: 2\n", "    target: 12\n").replace("weight: 1.5", "weight: 0")
    broken.write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match=r"2 errors in .*nothing was imported"):
        call_command("import_framework", str(broken), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    target_line = text.splitlines().index("    target: 12") + 1
    assert lines[0] == (
        f"{broken}:{target_line}: dimensions[1].target: expected a whole number on the scale, "
        "0 to 4"
    )
    assert "dimensions[1].questions[1].weight" in lines[1]
    assert table_counts() == (0, 0, 0)


def test_check_validates_without_writing():
    output = run("import_framework", "--check", str(SAMPLE_FRAMEWORK_FILE))
    assert output.strip() == f"{SAMPLE_FRAMEWORK_FILE}: sample 1.0 is valid."
    assert table_counts() == (0, 0, 0)


def test_import_of_a_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CommandError, match="1 error in"):
        call_command("import_framework", str(tmp_path / "nope.yaml"), stderr=StringIO())


def test_import_of_a_directory_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CommandError, match="1 error in"):
        call_command("import_framework", "--check", str(tmp_path), stderr=StringIO())


def test_export_then_import_round_trips(tmp_path: Path):
    run("import_framework", str(SAMPLE_FRAMEWORK_FILE))
    exported = run("export_framework", "sample")
    original = framework_document(Framework.objects.get())
    assert parse_framework(exported) == original
    # A second import of the export is a no-op: same data, same version.
    path = tmp_path / "export.yaml"
    path.write_text(exported, encoding="utf-8")
    assert "identical content" in run("import_framework", str(path))


def test_export_picks_the_requested_version(tmp_path: Path):
    run("import_framework", str(SAMPLE_FRAMEWORK_FILE))
    v2 = tmp_path / "v2.yaml"
    v2.write_text(
        SAMPLE_FRAMEWORK_FILE.read_text(encoding="utf-8").replace(
            'version: "1.0"', 'version: "2.0"'
        ),
        encoding="utf-8",
    )
    run("import_framework", str(v2))
    assert yaml.safe_load(run("export_framework", "sample", "--version", "1.0"))["version"] == "1.0"
    assert yaml.safe_load(run("export_framework", "sample"))["version"] == "2.0"


def test_export_to_a_file(tmp_path: Path):
    run("import_framework", str(SAMPLE_FRAMEWORK_FILE))
    target = tmp_path / "out.yaml"
    run("export_framework", "sample", "-o", str(target))
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["slug"] == "sample"


def test_export_of_an_unknown_framework_is_a_clear_error():
    with pytest.raises(CommandError, match="No framework nope 9"):
        run("export_framework", "nope", "--version", "9")
