"""Importing the CCEW extract into the register: every table lands where a person would look for it."""

import datetime as dt

import pytest
from django.db import connection

from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    Organisation,
    OrganisationalTrustee,
    OrganisationEvent,
    OrganisationLink,
    OrgIdentifier,
    OtherName,
    SourceRecord,
)
from commoncause.sources.tests.ccew_extract import TEXT_EXTRACT, import_ccew

pytestmark = pytest.mark.django_db


def charity(org_id: str) -> Organisation:
    return Organisation.objects.get(identifiers__org_id=org_id)


def test_first_import_makes_every_index_and_foreign_key_it_set_aside_again():
    from commoncause.sources.ccew.indexes import foreign_keys, secondary_indexes
    from commoncause.sources.ccew.targets import TARGETS

    tables = [model._meta.db_table for model, _ in TARGETS.values()]

    def schema() -> dict[str, list]:
        return {table: sorted(secondary_indexes(table)) + sorted(foreign_keys(table)) for table in tables}

    before = schema()
    assert before[Organisation._meta.db_table]

    import_ccew(TEXT_EXTRACT)

    assert schema() == before
    connection.check_constraints()


@pytest.fixture
def imported():
    return import_ccew(TEXT_EXTRACT)


def test_every_charity_row_becomes_one_organisation(imported):
    assert Organisation.objects.count() == 572
    assert SourceRecord.objects.filter(source="ccew").count() == 572
    assert OrgIdentifier.objects.filter(scheme="GB-CHC", is_primary=True).count() == 572
    assert (imported.created, imported.updated, imported.unchanged, imported.rejected) == (572, 0, 0, 0)
    assert imported.rows_read == 7830


def test_known_charity_has_its_regulator_facts(imported):
    raymond = charity("GB-CHC-207237")

    assert raymond.name == "Raymond ton Children Society"
    assert raymond.status == "registered"
    assert raymond.status_detail == "Submission Received"
    assert raymond.legal_form == "Other"
    assert raymond.date_registered == dt.date(1963, 7, 25)
    assert raymond.latest_income == 2421985
    assert raymond.latest_spending == 2550072
    assert raymond.latest_financial_year_end == dt.date(2022, 3, 31)
    assert raymond.income_band == "large"
    assert raymond.postcode == "M1H 3ZZ"
    assert raymond.address == "Studio 6, South Beverleymouth"
    assert raymond.website == "https://www.example.com/raymond-ton-children-society"
    assert raymond.activities.startswith("Quidem minus iure neque ratione deserunt.")
    assert raymond.charitable_objects.startswith("Suscipit perferendis officia culpa consectetur.")
    assert raymond.area_of_benefit == "SEE OBJECTS"


def test_classifications_are_the_what_who_how_codes(imported):
    codes = Classification.objects.filter(organisation=charity("GB-CHC-207237"), scheme="ccew")

    assert sorted(codes.values_list("code", flat=True)) == [
        "102", "109", "112", "205", "207", "301", "302", "305", "307", "308",
    ]  # fmt: skip


def test_areas_of_operation_carry_the_gss_code_where_the_lookup_has_one(imported):
    raymond_area = AreaOfOperation.objects.get(organisation=charity("GB-CHC-207237"))
    assert (raymond_area.area_type, raymond_area.name) == ("Region", "Throughout England And Wales")
    assert raymond_area.gss_code == "K04000001"

    westminster = AreaOfOperation.objects.filter(name="City Of Westminster").first()
    assert westminster is not None
    assert westminster.gss_code == "E09000033"
    assert westminster.parent_name == "Greater London"
    assert AreaOfOperation.objects.filter(name="India", gss_code="").exists()


def test_each_reported_year_is_a_financial_year_with_parts_a_and_b(imported):
    raymond = charity("GB-CHC-207237")
    years = list(FinancialYear.objects.filter(organisation=raymond).order_by("period_end"))

    assert [year.period_end for year in years] == [dt.date(year, 3, 31) for year in range(2018, 2023)]
    latest = years[-1]
    assert (latest.period_start, latest.income, latest.spending) == (dt.date(2021, 4, 1), 2421985, 2550072)
    assert latest.breakdown["ar_cycle_reference"] == "AR22"
    assert latest.breakdown["parta"]["count_volunteers"] == 14
    assert latest.breakdown["partb"]["income_donations_and_legacies"] == 1232441
    assert latest.breakdown["partb"]["consolidated_accounts"] is True
    assert raymond.employees == 32
    assert raymond.volunteers == 14


