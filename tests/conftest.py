"""Shared fixtures: the sample framework and the personas of the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.framework_file import read_framework_file
from maturity.services import framework_import

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_FRAMEWORK_FILE = FIXTURES / "sample-framework.yaml"


@pytest.fixture
def sample_document() -> dict:
    """The sample framework file, parsed and validated."""
    return read_framework_file(SAMPLE_FRAMEWORK_FILE)


@pytest.fixture
def sample_framework(db, sample_document):
    """The sample framework, imported."""
    framework, _ = framework_import(document=sample_document)
    return framework
