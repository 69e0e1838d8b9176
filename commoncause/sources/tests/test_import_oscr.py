"""`import_source oscr`: the Scottish Charity Regulator's register download (current and former)."""

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from commoncause.register.models import OrganisationStatus
from commoncause.sources.tests.importing import (
    assert_import_fails,
    import_source,
    organisation,
    register_counts,
)

pytestmark = pytest.mark.django_db
CURRENT = "CharityExport-25-Nov-2026.csv"
FORMER = "CharityExport-Removed-25-Nov-2026.csv"


@pytest.fixture
def folder(test_data_dir: Path) -> Path:
    return test_data_dir / "oscr"


def test_the_current_and_former_registers_load_together(folder):
    run = import_source("oscr", folder)
    assert (run.created, run.rows_read, run.rejected) == (7, 7, 0)

    hub = organisation("GB-SC-SC012345")
    assert hub.name == "Leith Community Food Hub"
    assert hub.legal_form == "SCIO"
    assert hub.status == OrganisationStatus.REGISTERED
    assert hub.date_registered == dt.date(2009, 8, 14)
    assert (hub.latest_income, hub.latest_spending) == (54000, 51000)
    assert hub.latest_financial_year_end == dt.date(2024, 3, 31)
    assert hub.postcode == "EH6 5AA"
    year = hub.financial_years.get()
    assert year.breakdown["income_donations_and_legacies"] == 40000
    area = hub.areas.get()
    assert (area.name, area.gss_code) == ("City of Edinburgh", "S12000036")
    codes = set(hub.classifications.values_list("code", flat=True))
    assert {"105", "103", "202", "201", "303"} <= codes  # poverty, health; older, young people; services
    assert hub.extra["oscr"]["purposes"] == [
        "The prevention or relief of poverty",
        "The advancement of health",
    ]


def test_known_as_names_dates_with_times_lists_with_commas_and_removed_charities(folder):
    import_source("oscr", folder)
    carers = organisation("GB-SC-SC023456")
    assert carers.date_registered == dt.date(1995, 5, 12)
    assert list(carers.other_names.values_list("name", flat=True)) == ["GYC Trust"]
    assert carers.postcode == "G1 1XQ"
    assert carers.legal_form == "Trust"
    assert carers.areas.get().gss_code == "S12000049"
    # A purpose whose own text holds commas is one purpose, read across to CCEW 104 and 106.
    assert {"104", "106"} <= set(carers.classifications.values_list("code", flat=True))

    depot = organisation("GB-SC-SC067890")
    assert depot.status == OrganisationStatus.REMOVED
    assert depot.date_removed == dt.date(2023, 2, 1)
    assert depot.removal_reason == "Wound up"
    assert depot.areas.get().gss_code == "S12000042"


def test_unknown_texts_and_places_stay_visible_and_subsidiaries_link_to_their_parent(folder):
    import_source("oscr", folder)
    pipers = organisation("GB-SC-SC045678")
    assert pipers.extra["oscr"]["unmapped_categories"] == ["The teaching of the bagpipes"]
    assert pipers.latest_income is None
    rescue = organisation("GB-SC-SC034567")
    assert rescue.areas.get().gss_code == ""  # "Scotland wide" is no single council area
    assert rescue.extra["oscr"]["regulatory_type"] == "Cross Border"
    club = organisation("GB-SC-SC056789")
    assert club.areas.get().gss_code == "S12000036"  # "Edinburgh" is the City of Edinburgh
    assert club.links_out.get().to_organisation == organisation("GB-SC-SC012345")


def test_a_zip_as_published_loads_and_a_second_run_changes_nothing(folder, tmp_path):
    archive = tmp_path / "CharityExport-25-Nov-2026.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(folder / CURRENT, CURRENT)
    assert import_source("oscr", archive).created == 6
    again = import_source("oscr", archive)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


@pytest.mark.parametrize(
    ("change", "row", "field", "words"),
    [
        (("SC023456", "SC23456"), 3, "Charity Number", "not a Scottish charity number"),
        (("12/05/1995 00:00", "31/02/1995"), 3, "Registered Date", ""),
        (('"54000"', '"fifty thousand"'), 2, "Most recent year income", ""),
    ],
)
def test_a_bad_value_names_the_file_row_and_field_and_nothing_is_written(
    folder, tmp_path, change, row, field, words
):
    bad = tmp_path / CURRENT
    bad.write_text((folder / CURRENT).read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    message = assert_import_fails("oscr", bad, file=CURRENT, row=row, field=field)
    assert words in message
    assert register_counts()["Organisation"] == 0


def test_a_file_without_the_registers_columns_is_refused(tmp_path):
    wrong = tmp_path / "charities.csv"
    wrong.write_text('"Name","Number"\n"A charity","SC012345"\n', encoding="utf-8")
    assert_import_fails("oscr", wrong, file="charities.csv", row=1, field="Charity Number")


def test_an_empty_file_and_a_file_with_only_its_header_are_refused(folder, tmp_path):
    empty = tmp_path / CURRENT
    empty.write_bytes(b"")
    assert "the file is empty" in assert_import_fails("oscr", empty, file=CURRENT, row=1)
    empty.write_text((folder / CURRENT).read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "header but no rows" in assert_import_fails("oscr", empty, file=CURRENT, row=2)


def test_a_charity_in_both_files_of_one_run_is_refused_naming_both_rows(folder, tmp_path):
    for name in (CURRENT, FORMER):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    (tmp_path / FORMER).write_text(
        (tmp_path / FORMER).read_text(encoding="utf-8").replace("SC067890", "SC012345"), encoding="utf-8"
    )
    message = assert_import_fails("oscr", tmp_path, file=FORMER, row=2, field="Charity Number")
    assert f"duplicate id SC012345 (also in row 2 of {CURRENT})" in message


def test_a_charity_registered_in_england_and_wales_too_joins_its_record_there(folder, demo_data_dir):
    """Real pair from the dual-registration list: The Fostering Network, 280852 and SC039338."""
    import_source("csv", demo_data_dir / "ukcat_sample_ccew_2000.csv")
    english = organisation("GB-CHC-280852")
    run = import_source("oscr", folder)
    scottish = organisation("GB-SC-SC039338")
    assert scottish.pk == english.pk
    assert set(scottish.identifiers.values_list("org_id", flat=True)) >= {"GB-CHC-280852", "GB-SC-SC039338"}
    assert run.created == 7  # seven OSCR source records; six new organisations and one joined
    assert "1 records linked to organisations already in the register." in run.notes
