"""`import_source companies`: Companies House BasicCompanyData (87 real rows, June 2020)."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from commoncause.register.models import Organisation, OrganisationStatus, OrgIdentifier, SourceRecord
from commoncause.sources.tests.importing import import_source, organisation

pytestmark = pytest.mark.django_db

SAMPLE = "BasicCompanyData-2020-06-01-sample.csv"


@pytest.fixture
def companies_file(demo_data_dir: Path) -> Path:
    return demo_data_dir / SAMPLE


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header exactly as written (names with their leading spaces) and the rows."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_only_non_profit_forms_are_kept(companies_file):
    run = import_source("companies", companies_file)

    assert (run.rows_read, run.created, run.rejected) == (87, 77, 0)
    assert "10 rows skipped, not a non-profit form: Private Limited Company 10." in run.notes
    assert not OrgIdentifier.objects.filter(org_id="GB-COH-11990344").exists()  # UNIQ FINANCE GROUP LTD


@pytest.mark.parametrize(
    ("org_id", "name", "legal_form"),
    [
        ("GB-COH-11501421", "VOICE EDUCATION C.I.C.", "Community interest company"),
        ("GB-COH-CE018154", "YATE MEN'S SHED", "Charitable incorporated organisation"),
        ("GB-COH-CS002010", "URBAN JUMP", "Scottish charitable incorporated organisation"),
        ("GB-COH-IP00149C", "UNIFY CREDIT UNION LIMITED", "Registered society"),
        ("GB-COH-NO000171", "TULLYCARNET CREDIT UNION LIMITED", "Registered society"),
        ("GB-COH-04705742", "WOODFORD PRE-SCHOOL PLAYGROUP", "Company limited by guarantee"),
        ("GB-COH-00169392", "UK LEATHER FEDERATION", "Company limited by guarantee"),
        ("GB-COH-RC000653", "UNIVERSITY OF EXETER", "Royal charter company"),
    ],
)
def test_each_non_profit_form_is_imported_with_its_legal_form(companies_file, org_id, name, legal_form):
    import_source("companies", companies_file)

    company = organisation(org_id)
    assert (company.name, company.legal_form) == (name, legal_form)


def test_company_keeps_its_address_dates_status_and_activities(companies_file):
    run = import_source("companies", companies_file)

    company = organisation("GB-COH-11501421")
    assert company.address == "VOICE EDUCATION 1ST FLOOR, 135-139 BRADSHAWGATE, BOLTON, ENGLAND"
    assert company.postcode == "BL2 1BJ"
    assert company.date_registered == dt.date(2018, 8, 6)
    assert (company.status, company.status_detail) == (OrganisationStatus.ACTIVE, "Active")
    assert company.extra["companies"]["sic"] == ["85410 - Post-secondary non-tertiary education"]
    assert run.extract_date == dt.date(2020, 6, 1)  # from the file name


def test_previous_names_are_kept_as_other_names(companies_file):
    import_source("companies", companies_file)

    names = set(organisation("GB-COH-00169392").other_names.values_list("name", "name_type"))
    assert names == {("BLC RESEARCH", "Previous name"), ("BLC LEATHER TECHNOLOGY CENTRE", "Previous name")}


def test_dissolved_company_is_kept_as_dissolved(companies_file, tmp_path):
    header, rows = read_rows(companies_file)
    shed = next(row for row in rows if row[" CompanyNumber"] == "CE018154")
    shed |= {"CompanyStatus": "Dissolved", "DissolutionDate": "14/01/2020"}

    import_source("companies", write_rows(tmp_path / SAMPLE, header, [shed]))

    company = organisation("GB-COH-CE018154")
    assert (company.status, company.date_removed) == (OrganisationStatus.DISSOLVED, dt.date(2020, 1, 14))


def test_reimporting_the_file_changes_nothing(companies_file):
    import_source("companies", companies_file)

    run = import_source("companies", companies_file)

    assert (run.created, run.updated, run.unchanged, run.removed) == (0, 0, 77, 0)


def test_company_attaches_to_the_organisation_that_already_holds_its_number(companies_file, tmp_path):
    council_list = tmp_path / "groups.csv"
    council_list.write_text(
        "Name,Company number,Activities\nYate Men's Shed,CE018154,A shed for men in Yate\n"
    )
    import_source("csv", council_list)

    run = import_source("companies", companies_file)

    shed = organisation("GB-COH-CE018154")
    assert Organisation.objects.filter(identifiers__org_id="GB-COH-CE018154").count() == 1
    assert set(shed.source_records.values_list("source", flat=True)) == {"csv", "companies"}
    assert shed.legal_form == "Charitable incorporated organisation"
    assert shed.activities == "A shed for men in Yate"
    assert "1 records linked to organisations already in the register." in run.notes


def test_company_paired_with_a_charity_in_the_lookup_joins_that_charity(
    demo_data_dir, companies_file, tmp_path
):
    # AFRICAN PROMISE (GB-CHC-1122285) gives no company number in the UK-CAT sample;
    # data/reference/charity-company-numbers.csv pairs it with company 10136706.
    import_source("csv", demo_data_dir / "ukcat_sample_ccew_2000.csv")
    # A row in the BasicCompanyData layout holding only the pairing's name and number.
    header, rows = read_rows(companies_file)
    guarantee = next(row["CompanyCategory"] for row in rows if row["CompanyCategory"].startswith("PRI/LBG"))
    row = dict.fromkeys(header, "") | {
        "CompanyName": "AFRICAN PROMISE",
        " CompanyNumber": "10136706",
        "CompanyCategory": guarantee,
        "CompanyStatus": "Active",
    }

    import_source("companies", write_rows(tmp_path / "companies.csv", header, [row]))

    charity = organisation("GB-CHC-1122285")
    assert set(charity.identifiers.values_list("org_id", flat=True)) == {"GB-CHC-1122285", "GB-COH-10136706"}
    assert charity.latest_income == 209666  # the list's figure; Companies House gives none
    assert Organisation.objects.count() == 2000


def test_part_file_only_marks_companies_of_its_own_part_as_disappeared(companies_file, tmp_path):
    header, rows = read_rows(companies_file)
    part1 = write_rows(tmp_path / "BasicCompanyData-2020-06-01-part1_2.csv", header, rows[:40])
    import_source("companies", part1)
    import_source(
        "companies", write_rows(tmp_path / "BasicCompanyData-2020-06-01-part2_2.csv", header, rows[40:])
    )

    run = import_source("companies", write_rows(part1, header, rows[:30]))

    missing = [
        row[" CompanyNumber"] for row in rows[30:40] if row["CompanyCategory"] != "Private Limited Company"
    ]
    assert run.removed == len(missing)
    assert set(
        SourceRecord.objects.filter(disappeared_at__isnull=False).values_list("source_key", flat=True)
    ) == set(missing)


def test_bad_value_in_a_company_that_is_skipped_does_not_stop_the_run(companies_file, tmp_path):
    header, rows = read_rows(companies_file)
    rows[0]["IncorporationDate"] = "sometime in 2019"  # UNIQ FINANCE GROUP LTD, a private company

    run = import_source("companies", write_rows(tmp_path / SAMPLE, header, rows))

    assert (run.created, run.rows_read) == (77, 87)
