"""Abbreviations not spelled out at their first use.

An abbreviation is a word of two capital letters or more, with any digits, and perhaps a plural `s`
(`CVS`, `CCGs`, `S106` has one capital and is not). Its first use is flagged unless the text spells it
out there, the words before the abbreviation in brackets or the words in brackets after it:
"Council for Voluntary Service (CVS)" or "CVS (Council for Voluntary Service)". The words spell it out
when their first letters give its letters in order; small words (for, of, and, the …) may be left out,
and each part of a hyphenated word gives a letter ("Non-Governmental Organisation (NGO)"). Later uses
are never flagged: the reader has been told, or has been told already where it was first used.

Not abbreviations: the well-known ones (data/plainenglish/known_abbreviations.csv, and a council's own
terms), UK postcodes, a word joined to another by a full stop (`GOV.UK`), web and email addresses, and
words on a line written all in capitals (a heading such as "ANNUAL REPORT").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from commoncause.plainenglish.checker.text import masked, skipped_mask

# Capitals and digits, at least one a capital, starting where a word starts (possessive, so a long run
# is read once), then perhaps a plural s.
_CANDIDATE = re.compile(r"(?<![\w'’.&])(?=[A-Z0-9]*[A-Z])([A-Z0-9]++)(s?)(?![\w'’&]|\.\w)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")
_WORD = re.compile(r"[^\W_]+")
_OPENS = re.compile(r"\(\s*$")
_EXPANSION_AFTER = re.compile(r"\s*\(([^()]{1,200})\)")
MINOR_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "&"}
)
LOOK_BACK = 200  # characters before "(" searched for the words spelling an abbreviation out


@dataclass(frozen=True)
class Abbreviation:
    start: int
    end: int
    letters: str  # without a plural s: CCG for CCGs


def abbreviations_unexplained(
    text: str, *, known: Iterable[str], skipped: list[tuple[int, int]]
) -> list[Abbreviation]:
    """The first use of each abbreviation, where it is not spelled out."""
    known = frozenset(known)
    mask = skipped_mask(text, skipped + [(m.start(), m.end()) for m in _POSTCODE.finditer(text)])
    lines = _Lines(text)
    seen: set[str] = set()
    unexplained = []
    for match in _CANDIDATE.finditer(text):
        letters = match.group(1)
        if letters in seen or letters in known or sum(1 for c in letters if c.isupper()) < 2:
            continue
        if masked(mask, match.start(), match.end()) or lines.in_capitals(match.start()):
            continue
        seen.add(letters)
        found = Abbreviation(match.start(), match.end(), letters)
        if not spelled_out(text, found):
            unexplained.append(found)
    return unexplained


class _Lines:
    """Whether a character stands on a line written all in capitals, each line looked at once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.known: dict[int, bool] = {}

    def in_capitals(self, at: int) -> bool:
        index = bisect.bisect_right(self.starts, at) - 1
        if index not in self.known:
            start = self.starts[index]
            end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
            line = self.text[start:end]
            long_words = [word for word in _WORD.findall(line) if len(word) >= 3 and not word.isdigit()]
            self.known[index] = len(long_words) >= 2 and not any(c.islower() for c in line)
        return self.known[index]


def spelled_out(text: str, found: Abbreviation) -> bool:
    """Whether the abbreviation is spelled out where it stands: "Words Spelling It (WSI)" or
    "WSI (Words Spelling It)"."""
    letters = [character.lower() for character in found.letters if character.isalpha()]
    before = text[max(0, found.start - LOOK_BACK) : found.start]
    opened = _OPENS.search(before)
    if opened is not None and text[found.end : found.end + 1] == ")":
        words = _words(before[: opened.start()])
        if _initials_give(list(reversed(words)), list(reversed(letters))):
            return True
    after = _EXPANSION_AFTER.match(text, found.end)
    return after is not None and _initials_give(_words(after.group(1)), letters)


def _words(text: str) -> list[str]:
    """Words, each part of a hyphenated word on its own; `&` counts as a small word."""
    return re.findall(r"[^\W_]+|&", text)


def _initials_give(words: list[str], letters: list[str]) -> bool:
    """Whether the words, from the first, give the letters as their initials, small words skipped."""
    wanted = iter(letters)
    letter = next(wanted, None)
    for word in words:
        if letter is None:
            return True
        if word[0].lower() == letter:
            letter = next(wanted, None)
        elif word.lower() not in MINOR_WORDS:
            return False
    return letter is None
