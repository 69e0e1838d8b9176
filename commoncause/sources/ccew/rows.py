"""What the importer keeps of each record: a compact tuple of checked values, `(org number, table code, …)`.

Every typed column is checked (dates, whole numbers, money, True/False) whether it is kept or not, so a
bad value anywhere names its row and field. Dates are kept as ISO text, which both databases accept.
Individual trustees keep no name: only that they are a trustee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import itemgetter

from commoncause.sources.base import ImportProblem
from commoncause.sources.ccew.tables import TABLES, TableSpec, words

Row = tuple  # (organisation_number, table code, values…)

_BOOLS: dict[str, bool | None] = {"": None, "True": True, "False": False, "true": True, "false": False}
_DATES: dict[str, str | None] = {"": None}
KIND_WORDS = {"i": "whole number", "m": "number", "d": "date", "b": "True or False"}


def to_text(value: str) -> str:
    return value.strip()


def to_int(value: str) -> int | None:
    return int(value) if value else None


def to_money(value: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return round(float(value.replace(",", "")))


def to_date(value: str) -> str | None:
    """'2023-09-07 00:00:00.0000000' or '2024-09-10T00:00:00' -> '2023-09-07'."""
    known = _DATES.get(value, False)
    if known is not False:
        return known  # type: ignore[return-value]
    day = value.strip()[:10]
    dt.date.fromisoformat(day)
    if len(value.strip()) > 10 and value.strip()[10] not in " T":
        raise ValueError(value)
    if len(_DATES) < 200_000:
        _DATES[value] = day
    return day


def to_bool(value: str) -> bool | None:
    return _BOOLS[value.strip()]


CONVERT: dict[str, Callable[[str], object]] = {
    "s": to_text,
    "i": to_int,
    "m": to_money,
    "d": to_date,
    "b": to_bool,
}

# Table codes in the compact rows, and the columns kept (organisation number first).
CHARITY, HISTORY, PART_A, PART_B, AREA, CLASSIFICATION, EVENT = range(7)
GOVERNING, OTHER_NAME, REGULATOR, POLICY, REPORT, TRUSTEE = range(7, 13)
KEEP: dict[str, tuple[int, tuple[str, ...]]] = {
    "charity": (CHARITY, TABLES["charity"].names[1:]),
    "charity_annual_return_history": (
        HISTORY,
        words(
            "organisation_number fin_period_start_date fin_period_end_date total_gross_income "
            "total_gross_expenditure ar_cycle_reference date_annual_return_received "
            "accounts_qualified"
        ),
    ),
    "charity_annual_return_parta": (
        PART_A,
        ("organisation_number", *TABLES["charity_annual_return_parta"].names[3:]),
    ),
    "charity_annual_return_partb": (
        PART_B,
        ("organisation_number", *TABLES["charity_annual_return_partb"].names[3:]),
    ),
    "charity_area_of_operation": (
        AREA,
        TABLES["charity_area_of_operation"].names[1:2] + TABLES["charity_area_of_operation"].names[4:8],
    ),
    "charity_classification": (
        CLASSIFICATION,
        ("organisation_number", "classification_code", "classification_type"),
    ),
    "charity_event_history": (
        EVENT,
        words(
            "organisation_number charity_event_order event_type date_of_event reason "
            "assoc_registered_charity_number assoc_charity_name"
        ),
    ),
    "charity_governing_document": (
        GOVERNING,
        ("organisation_number", *TABLES["charity_governing_document"].names[4:]),
    ),
    "charity_other_names": (OTHER_NAME, ("organisation_number", "charity_name_type", "charity_name")),
    "charity_other_regulators": (
        REGULATOR,
        ("organisation_number", "regulator_order", "regulator_name", "regulator_web_url"),
    ),
    "charity_policy": (POLICY, ("organisation_number", "policy_name")),
    "charity_published_report": (
        REPORT,
        ("organisation_number", "report_name", "report_location", "date_published"),
    ),
    "charity_trustee": (
        TRUSTEE,
        ("organisation_number", "individual_or_organisation", "trustee_name", "trustee_is_chair"),
    ),
}


class Reducer:
    """Turns one record's text fields into the compact row kept for it."""

    def __init__(self, spec: TableSpec, file: str) -> None:
        self.spec, self.file = spec, file
        self.code, keep = KEEP[spec.name]
        checked = [name for name, kind in spec.columns[1:] if kind != "s" or name in keep]
        self.names = checked
        self.take = itemgetter(*[spec.index[name] for name in checked])
        self.convert = [CONVERT[spec.kinds[name]] for name in checked]
        self.pick = itemgetter(*[checked.index(name) for name in keep[1:]])
        self.org_at = checked.index("organisation_number")
        self.scrub = spec.name == "charity_trustee"

    def __call__(self, fields: list[str], row: int) -> Row:
        try:
            values = [convert(value) for convert, value in zip(self.convert, self.take(fields), strict=True)]
        except (ValueError, KeyError):
            raise self._problem(fields, row) from None
        org = values[self.org_at]
        if org is None:
            raise ImportProblem(
                "the organisation number is missing", file=self.file, row=row, field="organisation_number"
            )
        kept = self.pick(values)
        if self.scrub and kept[0] != "O":
            return (org, self.code, kept[0], "", None)  # an individual: never their name
        return (org, self.code, *kept) if isinstance(kept, tuple) else (org, self.code, kept)

    def _problem(self, fields: list[str], row: int) -> ImportProblem:
        for name, convert, value in zip(self.names, self.convert, self.take(fields), strict=True):
            try:
                convert(value)
            except (ValueError, KeyError):
                kind = KIND_WORDS.get(self.spec.kinds[name], "value")
                return ImportProblem(f"'{value}' is not a {kind}", file=self.file, row=row, field=name)
        return ImportProblem("the row cannot be read", file=self.file, row=row)


def check_extract_date(value: str, *, file: str, row: int) -> str:
    """The extract date of a record, as ISO text."""
    try:
        day = to_date(value)
    except ValueError:
        day = None
    if day is None:
        raise ImportProblem(f"'{value}' is not a date", file=file, row=row, field="date_of_extract")
    return day


def positions(table: str) -> dict[str, int]:
    """Where each kept column of a table sits in its compact rows."""
    _, keep = KEEP[table]
    return {name: i + 2 for i, name in enumerate(keep[1:])}
