"""Org-ids (org-id.guide identifiers) as the importers write them.

`GB-CHC-1234567` (England and Wales), `GB-NIC-100002` (Northern Ireland), `GB-SC-SC012345` (Scotland),
`GB-COH-01234567` (Companies House). Groups on no register get a project-local identifier,
`GB-LOCAL-<10 hex digits>`, derived from their name and postcode (see `local_org_id`).
"""

import re

from commoncause.register.identifiers import LOCAL_SCHEME, local_org_id, normalise_name

__all__ = ["LOCAL_SCHEME", "local_org_id", "normalise_name"]
_PREFIX = re.compile(r"^([A-Z]{2}-[A-Z]+)-(.+)$", re.IGNORECASE)
_COMPANY = re.compile(r"^([A-Z]{2})?(\d{1,8})$")
_CHARITY_NUMBER = re.compile(r"^(?:(SC)\s*(\d{1,6})|(NI|NIC)\s*(\d{5,6})|(\d{3,8})(?:-\d+)?)$", re.IGNORECASE)


def split_org_id(org_id: str) -> tuple[str, str]:
    """('GB-COH', 'NI022996') for 'GB-COH-NI022996'; ValueError when it is not an org-id."""
    match = _PREFIX.match(org_id)
    if not match:
        raise ValueError(f"'{org_id}' is not an org-id (like GB-CHC-1234567)")
    return match.group(1).upper(), match.group(2)


def normalise_org_id(value: str) -> str:
    """Upper case, no spaces: ' gb-coh-ni022996 ' -> 'GB-COH-NI022996'."""
    scheme, identifier = split_org_id(re.sub(r"\s+", "", value))
    return f"{scheme}-{identifier.upper()}"


def company_number(value: str, *, default_prefix: str = "") -> str:
    """A Companies House number in its 8-character form, or '' for none ('0', blank).

    Digits only are padded to 8 ('645708' -> '00645708'); two letters and digits to 2 + 6
    ('NI22996' -> 'NI022996'). `default_prefix` is put before a bare number (the CCNI register gives
    Northern Ireland company numbers without their 'NI'). Anything else is kept as written.
    """
    text = re.sub(r"[\s.]", "", str(value)).upper()
    if not text or text.strip("0") == "":
        return ""
    match = _COMPANY.match(text)
    if not match:
        return text
    letters, digits = match.group(1) or default_prefix, match.group(2)
    if letters:
        return letters + digits.zfill(6)
    return digits.zfill(8)


def company_org_id(value: str, *, default_prefix: str = "") -> str:
    """'GB-COH-…' for a company number, '' for none."""
    number = company_number(value, default_prefix=default_prefix)
    return f"GB-COH-{number}" if number else ""


def charity_org_id(value: str) -> str:
    """The org-id for a charity number as people write it; ValueError when it is not one.

    Digits are a Charity Commission for England and Wales number ('1234567-1', a linked charity,
    gives its main charity); 'SC012345' is Scottish; 'NI100016' or 'NIC100016' is Northern Irish.
    """
    text = str(value).strip()
    if text.endswith(".0"):  # spreadsheets turn numbers into floats
        text = text[:-2]
    match = _CHARITY_NUMBER.match(text)
    if not match:
        raise ValueError(f"'{value}' is not a charity number")
    if match.group(2):
        return f"GB-SC-SC{match.group(2).zfill(6)}"
    if match.group(4):
        return f"GB-NIC-{int(match.group(4))}"
    return f"GB-CHC-{int(match.group(5))}"
