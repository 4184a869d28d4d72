"""Framework services: status transitions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maturity.models import Framework
from maturity.services import MSG_STATUS_TRANSITION, framework_set_status

pytestmark = pytest.mark.django_db


def test_published_framework_can_be_retired(sample_framework):
    framework_set_status(framework=sample_framework, status="retired")
    sample_framework.refresh_from_db()
    assert sample_framework.status == Framework.Status.RETIRED


def test_published_framework_cannot_go_back_to_draft(sample_framework):
    with pytest.raises(ValidationError) as excinfo:
        framework_set_status(framework=sample_framework, status="draft")
    assert excinfo.value.messages == [MSG_STATUS_TRANSITION.format(old="Published", new="Draft")]
    sample_framework.refresh_from_db()
    assert sample_framework.is_published
