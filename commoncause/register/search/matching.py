"""Which documents hold the query's words: common words from stored lists, the rest from the full-text index.

Every query word must match (AND). The last word, when no document holds it as a whole word, is read
as the start of one ("lifel" → lifeline, lifelong …). A word that matches nothing at all is replaced
by the closest word of the vocabulary (a typo).
"""

from dataclasses import dataclass

import numpy as np

from commoncause.register.search import postings
from commoncause.register.search.index import backend
from commoncause.register.search.memory import Snapshot
from commoncause.register.search.typos import closest_word

PREFIX_MIN_LENGTH = 3
CACHED_LISTS = 512


@dataclass
class TextMatch:
    terms: list[str]
    anywhere: np.ndarray
    in_names: np.ndarray | None = None
    some_in_names: np.ndarray | None = None

    def in_the_names(self) -> tuple[np.ndarray, np.ndarray]:
        """(every term in the names, some term in the names): known for a match made with `rank`."""
        if self.in_names is None or self.some_in_names is None:
            raise ValueError("this match was made without rank, so it has no names to order by")
        return self.in_names, self.some_in_names


def _stored(cursor, snap: Snapshot, word: str, field: int) -> np.ndarray:
    key = (word, field)
    if key not in snap.lists:
        if len(snap.lists) >= CACHED_LISTS:
            snap.lists.clear()
        snap.lists[key] = postings.stored_list(cursor, word, field)
    return snap.lists[key]


def _word_mask(cursor, snap: Snapshot, alternatives: list[str], field: int) -> np.ndarray:
    """Documents holding any of these words in this field."""
    mask = np.zeros(snap.size, dtype=bool)
    rare = []
    for word in alternatives:
        if (word, field) in snap.common:
            ids = _stored(cursor, snap, word, field)
            mask[ids[ids < snap.size]] = True
        else:
            rare.append(word)
    if rare:
        ids = backend().ids_for(cursor, rare, field)
        mask[ids[ids < snap.size]] = True
    return mask & snap.live


def _alternatives(cursor, terms: list[str]) -> list[list[str] | None]:
    """For each term the indexed words it stands for; None when no document holds it."""
    found: list[list[str] | None] = []
    for position, term in enumerate(terms):
        if postings.word_exists(cursor, term):
            found.append([term])
        elif position == len(terms) - 1 and len(term) >= PREFIX_MIN_LENGTH:
            found.append(postings.completions(cursor, term) or None)
        else:
            found.append(None)
    return found


def _corrected(cursor, snap: Snapshot, terms: list[str]) -> tuple[list[str], list[list[str] | None]]:
    alternatives = _alternatives(cursor, terms)
    if all(alternatives):
        return terms, alternatives
    db = backend()
    terms = [
        (closest_word(db, cursor, term, snap.state) or term) if words is None else term
        for term, words in zip(terms, alternatives, strict=True)
    ]
    return terms, _alternatives(cursor, terms)


def text_match(cursor, snap: Snapshot, terms: list[str], *, rank: bool) -> TextMatch:
    """The documents holding every term; with `rank`, also those holding every / some term in their names."""
    terms, alternatives = _corrected(cursor, snap, terms)
    found = [words for words in alternatives if words]
    if len(found) < len(alternatives):
        return TextMatch(terms, np.zeros(snap.size, dtype=bool))
    anywhere = snap.live.copy()
    for words in found:
        anywhere &= _word_mask(cursor, snap, words, postings.ANYWHERE)
    if not rank or not anywhere.any():
        return TextMatch(terms, anywhere)
    in_names, some_in_names = anywhere.copy(), np.zeros(snap.size, dtype=bool)
    for words in found:
        names = _word_mask(cursor, snap, words, postings.NAMES)
        in_names &= names
        some_in_names |= names
    return TextMatch(terms, anywhere, in_names, some_in_names & anywhere)
