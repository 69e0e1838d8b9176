"""Where sentences end: stops, blank lines, list items and headings; not titles, initials or wrapped lines."""

from __future__ import annotations

import pytest

from commoncause.plainenglish.checker.sentences import sentences


def _split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One here. Two there! Three? Four…", ["One here.", "Two there!", "Three?", "Four…"]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("Ask Dr. Patel or Cllr. Shah, e.g. on Monday. J. Smith came.", [
            "Ask Dr. Patel or Cllr. Shah, e.g. on Monday.", "J. Smith came.",
        ]),
        ("It costs £3.50 a week.", ["It costs £3.50 a week."]),
        ("First paragraph\n\nSecond paragraph", ["First paragraph", "Second paragraph"]),
        ("We will:\n- cook\n- clean\n1. shop", ["We will:", "- cook", "- clean", "1. shop"]),
        ("Our plans\nWe will open a new hall.", ["Our plans", "We will open a new hall."]),
        # a line a PDF broke in the middle of a sentence is not an end
        ("The club is open to anyone who lives in the ward and\nCamden, on weekdays.", [
            "The club is open to anyone who lives in the ward and\nCamden, on weekdays.",
        ]),
    ],
)  # fmt: skip
def test_sentences_end_where_a_reader_would_stop(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_each_sentence_counts_its_words_and_has_no_surrounding_space() -> None:
    found = sentences("  One two three.   Four well-known words here.  ")
    assert [s.words for s in found] == [3, 4]
    assert found[0].start == 2
