"""Bad input: empty, truncated, undecodable and corrupt files."""

import codecs
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from commoncause.sources.tests.importing import assert_import_fails, import_source

pytestmark = pytest.mark.django_db

LIST = "ukcat_sample_ccew_2000.csv"
CCNI = "ccni-charitydetails-sample.csv"
COMPANIES = "BasicCompanyData-2020-06-01-sample.csv"
SAMPLES = {"csv": LIST, "ccni": CCNI, "companies": COMPANIES}


@pytest.fixture(autouse=True)
def register_with_ccni(demo_data_dir: Path) -> None:
    import_source("ccni", demo_data_dir / CCNI)


@pytest.mark.parametrize("kind", ["csv", "ccni", "companies"])
def test_empty_file_is_refused(kind, tmp_path):
    path = tmp_path / SAMPLES[kind]
    path.write_bytes(b"")

    message = assert_import_fails(kind, path, file=SAMPLES[kind], row=1)

    assert "the file is empty (0 bytes)" in message


@pytest.mark.parametrize("kind", ["csv", "ccni", "companies"])
def test_file_with_only_a_header_is_refused(kind, demo_data_dir, tmp_path):
    header = (demo_data_dir / SAMPLES[kind]).read_bytes().split(b"\n")[0] + b"\n"
    path = tmp_path / SAMPLES[kind]
    path.write_bytes(header)

    message = assert_import_fails(kind, path, file=SAMPLES[kind], row=2)

    assert "the file has a header but no rows" in message


def test_list_cut_short_in_the_middle_of_a_row_is_refused(demo_data_dir, tmp_path):
    lines = (demo_data_dir / LIST).read_bytes().split(b"\r\n")
    # Row 4 (MRS JANE CART'S TRUST is row 2) loses everything after its fifth field.
    cut = b",".join(lines[3].split(b",")[:5])
    path = tmp_path / LIST
    path.write_bytes(b"\r\n".join([*lines[:3], cut]) + b"\r\n")

    message = assert_import_fails("csv", path, file=LIST, row=4, field="date_registered")

    assert "the row has 5 fields but the header has 17 (is the file cut short?)" in message


def test_list_cut_short_inside_a_quoted_field_is_refused(demo_data_dir, tmp_path):
    data = (demo_data_dir / LIST).read_bytes()
    path = tmp_path / LIST
    path.write_bytes(data[: data.index(b"Supporting clergy") + 10])

    message = assert_import_fails("csv", path, file=LIST, row=2)

    assert "unexpected end of data" in message


def test_list_with_bytes_no_encoding_can_read_is_refused(demo_data_dir, tmp_path):
    # A UTF-8 file (it holds "£" and "ú") with one damaged byte in a name on row 51.
    lines = (demo_data_dir / LIST).read_bytes().split(b"\r\n")
    org_id, number, rest = lines[50].split(b",", 2)
    lines[50] = b",".join([org_id, number, b"\x81\x90" + rest])
    path = tmp_path / LIST
    path.write_bytes(b"\r\n".join(lines))

    message = assert_import_fails("csv", path, file=LIST, row=51, field="name")

    assert "cannot be decoded as UTF-8 or Windows-1252 text" in message


def test_utf16_register_without_a_byte_order_mark_is_refused(demo_data_dir, tmp_path):
    path = tmp_path / CCNI
    path.write_bytes((demo_data_dir / CCNI).read_text(encoding="cp1252").encode("utf-16-le"))

    message = assert_import_fails("ccni", path, file=CCNI, row=1)

    assert "cannot be decoded" in message


def test_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "groups.xlsx"
    path.write_bytes(b"Name,Postcode\nYate Men's Shed,BS37 4AX\n")

    message = assert_import_fails("csv", path, file="groups.xlsx")

    assert "not a readable XLSX workbook" in message


