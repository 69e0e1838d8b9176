"""Bad CCEW input stops the import with a message naming file, row and field, and changes nothing."""

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from commoncause.sources.ccew.tables import TABLES
from commoncause.sources.tests.ccew_extract import (
    TEXT_EXTRACT,
    change_lines,
    copy_extract,
    import_ccew,
    json_extract,
    read_member,
    register_fingerprint,
    write_member,
)

pytestmark = pytest.mark.django_db
CHARITY = TABLES["charity"].names


def set_charity_field(line_no: int, column: str, value: str) -> Callable[[list[str]], list[str]]:
    def change(lines: list[str]) -> list[str]:
        fields = lines[line_no - 1].split("\t")
        fields[CHARITY.index(column)] = value
        lines[line_no - 1] = "\t".join(fields)
        return lines

    return change


def drop_column(column: str) -> Callable[[list[str]], list[str]]:
    at = CHARITY.index(column)

    def change(lines: list[str]) -> list[str]:
        return [
            "\t".join(f for i, f in enumerate(line.split("\t")) if i != at) if line else line
            for line in lines
        ]

    return change


def missing_column(folder: Path) -> None:
    change_lines(folder, "charity", drop_column("charity_name"))


def unknown_column(folder: Path) -> None:
    change_lines(folder, "charity_policy", lambda lines: [f"{lines[0]}\tfavourite_colour", *lines[1:]])


def wrong_encoding(folder: Path) -> None:
    lines = read_member(folder, "charity").split("\r\n")
    lines = set_charity_field(6, "charity_name", "Café Society")(lines)
    write_member(folder, "charity", "\r\n".join(lines).encode("cp1252"))


def truncated_zip(folder: Path) -> None:
    path = folder / "publicextract.charity_trustee.zip"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt_zip(folder: Path) -> None:
    path = folder / "publicextract.charity_classification.zip"
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle : middle + 16] = bytes(255 - byte for byte in data[middle : middle + 16])
    path.write_bytes(bytes(data))


def bad_date(folder: Path) -> None:
    change_lines(
        folder, "charity", set_charity_field(8, "date_of_registration", "2021-02-30 00:00:00.0000000")
    )


def bad_number(folder: Path) -> None:
    change_lines(folder, "charity", set_charity_field(9, "latest_income", "12O0"))


def bad_true_or_false(folder: Path) -> None:
    change_lines(folder, "charity", set_charity_field(9, "charity_gift_aid", "Yes"))


def missing_organisation_number(folder: Path) -> None:
    change_lines(folder, "charity", set_charity_field(10, "organisation_number", ""))


def duplicate_id(folder: Path) -> None:
    change_lines(folder, "charity", lambda lines: [*lines[:11], lines[4], *lines[11:]])


def row_cut_short(folder: Path) -> None:
    change_lines(
        folder, "charity", lambda lines: [*lines[:6], "\t".join(lines[6].split("\t")[:12]), *lines[7:]]
    )


def empty_file(folder: Path) -> None:
    write_member(folder, "charity_trustee", b"")


def missing_table(folder: Path) -> None:
    (folder / "publicextract.charity_policy.zip").unlink()


def bad_extract_date(folder: Path) -> None:
    change_lines(
        folder,
        "charity_policy",
        lambda lines: [*lines[:3], "2023-13-07 00:00:00.0000000" + lines[3][27:], *lines[4:]],
    )


