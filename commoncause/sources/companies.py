"""`import_source companies <file|zip|folder>`: Companies House Free Company Data Product (BasicCompanyData).

Only non-profit forms are kept (`NON_PROFIT_FORMS`: community interest companies, CIOs and SCIOs,
registered and industrial and provident societies (co-operatives, community benefit societies,
credit unions), companies limited by guarantee without share capital, royal charter companies);
other companies are skipped, not rejected, unless the register already knows them as a charity's
company (below). Org-id `GB-COH-<CompanyNumber>`.

A company is the same body as a charity that says so: when an organisation in the register already
holds its GB-COH id (from a charity's company number), or `data/reference/charity-company-numbers.csv`
pairs it with a charity org-id the register holds, the company's record attaches to that
organisation (import charities first). Companies House facts then only fill what the regulator left
empty (`writer.SOURCE_RANK`).

A file named like `BasicCompanyData-2024-01-01-part3_7.csv` is one part of seven: a run over it marks
only companies last seen in part 3 as disappeared; a whole file or a folder of parts covers them all.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from commoncause.register.models import OrganisationStatus, OrgIdentifier
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.orgids import company_number, company_org_id
from commoncause.sources.reading import Table, read_csv_file, read_zipped_csv, source_files
from commoncause.sources.records import OrgRecord
from commoncause.sources.values import date_value, postcode_value, text
from commoncause.sources.writer import SourceWriter

SOURCE = "companies"
REQUIRED = ("CompanyName", "CompanyNumber", "CompanyCategory", "CompanyStatus", "IncorporationDate")
ADDRESS = (
    "RegAddress.CareOf",
    "RegAddress.POBox",
    "RegAddress.AddressLine1",
    "RegAddress.AddressLine2",
    "RegAddress.PostTown",
    "RegAddress.County",
    "RegAddress.Country",
)
# CompanyCategory (compared case-insensitively) -> the legal form we record. Guarantee companies
# appear under two spellings, both "no share capital": PRI/LBG/NSC … and PRI/LTD BY GUAR/NSC ….
NON_PROFIT_FORMS: dict[str, str] = {
    "community interest company": "Community interest company",
    "charitable incorporated organisation": "Charitable incorporated organisation",
    "scottish charitable incorporated organisation": "Scottish charitable incorporated organisation",
    "registered society": "Registered society",
    "industrial and provident society": "Registered society",
    "royal charter company": "Royal charter company",
    "pri/lbg/nsc": "Company limited by guarantee",
    "pri/ltd by guar/nsc": "Company limited by guarantee",
}
BATCH = 500
NO_SIC = "None Supplied"
_PART = re.compile(r"-part(\d+)_(\d+)", re.IGNORECASE)
_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def non_profit_form(category: str) -> str:
    """The legal form of a non-profit CompanyCategory, '' for any other."""
    key = " ".join(category.casefold().split())
    return NON_PROFIT_FORMS.get(key) or NON_PROFIT_FORMS.get(key.split(" (")[0], "")


def import_companies(path: Path, ctx: ImportContext) -> None:
    """Import a BasicCompanyData CSV, its zip, or a folder of them."""
    files = source_files(path)
    ctx.run.extract_date = ctx.run.extract_date or _extract_date(files[0])
    skipped: Counter[str] = Counter()
    writer = SourceWriter(ctx, source=SOURCE, file_name=files[0].name, scope=_scope(path))
    for file in files:
        writer.flush()  # records carry the name of the file they were read from
        writer.file_name = file.name
        _import_file(file, ctx, writer, skipped)
    writer.finish()
    if skipped:
        kinds = ", ".join(f"{category} {count}" for category, count in skipped.most_common())
        ctx.notes.append(f"{sum(skipped.values())} rows skipped, not a non-profit form: {kinds}.")


def _scope(path: Path) -> dict[str, Any]:
    part = None if path.is_dir() else _PART.search(path.name)
    return {"file_name__icontains": part.group(0)} if part else {}


def _extract_date(path: Path) -> Any:
    match = _DATE_IN_NAME.search(path.name)
    if not match:
        return None
    return date_value(match.group(0), file=path.name, row=0, field="file name")


def _import_file(path: Path, ctx: ImportContext, writer: SourceWriter, skipped: Counter[str]) -> None:
    table, handle = read_zipped_csv(path) if path.suffix.lower() == ".zip" else read_csv_file(path)
    with closing(handle):
        missing = [name for name in REQUIRED if name not in table.header]
        if missing:
            raise ImportProblem(
                "a column of the BasicCompanyData layout is missing", file=table.file, row=1, field=missing[0]
            )
        ctx.notes.extend(table.encoding_notes())
        for batch in _batches(ctx.progress(table.rows, description=f"Reading {path.name}")):
            ctx.counts.rows_read += len(batch)
            kept = _kept(batch)
            for number, row in batch:
                if number in kept:
                    writer.add(_record(number, row, table))
                else:
                    skipped[text(row.get("CompanyCategory")) or "(no category)"] += 1


def _batches(rows: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    batch = []
    for item in rows:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _kept(batch: list[tuple[int, dict[str, Any]]]) -> set[int]:
    """Row numbers to import: non-profit forms, and companies the register knows as a charity's.

    Other rows are not read further, so a bad value in a company we skip does not stop the run.
    """
    kept = {number for number, row in batch if non_profit_form(text(row.get("CompanyCategory")))}
    ids_by_row = {number: _ids(row) for number, row in batch if number not in kept}
    ids = {org_id for row_ids in ids_by_row.values() for org_id in row_ids}
    if ids:
        known = set(OrgIdentifier.objects.filter(org_id__in=ids).values_list("org_id", flat=True))
        kept |= {number for number, row_ids in ids_by_row.items() if known.intersection(row_ids)}
    return kept


def _ids(row: dict[str, Any]) -> tuple[str, ...]:
    """The company's org-id and the charity org-ids the lookup pairs it with."""
    org_id = company_org_id(text(row.get("CompanyNumber")))
    return (org_id, *charity_ids_for_company().get(org_id, ())) if org_id else ()


