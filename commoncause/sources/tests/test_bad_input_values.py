"""Bad input: bad dates, numbers and identifiers, and duplicate ids, found anywhere in a file."""

import csv
from pathlib import Path

import pytest

from commoncause.sources.tests.importing import assert_import_fails, import_source, organisation

pytestmark = pytest.mark.django_db

LIST = "ukcat_sample_ccew_2000.csv"
CCNI = "ccni-charitydetails-sample.csv"
COMPANIES = "BasicCompanyData-2020-06-01-sample.csv"


@pytest.fixture(autouse=True)
def register_with_ccni(demo_data_dir: Path) -> None:
    import_source("ccni", demo_data_dir / CCNI)


def copy_with(source: Path, target: Path, change, *, encoding: str = "utf-8") -> Path:
    """Copy a CSV, letting `change(rows)` edit its rows (header names kept exactly)."""
    with source.open(encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    change(rows)
    with target.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return target


def set_value(index: int, column: str, value: str):
    def change(rows: list[dict[str, str]]) -> None:
        rows[index][column] = value

    return change


def test_bad_date_late_in_a_list_undoes_the_rows_already_written(demo_data_dir, tmp_path):
    # Row 1,801 comes after three batches of 500 rows have been written.
    path = copy_with(demo_data_dir / LIST, tmp_path / LIST, set_value(1799, "fye", "2019-13-45"))

    message = assert_import_fails("csv", path, file=LIST, row=1801, field="fye")

    assert "'2019-13-45' is not a date" in message


def test_bad_number_in_a_list_is_refused(demo_data_dir, tmp_path):
    path = copy_with(demo_data_dir / LIST, tmp_path / LIST, set_value(1898, "income", "about £5k"))

    message = assert_import_fails("csv", path, file=LIST, row=1900, field="income")

    assert "'about £5k' is not a number" in message


def test_charity_number_that_is_not_one_is_refused(demo_data_dir, tmp_path):
    path = copy_with(demo_data_dir / LIST, tmp_path / LIST, set_value(9, "reg_number", "12AB-X"))

    assert_import_fails("csv", path, file=LIST, row=11, field="reg_number")


def test_row_without_a_name_is_refused(demo_data_dir, tmp_path):
    path = copy_with(demo_data_dir / LIST, tmp_path / LIST, set_value(99, "name", " "))

    assert_import_fails("csv", path, file=LIST, row=101, field="name")


def test_duplicate_id_in_a_list_is_refused(demo_data_dir, tmp_path):
    path = copy_with(demo_data_dir / LIST, tmp_path / LIST, lambda rows: rows.append(dict(rows[0])))

    message = assert_import_fails("csv", path, file=LIST, row=2002, field="org_id")

    assert "duplicate id GB-CHC-200166 (also in row 2)" in message


def test_bad_registration_date_in_the_ccni_register_is_refused(demo_data_dir, tmp_path):
    source = demo_data_dir / CCNI
    path = copy_with(
        source, tmp_path / CCNI, set_value(200, "Date registered", "31/02/2014"), encoding="cp1252"
    )

    assert_import_fails("ccni", path, file=CCNI, row=202, field="Date registered")


def test_failed_ccni_reimport_keeps_the_register_as_it_was(demo_data_dir, tmp_path):
    def change(rows: list[dict[str, str]]) -> None:
        rows[0]["Total income"] = "999999"
        rows[-1]["Total income"] = "not known"

    path = copy_with(demo_data_dir / CCNI, tmp_path / CCNI, change, encoding="cp1252")

    assert_import_fails("ccni", path, file=CCNI, row=365, field="Total income")

    assert organisation("GB-NIC-100002").latest_income == 462154


def test_duplicate_charity_in_the_ccni_register_is_refused(demo_data_dir, tmp_path):
    path = copy_with(
        demo_data_dir / CCNI, tmp_path / CCNI, lambda rows: rows.append(dict(rows[0])), encoding="cp1252"
    )

    message = assert_import_fails("ccni", path, file=CCNI, row=366, field="Reg charity number")

    assert "duplicate id 100002 (also in row 2)" in message


def test_bad_incorporation_date_in_companies_data_is_refused(demo_data_dir, tmp_path):
    path = copy_with(
        demo_data_dir / COMPANIES, tmp_path / COMPANIES, set_value(20, "IncorporationDate", "31/02/2019")
    )

    assert_import_fails("companies", path, file=COMPANIES, row=22, field="IncorporationDate")


def test_duplicate_company_is_refused(demo_data_dir, tmp_path):
    path = copy_with(
        demo_data_dir / COMPANIES, tmp_path / COMPANIES, lambda rows: rows.append(dict(rows[20]))
    )

    message = assert_import_fails("companies", path, file=COMPANIES, row=89, field="CompanyNumber")

    assert "duplicate id 11501421" in message


def _set_values(changes: dict[int, dict[str, str]]):
    def change(rows: list[dict[str, str]]) -> None:
        for index, values in changes.items():
            rows[index].update(values)

    return change


def test_values_longer_than_their_field_are_shortened_and_noted(demo_data_dir, tmp_path):
    long_name = "The Very Long Named Trust " * 30  # 780 characters: a name holds 500
    path = copy_with(
        demo_data_dir / LIST,
        tmp_path / LIST,
        _set_values(
            {
                3: {"name": long_name},
                7: {"name": long_name + "II"},
                9: {"web": "https://x.example/" + "a" * 600},
            }
        ),
    )

    run = import_source("csv", path)

    assert organisation("GB-CHC-" + _number_in_row(path, 9)).name == long_name.strip()[:500]
    assert (
        "3 values were longer than their field allows and were shortened to fit: name (2), website (1); "
        f"the first in {LIST} row 5." in run.notes
    )


def test_360giving_values_longer_than_their_field_are_shortened_and_noted(test_data_dir, tmp_path):
    import json

    package = json.loads((test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json").read_bytes())
    package["grants"][4]["title"] = "A grant " * 100
    path = tmp_path / "grants.json"
    path.write_text(json.dumps(package), encoding="utf-8")

    run = import_source("360giving", path)

    grant_id = package["grants"][4]["id"]
    assert (
        "1 value was longer than its field allows and was shortened to fit: title (1); "
        f"the first in grants.json, grant {grant_id}." in run.notes
    )


def _number_in_row(path: Path, row: int) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))[row - 2]["reg_number"]


def test_360giving_grant_id_longer_than_an_id_may_be_is_refused(test_data_dir, tmp_path):
    import json

    package = json.loads((test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json").read_bytes())
    package["grants"][4]["id"] = "360G-ALWF-" + "9" * 250
    path = tmp_path / "grants.json"
    path.write_text(json.dumps(package), encoding="utf-8")

    message = assert_import_fails("360giving", path, file="grants.json", row=5, field="id")

    assert "is longer than 200 characters, the most an id may hold" in message
