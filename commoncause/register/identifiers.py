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


_ORG_ID = re.compile(r"[A-Z]{2}-[A-Z0-9]+-[A-Z0-9][A-Z0-9-]*")  # GB-CHC-1140543, GB-SC-SC012345, …
_OTHER_ID = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)+")  # a funder's own id (360G-…) kept beside an org-id
_DIGITS = re.compile(r"(\d{5,8})(?:-(\d{1,3}))?")  # a register's number (a linked charity's after a dash)
_LETTERS_DIGITS = re.compile(r"([A-Z]{2,3})(\d{1,6})")  # SC012345, NI012345, NIC100002, OC301234, …
_ID_PUNCTUATION = re.compile(r"[\s.]+")


def identifier_forms(text: str) -> list[str]:
    """The org-ids a query could be, when it is written as an identifier or a register's number.

    People type numbers as the registers print them, or as another site shows them:
    'GB-CHC-1140543' or 'gb-chc-1140543'; '1140543' (England and Wales), '1140543-1' (a linked charity,
    and its main charity); '100002' or 'NIC100002' (Northern Ireland); 'SC012345' (Scotland, or a
    Scottish company); '01234567', '1234567' or 'NI012345' (Companies House). A bare number could be
    any register's, so every reading is given; the register holds at most a few of them. Words, or
    a number of under five digits (more likely a year or a house number), give none.
    """
    compact = _ID_PUNCTUATION.sub("", text).upper()
    if not compact or len(compact) > 60:
        return []
    if _ORG_ID.fullmatch(compact):
        forms = [compact]
        scheme, _, value = compact.partition("-")[2].partition("-")
        if scheme == "CHC" and "-" in value:  # a linked charity: its main charity too
            forms.append(f"GB-CHC-{value.split('-', 1)[0]}")
        return forms
    if digits := _DIGITS.fullmatch(compact):
        number, linked = digits.group(1), digits.group(2)
        if linked:
            return [f"GB-CHC-{int(number)}-{int(linked)}", f"GB-CHC-{int(number)}"]
        return [f"GB-CHC-{int(number)}", f"GB-NIC-{int(number)}", f"GB-COH-{number.zfill(8)}"]
    if lettered := _LETTERS_DIGITS.fullmatch(compact):
        letters, number = lettered.groups()
        forms = []
        if letters == "SC":
            forms.append(f"GB-SC-SC{number.zfill(6)}")
        if letters in ("NI", "NIC"):
            forms.append(f"GB-NIC-{int(number)}")
        if len(letters) == 2:
            forms.append(f"GB-COH-{letters}{number.zfill(6)}")
        return forms
    if _OTHER_ID.fullmatch(compact) and any(char.isdigit() for char in compact):
        return [compact]
    return []


_POSTCODE_QUERY = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(?:\s*(\d[A-Z]{0,2}))?$")


def postcode_prefix(q: str) -> str | None:
    """The start of the postcodes a search box query names, when it is written as a whole or partial UK
    postcode: 'sw1a 2aa' -> 'SW1A 2AA', 'SW1A 2' -> 'SW1A 2', 'SW1A' -> 'SW1A ' (the whole district);
    None for anything else."""
    match = _POSTCODE_QUERY.match(" ".join(q.upper().split()))
    if not match:
        return None
    outward, inward = match.group(1), match.group(2) or ""
    return f"{outward} {inward}"
