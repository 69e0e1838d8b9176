"""`import_source oscr <path>`: the Scottish Charity Regulator's register download.

OSCR publishes the register as a zip of one CSV (UTF-8, comma-separated, quoted, header row): the
current register, and separately the former (removed) charities, which add "Ceased Date". Give one
CSV, one zip, or a folder of them (current and former together). One row per charity: org-id
`GB-SC-<Charity Number>` (SC and six digits). "Main Operating Location" names a Scottish council area,
recorded as an area of operation with its GSS code (`data/reference/scotland-council-areas.csv`), so
councils' officers find the charities working in their area. Purposes, beneficiaries and activities
are read across to the CCEW what/who/how codes (`oscr_categories`); the texts are kept in
`extra["oscr"]`. Dates are day first, sometimes with a time.

A charity registered in England and Wales too (`data/reference/dual-registered-uk-charities.csv`)
joins the organisation already in the register under its GB-CHC id, which gains the GB-SC one:
import the CCEW register first.
"""

from __future__ import annotations

import csv
import re
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from commoncause.register.models import OrganisationStatus
from commoncause.sources import oscr_categories
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.reading import read_csv_file, read_zipped_csv, source_files
from commoncause.sources.records import AreaRecord, FinancialYearRecord, OrgRecord
from commoncause.sources.values import date_value, money_value, split_address, text
from commoncause.sources.writer import SourceWriter

SOURCE = "oscr"
NUMBER = "Charity Number"
REQUIRED = (NUMBER, "Charity Name", "Registered Date", "Charity Status")
SCOTTISH_NUMBER = re.compile(r"^SC\d{6}$")
BREAKDOWN = {
    "Donations and legacies income": "income_donations_and_legacies",
    "Charitable activities income": "income_charitable_activities",
    "Other trading activities income": "income_other_trading_activities",
    "Investments income": "income_investments",
    "Other income": "income_other",
    "Raising funds spending": "expenditure_raising_funds",
    "Charitable activities spending": "expenditure_charitable_expenditure",
    "Other spending": "expenditure_other",
}
# The constitutional form, in the words the other registers use where one fits.
LEGAL_FORM = {
    "scio": "SCIO",
    "cio": "CIO",
    "company": "Charitable company",
    "trust": "Trust",
    "unincorporated association": "Unincorporated association",
    "educational endowment": "Educational endowment",
    "other": "Other",
}


@cache
def council_areas() -> dict[str, str]:
    """Scottish council area name (as OSCR writes it, case-folded) -> GSS code."""
    path = Path(settings.DATA_DIR) / "reference" / "scotland-council-areas.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        areas = {row["name"].casefold(): row["gss_code"] for row in csv.DictReader(handle)}
    areas["edinburgh"] = areas["city of edinburgh"]
    areas["western isles"] = areas["eilean siar"] = areas["na h-eileanan siar"]
    return areas


@cache
def english_charities() -> dict[str, str]:
    """Scottish charity number -> org-id of the same charity in England and Wales (dual registered)."""
    path = Path(settings.DATA_DIR) / "reference" / "dual-registered-uk-charities.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["Scottish Charity Number"].strip().upper(): f"GB-CHC-{row['E&W Charity Number'].strip()}"
            for row in csv.DictReader(handle)
            if row["E&W Charity Number"].strip().isdigit()
        }


def import_oscr(path: Path, ctx: ImportContext) -> None:
    """Import OSCR register CSVs (plain or zipped, one or a folder) into the register."""
    files = source_files(path)
    writer = SourceWriter(ctx, source=SOURCE, file_name=files[0].name)
    for file in files:
        writer.flush()  # records carry the name of the file they were read from
        writer.file_name = file.name
        _import_file(file, ctx, writer)
    writer.finish()


def _import_file(path: Path, ctx: ImportContext, writer: SourceWriter) -> None:
    table, handle = read_zipped_csv(path) if path.suffix.lower() == ".zip" else read_csv_file(path)
    with closing(handle):
        missing = [name for name in REQUIRED if name not in table.header]
        if missing:
            raise ImportProblem(
                "a column the OSCR register always has is missing", file=table.file, row=1, field=missing[0]
            )
        ctx.notes.extend(table.encoding_notes())
        for number, row in ctx.progress(table.rows, description=f"Reading {path.name}"):
            ctx.counts.rows_read += 1
            writer.add(_Row(number, row, table.file).record())


