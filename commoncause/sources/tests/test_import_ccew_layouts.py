"""Reading the regulator's two layouts: every record, whatever line breaks and tabs its text holds."""

import zipfile
from pathlib import Path

import pytest

from commoncause.sources.ccew.files import TableFile, table_files
from commoncause.sources.ccew.reader import read_table
from commoncause.sources.ccew.tables import TABLES
from commoncause.sources.tests.ccew_extract import (
    JSON_SAMPLES,
    TEXT_EXTRACT,
    change_lines,
    copy_extract,
    json_extract,
)


def records(table_file: TableFile) -> list[tuple[int, list[str]]]:
    return list(read_table(table_file, TABLES[table_file.table]))


def loose_file(path: Path) -> TableFile:
    table = path.name.split(".")[1]
    return TableFile(table, path, None, path.stat().st_size)


def test_text_layout_gives_every_record_of_every_table():
    files = table_files(TEXT_EXTRACT)

    counts = {table: len(records(table_file)) for table, table_file in files.items()}

    # Rows in the fixture (physical lines less the header, less the one line that continues a record).
    assert counts == {
        "charity": 572,
        "charity_annual_return_history": 741,
        "charity_annual_return_parta": 541,
        "charity_annual_return_partb": 379,
        "charity_area_of_operation": 413,
        "charity_classification": 1278,
        "charity_event_history": 951,
        "charity_governing_document": 572,
        "charity_other_names": 222,
        "charity_other_regulators": 32,
        "charity_policy": 857,
        "charity_published_report": 2,
        "charity_trustee": 1270,
    }


def test_record_split_by_an_embedded_line_break_is_joined_again():
    published = records(table_files(TEXT_EXTRACT)["charity_published_report"])

    line, fields = published[1]
    values = dict(zip(TABLES["charity_published_report"].names, fields, strict=True))
    assert line == 3
    assert values["report_name"] == "INTERIM MANAGER"
    assert values["report_location"].strip() == "https://www.example.com/fake-report-link"
    assert values["date_published"] == "2023-02-10 00:00:00.0000000"


def test_tab_after_a_line_break_in_free_text_stays_in_that_text(tmp_path):
    folder = copy_extract(tmp_path)
    names = TABLES["charity"].names

    def split_activities(lines: list[str]) -> list[str]:
        fields = lines[5].split("\t")
        at = names.index("charity_activities")
        fields[at] = "Runs a youth club.\r\n\tAlso a food bank."
        return [*lines[:5], "\t".join(fields), *lines[6:]]

    change_lines(folder, "charity", split_activities)
    charities = records(table_files(folder)["charity"])

    assert len(charities) == 572
    fields = dict(zip(names, charities[4][1], strict=True))
    assert fields["charity_activities"] == "Runs a youth club.\n\tAlso a food bank."
    assert fields["charity_gift_aid"] in {"True", "False", ""}


def test_json_layout_gives_the_same_records_as_the_text_layout(tmp_path):
    text_files = table_files(TEXT_EXTRACT)
    json_files = table_files(json_extract(TEXT_EXTRACT, tmp_path))

    for table, text_file in text_files.items():
        text_records = [[value.strip() for value in fields] for _, fields in records(text_file)]
        json_records = [[value.strip() for value in fields] for _, fields in records(json_files[table])]
        assert len(json_records) == len(text_records), table
        names = TABLES[table].names
        kinds = TABLES[table].kinds
        for text_fields, json_fields in zip(text_records, json_records, strict=True):
            for name, text_value, json_value in zip(names, text_fields, json_fields, strict=True):
                if kinds[name] == "d":
                    assert json_value[:10] == text_value[:10], (table, name)
                else:
                    assert json_value == text_value, (table, name)


def test_real_json_table_is_read_line_by_line():
    published = records(loose_file(JSON_SAMPLES / "publicextract.charity_published_report.json"))

    assert len(published) == 133
    first = dict(zip(TABLES["charity_published_report"].names, published[0][1], strict=True))
    assert first["organisation_number"] == "5038828"
    assert first["registered_charity_number"] == "1153096"
    assert first["report_name"] == "STATEMENT OF INQUIRY"
    assert first["date_published"] == "2016-07-11 00:00:00.0000000"  # as the text layout writes it