def test_trustees_are_counted_and_only_organisations_are_named(imported):
    assert charity("GB-CHC-207237").trustee_count == 14

    trustees = OrganisationalTrustee.objects.filter(organisation=charity("GB-CHC-527511"))
    assert list(trustees.values_list("name", "is_chair")) == [("Hart, Morgan and Cook", False)]
    assert OrganisationalTrustee.objects.count() == 10


def test_individual_trustees_names_are_stored_nowhere(imported):
    individual_names = _individual_trustee_names()
    assert len(individual_names) > 1000

    stored = _all_stored_text()

    assert not [name for name in individual_names if name in stored]


def test_removed_charity_is_kept_as_removed_with_its_date_and_reason(imported):
    removed = charity("GB-CHC-203460")

    assert removed.status == "removed"
    assert removed.date_removed == dt.date(2018, 11, 6)
    assert removed.removal_reason == "Ceased to exist"
    events = OrganisationEvent.objects.filter(organisation=removed).order_by("date", "event_type")
    assert [event.event_type for event in events] == [
        "Standard registration", "Asset transfer in", "Asset transfer out", "Removed",
    ]  # fmt: skip
    transfer = events.get(event_type="Asset transfer out")
    assert (transfer.associated_name, transfer.associated_org_id) == (
        "THE BEWDLEY OLD GRAMMAR SCHOOL FOUNDATION",
        "GB-CHC-527429",
    )


def test_linked_charity_belongs_to_its_main_charity(imported):
    main = charity("GB-CHC-203460")
    linked = charity("GB-CHC-203460-1")

    assert linked.name == "Amy haven Crime and Justice Charity"
    assert linked.parent == main
    assert OrganisationLink.objects.filter(
        from_organisation=main, to_organisation=linked, kind="linked_charity", source="ccew"
    ).exists()
    assert main.linked.count() == 10
    connection.check_constraints()


def test_company_number_is_a_second_org_id(imported):
    company = OrgIdentifier.objects.get(org_id="GB-COH-XX002802")

    assert company.organisation == charity("GB-CHC-209617")
    assert company.scheme == "GB-COH"
    assert not company.is_primary
    assert charity("GB-CHC-209617").legal_form == "Charitable company"


def test_other_names_policies_and_regulators_are_kept(imported):
    other = OtherName.objects.get(organisation=charity("GB-CHC-525394"))
    assert (other.name, other.name_type, other.source) == (
        "Joyce borough Disaster Relief CIO",
        "Working name",
        "ccew",
    )

    raymond = charity("GB-CHC-207237").extra["ccew"]
    assert raymond["policies"] == [
        "Complaints handling", "Conflicting interests", "Investment", "Paying staff", "Risk management",
        "Volunteer management",
    ]  # fmt: skip
    assert raymond["charity_gift_aid"] is True
    regulated = charity("GB-CHC-219260").extra["ccew"]["other_regulators"]
    assert [regulator["name"] for regulator in regulated] == ["Care Quality Commission", "Homes England"]


def test_cio_is_its_legal_form(imported):
    cios = Organisation.objects.filter(legal_form="CIO")

    assert cios.count() == 43
    assert all(cio.extra["ccew"]["charity_is_cio"] for cio in cios)


def test_each_charity_records_where_and_when_its_facts_came_from(imported):
    record = SourceRecord.objects.get(source="ccew", source_key="207237")

    assert record.organisation == charity("GB-CHC-207237")
    assert record.file_name == "publicextract.charity.zip"
    assert record.extract_date == dt.date(2023, 9, 7)
    assert record.last_confirmed == dt.date(2023, 9, 7)
    assert record.first_seen_run == imported
    assert record.last_seen_run == imported
    assert len(record.record_hash) == 32
    assert imported.extract_date == dt.date(2023, 9, 7)


def _individual_trustee_names() -> set[str]:
    from commoncause.sources.ccew.files import table_files
    from commoncause.sources.ccew.reader import read_table
    from commoncause.sources.ccew.tables import TABLES

    spec = TABLES["charity_trustee"]
    kind, name = spec.index["individual_or_organisation"], spec.index["trustee_name"]
    table_file = table_files(TEXT_EXTRACT)["charity_trustee"]
    return {fields[name] for _, fields in read_table(table_file, spec) if fields[kind] == "P"}


def _all_stored_text() -> str:
    """Every value of every row the import wrote, as one string."""
    parts: list[str] = []
    for model in (
        Organisation, OrgIdentifier, OtherName, Classification, AreaOfOperation, FinancialYear,
        OrganisationLink, OrganisationEvent, OrganisationalTrustee, SourceRecord,
    ):  # fmt: skip
        parts.extend(repr(row) for row in model.objects.values_list())
    return "\n".join(parts)
