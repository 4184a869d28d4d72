"""Respondents' personal links never reach the logs."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from config.logging import MaskPersonalLinks


def test_filter_masks_the_token_in_message_and_arguments():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Bad Request: %s",
        ("/r/abcDEF123_-/d/automation/autosave/",),
        None,
    )
    MaskPersonalLinks().filter(record)
    assert record.getMessage() == "Bad Request: /r/…/d/automation/autosave/"


@pytest.mark.django_db
def test_a_refused_questionnaire_request_logs_no_token(client, respondent, caplog):
    url = reverse("questionnaire:autosave", args=[respondent.token, "automation"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(url, {"question": "nope"})
    assert response.status_code == 400
    assert caplog.records
    assert all(respondent.token not in record.getMessage() for record in caplog.records)