def test_real_json_subsets_are_read_whole():
    other_names = records(loose_file(JSON_SAMPLES / "publicextract.charity_other_names.subset.json"))
    regulators = records(loose_file(JSON_SAMPLES / "publicextract.charity_other_regulators.subset.json"))

    assert len(other_names) == 2240
    assert len(regulators) == 213
    first = dict(zip(TABLES["charity_other_names"].names, other_names[0][1], strict=True))
    assert first["charity_name"] == "THE DOUGLAS TURNER BENEFACTION"
    assert first["charity_name_type"] == "Previous name"


@pytest.mark.parametrize("layout", ["pretty", "one_line"])
def test_json_not_laid_out_one_object_per_line_is_still_streamed(tmp_path, layout):
    source = (JSON_SAMPLES / "publicextract.charity_published_report.json").read_text(encoding="utf-8-sig")
    items = [line.lstrip(",[").rstrip("]\r") for line in source.splitlines() if line.strip() not in {"]", ""}]
    if layout == "pretty":
        text = "[\n  " + ",\n  ".join(item.replace(',"', ',\n    "') for item in items) + "\n]\n"
    else:
        text = "[" + ",".join(items) + "]"
    path = tmp_path / "publicextract.charity_published_report.json"
    path.write_text(text, encoding="utf-8")

    published = records(loose_file(path))

    assert len(published) == 133
    last = dict(zip(TABLES["charity_published_report"].names, published[-1][1], strict=True))
    assert last["date_published"] == "2024-09-06 00:00:00.0000000"


def test_one_zip_holding_every_table_is_an_extract(tmp_path):
    bundle = tmp_path / "ccew.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for table_zip in sorted(TEXT_EXTRACT.glob("*.zip")):
            with zipfile.ZipFile(table_zip) as inner:
                for member in inner.namelist():
                    archive.writestr(member, inner.read(member))

    files = table_files(bundle)

    assert sorted(files) == sorted(TABLES)
    assert len(records(files["charity"])) == 572


def test_unzipped_text_files_are_an_extract(tmp_path):
    for table_zip in TEXT_EXTRACT.glob("*.zip"):
        with zipfile.ZipFile(table_zip) as archive:
            archive.extractall(tmp_path)

    files = table_files(tmp_path)

    assert files["charity_trustee"].member is None
    assert len(records(files["charity_trustee"])) == 1270


def zip_of_table_zips(folder: Path, *, under: str = "") -> Path:
    """The 13 per-table zips zipped again, as someone zipping the folder they downloaded would."""
    bundle = folder / "ccew-download.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for table_zip in sorted(TEXT_EXTRACT.glob("*.zip")):
            archive.write(table_zip, f"{under}{table_zip.name}")
    return bundle


def test_a_zip_of_the_table_zips_is_an_extract(tmp_path):
    files = table_files(zip_of_table_zips(tmp_path, under="ccew-download/"))

    assert sorted(files) == sorted(TABLES)
    assert files["charity"].name == "ccew-download.zip/ccew-download/publicextract.charity.zip"
    assert len(records(files["charity"])) == 572
    assert len(records(files["charity_trustee"])) == 1270


def test_a_table_zip_inside_a_zip_larger_than_any_real_table_is_refused(tmp_path, monkeypatch):
    from commoncause.sources.base import ImportProblem
    from commoncause.sources.ccew import files

    monkeypatch.setattr(files, "MAX_TABLE_BYTES", 150_000)  # the event history is larger

    with pytest.raises(ImportProblem) as problem:
        table_files(zip_of_table_zips(tmp_path))

    assert "ccew-download.zip/publicextract.charity_event_history.zip: publicextract.charity_event" in str(
        problem.value
    )
    assert "larger than" in str(problem.value)
