"""The six readability scores equal the published formulas worked by hand on short passages.

Each passage's words are written out with their syllables and letters; the expected scores are the
formulas (see scores.py for their sources) with those counts put in by hand.
"""

from __future__ import annotations

import math

import pytest

from commoncause.plainenglish.checker import check
from commoncause.plainenglish.checker.syllables import syllables

# "The cat sat on the mat. It was a sunny day."
SHORT = [
    # (word, syllables, letters)
    ("The", 1, 3), ("cat", 1, 3), ("sat", 1, 3), ("on", 1, 2), ("the", 1, 3), ("mat", 1, 3),
    ("It", 1, 2), ("was", 1, 3), ("a", 1, 1), ("sunny", 2, 5), ("day", 1, 3),
]  # fmt: skip
# 2 sentences, 11 words, 12 syllables, 31 letters; no word of three syllables.

# "Our volunteers visited elderly residents in Kensington. The well-organised visits were wonderful."
LONGER = [
    ("Our", 1, 3), ("volunteers", 3, 10), ("visited", 3, 7), ("elderly", 3, 7), ("residents", 3, 9),
    ("in", 1, 2), ("Kensington", 3, 10),
    ("The", 1, 3), ("well-organised", 4, 13), ("visits", 2, 6), ("were", 1, 4), ("wonderful", 3, 9),
]  # fmt: skip
# 2 sentences, 12 words, 28 syllables, 83 letters. Seven words of three syllables or more (volunteers,
# visited, elderly, residents, Kensington, well-organised, wonderful); four of them complex for the fog
# index: not Kensington (a proper noun inside its sentence), well-organised (hyphenated) or visited
# (three syllables, the third its -ed).


@pytest.mark.parametrize(("word", "count", "letters"), SHORT + LONGER)
def test_the_passages_words_have_the_syllables_written_out(word: str, count: int, letters: int) -> None:
    assert syllables(word) == count
    assert sum(1 for character in word if character.isalpha()) == letters


def test_a_passage_of_short_words_scores_as_worked_by_hand() -> None:
    result = check("The cat sat on the mat. It was a sunny day.")
    counts = result.counts
    assert (counts.sentences, counts.words, counts.syllables, counts.letters) == (2, 11, 12, 31)
    assert (counts.polysyllables, counts.complex_words) == (0, 0)
    scores = result.scores
    assert scores.flesch_reading_ease == pytest.approx(
        206.835 - 1.015 * (11 / 2) - 84.6 * (12 / 11)
    )  # 108.96
    assert scores.flesch_kincaid_grade == pytest.approx(0.39 * (11 / 2) + 11.8 * (12 / 11) - 15.59)  # -0.57
    assert scores.smog == pytest.approx(1.0430 * math.sqrt(0 * 30 / 2) + 3.1291)  # 3.13
    assert scores.gunning_fog == pytest.approx(0.4 * ((11 / 2) + 100 * (0 / 11)))  # 2.2
    assert scores.coleman_liau == pytest.approx(
        0.0588 * (31 / 11 * 100) - 0.296 * (2 / 11 * 100) - 15.8
    )  # -4.61
    assert scores.automated_readability_index == pytest.approx(
        4.71 * (31 / 11) + 0.5 * (11 / 2) - 21.43
    )  # -5.41


def test_a_passage_of_long_words_scores_as_worked_by_hand() -> None:
    result = check(
        "Our volunteers visited elderly residents in Kensington. The well-organised visits were wonderful."
    )
    counts = result.counts
    assert (counts.sentences, counts.words, counts.syllables, counts.letters) == (2, 12, 28, 83)
    assert (counts.polysyllables, counts.complex_words) == (7, 4)
    scores = result.scores
    assert scores.flesch_reading_ease == pytest.approx(206.835 - 1.015 * (12 / 2) - 84.6 * (28 / 12))  # 3.34
    assert scores.flesch_kincaid_grade == pytest.approx(0.39 * (12 / 2) + 11.8 * (28 / 12) - 15.59)  # 14.28
    assert scores.smog == pytest.approx(1.0430 * math.sqrt(7 * 30 / 2) + 3.1291)  # 13.82
    assert scores.gunning_fog == pytest.approx(0.4 * ((12 / 2) + 100 * (4 / 12)))  # 15.73
    assert scores.coleman_liau == pytest.approx(
        0.0588 * (83 / 12 * 100) - 0.296 * (2 / 12 * 100) - 15.8
    )  # 19.94
    assert scores.automated_readability_index == pytest.approx(
        4.71 * (83 / 12) + 0.5 * (12 / 2) - 21.43
    )  # 14.15


def test_the_scores_are_given_to_one_decimal_place_in_json() -> None:
    from commoncause.plainenglish.checker import result_json

    assert result_json(check("The cat sat on the mat. It was a sunny day."))["scores"] == {
        "flesch_reading_ease": 109.0,
        "flesch_kincaid_grade": -0.6,
        "smog": 3.1,
        "gunning_fog": 2.2,
        "coleman_liau": -4.6,
        "automated_readability_index": -5.4,
    }


def test_numbers_count_as_words_of_one_syllable_with_their_digits_as_characters() -> None:
    counts = check("We paid £1,000 in 2024.").counts
    assert (counts.words, counts.syllables, counts.letters, counts.characters) == (5, 5, 8, 16)
