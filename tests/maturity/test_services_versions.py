"""Importing a version that maps its keys to an earlier one, its links and own references."""

from __future__ import annotations

import copy
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from maturity.framework_file import dump_framework
from maturity.models import Framework, FrameworkReference, Option, Question
from maturity.selectors import (
    KeyMapping,
    framework_document,
    framework_version_mapping,
)
from maturity.services import framework_import

pytestmark = pytest.mark.django_db

LINK = {"url": "https://example.org/iac", "title": {"en": "A guide", "fr": "Un guide"}}


@pytest.fixture
def version_2(sample_document) -> dict:
    """sample 2.0, mapped to sample 1.0: one dimension renamed, questions merged and reworded."""
    document = copy.deepcopy(sample_document)
    document["version"] = "2.0"
    document["status"] = "draft"
    document["previous_version"] = "1.0"
    document["references"] = [
        {"id": "euaia:art-4", "title": {"en": "AI literacy", "fr": "Maîtrise de l'IA"}, "url": None}
    ]
    automation = document["dimensions"][0]
    automation["key"] = "delivery"
    automation["replaces"] = [{"key": "automation", "how": "reworded"}]
    deploy, iac = automation["questions"]
    deploy["key"] = "delivery-pipeline"
    deploy["replaces"] = [
        {"key": "automation-deploy", "how": "merged"},
        {"key": "automation-iac", "how": "merged"},
    ]
    iac["key"] = "delivery-iac"
    iac["links"] = [LINK]
    iac["references"] = ["euaia:art-4"]
    iac["options"][0]["links"] = [LINK]
    return document


def _write(path, document: dict) -> str:
    path.write_text(dump_framework(document), encoding="utf-8")
    return str(path)


def test_a_version_mapped_to_a_stored_version_is_imported_with_its_mapping(
    sample_framework, version_2
):
    warnings: list[str] = []
    framework, _ = framework_import(document=version_2, warnings=warnings)
    assert warnings == []
    assert framework.previous_version == "1.0"
    assert Question.objects.get(framework=framework, key="delivery-iac").links == [LINK]
    assert Option.objects.get(question__framework=framework, key="no").links == [LINK]
    assert list(
        FrameworkReference.objects.filter(framework=framework).values_list(
            "reference_id", "title_fr", "url"
        )
    ) == [("euaia:art-4", "Maîtrise de l'IA", "")]
    assert framework_document(framework) == version_2


def test_keys_missing_from_the_stored_previous_version_fail_the_import_one_line_each(
    sample_framework, version_2
):
    version_2["dimensions"][0]["replaces"] = [{"key": "automations", "how": "reworded"}]
    version_2["dimensions"][1]["questions"][0]["replaces"] = [{"key": "tracking", "how": "kept"}]
    with pytest.raises(ValidationError) as caught:
        framework_import(document=version_2)
    assert caught.value.messages == [
        "Dimension 'delivery' replaces 'automations', which sample 1.0 does not have.",
        "Question 'experiments-tracking' replaces 'tracking', which sample 1.0 does not have.",
    ]
    assert list(Framework.objects.values_list("version", flat=True)) == ["1.0"]
    assert not FrameworkReference.objects.exists()


def test_a_previous_version_not_stored_imports_with_a_warning(db, version_2):
    warnings: list[str] = []
    framework, _ = framework_import(document=version_2, warnings=warnings)
    assert warnings == [
        "Warning: sample 1.0 (previous_version) is not imported here, so the keys its replaces "
        "name were not checked; import it to check them."
    ]
    assert framework.version == "2.0"


def test_the_command_prints_a_line_per_missing_key_and_writes_nothing(
    sample_framework, version_2, tmp_path
):
    version_2["dimensions"][0]["replaces"] = [{"key": "automations", "how": "reworded"}]
    path = _write(tmp_path / "v2.yaml", version_2)
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_framework", path, stdout=StringIO(), stderr=err)
    assert str(caught.value) == f"1 error in {path}; nothing was imported."
    assert err.getvalue() == (
        f"{path}: Dimension 'delivery' replaces 'automations', which sample 1.0 does not have.\n"
    )
    assert Framework.objects.count() == 1


def test_the_command_prints_the_warning_when_the_previous_version_is_not_stored(
    db, version_2, tmp_path
):
    out = StringIO()
    call_command("import_framework", _write(tmp_path / "v2.yaml", version_2), stdout=out)
    assert out.getvalue() == (
        "Warning: sample 1.0 (previous_version) is not imported here, so the keys its replaces "
        "name were not checked; import it to check them.\n"
        "Imported sample 2.0 (3 dimensions, 6 questions).\n"
    )


def test_export_then_import_of_a_2_0_version_is_identical(sample_framework, version_2, tmp_path):
    framework_import(document=version_2)
    path = tmp_path / "out.yaml"
    call_command("export_framework", "sample", "--version", "2.0", "-o", str(path))
    out = StringIO()
    call_command("import_framework", str(path), stdout=out)
    assert out.getvalue() == "sample 2.0 is already imported with identical content.\n"


def test_the_mapping_gives_old_keys_to_new_with_how_and_the_keys_kept_unsaid(
    sample_framework, version_2, django_assert_num_queries
):
    framework, _ = framework_import(document=version_2)
    # This version's dimension keys, its question keys; the previous version, its dimension
    # keys, its question keys.
    with django_assert_num_queries(5):
        mapping = framework_version_mapping(framework)
    assert (mapping.slug, mapping.version, mapping.previous_version) == ("sample", "2.0", "1.0")
    assert mapping.previous_stored is True
    assert mapping.dimensions == [
        KeyMapping("automation", "delivery", "reworded"),
        KeyMapping("experiments", "experiments", "kept", declared=False),
        KeyMapping("monitoring", "monitoring", "kept", declared=False),
    ]
    assert mapping.questions == [
        KeyMapping("automation-deploy", "delivery-pipeline", "merged"),
        KeyMapping("automation-iac", "delivery-pipeline", "merged"),
        KeyMapping("experiments-tracking", "experiments-tracking", "kept", declared=False),
        KeyMapping("experiments-reproduce", "experiments-reproduce", "kept", declared=False),
        KeyMapping("monitoring-drift", "monitoring-drift", "kept", declared=False),
        KeyMapping("monitoring-latency", "monitoring-latency", "kept", declared=False),
    ]


def test_the_mapping_of_a_version_without_previous_version_is_empty(
    sample_framework, django_assert_num_queries
):
    # The dimension keys and the question keys; no previous version to read.
    with django_assert_num_queries(2):
        mapping = framework_version_mapping(sample_framework)
    assert mapping.previous_version is None
    assert mapping.previous_stored is False
    assert mapping.dimensions == [] and mapping.questions == []


def test_export_framework_mapping_prints_the_mapping_as_json(db, version_2):
    framework_import(document=version_2)
    out = StringIO()
    call_command("export_framework", "sample", "--version", "2.0", "--mapping", stdout=out)
    assert json.loads(out.getvalue()) == {
        "slug": "sample",
        "version": "2.0",
        "previous_version": "1.0",
        "previous_stored": False,
        "dimensions": [
            {"old": "automation", "new": "delivery", "how": "reworded", "declared": True}
        ],
        "questions": [
            {
                "old": "automation-deploy",
                "new": "delivery-pipeline",
                "how": "merged",
                "declared": True,
            },
            {
                "old": "automation-iac",
                "new": "delivery-pipeline",
                "how": "merged",
                "declared": True,
            },
        ],
    }
