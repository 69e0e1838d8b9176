"""Bad input: missing columns, and mappings that name columns or fields that do not exist."""

import csv
import json
from pathlib import Path

import pytest

from commoncause.sources.tests.importing import assert_import_fails, import_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def register_with_ccni(demo_data_dir: Path) -> None:
    """Start from a register that already holds something, so 'nothing changed' means something."""
    import_source("ccni", demo_data_dir / "ccni-charitydetails-sample.csv")


def drop_column(source: Path, target: Path, column: str, *, encoding: str = "utf-8") -> Path:
    with source.open(encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        names = [name for name in reader.fieldnames or [] if name != column]
        rows = [{name: row[name] for name in names} for row in reader]
    with target.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_list_without_a_name_column_is_refused(demo_data_dir, tmp_path):
    path = drop_column(demo_data_dir / "ukcat_sample_ccew_2000.csv", tmp_path / "list.csv", "name")

    message = assert_import_fails("csv", path, file="list.csv", row=1, field="name")

    assert "--mapping" in message


def test_ccni_register_without_its_status_column_is_refused(demo_data_dir, tmp_path):
    source = demo_data_dir / "ccni-charitydetails-sample.csv"
    path = drop_column(source, tmp_path / "charitydetails.csv", "Status", encoding="cp1252")

    assert_import_fails("ccni", path, file="charitydetails.csv", row=1, field="Status")


def test_companies_file_without_company_numbers_is_refused(demo_data_dir, tmp_path):
    source = demo_data_dir / "BasicCompanyData-2020-06-01-sample.csv"
    path = drop_column(source, tmp_path / "BasicCompanyData.csv", " CompanyNumber")

    assert_import_fails("companies", path, file="BasicCompanyData.csv", row=1, field="CompanyNumber")


def test_mapping_that_names_a_column_not_in_the_file_is_refused(demo_data_dir, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": {"Charity Name": "name", "Turnover": "income"}}))

    message = assert_import_fails(
        "csv",
        demo_data_dir / "ukcat_sample_ccew_2000.csv",
        "--mapping",
        str(mapping),
        file="ukcat_sample_ccew_2000.csv",
        row=1,
        field="Charity Name",
    )

    assert "names column 'Charity Name', which is not in the file" in message


def test_mapping_onto_a_field_we_do_not_know_is_refused(demo_data_dir, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": {"name": "name", "income": "turnover"}}))

    message = assert_import_fails(
        "csv", demo_data_dir / "ukcat_sample_ccew_2000.csv", "--mapping", str(mapping), file="mapping.json"
    )

    assert "field 'income'" in message
    assert "'turnover' is not a field we know" in message


def test_mapping_that_is_not_json_is_refused(demo_data_dir, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"columns": {"name": "name",}')

    message = assert_import_fails(
        "csv", demo_data_dir / "ukcat_sample_ccew_2000.csv", "--mapping", str(mapping), file="mapping.json"
    )

    assert "cannot read the column mapping" in message