def _record(number: int, row: dict[str, Any], table: Table) -> OrgRecord:
    file = table.file
    company = company_number(text(row.get("CompanyNumber")))
    name = text(row.get("CompanyName"))
    if not company or not name:
        raise ImportProblem(
            "is empty", file=file, row=number, field="CompanyNumber" if not company else "CompanyName"
        )
    org_id = company_org_id(company)
    category = text(row.get("CompanyCategory"))
    status = text(row.get("CompanyStatus"))
    dissolved = status.casefold().startswith(("dissolved", "converted/closed"))
    fields = {
        "name": name,
        "legal_form": non_profit_form(category) or category,
        "status": OrganisationStatus.DISSOLVED if dissolved else OrganisationStatus.ACTIVE,
        "status_detail": status,
        "date_registered": date_value(
            row.get("IncorporationDate"), file=file, row=number, field="IncorporationDate"
        ),
        "date_removed": date_value(
            row.get("DissolutionDate"), file=file, row=number, field="DissolutionDate"
        ),
        "address": ", ".join(part for part in (text(row.get(column)) for column in ADDRESS) if part),
        "postcode": postcode_value(row.get("RegAddress.PostCode")),
    }
    return OrgRecord(
        source=SOURCE,
        source_key=company,
        org_ids=[org_id],
        match_ids=list(charity_ids_for_company().get(org_id, ())),
        fields=fields,
        row=number,
        key_field="CompanyNumber",
        other_names=_previous_names(row, name),
        extra={"companies": _extra(row, category, file=file, number=number)},
    )


def _previous_names(row: dict[str, Any], name: str) -> list[tuple[str, str]]:
    names = (text(row.get(f"PreviousName_{n}.CompanyName")) for n in range(1, 11))
    return [(previous, "Previous name") for previous in dict.fromkeys(names) if previous and previous != name]


def _extra(row: dict[str, Any], category: str, *, file: str, number: int) -> dict[str, Any]:
    last_accounts = date_value(
        row.get("Accounts.LastMadeUpDate"), file=file, row=number, field="Accounts.LastMadeUpDate"
    )
    return {
        "category": category,
        "sic": [
            sic
            for sic in (text(row.get(f"SICCode.SicText_{n}")) for n in range(1, 5))
            if sic and sic != NO_SIC
        ],
        "country_of_origin": text(row.get("CountryOfOrigin")),
        "accounts_category": text(row.get("Accounts.AccountCategory")),
        "accounts_last_made_up": last_accounts.isoformat() if last_accounts else "",
    }


@cache
def charity_ids_for_company() -> dict[str, tuple[str, ...]]:
    """GB-COH org-id -> the charity org-ids `charity-company-numbers.csv` pairs it with."""
    path = Path(settings.DATA_DIR) / "reference" / "charity-company-numbers.csv"
    pairs: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            company = company_org_id(row["org_id_b"].removeprefix("GB-COH-"))
            if company and row["org_id_a"]:
                pairs[company].append(row["org_id_a"].strip())
    return {company: tuple(charities) for company, charities in pairs.items()}
