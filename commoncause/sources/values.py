"""Turning cell values (text from CSV, typed values from XLSX) into register values.

Every parser takes the file, row and field so a bad value is reported where it is.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from commoncause.sources.base import ImportProblem, parse_date, parse_int, parse_money

DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d/%m/%y",
)
_DAY_MONTH_YEAR = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[ T]00:00:00(?:\.0+)?)?")
NOT_GIVEN = {"", "n/a", "na", "none", "null", "nil", "-", "--", "not applicable", "unknown"}
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", re.IGNORECASE)
TRUE_WORDS = {"true", "yes", "y", "1", "active", "registered", "open", "current"}
FALSE_WORDS = {"false", "no", "n", "0", "inactive", "removed", "closed", "dissolved", "ceased", "former"}


def text(value: Any) -> str:
    """A cell as trimmed text; '' for an empty cell or a placeholder such as 'N/A'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return "" if result.casefold() in NOT_GIVEN else result


def date_value(value: Any, *, file: str, row: int, field: str) -> dt.date | None:
    """A date from a date cell or text in a common UK form (2023-03-31, 31/03/2023, 31 March 2023)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    quick = _DAY_MONTH_YEAR.fullmatch(raw) or _YEAR_MONTH_DAY.fullmatch(raw)
    if quick:
        try:
            return dt.date(int(quick["year"]), int(quick["month"]), int(quick["day"]))
        except ValueError:
            pass  # not a real day: let the full parser report it
    return parse_date(raw, formats=DATE_FORMATS, file=file, row=row, field=field)


def money_value(value: Any, *, file: str, row: int, field: str) -> int | None:
    """Whole pounds from a number cell or text like '£1,234.50'."""
    if isinstance(value, bool):
        raise ImportProblem(f"'{value}' is not a number", file=file, row=row, field=field)
    if isinstance(value, (int, float)):
        return parse_money(value, file=file, row=row, field=field)
    return parse_money(text(value), file=file, row=row, field=field)


def int_value(value: Any, *, file: str, row: int, field: str) -> int | None:
    """A whole number from a number cell or text."""
    if isinstance(value, float):
        if not value.is_integer():
            raise ImportProblem(f"'{value}' is not a whole number", file=file, row=row, field=field)
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return parse_int(text(value), file=file, row=row, field=field)


def bool_value(value: Any) -> bool | None:
    """True/False from 'True', 'yes', 'Active', 1 …; None when empty or not a yes/no word."""
    if isinstance(value, bool):
        return value
    word = text(value).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def postcode_value(value: Any) -> str:
    """A UK postcode in its usual form ('bt14 7pj' -> 'BT14 7PJ'); other text as written."""
    raw = text(value)
    match = POSTCODE.search(raw.upper())
    if match and match.start() == 0:
        return f"{match.group(1)} {match.group(2)}"
    return raw[:12]


def split_address(value: Any) -> tuple[str, str]:
    """(address, postcode) from one address string whose last part is the postcode."""
    raw = text(value)
    match = POSTCODE.search(raw)
    if not match:
        return raw, ""
    address = raw[: match.start()].strip().rstrip(",").strip()
    return address, f"{match.group(1).upper()} {match.group(2).upper()}"


def website_value(value: Any) -> str:
    return text(value)[:500]


def list_value(value: Any, *, separators: str = ";") -> list[str]:
    """Items of a list cell ('SW102;RL200'), trimmed, empties dropped, order kept, no repeats."""
    items = re.split(f"[{re.escape(separators)}]", text(value))
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))
