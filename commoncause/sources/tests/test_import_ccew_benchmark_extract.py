"""The benchmark's generated CCEW extract, at a tiny scale: the regulator's layout, realistic ratios,
and an extract the importer accepts. (Nothing is timed here: `make bench` does that.)"""

import zipfile

import pytest

from bench.generate_ccew import generate
from commoncause.register.models import Organisation
from commoncause.sources.ccew.files import table_files
from commoncause.sources.ccew.reader import read_table
from commoncause.sources.ccew.tables import TABLES
from commoncause.sources.tests.ccew_extract import import_ccew


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    return generate(seed=7, scale=0.01, work=tmp_path_factory.mktemp("bench"))


def counts(folder) -> dict[str, int]:
    return {table: sum(1 for _ in read_table(f, TABLES[table])) for table, f in table_files(folder).items()}


def test_generated_extract_is_in_the_regulators_text_layout(extract):
    with zipfile.ZipFile(extract / "publicextract.charity.zip") as archive:
        assert archive.namelist() == ["publicextract.charity.txt"]
        data = archive.read("publicextract.charity.txt")

    assert data.startswith("\ufeffdate_of_extract\torganisation_number\t".encode())
    assert data.count(b"\r\n") > 4000
    assert b"\r\n\t" in data  # a line break and a tab inside some charity's activities


def test_generated_extract_has_every_table_at_realistic_ratios(extract):
    rows = counts(extract)
    charities = rows["charity"]
    registered = round(200_000 * 0.01)

    assert sorted(rows) == sorted(TABLES)
    assert 4200 <= charities <= 4500
    assert 4.0 <= rows["charity_trustee"] / registered <= 5.0
    assert 2.5 <= rows["charity_classification"] / charities <= 4.0
    assert 0.3 <= rows["charity_other_names"] / charities <= 0.5
    assert rows["charity_governing_document"] == charities
    assert rows["charity_annual_return_partb"] < rows["charity_annual_return_parta"]
    assert rows["charity_annual_return_parta"] < rows["charity_annual_return_history"]
    assert rows["charity_other_regulators"] < registered * 0.1
    assert rows["charity_published_report"] <= 10


def test_records_split_by_line_breaks_are_read_whole(extract):
    """Every charity row still has the header's fields, however its activities were broken."""
    charity = table_files(extract)["charity"]

    activities = [
        fields[TABLES["charity"].index["charity_activities"]]
        for _, fields in read_table(charity, TABLES["charity"])
    ]

    assert any("\n" in text for text in activities)
    assert len(activities) == counts(extract)["charity"]


@pytest.mark.django_db
def test_importer_accepts_the_generated_extract(extract):
    run = import_ccew(extract)

    assert run.created == counts(extract)["charity"]
    assert run.rejected == 0
    assert Organisation.objects.filter(status="registered", parent=None).count() == round(200_000 * 0.01)
