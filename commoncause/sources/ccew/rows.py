"""Checking each record's values, and its fingerprint.

Every typed column is checked (dates, whole numbers, money, True/False) whether it is kept or not, so a
bad value anywhere names its row and field. The quick check is one regular expression over a record's
typed values, for the plain forms the regulator writes; only a record that fails it is looked at value by
value, with the parsers every importer uses (`commoncause.sources.values`): a value they refuse is a
problem naming its field, and one they read in another form ('1,234', '31/03/2023') is rewritten in the
plain form, so what is kept of a record never depends on which check passed it.
"""

from __future__ import annotations

import re
import zlib
from operator import itemgetter

from commoncause.sources.base import ImportProblem
from commoncause.sources.ccew.tables import TableSpec
from commoncause.sources.values import bool_value, date_from_text, pounds_from_text, whole_from_text

KIND_WORDS = {"i": "whole number", "m": "number", "d": "date", "b": "True or False"}
_PATTERNS = {"i": r"-?\d+", "m": r"-?\d+(?:\.\d+)?", "b": "True|False"}
_PLAIN = {kind: re.compile(pattern) for kind, pattern in _PATTERNS.items()}
# The extract writes True/False columns as these words alone; what they mean is the shared rule's.
BOOLS: dict[str, bool | None] = {word: bool_value(word) for word in ("", "True", "False")}


class Dates:
    """Checks dates like '2023-09-07 00:00:00.0000000' or '2024-09-10T00:00:00', remembering good ones.

    A date is good here when it is empty or begins with its own day in ISO form, which is all the
    second pass reads of it (`iso_day`); any other date goes the slow way to be rewritten."""

    def __init__(self) -> None:
        self.good: set[str] = {""}

    def ok(self, value: str) -> bool:
        if value in self.good:
            return True
        try:
            day = date_from_text(value)
        except ValueError:
            return False
        if day is None or not value.startswith(day.isoformat()):
            return False
        if len(self.good) < 500_000:
            self.good.add(value)
        return True


def iso_day(checked: str) -> str | None:
    """'2023-09-07 00:00:00.0000000' -> '2023-09-07'; '' -> None, for a date the checker passed."""
    return checked[:10] or None


def _plain(kind: str, value: str) -> str:
    """A typed value in a plain form the quick check passes; ValueError when it is not a value of its kind.

    A value already plain stays as written (trimmed), so its record's fingerprint does not change."""
    trimmed = value.strip()
    if kind == "b":
        if trimmed not in BOOLS:
            raise ValueError(value)
        return trimmed
    if kind == "d":
        day = date_from_text(trimmed)
        if day is None:
            return ""
        return trimmed if trimmed.startswith(day.isoformat()) else day.isoformat()
    number = pounds_from_text(trimmed) if kind == "m" else whole_from_text(trimmed)
    if number is None:
        return ""
    return trimmed if _PLAIN[kind].fullmatch(trimmed) else str(number)


class Checker:
    """Checks the typed values of one table's records."""

    def __init__(self, spec: TableSpec, file: str, dates: Dates) -> None:
        self.spec, self.file, self.dates = spec, file, dates
        typed = [(i, kind) for i, (_, kind) in enumerate(spec.columns) if kind in _PATTERNS and i > 0]
        self.typed_at = [i for i, _ in typed]
        self.take_typed = itemgetter(*self.typed_at)
        pattern = r"\t".join(f"(?:{_PATTERNS[kind]})?" for _, kind in typed)
        self.match = re.compile(pattern).fullmatch
        self.date_at = [i for i, (_, kind) in enumerate(spec.columns) if kind == "d" and i > 0]
        self.take_dates = itemgetter(*self.date_at) if len(self.date_at) > 1 else None

    def __call__(self, fields: list[str], row: int) -> list[str]:
        """The fields, checked; fields with stray spaces are trimmed. A bad value is a problem."""
        typed = self.take_typed(fields)
        text = "\t".join(typed) if isinstance(typed, tuple) else typed
        if self.match(text) and self._dates_ok(fields):
            return fields
        return self._slowly(fields, row)

    def _dates_ok(self, fields: list[str]) -> bool:
        if self.take_dates is not None:
            if self.dates.good.issuperset(self.take_dates(fields)):
                return True
        elif not self.date_at or fields[self.date_at[0]] in self.dates.good:
            return True
        return all(self.dates.ok(fields[i]) for i in self.date_at)

    def _slowly(self, fields: list[str], row: int) -> list[str]:
        plain = [value.strip() for value in fields]
        kinds = self.spec.kinds
        for i in [*self.typed_at, *self.date_at]:
            name = self.spec.names[i]
            try:
                plain[i] = _plain(kinds[name], fields[i])
            except ValueError:
                raise ImportProblem(
                    f"'{fields[i]}' is not a {KIND_WORDS[kinds[name]]}", file=self.file, row=row, field=name
                ) from None
        return plain


def digest(fields: list[str]) -> int:
    """A 64-bit fingerprint of a record's values after the extract date (which changes every day)."""
    data = "\t".join(fields[1:]).encode()
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def check_extract_date(value: str, *, file: str, row: int) -> str:
    """The extract date of a record, as ISO text."""
    try:
        day = date_from_text(value)
    except ValueError:
        day = None
    if day is None:
        raise ImportProblem(f"'{value}' is not a date", file=file, row=row, field="date_of_extract")
    return day.isoformat()