class _Row:
    """One register row and the values read from it, each reported where it is when bad."""

    def __init__(self, number: int, values: dict[str, Any], file: str) -> None:
        self.number, self.values, self.file = number, values, file

    def text(self, column: str) -> str:
        return text(self.values.get(column))

    def date(self, column: str) -> Any:
        return date_value(self.values.get(column), file=self.file, row=self.number, field=column)

    def money(self, column: str) -> int | None:
        return money_value(self.values.get(column), file=self.file, row=self.number, field=column)

    def record(self) -> OrgRecord:
        number = self.text(NUMBER).upper().replace(" ", "")
        name = self.text("Charity Name")
        if not number or not name:
            raise ImportProblem(
                "is empty", file=self.file, row=self.number, field=NUMBER if not number else "Charity Name"
            )
        if not SCOTTISH_NUMBER.match(number):
            raise ImportProblem(
                f"{number!r} is not a Scottish charity number (SC and six digits)",
                file=self.file,
                row=self.number,
                field=NUMBER,
            )
        known_as = self.text("Known As")
        codes, extra = self.categories()
        year = self.financial_year()
        parent = self.text("Parent charity number").upper().replace(" ", "")
        return OrgRecord(
            source=SOURCE,
            source_key=number,
            org_ids=[f"GB-SC-{number}"],
            match_ids=[english_charities()[number]] if number in english_charities() else [],
            fields=self.fields(name, year),
            row=self.number,
            key_field=NUMBER,
            other_names=[(known_as, "Known as")] if known_as and known_as != name else [],
            classifications=codes,
            areas=self.areas(),
            financial_years=[year] if year else [],
            links=[(f"GB-SC-{parent}", "parent")] if SCOTTISH_NUMBER.match(parent) else [],
            extra={"oscr": extra},
        )

    def fields(self, name: str, year: FinancialYearRecord | None) -> dict[str, Any]:
        status = self.text("Charity Status")
        ceased = self.date("Ceased Date") if "Ceased Date" in self.values else None
        removed = ceased is not None or status.casefold() in {"removed", "ceased", "former"}
        return {
            "name": name,
            "status": OrganisationStatus.REMOVED if removed else OrganisationStatus.REGISTERED,
            "status_detail": status,
            "legal_form": self.legal_form(),
            "date_registered": self.date("Registered Date"),
            "date_removed": ceased,
            "removal_reason": self.text("Ceased Reason") or self.text("ceased reason"),
            "latest_income": year.income if year else self.money("Most recent year income"),
            "latest_spending": year.spending if year else self.money("Most recent year expenditure"),
            "latest_financial_year_end": year.period_end if year else None,
            "address": self.text("Principal Office/Trustees Address"),
            "postcode": split_address(self.values.get("Postcode"))[1],
            "website": self.text("Website"),
            "charitable_objects": self.text("Objectives"),
        }

    def legal_form(self) -> str:
        form = self.text("Constitutional Form")
        key = form.casefold().split(" (")[0].strip()
        return LEGAL_FORM.get(key, form)

    def areas(self) -> list[AreaRecord]:
        location = self.text("Main Operating Location")
        if not location:
            return []
        code = council_areas().get(location.casefold(), "")
        return [AreaRecord(name=location[:200], area_type="Local authority" if code else "", gss_code=code)]

    def financial_year(self) -> FinancialYearRecord | None:
        period_end = self.date("Year End")
        if period_end is None:
            return None
        breakdown = {key: self.money(column) for column, key in BREAKDOWN.items() if column in self.values}
        return FinancialYearRecord(
            period_end=period_end,
            income=self.money("Most recent year income"),
            spending=self.money("Most recent year expenditure"),
            breakdown={k: v for k, v in breakdown.items() if v is not None}
            if any(breakdown.values())
            else {},
        )

    def categories(self) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        """CCEW codes for the three lists, and the texts as OSCR gives them."""
        codes: dict[tuple[str, str], None] = {}
        extra: dict[str, Any] = {}
        unmapped: list[str] = []
        for list_name, column in oscr_categories.LISTS.items():
            texts = oscr_categories.split_list(self.text(column))
            extra[column.casefold()] = texts
            for item in texts:
                found = oscr_categories.ccew_codes(list_name, item)
                codes.update(dict.fromkeys(("ccew", code) for code in found or ()))
                if not found:
                    unmapped.append(item)
        extra["unmapped_categories"] = unmapped
        for column, key in (
            ("Geographical Spread", "geographical_spread"),
            ("Regulatory Type", "regulatory_type"),
            ("Designated religious body", "designated_religious_body"),
            ("Notes", "notes"),
            ("Constitutional Form", "constitutional_form"),
        ):
            if self.text(column):
                extra[key] = self.text(column)
        return list(codes), extra
