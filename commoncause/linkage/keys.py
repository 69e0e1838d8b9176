"""What two records are compared on: name tokens, the postcode and its parts, and the web domain."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from commoncause.register.search.text import fold
from commoncause.register.web_domains import SHARED_HOSTS, website_domain

# Words that say what kind of body it is, not which body: dropped before names are compared.
LEGAL_WORDS = frozenset(["ltd", "limited", "cio", "scio", "cic", "plc", "llp", "inc", "incorporated"])
# Words too common to tell names apart, also dropped ("The Reader" is "Reader").
STOP_WORDS = frozenset(["the", "of", "and", "for", "in", "a", "an", "at", "to", "on", "by", "with"])
SPELLINGS = {"st": "saint", "centre": "center", "organization": "organisation", "assoc": "association"}

POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
SPACES = re.compile(r"\s+")


def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a name that tell it apart, in order: 'The Reader Ltd' → ('reader',).

    Folded as search folds names (lower case, no accents, "&" as "and", an apostrophe joining, so
    "Prince's" is "princes"); a backslash some files put before an apostrophe goes with it.
    """
    words = [SPELLINGS.get(word, word) for word in fold(name.replace("\\'", "'")).split()]
    kept = tuple(word for word in words if word not in LEGAL_WORDS and word not in STOP_WORDS)
    # A name made only of common words ("The Company Ltd") keeps them, so it still has a key.
    return kept or tuple(words)


def postcode_key(postcode: str) -> str:
    """A UK postcode without spaces in capitals, or '' when it is not one ('EC2A SG' is not)."""
    compact = SPACES.sub("", postcode or "").upper()
    return compact if POSTCODE.match(compact) else ""


def postcode_sector(compact: str) -> str:
    """'SW1A1AA' → 'SW1A1' (outward code and the sector digit)."""
    return compact[:-2] if compact else ""


def postcode_district(compact: str) -> str:
    """'SW1A1AA' → 'SW1A' (the outward code)."""
    return compact[:-3] if compact else ""


def web_domain(value: str) -> str:
    """The host of a web address or e-mail address without 'www.', or '' when it is a shared one."""
    value = (value or "").strip().lower()
    if "@" in value and "/" not in value:
        host = value.rsplit("@", 1)[1].removeprefix("www.")
    else:
        host = website_domain(value)
    host = host.strip(".")
    if "." not in host or host in SHARED_HOSTS:
        return ""
    return host


NAMES_AGREE = 80  # rapidfuzz token-set ratio of two names' telling words at which they are one name


def names_agree(name: str, names: Iterable[str]) -> bool:
    """Whether `name` is, plausibly, one of `names` (an organisation's name and other names): their
    telling words agree, whatever their order, legal words and punctuation ("Eton College" and "The
    Provost and Fellows of Eton College" agree; "Eton College" and "Historic England" do not)."""
    wanted = " ".join(name_tokens(name))
    return any(
        fuzz.token_set_ratio(wanted, " ".join(name_tokens(other))) >= NAMES_AGREE for other in names if other
    )
