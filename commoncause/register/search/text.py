"""Normalising organisation names and query text the same way for the index and for searches.

Both backends are given text that this module has already folded: lower case, no diacritics, "&" as
"and", "Ltd" as "limited", apostrophes dropped ("St. John's" and "st johns" agree), other punctuation as
spaces, and a light plural fold ("charities" and "charity" agree). So the two databases see the same
tokens and answer the same way.
"""

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SYNONYMS = {"ltd": "limited"}
# Words too common to narrow a search; dropped from queries that have other words.
STOP_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics, spell out "&", drop apostrophes, turn other punctuation into spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = text.replace("&", " and ").replace("+", " and ")
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def stem(word: str) -> str:
    """Fold a plural to its singular form, lightly ("charities" → "charity", "groups" → "group")."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The index tokens of a text, in order."""
    return [stem(_SYNONYMS.get(word, word)) for word in fold(text).split()]


def index_text(text: str) -> str:
    """Text as it is stored in the full-text index: its tokens joined by spaces."""
    return " ".join(tokens(text))


def query_terms(text: str) -> list[str]:
    """The distinct words of a query to match, in order, without stop words unless that leaves none."""
    words = list(dict.fromkeys(tokens(text)))
    kept = [word for word in words if word not in STOP_WORDS]
    return kept or words


def name_key(text: str) -> str:
    """A whole name folded for exact comparison ("St. John's Trust Ltd" = "st johns trust limited")."""
    return " ".join(tokens(text))