CASES: dict[str, tuple[Callable[[Path], None], str, int | None, str | None]] = {
    "missing_column": (missing_column, "publicextract.charity.zip", 1, "charity_name"),
    "unknown_column": (unknown_column, "publicextract.charity_policy.zip", 1, "favourite_colour"),
    "wrong_encoding": (wrong_encoding, "publicextract.charity.zip", 6, "charity_name"),
    "truncated_zip": (truncated_zip, "publicextract.charity_trustee.zip", None, None),
    "corrupt_zip": (corrupt_zip, "publicextract.charity_classification.zip", None, None),
    "bad_date": (bad_date, "publicextract.charity.zip", 8, "date_of_registration"),
    "bad_number": (bad_number, "publicextract.charity.zip", 9, "latest_income"),
    "bad_true_or_false": (bad_true_or_false, "publicextract.charity.zip", 9, "charity_gift_aid"),
    "bad_extract_date": (bad_extract_date, "publicextract.charity_policy.zip", 4, "date_of_extract"),
    "duplicate_id": (duplicate_id, "publicextract.charity.zip", 12, "organisation_number"),
    "missing_organisation_number": (
        missing_organisation_number,
        "publicextract.charity.zip",
        10,
        "organisation_number",
    ),
    "row_cut_short": (row_cut_short, "publicextract.charity.zip", 7, CHARITY[12]),
    "empty_file": (empty_file, "publicextract.charity_trustee.zip", 1, None),
    "missing_table": (missing_table, "publicextract.charity_policy.zip", None, None),
}


@pytest.fixture
def register_before():
    import_ccew(TEXT_EXTRACT)
    return register_fingerprint()


@pytest.mark.parametrize("case", CASES)
def test_bad_text_extract_fails_naming_file_row_and_field_and_changes_nothing(
    tmp_path, register_before, case
):
    make_bad, file, row, field = CASES[case]
    folder = copy_extract(tmp_path)
    make_bad(folder)

    with pytest.raises(CommandError) as failure:
        import_ccew(folder)

    message = str(failure.value)
    assert "nothing was changed" in message
    assert file in message
    if row is not None:
        assert f"row {row}," in message or message.split(": ")[0].endswith(f"row {row}")
    if field is not None:
        assert f"field '{field}'" in message
    assert register_fingerprint() == register_before


def test_corrupt_zip_names_the_row_it_reached(tmp_path, register_before):
    folder = copy_extract(tmp_path)
    corrupt_zip(folder)

    with pytest.raises(CommandError, match=r"charity_classification\.zip, row \d+: the zip file is corrupt"):
        import_ccew(folder)


def change_json_line(folder: Path, table: str, line_no: int, change: Callable[[str], str]) -> None:
    path = folder / f"publicextract.{table}.zip"
    with zipfile.ZipFile(path) as archive:
        text = archive.read(f"publicextract.{table}.json").decode("utf-8")
    lines = text.split("\r\n")
    lines[line_no - 1] = change(lines[line_no - 1])
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"publicextract.{table}.json", "\r\n".join(lines).encode("utf-8"))


JSON_CASES: dict[str, tuple[Callable[[str], str], int, str | None, str]] = {
    "malformed_json": (
        lambda line: line.replace('"charity_name_type":', '"charity_name_type" '),
        10,
        "charity_name_type",
        "malformed JSON",
    ),
    "unknown_key": (
        lambda line: line.replace("{", '{"favourite_colour":"blue",', 1),
        10,
        "favourite_colour",
        "unknown column",
    ),
    "cut_short": (lambda line: line[: len(line) // 2], 10, None, "malformed JSON"),
    "list_for_a_value": (
        lambda line: line.replace('"Working name"', '["Working name"]').replace(
            '"Previous name"', '["Previous name"]'
        ),
        10,
        "charity_name_type",
        "single value",
    ),
}


@pytest.mark.parametrize("case", JSON_CASES)
def test_bad_json_extract_fails_naming_file_row_and_field_and_changes_nothing(
    tmp_path, register_before, case
):
    change, row, field, words = JSON_CASES[case]
    folder = json_extract(TEXT_EXTRACT, tmp_path)
    change_json_line(folder, "charity_other_names", row, change)

    with pytest.raises(CommandError) as failure:
        import_ccew(folder)

    message = str(failure.value)
    assert f"publicextract.charity_other_names.zip, row {row}" in message
    assert words in message
    if field is not None:
        assert f"field '{field}'" in message
    assert register_fingerprint() == register_before


def test_json_array_never_closed_is_a_cut_short_file(tmp_path, register_before):
    folder = json_extract(TEXT_EXTRACT, tmp_path)
    change_json_line(folder, "charity_policy", 858, lambda line: "")

    with pytest.raises(CommandError, match=r"charity_policy\.zip, row \d+: the JSON array is not closed"):
        import_ccew(folder)
    assert register_fingerprint() == register_before
