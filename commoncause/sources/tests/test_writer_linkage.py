"""Record linkage in the shared writer: one organisation per body across sources, regulator facts first."""

import csv
from pathlib import Path

import pytest

from commoncause.register.models import Organisation, SourceRecord
from commoncause.sources.tests.importing import import_source, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccni_file(demo_data_dir: Path) -> Path:
    return demo_data_dir / "ccni-charitydetails-sample.csv"


def write_list(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_council_list_adds_to_a_regulator_record_without_overwriting_it(ccni_file, tmp_path):
    import_source("ccni", ccni_file)
    row = {"Charity number": "NI100002", "Name": "Cancer Lifeline North Belfast", "Income": "500000"}
    row |= {"Website": "", "UKCAT": "HE202"}

    import_source("csv", write_list(tmp_path / "council.csv", [row]))

    assert Organisation.objects.count() == 364
    charity = organisation("GB-NIC-100002")
    assert (charity.name, charity.latest_income) == ("Cancer Lifeline", 462154)
    assert charity.website == "www.cancerlifeline.info"
    assert ("ukcat", "HE202") in set(charity.classifications.values_list("scheme", "code"))
    assert ("ccew", "103") in set(charity.classifications.values_list("scheme", "code"))
    assert set(charity.source_records.values_list("source", flat=True)) == {"ccni", "csv"}
    other = charity.other_names.get(source="csv")
    assert (other.name, other.name_type) == ("Cancer Lifeline North Belfast", "Name in an organisation list")


def test_council_list_fills_what_the_regulator_left_empty(ccni_file, tmp_path):
    import_source("ccni", ccni_file)
    assert organisation("GB-NIC-100003").activities == ""
    row = {"Charity number": "NI100003", "Name": "Strabane Ethnic Community Association"}
    row |= {"Activities": "Drop-in advice and language classes"}

    import_source("csv", write_list(tmp_path / "council.csv", [row]))

    assert organisation("GB-NIC-100003").activities == "Drop-in advice and language classes"


def test_regulator_import_after_a_council_list_takes_over_its_fields(ccni_file, tmp_path):
    row = {"Charity number": "NI100002", "Name": "Cancer Lifeline North Belfast", "Income": "500000"}
    import_source("csv", write_list(tmp_path / "council.csv", [row]))

    run = import_source("ccni", ccni_file)

    assert Organisation.objects.count() == 364
    assert (run.created, run.rows_read) == (364, 364)
    charity = organisation("GB-NIC-100002")
    assert (charity.name, charity.latest_income) == ("Cancer Lifeline", 462154)
    assert charity.identifiers.get(is_primary=True).org_id == "GB-NIC-100002"


def test_two_charities_giving_one_company_number_stay_two_organisations(tmp_path):
    rows = [
        {"Charity number": "200166", "Name": "MRS JANE CART'S TRUST", "Company number": "07444292"},
        {"Charity number": "200204", "Name": "THE FREDERICK RAY TRUST", "Company number": "07444292"},
    ]

    run = import_source("csv", write_list(tmp_path / "council.csv", rows))

    assert Organisation.objects.count() == 2
    assert organisation("GB-COH-07444292").name == "MRS JANE CART'S TRUST"
    assert organisation("GB-CHC-200204").name == "THE FREDERICK RAY TRUST"
    assert "Identifiers held by another organisation, not added: GB-COH-07444292 (row 3)" in run.notes


def test_group_listed_without_a_number_links_up_when_a_list_gives_its_number(tmp_path):
    group = {"Name": "Yate Men's Shed", "Postcode": "BS37 4AX"}
    import_source("csv", write_list(tmp_path / "groups-2024.csv", [group]))

    import_source("csv", write_list(tmp_path / "groups-2025.csv", [group | {"Company number": "CE018154"}]))

    assert Organisation.objects.count() == 1
    shed = organisation("GB-COH-CE018154")
    assert {i.org_id[:9] for i in shed.identifiers.all()} == {"GB-LOCAL-", "GB-COH-CE"}


def test_company_the_register_already_knows_is_kept_whatever_its_form(demo_data_dir, tmp_path):
    row = {"Name": "Windy Powers", "Company number": "NI630590"}
    import_source("csv", write_list(tmp_path / "social-enterprises.csv", [row]))

    import_source("companies", demo_data_dir / "BasicCompanyData-2020-06-01-sample.csv")

    company = organisation("GB-COH-NI630590")
    assert (company.name, company.legal_form) == ("WINDY POWERS LTD", "Private Limited Company")


def test_record_that_comes_back_is_no_longer_marked_disappeared(tmp_path):
    rows = [{"Charity number": "200166", "Name": "MRS JANE CART'S TRUST"}]
    rows.append({"Charity number": "200204", "Name": "THE FREDERICK RAY TRUST"})
    path = tmp_path / "council.csv"
    import_source("csv", write_list(path, rows))
    import_source("csv", write_list(path, rows[:1]))
    assert SourceRecord.objects.get(source_key="GB-CHC-200204").disappeared_at is not None

    run = import_source("csv", write_list(path, rows))

    assert (run.updated, run.unchanged) == (1, 1)
    assert SourceRecord.objects.get(source_key="GB-CHC-200204").disappeared_at is None
