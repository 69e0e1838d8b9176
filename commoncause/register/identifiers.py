"""Org-ids and the regulators' public pages they point to."""

import hashlib
import re

# Each register's public page for one of its organisations; {value} is the number in the org-id.
REGISTER_PAGES: dict[str, tuple[str, str]] = {
    "GB-CHC": (
        "Charity Commission for England and Wales",
        "https://register-of-charities.charitycommission.gov.uk/charity-search/-/charity-details/{value}",
    ),
    "GB-NIC": (
        "Charity Commission for Northern Ireland",
        "https://www.charitycommissionni.org.uk/charity-details/?regId={value}",
    ),
    "GB-COH": (
        "Companies House",
        "https://find-and-update.company-information.service.gov.uk/company/{value}",
    ),
    "GB-SC": (
        "Scottish Charity Regulator",
        "https://www.oscr.org.uk/about-charities/search-the-register/charity-details?number={value}",
    ),
}


def regulator_page(org_id: str) -> tuple[str, str]:
    """The name of the register an org-id belongs to and the address of its public page ('' if none).

    A linked charity (GB-CHC-<number>-<linked>) is shown on its main charity's page.
    """
    for prefix, (register_name, url) in REGISTER_PAGES.items():
        if org_id.upper().startswith(prefix + "-"):
            value = org_id[len(prefix) + 1 :]
            if prefix == "GB-CHC":
                value = value.split("-", 1)[0]
            return register_name, url.format(value=value)
    return "", ""


LOCAL_SCHEME = "GB-LOCAL"


def normalise_name(name: str) -> str:
    """Lower case, '&' as 'and', punctuation as spaces: for comparing names, not for display."""
    text = name.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def local_org_id(name: str, postcode: str) -> str:
    """A stable identifier for a group on no register: `GB-LOCAL-` + 10 hex digits.

    The digits are the start of the SHA-1 of the normalised name and the postcode without spaces,
    so the same group gets the same identifier however it reaches the register (a council's list,
    or a person adding it), whatever the row order or file name.
    """
    compact_postcode = re.sub(r"\s+", "", postcode).upper()
    key = f"{normalise_name(name)}|{compact_postcode}"
    return f"{LOCAL_SCHEME}-{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10].upper()}"
