"""Syllables come from British English hyphenation (pyphen, en_GB) and the vowels of each part."""

from __future__ import annotations

import pyphen
import pytest

from commoncause.plainenglish.checker.syllables import LONGEST_HYPHENATED, syllables

HYPHENATION = pyphen.Pyphen(lang="en_GB")


@pytest.mark.parametrize(
    ("word", "parts", "count"),
    [
        # hyphenation keeps apart vowels that would otherwise read as one group
        ("going", "go-ing", 2),
        ("create", "cre-ate", 2),
        ("being", "be-ing", 2),
        # a part holds as many syllables as vowel groups (isa: i, a)
        ("organisation", "or-gan-isa-tion", 5),
        ("community", "com-munity", 4),
        ("available", "avail-able", 4),
        # words pyphen will not split count their vowel groups: -le after a consonant is said
        ("people", "people", 2),
        ("table", "table", 2),
        ("the", "the", 1),
        # a silent final e, -es and -ed take a syllable off; not after a hissing sound, t or d
        ("fire", "fire", 1),
        ("makes", "makes", 1),
        ("houses", "houses", 2),
        ("services", "ser-vices", 3),
        ("liked", "liked", 1),
        ("wanted", "wanted", 2),
        ("centre", "centre", 2),
        ("something", "some-thing", 2),
        ("lately", "lately", 2),
    ],
)
def test_a_words_syllables_follow_its_hyphenation_and_vowels(word: str, parts: str, count: int) -> None:
    assert HYPHENATION.inserted(word) == parts  # the dictionary still cuts the word where it did
    assert syllables(word) == count


def test_case_hyphens_and_apostrophes() -> None:
    assert syllables("ORGANISATION") == 5
    assert syllables("well-known") == syllables("well") + syllables("known") == 2
    assert syllables("council's") == syllables("council") == 2
    assert syllables("don't") == 1


def test_a_word_too_long_to_hyphenate_counts_its_vowel_groups() -> None:
    word = "ba" * (LONGEST_HYPHENATED // 2 + 1)
    assert len(word) > LONGEST_HYPHENATED
    assert syllables(word) == LONGEST_HYPHENATED // 2 + 1
    assert syllables("x" * 100_000) == 1  # no vowels: one syllable, at once


def test_numbers_are_one_syllable() -> None:
    assert syllables("2024") == 1
    assert syllables("1,000") == 1
