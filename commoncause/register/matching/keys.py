"""What two records are compared on: name tokens, the postcode and its parts, and the web domain."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from commoncause.register.search.text import fold

# Words that say what kind of body it is, not which body: dropped before names are compared.
LEGAL_WORDS = frozenset(["ltd", "limited", "cio", "scio", "cic", "plc", "llp", "inc", "incorporated"])
# Words too common to tell names apart, also dropped ("The Reader" is "Reader").
STOP_WORDS = frozenset(["the", "of", "and", "for", "in", "a", "an", "at", "to", "on", "by", "with"])
SPELLINGS = {"st": "saint", "centre": "center", "organization": "organisation", "assoc": "association"}

# Hosts many unrelated bodies share (social media, free e-mail, web builders, fundraising sites):
# the same one says nothing about being the same body. Subdomains of builders (x.wordpress.com) do.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "fb.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "linkedin.com",
        "youtube.com",
        "tiktok.com",
        "linktr.ee",
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "live.co.uk",
        "yahoo.com",
        "yahoo.co.uk",
        "btinternet.com",
        "btconnect.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "sky.com",
        "talktalk.net",
        "virginmedia.com",
        "ntlworld.com",
        "gov.uk",
        "org.uk",
        "co.uk",
        "nhs.net",
        "nhs.uk",
        "justgiving.com",
        "gofundme.com",
        "localgiving.org",
        "wordpress.com",
        "blogspot.com",
        "wixsite.com",
        "wix.com",
        "weebly.com",
        "squarespace.com",
        "google.com",
        "sites.google.com",
        "charitycommission.gov.uk",
    }
)

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
    if not value:
        return ""
    if "@" in value and "/" not in value:
        host = value.rsplit("@", 1)[1]
    else:
        host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    host = host.removeprefix("www.").strip(".")
    if "." not in host or host in SHARED_HOSTS:
        return ""
    return host
