"""The workspace's reads that need no database."""

import pytest

from assessments.selectors import answering_minutes


@pytest.mark.parametrize(
    ("question_count", "minutes"), [(0, 5), (1, 5), (7, 5), (8, 10), (69, 50), (75, 50), (76, 55)]
)
def test_answering_minutes_rounds_40_seconds_a_question_up_to_five_minutes(question_count, minutes):
    assert answering_minutes(question_count) == minutes
