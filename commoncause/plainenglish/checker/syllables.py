"""How many syllables a word has, from British English hyphenation (pyphen's `en_GB` dictionary).

A word is cut at the points where pyphen would hyphenate it; every part holds at least one syllable,
and a part holds as many as it has groups of vowels (a, e, i, o, u, and y after the word's first
letter). The hyphenation points keep apart the vowels of neighbouring syllables that would otherwise
read as one group (`go-ing`, `cre-ate`), and the vowel groups count the syllables hyphenation leaves
joined, as it never cuts a word within two letters of either end (`peo-ple` is one part, `people`).

In the last part, a silent ending takes one syllable off, as long as one is left: a final `e` on its
own (`fire`, `make`) but not `-le` after a consonant (`table`); `-es` but not after s, x, z, ch, sh,
ce or ge (`makes`, but `houses`, `changes`); `-ed` but not after t or d (`liked`, but `wanted`).

A word pyphen will not split (`the`, `people`, and every word of more than 40 letters, which is no
English word and which hyphenation would be slow to try) is one part, so the vowel groups alone count
its syllables. A hyphenated word (`well-known`) adds up its pieces. Digits count as one syllable a
number: the formulas were made for words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

LONGEST_HYPHENATED = 40
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# A final e on its own after a consonant, but not -le or -re after a consonant (`table`, `centre`).
_SILENT_E = re.compile(r"(?:[^aeiouy][^aeiouylr]|[aeiouy][^aeiouy]|[aeiouy][lr])e$")
# A silent e before an ending (`lately`, `useful`, `homeless`, `statement`, `lateness`).
_SILENT_E_BEFORE_SUFFIX = re.compile(r"[^aeiouy]e(?:ly|ful|less|ment|ness)$")
_SAID_ES = re.compile(r"(?:[sxzcg]|ch|sh|[^aeiouyr]r)es$")  # `houses`, `changes`, `centres`
_SAID_ED = re.compile(r"[td]ed$")  # `wanted`, `needed`
_HYPHENATION = pyphen.Pyphen(lang="en_GB")


def syllables(word: str) -> int:
    """The syllables in a word as the text writes it (any case; hyphens and apostrophes allowed)."""
    pieces = [piece for piece in re.split(r"[-'’]", word) if piece]
    if not pieces:
        return 0
    # An apostrophe adds no syllable (`council's`, `don't`): the piece after it is part of the word.
    if "-" not in word:
        pieces = ["".join(pieces)]
    return sum(_piece_syllables(piece.lower()) for piece in pieces)


@lru_cache(maxsize=50_000)
def _piece_syllables(piece: str) -> int:
    if not any(character.isalpha() for character in piece):
        return 1 if piece else 0
    if len(piece) > LONGEST_HYPHENATED:
        parts = [piece]
    else:
        parts = _HYPHENATION.inserted(piece, hyphen="\N{SOFT HYPHEN}").split("\N{SOFT HYPHEN}")
    total = 0
    for index, part in enumerate(parts):
        groups = _vowel_groups(part, first=(index == 0))
        silent = _silent(part, groups, whole=piece if index == len(parts) - 1 else None)
        total += max(1, len(groups) - silent)
    return total


def _vowel_groups(part: str, *, first: bool) -> list[str]:
    """Groups of vowels in a part; y is a consonant as the word's first letter (`yes`)."""
    if first and part.startswith("y"):
        part = part[1:]
    return _VOWEL_GROUP.findall(part)


def _silent(part: str, groups: list[str], *, whole: str | None) -> int:
    """1 when the part ends in letters not said as a syllable of their own; `whole` is the word when
    the part is its last (only there are -es and -ed endings)."""
    if len(groups) < 2:
        return 0
    if _SILENT_E.search(part) or (len(groups) > 2 and _SILENT_E_BEFORE_SUFFIX.search(part)):
        return 1
    if whole is None or groups[-1] != "e":
        return 0
    if part.endswith("es"):
        return 0 if _SAID_ES.search(whole) else 1
    if part.endswith("ed"):
        return 0 if _SAID_ED.search(whole) else 1
    return 0
