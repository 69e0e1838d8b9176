"""What a need asks for and what an organisation does, as UK Charity Activity Tags (UK-CAT).

A tag is known by its words: those of its label ("Older people") and the keywords UK-CAT's own
patterns look for in charities' descriptions (`data/reference/ukcat_codes.csv`, the alternatives of
each regular expression), each cut to its stem. Tags stand in a tree — a category ("HE", Health), its
groups ("HE200", Health condition) and their tags ("HE205", Dementia) — and an organisation with a tag
has its group and category too.

A need evokes tags two ways: everyday words people use for them (`data/matching/everyday_words.csv`:
"pensioners", "kids", "skint"), and UK-CAT's patterns run over the need's text. An organisation's tags
are those its classifications give and those its description's words suggest (see `corpus`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from commoncause.matching.engine.words import is_telling, stem, terms, words
from commoncause.register.search.text import fold

# Regular-expression syntax between the words of an alternative: what is left once it goes is words.
# Regular-expression syntax between the words of an alternative: what is left once it goes is words
# and pieces of words ("child(ren|hood)?" leaves child, ren, hood).
_OPTIONAL_PART = re.compile(r"\(([^()|]*)\)\?")
_SYNTAX = re.compile(r"\\[bswdBSWD]|\(\?[:!=<]*|[()\[\]?*+{}^$.]|\\")
_FOLDED_WORD = re.compile(r"[a-z][a-z0-9]+")
_ANY_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Tag:
    code: str
    label: str
    category: str
    pattern: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    vocabulary: frozenset[str]  # the stems of its label and keywords


@dataclass(frozen=True)
class Everyday:
    """One line of the everyday words: phrases people use, the words charities write for the same
    thing, and the tags it evokes."""

    phrases: tuple[tuple[str, ...], ...]  # each phrase as its words' stems, in order
    written: tuple[str, ...]  # as the file writes the phrases (for reasons)
    means: tuple[str, ...]  # stems
    means_words: tuple[str, ...]  # the same words as written (for reasons)
    tags: tuple[str, ...]
    not_tags: tuple[str, ...] = ()  # tags the phrases rule out ("grants for …": the poster is the funder)


@dataclass(frozen=True)
class Lexicon:
    """What the engine knows of words: the UK-CAT tags, the everyday words, and every stem either
    names (a word the sector uses for what it does)."""

    tags: dict[str, Tag]
    everyday: tuple[Everyday, ...]
    known: frozenset[str]


@dataclass
class Evoked:
    """What a need's text evokes: tags, the words they add to its query, and why."""

    tags: set[str] = field(default_factory=set)
    weights: dict[str, float] = field(default_factory=dict)  # tag → how surely the need asks for it
    ruled_out: set[str] = field(default_factory=set)
    dropped_terms: set[str] = field(default_factory=set)  # the need's words that say how, not what
    added_terms: list[str] = field(default_factory=list)
    added_words: dict[str, str] = field(default_factory=dict)  # stem → the word as written
    read_as: list[tuple[str, str]] = field(default_factory=list)  # (the need's words, the tag's label)


def parents(code: str) -> tuple[str, ...]:
    """A tag's group and category ('HE205' → ('HE200', 'HE'); 'HE200' → ('HE',); 'HE' → ())."""
    if len(code) <= 2:
        return ()
    group = f"{code[:3]}00"
    return (code[:2],) if code == group or not code[2:].isdigit() else (group, code[:2])


def with_parents(codes: Iterable[str], known: Iterable[str]) -> set[str]:
    """These tags and their groups and categories (those of the known tags)."""
    held = set(known)
    found: set[str] = set()
    for code in codes:
        found.add(code)
        found.update(parent for parent in parents(code) if parent in held)
    return found


def _keywords(pattern: str) -> set[str]:
    """The stems of the words and pieces of words in a UK-CAT pattern ('\\b(cats?|felines?)\\b' →
    cat, felin), an optional part both left out and kept ('(im)?migrants?' → migrant, immigr): a text
    a pattern matches holds at least one of them, or its tag's label's words (or an abbreviation)."""
    found: set[str] = set()
    for alternative in pattern.split("|"):
        for variant in {_OPTIONAL_PART.sub("", alternative), _OPTIONAL_PART.sub(r"\1", alternative)}:
            text = _SYNTAX.sub(" ", variant)
            found.update(stem(word) for word in _FOLDED_WORD.findall(fold(text)) if is_telling(word))
    return {word for word in found if len(word) > 2}


def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.IGNORECASE) if pattern else None
    except re.error:
        return None


@cache
def ukcat_tags(data_dir: Path) -> dict[str, Tag]:
    """Every UK-CAT tag by code, from the shipped code list."""
    path = data_dir / "reference" / "ukcat_codes.csv"
    tags = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            pattern = row.get("Regular expression") or ""
            vocabulary = set(terms(row["tag"])) | _keywords(pattern)
            tags[row["Code"]] = Tag(
                code=row["Code"],
                label=row["tag"].replace(";", ","),
                category=row["Category"],
                pattern=_compiled(pattern),
                exclude=_compiled(row.get("Exclude regular expression") or ""),
                vocabulary=frozenset(vocabulary),
            )
    return tags


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _ANY_WORD.findall(fold(text)))


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(";") if code.strip()]