def test_truncated_workbook_is_refused(demo_data_dir, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    for line in (demo_data_dir / LIST).read_text(encoding="utf-8").splitlines()[:200]:
        sheet.append(line.split(",")[:4])
    workbook.save(tmp_path / "whole.xlsx")
    data = (tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "groups.xlsx"
    path.write_bytes(data[: len(data) // 2])

    message = assert_import_fails("csv", path, file="groups.xlsx")

    assert "not a readable XLSX workbook" in message


def test_workbook_with_an_empty_first_sheet_is_refused(tmp_path):
    Workbook().save(tmp_path / "groups.xlsx")

    message = assert_import_fails("csv", tmp_path / "groups.xlsx", file="groups.xlsx", row=1)

    assert "first sheet is empty" in message


def test_corrupt_companies_zip_is_refused(demo_data_dir, tmp_path):
    import zipfile

    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(demo_data_dir / COMPANIES, COMPANIES)
    path = tmp_path / "BasicCompanyData-2020-06-01-part1_7.zip"
    path.write_bytes(whole.read_bytes()[:1500])

    message = assert_import_fails("companies", path, file=path.name)

    assert "not a readable zip file" in message


def test_old_excel_workbook_is_refused_with_advice(tmp_path):
    path = tmp_path / "groups.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))

    message = assert_import_fails("csv", path, file="groups.xls")

    assert "save it as .xlsx or CSV" in message


def test_undecodable_file_with_a_stray_carriage_return_in_its_header_is_refused(demo_data_dir, tmp_path):
    lines = (demo_data_dir / LIST).read_bytes().split(b"\r\n")
    lines[0] = lines[0].replace(b",name,", b",na\rme,")
    lines[5] = b"\x81\x90" + lines[5]
    path = tmp_path / LIST
    path.write_bytes(b"\r\n".join(lines))

    message = assert_import_fails("csv", path, file=LIST, row=6)

    assert "cannot be decoded as UTF-8 or Windows-1252 text" in message


def test_file_marked_utf8_with_bytes_utf8_cannot_read_is_refused_where_they_are(demo_data_dir, tmp_path):
    lines = (demo_data_dir / LIST).read_bytes().split(b"\r\n")
    org_id, number, rest = lines[50].split(b",", 2)
    lines[50] = b",".join([org_id, number, b"\x99" + rest])
    path = tmp_path / LIST
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n".join(lines))

    message = assert_import_fails("csv", path, file=LIST, row=51, field="name")

    assert "starts with a UTF-8 byte-order mark but is not UTF-8 from here on" in message


def test_zipped_companies_file_holding_a_nul_is_refused(demo_data_dir, tmp_path):
    import zipfile

    data = (demo_data_dir / COMPANIES).read_bytes().replace(b"UNIQ FINANCE", b"UNIQ\x00FINANCE", 1)
    path = tmp_path / "BasicCompanyData-2020-06-01.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(COMPANIES, data)

    message = assert_import_fails("companies", path, file=path.name, row=2, field="CompanyName")

    assert "NUL" in message


def test_ccew_table_holding_a_nul_is_refused(tmp_path):
    from commoncause.sources.tests.ccew_extract import copy_extract, read_member, write_member

    extract = copy_extract(tmp_path)
    lines = read_member(extract, "charity").split("\r\n")
    fields = lines[1].split("\t")
    fields[4] = fields[4][:3] + "\x00" + fields[4][3:]
    lines[1] = "\t".join(fields)
    write_member(extract, "charity", "\r\n".join(lines))

    message = assert_import_fails(
        "ccew", extract, file="publicextract.charity.zip", row=2, field="charity_name"
    )

    assert "NUL" in message


def test_360giving_package_holding_a_nul_is_refused(test_data_dir, tmp_path):
    import json

    package = json.loads((test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json").read_bytes())
    package["grants"][1]["title"] = "Grant\x00 to"
    path = tmp_path / "grants.json"
    path.write_text(json.dumps(package), encoding="utf-8")

    message = assert_import_fails("360giving", path, file="grants.json", row=2, field="title")

    assert "NUL" in message


def test_zipped_companies_file_not_in_utf8_is_refused_where_it_is_not(demo_data_dir, tmp_path):
    import zipfile

    lines = (demo_data_dir / COMPANIES).read_bytes().split(b"\n")
    lines[40] = lines[40].replace(b'"', b'"\xe9', 1)  # Windows-1252's é at the start of row 41's name
    path = tmp_path / "BasicCompanyData-2020-06-01.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(COMPANIES, b"\n".join(lines))

    message = assert_import_fails("companies", path, file=path.name, row=41, field="CompanyName")

    assert "is not UTF-8" in message


def test_workbook_that_unzips_to_more_than_a_register_holds_is_refused(demo_data_dir, tmp_path, monkeypatch):
    from commoncause.sources import reading

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    for line in (demo_data_dir / LIST).read_text(encoding="utf-8").splitlines()[:200]:
        sheet.append(line.split(",")[:4])
    workbook.save(tmp_path / "groups.xlsx")
    monkeypatch.setattr(reading, "MAX_WORKBOOK_PART_BYTES", 10_000)

    message = assert_import_fails("csv", tmp_path / "groups.xlsx", file="groups.xlsx")

    assert "unzips to" in message
