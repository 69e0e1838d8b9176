"""Finding the words and phrases of a list in a text: whole words, in any case, a phrase's words apart by
one space, line break or hyphen, and the longest phrase where several start at one word.

A term's key is its words in lower case, one space apart (`ring fencing`, `one stop shop`). A `/` in a
term gives alternatives for the word it stands in (`democratic mandate/legitimacy` is both "democratic
mandate" and "democratic legitimacy"). A one-word term also matches its regular forms (`utilise`:
utilises, utilised, utilising; `priority`: priorities), and a possessive (`stakeholder's`) matches the
word without its `'s`. A term never matches part of a hyphenated word (`key` is not found in `key-worker`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from commoncause.plainenglish.checker.lists import Term
from commoncause.plainenglish.checker.text import ATOM, Atom

_SEPARATORS = frozenset({" ", "\n", "\t", "\r\n", "\u00a0", "-"})


@dataclass(frozen=True)
class TermIndex:
    entries: dict[str, Term]  # a key → its term
    longest: int  # the most words in a key


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: Term


def index_build(terms: Iterable[Term]) -> TermIndex:
    """An index of the terms, the first of several with one key winning; a term's own words win over
    another's regular forms."""
    terms = list(terms)
    entries: dict[str, Term] = {}
    for term in terms:
        for key in term_keys(term.term):
            entries.setdefault(key, term)
    for term in terms:
        for key in term_keys(term.term):
            if " " not in key:
                for form in regular_forms(key):
                    entries.setdefault(form, term)
    longest = max((key.count(" ") + 1 for key in entries), default=0)
    return TermIndex(entries, longest)


def term_keys(term: str) -> list[str]:
    """The keys a term is found by: its words in lower case, one space apart, each `/` alternative."""
    words = [word for word in re.split(r"[\s\-]+", term.strip().lower()) if word]
    variants: list[list[str]] = [[]] if words else []
    for word in words:
        variants = [variant + [choice] for variant in variants for choice in word.split("/") if choice]
    keys = []
    for variant in variants:
        atoms = [atom for word in variant for atom in ATOM.findall(word.replace("’", "'"))]
        if atoms:
            keys.append(" ".join(atoms))
    return keys


def regular_forms(word: str) -> set[str]:
    """A word's regular plural and verb forms (some may be no English word, which does no harm)."""
    if len(word) < 3 or word.endswith(("ing", "ed")):
        return {word}
    forms = {word, word + "s"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {word + "es", word + "ed", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
        if re.search(r"[^aeiou][aeiou][^aeiouwxy]$", word):  # commit: committed, committing
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def term_matches(atoms: list[Atom], index: TermIndex) -> list[TermMatch]:
    """Every place a term of the index starts, with the longest term found there."""
    found = []
    for first, atom in enumerate(atoms):
        if atom.joined_before:
            continue
        match = _longest_at(atoms, first, index)
        if match is not None:
            found.append(match)
    return found


def _longest_at(atoms: list[Atom], first: int, index: TermIndex) -> TermMatch | None:
    last = first
    while last + 1 < len(atoms) and last - first + 1 < index.longest and atoms[last].gap_after in _SEPARATORS:
        last += 1
    for end in range(last, first - 1, -1):
        if atoms[end].joined_after:
            continue
        key = " ".join(atom.lower for atom in atoms[first : end + 1])
        term = index.entries.get(key)
        if term is not None:
            return TermMatch(atoms[first].start, atoms[end].end, term)
        if key.endswith("'s") and (term := index.entries.get(key[:-2])) is not None:
            return TermMatch(atoms[first].start, atoms[end].end - 2, term)
    return None
