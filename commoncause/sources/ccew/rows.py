"""Checking each record's values, and its fingerprint.

Every typed column is checked (dates, whole numbers, money, True/False) whether it is kept or not, so a
bad value anywhere names its row and field. The quick check is one regular expression over a record's
typed values; only a record that fails it is looked at value by value, to say which field is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from operator import itemgetter

from commoncause.sources.base import ImportProblem
from commoncause.sources.ccew.tables import TableSpec

KIND_WORDS = {"i": "whole number", "m": "number", "d": "date", "b": "True or False"}
_PATTERNS = {"i": r"-?\d+", "m": r"-?\d+(?:\.\d+)?", "b": "True|False"}
BOOLS: dict[str, bool | None] = {"": None, "True": True, "False": False}


class Dates:
    """Checks dates like '2023-09-07 00:00:00.0000000' or '2024-09-10T00:00:00', remembering good ones."""

    def __init__(self) -> None:
        self.good: set[str] = {""}

    def ok(self, value: str) -> bool:
        if value in self.good:
            return True
        try:
            to_date(value)
        except ValueError:
            return False
        if len(self.good) < 500_000:
            self.good.add(value)
        return True


def to_date(value: str) -> str | None:
    """'2023-09-07 00:00:00.0000000' -> '2023-09-07'; '' -> None."""
    text = value.strip()
    if not text:
        return None
    day = text[:10]
    dt.date.fromisoformat(day)
    if len(text) > 10 and (text[10] not in " T" or not re.fullmatch(r"[\d:.]+", text[11:])):
        raise ValueError(value)
    return day


def to_money(value: str) -> int | None:
    if not value:
        return None
    return int(value) if "." not in value else round(float(value))


def to_int(value: str) -> int | None:
    return int(value) if value else None


def _convert(kind: str, value: str) -> object:
    text = value.strip()
    if kind == "d":
        return to_date(text)
    if kind == "b":
        if text not in BOOLS:
            raise ValueError(value)
        return BOOLS[text]
    return to_money(text.replace(",", "")) if kind == "m" else to_int(text)


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
        for i in [*self.typed_at, *self.date_at]:
            name = self.spec.names[i]
            try:
                _convert(self.spec.kinds[name], fields[i])
            except ValueError:
                kind = KIND_WORDS[self.spec.kinds[name]]
                raise ImportProblem(
                    f"'{fields[i]}' is not a {kind}", file=self.file, row=row, field=name
                ) from None
        trimmed = [value.strip() for value in fields]
        for i in self.typed_at:
            if self.spec.kinds[self.spec.names[i]] == "m":
                trimmed[i] = trimmed[i].replace(",", "")
        return trimmed


def digest(fields: list[str]) -> int:
    """A 64-bit fingerprint of a record's values after the extract date (which changes every day)."""
    data = "\t".join(fields[1:]).encode()
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def check_extract_date(value: str, *, file: str, row: int) -> str:
    """The extract date of a record, as ISO text."""
    try:
        day = to_date(value)
    except ValueError:
        day = None
    if day is None:
        raise ImportProblem(f"'{value}' is not a date", file=file, row=row, field="date_of_extract")
    return day
