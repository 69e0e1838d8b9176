"""Six readability scores, computed from counts of a text's words, sentences, letters and syllables.

Each formula is the one its authors published, as the standard references give it:

- Flesch reading ease = 206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷ words)
  (Rudolf Flesch, "A new readability yardstick", Journal of Applied Psychology 32, 1948). 0 to 100 for
  most texts; higher is easier.
- Flesch–Kincaid grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
  (J. P. Kincaid and others, "Derivation of new readability formulas … for Navy enlisted personnel",
  1975). A US school grade.
- SMOG grade = 1.0430 × √(polysyllables × 30 ÷ sentences) + 3.1291, where a polysyllable has three
  syllables or more (G. Harry McLaughlin, "SMOG grading: a new readability formula", Journal of
  Reading 12, 1969). Made for samples of 30 sentences; shorter texts are scaled to 30.
- Gunning fog index = 0.4 × ((words ÷ sentences) + 100 × (complex words ÷ words)) (Robert Gunning,
  "The Technique of Clear Writing", 1952). A complex word has three syllables or more, but not a
  proper noun (a capitalised word that does not begin its sentence), a hyphenated word, or a word of
  exactly three syllables ending in -ed, -es or -ing (the ending made the third).
- Coleman–Liau index = 0.0588 × L − 0.296 × S − 15.8, where L is letters per 100 words and S sentences
  per 100 words (Meri Coleman and T. L. Liau, Journal of Applied Psychology 60, 1975). It counts
  letters, not syllables.
- Automated readability index = 4.71 × (characters ÷ words) + 0.5 × (words ÷ sentences) − 21.43,
  where characters are letters and digits (E. A. Smith and R. J. Senter, "Automated readability
  index", 1967).

Words, sentences and syllables are counted as `text.py`, `sentences.py` and `syllables.py` say. A text
with no words has no scores (None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from commoncause.plainenglish.checker.sentences import Sentence
from commoncause.plainenglish.checker.syllables import syllables
from commoncause.plainenglish.checker.text import words


@dataclass(frozen=True)
class Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    letters: int = 0
    characters: int = 0  # letters and digits
    polysyllables: int = 0  # words of three syllables or more
    complex_words: int = 0  # polysyllables as the Gunning fog index counts them


@dataclass(frozen=True)
class Scores:
    flesch_reading_ease: float | None
    flesch_kincaid_grade: float | None
    smog: float | None
    gunning_fog: float | None
    coleman_liau: float | None
    automated_readability_index: float | None


SCORE_NAMES = tuple(Scores.__dataclass_fields__)
NO_SCORES = Scores(None, None, None, None, None, None)


def counts(text: str, found: list[Sentence]) -> Counts:
    totals = dict.fromkeys(Counts.__dataclass_fields__, 0)
    totals["sentences"] = len(found)
    for sentence in found:
        for index, match in enumerate(words(text, sentence.start, sentence.end)):
            word = match.group()
            count = syllables(word)
            totals["words"] += 1
            totals["syllables"] += count
            totals["letters"] += sum(1 for character in word if character.isalpha())
            totals["characters"] += sum(1 for character in word if character.isalnum())
            totals["polysyllables"] += count >= 3
            totals["complex_words"] += _complex(word, count, starts_sentence=index == 0)
    return Counts(**totals)


def _complex(word: str, count: int, *, starts_sentence: bool) -> bool:
    if count < 3 or "-" in word or (word[:1].isupper() and not starts_sentence):
        return False
    return not (count == 3 and word.lower().endswith(("ed", "es", "ing")))


def scores(totals: Counts) -> Scores:
    if not totals.words or not totals.sentences:
        return NO_SCORES
    words_per_sentence = totals.words / totals.sentences
    syllables_per_word = totals.syllables / totals.words
    return Scores(
        flesch_reading_ease=206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
        flesch_kincaid_grade=0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
        smog=1.0430 * math.sqrt(totals.polysyllables * 30 / totals.sentences) + 3.1291,
        gunning_fog=0.4 * (words_per_sentence + 100 * totals.complex_words / totals.words),
        coleman_liau=(
            0.0588 * (100 * totals.letters / totals.words)
            - 0.296 * (100 * totals.sentences / totals.words)
            - 15.8
        ),
        automated_readability_index=(
            4.71 * totals.characters / totals.words + 0.5 * words_per_sentence - 21.43
        ),
    )
