"""Web domains: an organisation's, and those too widely shared to say anything about who holds them.

Membership asks whether a person's confirmed e-mail address is at an organisation's own domain;
matching asks whether two records give the same web address. Neither counts a shared host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Hosts many unrelated bodies share (social media, free e-mail, web builders, fundraising sites,
# public-sector second levels): an address there says nothing about which body it is. Subdomains of
# builders (x.wordpress.com) do.
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


def website_domain(website: str) -> str:
    """The domain of an organisation's website ('https://www.Example.org/about' -> 'example.org')."""
    text = website.strip().lower()
    if not text:
        return ""
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:  # not a web address at all ("[", "http://[::1") : no domain to compare
        return ""
    return host.removeprefix("www.")
