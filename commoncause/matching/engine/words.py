"""The words of a need, an offer or an organisation's description, as the matcher compares them.

Folded as the register's search folds text (lower case, no accents, "&" as "and"), common English words
dropped, and each word cut to its stem by the Snowball English stemmer, so that "volunteering",
"volunteers" and "volunteer" agree. Stems are remembered: a national register repeats its words."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from commoncause.register.search.text import fold

# Words that say nothing about what an organisation does or who it helps, in charities' descriptions
# and in needs alike, besides English's common words.
EMPTY_WORDS = frozenset(
    {
        "charity", "charitable", "purpose", "purposes", "object", "objects", "trust", "trustees",
        "organisation", "organisations", "organization", "provide", "provides", "providing", "provision",
        "area", "areas", "local", "locally", "people", "persons", "person", "need", "needs", "needed",
        "support", "supporting", "service", "services", "help", "helping", "helps", "want", "looking",
        "group", "groups", "public", "benefit", "general", "way", "ways", "including", "particular",
        "relief", "advancement", "promote", "promotion", "promoting", "work", "working", "works",
        "uk", "england", "wales", "limited", "ltd", "cio", "incorporated", "association", "society",
        "foundation", "council", "councils", "borough", "city",
    }
)  # fmt: skip
_STOP = frozenset(ENGLISH_STOP_WORDS) | EMPTY_WORDS
_WORD = re.compile(r"[a-z][a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of a folded word ('volunteering' → 'volunt')."""
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


def is_telling(word: str) -> bool:
    """Whether a folded word tells something (is neither common English nor empty here)."""
    return word not in _STOP


def words(text: str) -> list[str]:
    """The folded words of a text that tell something (common and empty words dropped), in order."""
    return [word for word in _WORD.findall(fold(text)) if word not in _STOP]


def terms(text: str) -> list[str]:
    """The stems of a text's telling words, in order, repeats kept (they count in relevance)."""
    return [stem(word) for word in words(text)]
