"""`import_source ccni <file>`: the Charity Commission for Northern Ireland register CSV.

Copies come in Windows-1252 (with a trailing empty header column) and in UTF-8 with or without a
byte-order mark; the encoding is detected (`encodings.detect_encoding`). One row per charity:
org-id `GB-NIC-<number>`; a company number (0 = none) is a Northern Ireland company, `GB-COH-NI…`.
Status text such as "Received: on time" or "Overdue: 64 days" means still registered, "Removed"
removed; the text itself is kept in `status_detail`. The three category lists are read across to
the CCEW what/who/how codes (`ccni_categories`); the texts themselves are kept in `extra["ccni"]`.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Any

from commoncause.register.models import OrganisationStatus
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.ccni_categories import LISTS, ccew_codes, split_categories
from commoncause.sources.orgids import company_org_id
from commoncause.sources.reading import read_csv_file
from commoncause.sources.records import FinancialYearRecord, OrgRecord
from commoncause.sources.values import date_value, int_value, money_value, split_address, text
from commoncause.sources.writer import SourceWriter

SOURCE = "ccni"
NUMBER = "Reg charity number"
REQUIRED = (NUMBER, "Charity name", "Status", "Date registered", "Total income", "Total spending")
BREAKDOWN = {
    "Charitable spending": "charitable_spending",
    "Income generation and governance": "income_generation_and_governance",
    "Income from donations and legacies": "income_donations_and_legacies",
    "Income from charitable activities": "income_charitable_activities",
    "Income from other trading activities": "income_other_trading_activities",
    "Income from investments": "income_investments",
    "Income from other": "income_other",
    "Total income and endowments": "income_total_income_and_endowments",
    "Expenditure on Raising funds": "expenditure_raising_funds",
    "Expenditure on Charitable activities": "expenditure_charitable_expenditure",
    "Expenditure on Governance": "expenditure_governance",
    "Expenditure on Other": "expenditure_other",
    "Total expenditure": "expenditure_total",
    "Assets and liabilities - Total fixed assets": "assets_total_fixed",
    "Total net assets and liabilities": "assets_net",
}
# The governing document tells the legal form, in the words CCEW uses for charity types where it can.
LEGAL_FORM = {
    "memorandum and articles": "Charitable company",
    "trust deed or declaration of trust": "Trust",
    "will": "Trust",
    "constitution": "Unincorporated association",
    "royal charter": "Royal charter body",
    "ips rules": "Registered society",
    "other": "Other",
}


def import_ccni(path: Path, ctx: ImportContext) -> None:
    """Import one CCNI register CSV into the register."""
    if path.is_dir():
        raise ImportProblem("give the register CSV file, not a folder", file=path.name)
    table, handle = read_csv_file(path)
    with closing(handle):
        missing = [name for name in REQUIRED if name not in table.header]
        if missing:
            raise ImportProblem(
                "a column the CCNI register always has is missing", file=table.file, row=1, field=missing[0]
            )
        ctx.notes.extend(table.encoding_notes())
        writer = SourceWriter(ctx, source=SOURCE, file_name=path.name)
        for number, row in ctx.progress(table.rows, description=f"Reading {path.name}"):
            ctx.counts.rows_read += 1
            writer.add(_Row(number, row, table.file).record())
        writer.finish()


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

    def whole(self, column: str) -> int | None:
        return int_value(self.values.get(column), file=self.file, row=self.number, field=column)

    def record(self) -> OrgRecord:
        number = self.whole(NUMBER)
        name = self.text("Charity name")
        if number is None or not name:
            field = NUMBER if number is None else "Charity name"
            raise ImportProblem("is empty", file=self.file, row=self.number, field=field)
        company = company_org_id(self.text("Company number"), default_prefix="NI")
        codes, extra = self.categories()
        year = self.financial_year()
        other_name = self.text("Other name")
        return OrgRecord(
            source=SOURCE,
            source_key=str(number),
            org_ids=[f"GB-NIC-{number}", *([company] if company else [])],
            fields=self.fields(name, year),
            row=self.number,
            key_field=NUMBER,
            other_names=[(other_name, "Other name")] if other_name and other_name != name else [],
            classifications=codes,
            financial_years=[year] if year else [],
            extra={"ccni": extra},
        )

    def fields(self, name: str, year: FinancialYearRecord | None) -> dict[str, Any]:
        address, postcode = split_address(self.values.get("Public address"))
        status_text = self.text("Status")
        removed = status_text.casefold().startswith("removed")
        governing_document = self.text("Type of governing document").casefold()
        is_company = bool(company_org_id(self.text("Company number")))
        return {
            "name": name,
            "status": OrganisationStatus.REMOVED if removed else OrganisationStatus.REGISTERED,
            "status_detail": status_text,
            "legal_form": "Charitable company" if is_company else LEGAL_FORM.get(governing_document, ""),
            "date_registered": self.date("Date registered"),
            "latest_income": year.income if year else self.money("Total income"),
            "latest_spending": year.spending if year else self.money("Total spending"),
            "latest_financial_year_end": year.period_end if year else None,
            "employees": self.whole("Employed staff"),
            "volunteers": self.whole("UK and Ireland volunteers"),
            "address": address,
            "postcode": postcode,
            "website": self.text("Website"),
            "email": self.text("Email"),
            "phone": self.text("Telephone"),
            "charitable_objects": self.text("Charitable purposes"),
        }

    def financial_year(self) -> FinancialYearRecord | None:
        period_end = self.date("Financial period end") or self.date("Date for financial year ending")
        if period_end is None:
            return None
        breakdown = {key: self.money(column) for column, key in BREAKDOWN.items() if column in self.values}
        return FinancialYearRecord(
            period_end=period_end,
            period_start=self.date("Financial period start"),
            income=self.money("Total income"),
            spending=self.money("Total spending"),
            breakdown={k: v for k, v in breakdown.items() if v is not None}
            if any(breakdown.values())
            else {},
        )

    def categories(self) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        """CCEW codes for the three category lists, and the texts as CCNI gives them."""
        codes: dict[tuple[str, str], None] = {}
        extra: dict[str, Any] = {"governing_document": self.text("Type of governing document")}
        unmapped: list[str] = []
        for list_name, column in LISTS.items():
            texts = split_categories(list_name, self.text(column))
            extra[list_name] = texts
            for item in texts:
                found = ccew_codes(list_name, item)
                codes.update(dict.fromkeys(("ccew", code) for code in found or ()))
                if not found:
                    unmapped.append(item)
        extra["unmapped_categories"] = unmapped
        previous = self.money("Total income. Previous financial period.")
        if previous:
            extra["income_previous_period"] = previous
        return list(codes), extra
