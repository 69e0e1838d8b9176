"""Words in a text, each with its character span: what every check and score counts.

A *word* is what a reader counts as one: letters or digits, joined by an apostrophe or a hyphen
(`don't`, `well-known`), or a number with its separators (`1,000`, `3.5`). An *atom* is a run of
letters or digits joined only by apostrophes, so `well-known` is two atoms: lists of terms are matched
atom by atom, so that `ring fencing` also finds `ring-fencing`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’\-][^\W_]+)*")
ATOM = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Web addresses and email addresses: no word in them is checked. An address starts where a word does
# (the lookbehind), so a long run of letters is read once, not once for each letter in it.
ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


@dataclass(frozen=True)
class Atom:
    start: int
    end: int
    lower: str  # the atom in lower case, curly apostrophes made straight
    joined_before: bool  # a hyphen joins it to the atom before (`known` in `well-known`)
    joined_after: bool  # a hyphen joins it to the atom after
    gap_after: str  # the characters between it and the next atom ('' for the last)


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The words of text[start:end], as matches whose spans are offsets into the whole text."""
    return WORD.finditer(text, start, len(text) if end is None else end)


def atoms(text: str) -> list[Atom]:
    found = [(m.start(), m.end()) for m in ATOM.finditer(text)]
    result = []
    for index, (start, end) in enumerate(found):
        after = found[index + 1][0] if index + 1 < len(found) else None
        gap_after = text[end:after] if after is not None else ""
        joined_before = start >= 2 and text[start - 1] == "-" and _is_word_char(text[start - 2])
        joined_after = gap_after == "-"
        lower = text[start:end].lower().replace("’", "'")
        result.append(Atom(start, end, lower, joined_before, joined_after, gap_after))
    return result


def _is_word_char(character: str) -> bool:
    return character.isalnum()


def skipped_mask(text: str, spans: list[tuple[int, int]]) -> bytearray:
    """One byte for each character of the text, set where a span to leave unchecked covers it."""
    mask = bytearray(len(text))
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def address_spans(text: str) -> list[tuple[int, int]]:
    """The spans of web and email addresses, whose words are not checked."""
    return [(m.start(), m.end()) for m in ADDRESS.finditer(text)]


def masked(mask: bytearray, start: int, end: int) -> bool:
    """Whether any character of [start, end) is set in the mask."""
    return any(mask[start:end])
