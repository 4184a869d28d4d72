"""The YAML line loader: lines per path, and the source text of unquoted booleans and numbers."""

from __future__ import annotations

import datetime

from lib.yaml_lines import load_with_lines, load_with_sources


def test_unquoted_booleans_numbers_and_dates_keep_their_source_text():
    text = "a: yes\nb: 'no'\nc: 1.10\nd: [On, 2, x, ~, !!str true, 2024-01-01]\ne: plain\n"
    loaded = load_with_sources(text)
    assert loaded.data == {
        "a": True,
        "b": "no",
        "c": 1.1,
        "d": [True, 2, "x", None, "true", datetime.date(2024, 1, 1)],
        "e": "plain",
    }
    # Quoted, tagged, null and text values have no entry: YAML kept what the author wrote.
    assert loaded.sources == {
        ("a",): "yes",
        ("c",): "1.10",
        ("d", 0): "On",
        ("d", 1): "2",
        ("d", 5): "2024-01-01",
    }
    assert loaded.lines[("d", 5)] == 4


def test_load_with_lines_still_returns_data_and_lines():
    data, lines = load_with_lines("a:\n  - 1\n")
    assert data == {"a": [1]}
    assert lines == {(): 1, ("a",): 2, ("a", 0): 2}
