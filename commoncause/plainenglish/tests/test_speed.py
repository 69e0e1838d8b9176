"""The longest text the page and the API take is checked, and marked, in well under a few seconds,
however it is made: a pattern read once per character, not once per pair of them.

Checks that read a line, a word or the skipped spans again for each word they look at would take from
seconds to minutes on these; each is read once, and each text takes under half a second on the
project's machine.
"""

from __future__ import annotations

import time

import pytest

from commoncause.plainenglish.checker import MAX_TEXT_CHARACTERS, check
from commoncause.plainenglish.highlight import highlighted
from commoncause.plainenglish.tests.planted import CONTROL, EVERY_KIND, planted

N = MAX_TEXT_CHARACTERS
SECONDS = 5.0  # ten times what they take, for a busy machine


def _repeated(unit: str) -> str:
    return (unit * (N // len(unit) + 1))[:N]


@pytest.mark.parametrize(
    "text",
    [
        _repeated("SW1A 2AA "),  # postcodes on one line: each abbreviation-like word checked against them
        _repeated("AB "),  # one line of capitals
        _repeated("https://x.org/AB "),  # addresses, each with capitals in it
        "a" * N,  # one long word: an email address looked for at every letter
        "A" * (N - 1) + "b",  # capitals followed by a small letter
        _repeated("CVS (Council "),  # abbreviations with brackets after them
        _repeated("We utilise the key hall. "),  # a finding every few words, all marked
    ],
    ids=["postcodes", "capitals", "addresses", "one-word", "capitals-then-small", "brackets", "findings"],
)
def test_the_longest_text_allowed_is_checked_and_marked_quickly(text: str) -> None:
    started = time.perf_counter()
    result = check(text)
    highlighted(text, result.findings)
    assert time.perf_counter() - started < SECONDS


def test_a_text_of_ten_thousand_words_is_checked_in_under_a_second() -> None:
    text, _ = planted(EVERY_KIND)
    unit = f"{text}\n\n{CONTROL}\n\n"
    words = unit.split(" ")
    long_text = " ".join((words * (10_000 // len(words) + 1))[:10_000])
    started = time.perf_counter()
    result = check(long_text)
    assert time.perf_counter() - started < 1.0
    assert result.counts.words >= 10_000
