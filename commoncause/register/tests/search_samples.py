"""The real demo samples loaded into the register for the search and API tests."""

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
)
from commoncause.register.services import search_index_refresh

DEMO = Path(settings.DATA_DIR) / "demo"
# CCNI's words for purposes, beneficiaries and activities, as CCEW what/who/how codes.
CCNI_CODES = {
    "The advancement of education": "102",
    "The advancement of health or the saving of lives": "103",
    "The prevention or relief of poverty": "105",
    "The advancement of religion": "108",
    "The advancement of amateur sport": "110",
    "The advancement of animal welfare": "111",
    "The advancement of citizenship or community development": "113",
    "Other charitable purposes": "117",
    "Children (5-13 year olds)": "201",
    "Youth (14-25 year olds)": "201",
    "Older people": "202",
    "Physical disabilities": "203",
    "Learning disabilities": "203",
    "Ethnic minorities": "204",
    "Voluntary and community sector": "205",
    "General public": "207",
    "Grant making": "302",
    "Advice/advocacy/information": "307",
    "Research/evaluation": "308",
}


def _ccni_organisation(row: dict[str, str]) -> Organisation:
    income = int(row["Total income"]) if row["Total income"] else None
    return Organisation(
        name=row["Charity name"],
        legal_form=row["Type of governing document"],
        status=OrganisationStatus.REMOVED if row["Status"] == "Removed" else OrganisationStatus.REGISTERED,
        status_detail=row["Status"],
        activities=row["Charitable purposes"],
        latest_income=income,
        income_band=income_band_for(income),
        address=row["Public address"],
        postcode=row["Public address"].rsplit(",", 1)[-1].strip(),
        website=row["Website"],
    )


def _ccni_related(org: Organisation, row: dict[str, str]) -> list:
    related: list = [
        OrgIdentifier(
            org_id=f"GB-NIC-{row['Reg charity number']}",
            scheme="GB-NIC",
            value=row["Reg charity number"],
            organisation=org,
            is_primary=True,
        )
    ]
    text = ",".join(
        row[c] for c in ("What the charity does", "Who the charity helps", "How the charity works")
    )
    codes = {CCNI_CODES[part] for part in text.split(",") if part in CCNI_CODES}
    related += [Classification(organisation=org, scheme="ccew", code=code, source="ccni") for code in codes]
    related.append(
        AreaOfOperation(organisation=org, name="Northern Ireland", gss_code="N92000002", source="ccni")
    )
    if "belfast" in row["Public address"].lower():
        related.append(AreaOfOperation(organisation=org, name="Belfast", gss_code="N09000003", source="ccni"))
    if org.latest_income is not None:
        end = dt.datetime.strptime(row["Date for financial year ending"], "%d %B %Y").date()
        related.append(
            FinancialYear(
                organisation=org,
                source="ccni",
                period_end=end,
                income=org.latest_income,
                spending=int(row["Total spending"] or 0),
            )
        )
    return related


def _ccew_organisation(row: dict[str, str]) -> Organisation:
    income = round(float(row["income"])) if row["income"] else None
    return Organisation(
        name=row["name"],
        status=OrganisationStatus.REGISTERED,
        activities=row["activities"],
        charitable_objects=row["objects"],
        latest_income=income,
        income_band=income_band_for(income),
        postcode=row["postcode"],
        website=row["web"],
    )


def load_sample_register() -> None:
    """Load the CCNI sample and the 2,000 real CCEW charities, then refresh the search index."""
    orgs: list[Organisation] = []
    related: list = []
    with (DEMO / "ccni-charitydetails-sample.csv").open(encoding="cp1252", newline="") as handle:
        for row in csv.DictReader(handle):
            orgs.append(org := _ccni_organisation(row))
            related += _ccni_related(org, row)
    with (DEMO / "ukcat_sample_ccew_2000.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            orgs.append(org := _ccew_organisation(row))
            related.append(
                OrgIdentifier(
                    org_id=row["org_id"],
                    scheme="GB-CHC",
                    value=row["reg_number"],
                    organisation=org,
                    is_primary=True,
                )
            )
    Organisation.objects.bulk_create(orgs)
    for model in (OrgIdentifier, Classification, AreaOfOperation, FinancialYear):
        model.objects.bulk_create([obj for obj in related if isinstance(obj, model)])
    search_index_refresh()


def clear_register() -> None:
    Organisation.objects.all().delete()
    search_index_refresh()
