"""Org-ids (org-id.guide identifiers) as the importers write them.

`GB-CHC-1234567` (England and Wales), `GB-NIC-100002` (Northern Ireland), `GB-SC-SC012345` (Scotland),
`GB-COH-01234567` (Companies House). Groups on no register get a project-local identifier,
`GB-LOCAL-<10 hex digits>`, derived from their name and postcode (see `local_org_id`).
"""

import re

from commoncause.register.identifiers import LOCAL_SCHEME, local_org_id, normalise_name

__all__ = ["LOCAL_SCHEME", "local_org_id", "normalise_name"]
_PREFIX = re.compile(r"^([A-Z]{2}-[A-Z]+)-(.+)$", re.IGNORECASE)
_COMPANY = re.compile(r"([A-Z]{2})?(\d{1,8})")
_OTHER_COMPANY = re.compile(r"(?=[A-Z]*\d)[A-Z\d]{1,8}")
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
    """A Companies House number in its 8-character form; '' for none ('0', blank) or one that is not a number.

    Digits only are padded to 8 ('645708' -> '00645708'); two letters and digits to 2 + 6
    ('NI22996' -> 'NI022996'). `default_prefix` is put before a bare number (the CCNI register gives
    Northern Ireland company numbers without their 'NI'). Other numbers Companies House gives (up to 8
    letters and digits, like 'IP28211R' for a registered society) are kept as written; anything longer,
    or without a digit ('N/A', 'Exempt'), is no company number. Spaces and dots are ignored.
    """
    if not value:
        return ""
    text = str(value).upper()
    if not text.isalnum():
        text = "".join(text.split()).replace(".", "")
    if not text.strip("0"):
        return ""
    if text.isdecimal() and not default_prefix:  # the usual case, quickly: the CCEW extract has 430,000 rows
        return text.zfill(8) if len(text) <= 8 else ""
    match = _COMPANY.fullmatch(text)
    if match is None:
        return text if _OTHER_COMPANY.fullmatch(text) else ""
    letters, digits = match.group(1) or default_prefix, match.group(2)
    number = letters + digits.zfill(6) if letters else digits.zfill(8)
    return number if len(number) <= 8 else ""


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