@cache
def everyday_words(data_dir: Path) -> tuple[Everyday, ...]:
    """The everyday words, from the shipped file (`data/matching/everyday_words.csv`)."""
    path = data_dir / "matching" / "everyday_words.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Everyday(
                phrases=tuple(phrase for text in row["everyday"].split("|") if (phrase := _phrase(text))),
                written=tuple(text.strip() for text in row["everyday"].split("|")),
                means=tuple(terms(row["means"])),
                means_words=tuple(words(row["means"])),
                tags=tuple(code for code in _codes(row["ukcat"]) if not code.startswith("-")),
                not_tags=tuple(code[1:] for code in _codes(row["ukcat"]) if code.startswith("-")),
            )
            for row in csv.DictReader(handle)
        )


@cache
def lexicon(data_dir: Path) -> Lexicon:
    """The shipped tags and everyday words (read once per process)."""
    tags, everyday = ukcat_tags(data_dir), everyday_words(data_dir)
    known = {word for tag in tags.values() for word in tag.vocabulary}
    for line in everyday:
        known.update(line.means)
        known.update(word for phrase in line.phrases for word in phrase)
    return Lexicon(tags=tags, everyday=everyday, known=frozenset(known))


# Ages as people write them: "aged 84", "is 84", "84 years old", "over 60s", "under 5s", "under-12s".
_AGE = re.compile(
    r"\b(?:aged|age|is|turned|turns|over|under)[\s-]+(\d{1,3})s?\b|\b(\d{1,3})[\s-]*(?:years?|yrs?)[\s-]*old\b",
    re.IGNORECASE,
)
PATTERN_WEIGHT = 0.5  # how surely a need asks for a tag only UK-CAT's pattern finds in it
AGE_TAGS = ((0, 4, "BE114"), (5, 12, "BE102"), (13, 25, "BE115"), (60, 120, "BE108"))


def _age_tags(text: str) -> list[tuple[str, str]]:
    """(the words, the tag) for each age the text gives ("over 60s" → older people)."""
    found = []
    for match in _AGE.finditer(text):
        age = int(match.group(1) or match.group(2))
        under = match.group(0).lower().startswith("under")
        for low, high, code in AGE_TAGS:
            if low <= age <= high or (under and low < age and code != "BE108" and age <= 18 and low <= 12):
                found.append((match.group(0), code))
    return found


def _holds(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    width = len(phrase)
    return any(sequence[at : at + width] == phrase for at in range(len(sequence) - width + 1))


def _first_held(sequence: tuple[str, ...], line: Everyday) -> tuple[tuple[str, ...], str] | None:
    for phrase, written in zip(line.phrases, line.written, strict=False):
        if _holds(sequence, phrase):
            return phrase, written
    return None


@dataclass
class _Evoking:
    """An `Evoked` being gathered: a tag is added once, at the weight it first came with."""

    tags: dict[str, Tag]
    found: Evoked = field(default_factory=Evoked)

    def add(self, code: str, weight: float, written: str) -> None:
        if code in self.tags and code not in self.found.weights:
            self.found.weights[code] = weight
            self.found.read_as.append((written, self.tags[code].label))

    def everyday(self, line: Everyday, phrase: tuple[str, ...], written: str) -> None:
        found = self.found
        found.added_terms.extend(line.means)
        for term, word in zip(line.means, line.means_words, strict=False):
            found.added_words.setdefault(term, word)
        found.ruled_out.update(line.not_tags)
        if line.not_tags and not line.tags:
            found.dropped_terms.update(phrase)
        for code in line.tags:
            self.add(code, 1.0, written)

    def done(self, text: str) -> Evoked:
        found = self.found
        if found.dropped_terms and set(terms(text)) <= found.dropped_terms:
            # The words that say how are all the need says ("grants to organisations"): they are
            # what it asks for, so nothing is dropped or ruled out.
            found.dropped_terms.clear()
            found.ruled_out.clear()
        for code in found.ruled_out:
            found.weights.pop(code, None)
        labels = {self.tags[code].label for code in found.weights}
        found.read_as = [(written, label) for written, label in found.read_as if label in labels]
        found.tags = set(found.weights)
        return found


def evoked(text: str, known: Lexicon) -> Evoked:
    """The tags a need's text evokes, each with how surely: its everyday words and the ages it gives
    (sure), then UK-CAT's own patterns (`PATTERN_WEIGHT`); less any a phrase rules out. With them, the
    words they add to its query, the words that say how rather than what, and the reasons."""
    evoking = _Evoking(known.tags)
    for written, code in _age_tags(text):
        evoking.add(code, 1.0, written)
    sequence = _phrase(text)
    for line in known.everyday:
        held = _first_held(sequence, line)
        if held is not None:
            evoking.everyday(line, *held)
    for tag in known.tags.values():
        if tag.code in evoking.found.weights or tag.pattern is None or not tag.pattern.search(text):
            continue
        if tag.exclude is None or not tag.exclude.search(text):
            evoking.add(tag.code, PATTERN_WEIGHT, "")
    return evoking.done(text)
