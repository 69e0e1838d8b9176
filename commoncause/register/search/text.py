"""Normalising organisation names and query text the same way for the index and for searches.

Both backends are given text that this module has already folded: lower case, no diacritics, "&" as
"and", "Ltd" as "limited", apostrophes dropped ("St. John's" and "st johns" agree), other punctuation as
spaces, and a light plural fold ("charities" and "charity" agree). So the two databases see the same
tokens and answer the same way.
"""

import re
import unicodedata

_PUNCTUATION: dict[int, str | None] = {ord("&"): " and ", ord("+"): " and "}
_PUNCTUATION.update({ord(char): None for char in "'\u2019\u2018`"})
# Every other ASCII character that is not a letter or digit becomes a space.
_PUNCTUATION.update(
    {code: " " for code in range(128) if not chr(code).isalnum() and code not in _PUNCTUATION}
)
_PUNCTUATION.update({ord(char): char.lower() for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_ASCII_TABLE = bytes(
    (code if chr(code).isalnum() else 32) if not chr(code).isupper() else code + 32 for code in range(256)
)
_COMBINING = re.compile("[\u0300-\u036f]")
_NON_ASCII_WORD = re.compile(r"[^a-z0-9 ]+")
_LTD = re.compile(r"\bltd\b")
# Plural folds, applied to whole words of four letters or more; "ss", "us" and "is" endings are kept.
# Each pattern starts with a literal so the regular expression engine can skip ahead quickly.
_PLURAL_IES = re.compile(r"ies(?<=[a-z]{2}ies)\b")
_PLURAL_S = re.compile(r"s(?<=[a-z]{2}[a-hj-rtv-z]s)\b")
# Words too common to narrow a search; dropped from queries that have other words.
STOP_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics, spell out "&", drop apostrophes, turn other punctuation into spaces."""
    if text.isascii():
        data = text.encode("ascii")
        if b"&" in data or b"+" in data:
            data = data.replace(b"&", b" and ").replace(b"+", b" and ")
        return " ".join(data.translate(_ASCII_TABLE, b"'`").decode("ascii").split())
    text = text.translate(_PUNCTUATION)
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower().translate(_PUNCTUATION)
    return " ".join(_NON_ASCII_WORD.sub(" ", text).split())


def _stem_text(folded: str) -> str:
    """Fold "ltd" to "limited" and plurals to singulars, lightly ("charities" → "charity")."""
    if "ltd" in folded:
        folded = _LTD.sub("limited", folded)
    return _PLURAL_S.sub("", _PLURAL_IES.sub("y", folded))


def index_text(text: str) -> str:
    """Text as it is stored in the full-text index: its tokens joined by single spaces."""
    return _stem_text(fold(text))


def tokens(text: str) -> list[str]:
    """The index tokens of a text, in order."""
    return index_text(text).split()


def query_terms(text: str) -> list[str]:
    """The distinct words of a query to match, in order, without stop words unless that leaves none."""
    words = list(dict.fromkeys(tokens(text)))
    kept = [word for word in words if word not in STOP_WORDS]
    return kept or words


def name_key(text: str) -> str:
    """A whole name folded for exact comparison ("St. John's Trust Ltd" = "st johns trust limited")."""
    return index_text(text)
