"""Real rows of the demo samples, loaded with the ORM for the page tests.

Each helper reads one row of `data/demo/` and stores it as the importers would, so the tests can
compare what a page shows with what the regulator published.
"""

import csv
import datetime as dt
from pathlib import Path

from django.conf import settings

from commoncause.register.income_bands import income_band_for
from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    Organisation,
    OrganisationStatus,
    OrgIdentifier,
    OtherName,
)
from commoncause.register.tests.search_samples import CCNI_CODES

DEMO = Path(settings.DATA_DIR) / "demo"
CCNI_FILE = "ccni-charitydetails-sample.csv"
UKCAT_FILE = "ukcat_sample_ccew_2000.csv"


def ccni_row(number: str) -> dict[str, str]:
    with (DEMO / CCNI_FILE).open(encoding="cp1252", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["Reg charity number"] == number)


def ukcat_row(org_id: str) -> dict[str, str]:
    with (DEMO / UKCAT_FILE).open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["org_id"] == org_id)


def _ccni_date(text: str) -> dt.date | None:
    return dt.datetime.strptime(text, "%d %B %Y").date() if text else None


def ccni_organisation(number: str) -> Organisation:
    """One charity of the CCNI register sample, with its identifier, finances and classifications."""
    row = ccni_row(number)
    income = int(row["Total income"]) if row["Total income"] else None
    removed = row["Status"] == "Removed"
    org = Organisation.objects.create(
        name=row["Charity name"],
        legal_form=row["Type of governing document"],
        status=OrganisationStatus.REMOVED if removed else OrganisationStatus.REGISTERED,
        status_detail=row["Status"],
        date_registered=dt.datetime.strptime(row["Date registered"], "%d/%m/%Y").date(),
        charitable_objects=row["Charitable purposes"],
        latest_income=income,
        latest_spending=int(row["Total spending"]) if row["Total spending"] else None,
        latest_financial_year_end=_ccni_date(row["Date for financial year ending"]),
        income_band=income_band_for(income),
        employees=int(row["Employed staff"]) if row["Employed staff"] else None,
        volunteers=int(row["UK and Ireland volunteers"]) if row["UK and Ireland volunteers"] else None,
        address=row["Public address"],
        postcode=row["Public address"].rsplit(",", 1)[-1].strip(),
        email=row["Email"],
        phone=row["Telephone"],
        website=row["Website"],
    )
    OrgIdentifier.objects.create(
        org_id=f"GB-NIC-{number}", scheme="GB-NIC", value=number, organisation=org, is_primary=True
    )
    if row["Other name"].strip():
        OtherName.objects.create(organisation=org, name=row["Other name"].strip(), source="ccni")
    _ccni_classifications(org, row)
    if org.latest_financial_year_end and income is not None:
        FinancialYear.objects.create(
            organisation=org,
            source="ccni",
            period_start=_ccni_date(row["Financial period start"]),
            period_end=org.latest_financial_year_end,
            income=income,
            spending=org.latest_spending,
        )
    org.source_records.create(source="ccni", source_key=number, file_name=CCNI_FILE)
    return org


def _ccni_classifications(org: Organisation, row: dict[str, str]) -> None:
    columns = ("What the charity does", "Who the charity helps", "How the charity works")
    text = ",".join(row[column] for column in columns)
    codes = {CCNI_CODES[part] for part in text.split(",") if part in CCNI_CODES}
    Classification.objects.bulk_create(
        Classification(organisation=org, scheme="ccew", code=code, source="ccni") for code in codes
    )
    if "belfast" in row["Public address"].lower():
        AreaOfOperation.objects.create(organisation=org, name="Belfast", gss_code="N09000003", source="ccni")


def ukcat_organisation(org_id: str) -> Organisation:
    """One of the 2,000 real CCEW charities with its UK Charity Activity Tags."""
    row = ukcat_row(org_id)
    income = round(float(row["income"])) if row["income"] else None
    org = Organisation.objects.create(
        name=row["name"],
        status=OrganisationStatus.REGISTERED,
        date_registered=dt.date.fromisoformat(row["date_registered"]),
        activities=row["activities"],
        charitable_objects=row["objects"],
        latest_income=income,
        latest_spending=round(float(row["spending"])) if row["spending"] else None,
        latest_financial_year_end=dt.date.fromisoformat(row["fye"]),
        income_band=income_band_for(income),
        postcode=row["postcode"],
        website=row["web"],
    )
    OrgIdentifier.objects.create(
        org_id=org_id, scheme="GB-CHC", value=row["reg_number"], organisation=org, is_primary=True
    )
    Classification.objects.bulk_create(
        Classification(organisation=org, scheme="ukcat", code=code, source="csv")
        for code in row["UKCAT"].split(";")
        if code
    )
    return org
