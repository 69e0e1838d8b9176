"""Turning source values (text from CSV and extracts, typed cells from XLSX) into register values.

One set of rules for every importer, whichever write path it takes. The text parsers (`pounds_from_text`,
`whole_from_text`, `date_from_text`, `bool_value`, `postcode_value`, `website_value`, `text`) say what a
value is and raise ValueError when it is not one; the CCEW fast path calls them on millions of values, so
each takes a quick way for the plain forms an extract holds. The cell readers (`money_value`, `int_value`,
`date_value`) also take typed cells and report a bad value by file, row and field.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from typing import Any

from commoncause.sources.base import ImportProblem

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
# A day in ISO form, with or without a time ('2023-09-07 00:00:00.0000000', '2024-09-10T13:45:00').
_ISO_DAY = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[ T][\d:.]+)?")
_DAY_MONTH_YEAR = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
NOT_GIVEN = {"", "n/a", "na", "none", "null", "nil", "-", "--", "not applicable", "unknown"}
_LONGEST_NOT_GIVEN = max(len(word) for word in NOT_GIVEN)
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", re.IGNORECASE)
_NORMAL_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}")
POSTCODE_LENGTH = 12
WEBSITE_LENGTH = 500
TRUE_WORDS = {"true", "yes", "y", "1", "active", "registered", "open", "current"}
FALSE_WORDS = {"false", "no", "n", "0", "inactive", "removed", "closed", "dissolved", "ceased", "former"}


# A character reference as HTML writes one: '&#9679;', '&#x25CF;', '&amp;'.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPED_QUOTE = re.compile(r"\\(['\"])")
# A word processor's symbol-font bullet (Wingdings' U+F0A7 and the like), in the private use area.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def prose(value: str) -> str:
    """Text as its writer meant it, trimmed: character references some registers publish read as the
    characters ('&#9679;' as '●', '&amp;' as '&', a symbol font's bullet '&#61607;' as '•'), and a quote a
    publisher's database escaped with a backslash as the quote ("People\\'s" as "People's")."""
    result = value.strip()
    if "&" in result and _REFERENCE.search(result):
        result = _PRIVATE_USE.sub("•", html.unescape(result))
    if "\\" in result:
        result = _ESCAPED_QUOTE.sub(r"\1", result)
    return result


def text(value: Any) -> str:
    """A cell as trimmed text (see `prose`); '' for an empty cell or a placeholder such as 'N/A'."""
    if type(value) is str:
        result = prose(value)
        if len(result) > _LONGEST_NOT_GIVEN:  # too long to be a placeholder: no need to fold it
            return result
    elif value is None:
        return ""
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = str(value).strip()
    return "" if result.casefold() in NOT_GIVEN else result


def pounds_from_text(raw: str) -> int | None:
    """Whole pounds from money text ('1,234', '£1234.50', '-3'); None when empty or 'N/A'.

    ValueError when the text is not an amount. Halves round to even, as Python's `round` does."""
    if not raw:
        return None
    if raw.isdecimal() or (raw[0] == "-" and raw[1:].isdecimal()):  # as the CCEW extract writes amounts
        return int(raw)
    cleaned = text(raw).replace(",", "").replace("£", "")
    if not cleaned:
        return None
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(raw)
    return round(number)


def whole_from_text(raw: str) -> int | None:
    """A whole number from text ('12', '1,200', '12.0' as spreadsheets write it); None when empty.

    ValueError when the text is not a whole number: '12.5' is refused, never cut to 12."""
    if not raw:
        return None
    if raw.isdecimal():
        return int(raw)
    cleaned = text(raw).replace(",", "")
    if not cleaned:
        return None
    try:
        return int(cleaned)
    except ValueError:
        number = float(cleaned)
    if not number.is_integer():
        raise ValueError(raw)
    return int(number)


def date_from_text(raw: str) -> dt.date | None:
    """A date from text in a common form; None when empty, ValueError when it is not a real date.

    2023-03-31 with or without a time (as the CCEW extract writes it), 31/03/2023, 31 March 2023 and
    the other `DATE_FORMATS`."""
    value = text(raw)
    if not value:
        return None
    quick = _ISO_DAY.fullmatch(value) or _DAY_MONTH_YEAR.fullmatch(value)
    if quick:
        return dt.date(int(quick["year"]), int(quick["month"]), int(quick["day"]))
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def date_value(value: Any, *, file: str, row: int, field: str) -> dt.date | None:
    """A date from a date cell or text (`date_from_text`)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return date_from_text(text(value))
    except ValueError:
        raise ImportProblem(f"'{text(value)}' is not a date", file=file, row=row, field=field) from None


def money_value(value: Any, *, file: str, row: int, field: str) -> int | None:
    """Whole pounds from a number cell or money text (`pounds_from_text`)."""
    if isinstance(value, bool):
        raise ImportProblem(f"'{value}' is not a number", file=file, row=row, field=field)
    if isinstance(value, (int, float)) and math.isfinite(value):
        return round(value)
    try:
        return pounds_from_text(text(value))
    except ValueError:
        raise ImportProblem(f"'{text(value)}' is not a number", file=file, row=row, field=field) from None


def int_value(value: Any, *, file: str, row: int, field: str) -> int | None:
    """A whole number from a number cell or text (`whole_from_text`)."""
    if isinstance(value, bool):
        raise ImportProblem(f"'{value}' is not a whole number", file=file, row=row, field=field)
    if isinstance(value, int):
        return value
    try:
        if isinstance(value, float):
            return whole_from_text(repr(value))
        return whole_from_text(text(value))
    except ValueError:
        raise ImportProblem(
            f"'{text(value)}' is not a whole number", file=file, row=row, field=field
        ) from None


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


def is_uk_postcode(value: str) -> bool:
    """Whether text is a UK postcode in its usual form ('BT14 7PJ'; see `postcode_value`)."""
    return bool(_NORMAL_POSTCODE.fullmatch(value))


def postcode_value(value: Any) -> str:
    """A UK postcode in its usual form ('bt14 7pj' -> 'BT14 7PJ'); other text as written (cut to fit)."""
    if type(value) is str and (not value or _NORMAL_POSTCODE.fullmatch(value)):
        return value  # empty, or already in its usual form, as nearly every regulator's postcode is
    raw = text(value)
    match = POSTCODE.search(raw.upper())
    if match and match.start() == 0:
        return f"{match.group(1)} {match.group(2)}"
    return raw[:POSTCODE_LENGTH]


def split_address(value: Any) -> tuple[str, str]:
    """(address, postcode) from one address string whose last part is the postcode."""
    raw = text(value)
    match = POSTCODE.search(raw)
    if not match:
        return raw, ""
    address = raw[: match.start()].strip().rstrip(",").strip()
    return address, f"{match.group(1).upper()} {match.group(2).upper()}"


def website_value(value: Any) -> str:
    """A web address as given (cut to fit); '' for a placeholder."""
    return text(value)[:WEBSITE_LENGTH]


def list_value(value: Any, *, separators: str = ";") -> list[str]:
    """Items of a list cell ('SW102;RL200'), trimmed, empties dropped, order kept, no repeats."""
    items = re.split(f"[{re.escape(separators)}]", text(value))
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))
