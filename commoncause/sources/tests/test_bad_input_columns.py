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


def _with_column_twice(source: Path, target: Path, column: str, second_name: str, *, encoding: str) -> Path:
    """The file with `column` given again at the end, under `second_name`, holding other values."""
    with source.open(encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle))
    at = [name.strip() for name in rows[0]].index(column)
    rows = [[*row, second_name if number == 0 else f"{row[at]} (other)"] for number, row in enumerate(rows)]
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


@pytest.mark.parametrize(
    ("kind", "sample", "column", "encoding"),
    [
        ("csv", "ukcat_sample_ccew_2000.csv", "name", "utf-8"),
        ("ccni", "ccni-charitydetails-sample.csv", "Charity name", "cp1252"),
        ("companies", "BasicCompanyData-2020-06-01-sample.csv", "CompanyName", "utf-8"),
    ],
)
def test_file_naming_a_column_twice_is_refused(kind, sample, column, encoding, demo_data_dir, tmp_path):
    path = _with_column_twice(demo_data_dir / sample, tmp_path / sample, column, column, encoding=encoding)

    message = assert_import_fails(kind, path, file=sample, row=1, field=column)

    assert "two columns have this name" in message


def test_list_with_two_columns_read_as_one_field_is_refused(demo_data_dir, tmp_path):
    sample = demo_data_dir / "ukcat_sample_ccew_2000.csv"
    path = _with_column_twice(sample, tmp_path / "list.csv", "name", "Name", encoding="utf-8")

    message = assert_import_fails("csv", path, file="list.csv", row=1, field="Name")

    assert "'name' and 'Name'" in message


def test_360giving_sheet_with_two_columns_for_one_field_is_refused(tmp_path):
    sheet = tmp_path / "grants.csv"
    sheet.write_text(
        "Identifier,Title,Amount Awarded,amount awarded\n360G-X-1,Grant to A,1000,2000\n", encoding="utf-8"
    )

    message = assert_import_fails("360giving", sheet, file="grants.csv", row=1, field="amount awarded")

    assert "'Amount Awarded' and 'amount awarded'" in message
