"""`import_source postcodes`: the NSPL November 2021 sample and the project's charity postcodes."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from commoncause.places.models import Postcode
from commoncause.register.models import ImportRun

pytestmark = pytest.mark.django_db

POSTCODES = Path(settings.BASE_DIR) / "data" / "geo" / "postcodes"
NSPL = POSTCODES / "nspl_nov2021_sample_E08000024_E06000020.csv"
CHARITY = POSTCODES / "charity_postcodes.csv"


def postcodes(path: Path, **options: object) -> ImportRun:
    call_command("import_source", "postcodes", str(path), no_progress=True, **options)
    return ImportRun.objects.latest("pk")


def test_every_nspl_row_is_imported_with_its_2021_ward():
    run = postcodes(NSPL)

    assert (run.created, run.rows_read) == (320, 320)
    sr = Postcode.objects.get(postcode="SR1 1AE")
    assert (sr.latitude, sr.longitude) == (54.904976, -1.376539)
    assert (sr.local_authority, sr.ward, sr.ward_vintage, sr.lsoa) == (
        "E08000024",
        "E05001158",
        "2021",
        "E01008836",
    )
    assert sr.terminated is None
    assert Postcode.objects.filter(local_authority="E06000020").count() == 160


def test_terminated_nspl_postcodes_get_the_month_they_ended():
    postcodes(NSPL)

    assert Postcode.objects.filter(terminated__isnull=False).count() == 20
    assert Postcode.objects.get(postcode="SR1 1AA").terminated == dt.date(1999, 12, 1)
    assert Postcode.objects.get(postcode="TF10 7SJ").terminated == dt.date(2017, 4, 1)


def test_re_importing_changes_nothing():
    postcodes(NSPL)

    again = postcodes(NSPL)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 320)


def test_a_changed_row_updates_its_postcode(tmp_path):
    postcodes(NSPL)
    moved = nspl_copy(tmp_path, ",E01008836,", ",E01008703,")

    run = postcodes(moved)

    assert (run.created, run.updated, run.unchanged) == (0, 1, 319)
    assert Postcode.objects.get(postcode="SR1 1AE").lsoa == "E01008703"


def test_charity_postcodes_are_imported_except_those_the_file_could_not_place():
    run = postcodes(CHARITY)

    assert run.rows_read == 2511
    assert run.created == 2497  # 14 rows are "not_found": no place known
    assert "14 rows skipped" in run.notes
    live = Postcode.objects.get(postcode="AL1 3JE")
    assert (live.latitude, live.longitude) == (51.753363, -0.336124)
    assert (live.local_authority, live.ward, live.ward_vintage) == ("E07000240", "E05013964", "2025")
    assert live.lsoa == "E01023727"  # derived by point in polygon: the file has no official one
    assert postcodes(CHARITY).unchanged == 2497


def test_charity_postcodes_keep_each_ward_source_vintage_and_the_official_lsoa():
    postcodes(CHARITY)

    old = Postcode.objects.get(postcode="B2 2RT")
    assert (old.ward, old.ward_vintage, old.terminated) == ("E05001179", "2014", None)
    ended = Postcode.objects.get(postcode="WC1V 6EU")
    assert (ended.ward, ended.ward_vintage, ended.lsoa) == ("E05000138", "2021", "E01000914")
    assert ended.terminated == dt.date(2019, 7, 1)
    assert Postcode.objects.filter(ward_vintage="2025").count() == 2465
    assert not Postcode.objects.filter(postcode="BN2 1JR").exists()  # not_found


def nspl_copy(tmp_path: Path, old: str, new: str, name: str = NSPL.name) -> Path:
    target = tmp_path / name
    target.write_text(NSPL.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return target


def test_a_postcode_with_no_grid_reference_gets_no_coordinates(tmp_path):
    nspl = nspl_copy(tmp_path, "54.904976,-1.376539", "99.999999,0.000000")

    postcodes(nspl)

    sr = Postcode.objects.get(postcode="SR1 1AE")
    assert (sr.latitude, sr.longitude, sr.ward) == (None, None, "E05001158")


def test_a_postcode_is_written_in_its_usual_form(tmp_path):
    nspl = nspl_copy(tmp_path, "SR1 1AE,SR1  1AE,SR1 1AE,", "SR1 1AE,SR1  1AE,sr11ae,")

    postcodes(nspl)

    assert Postcode.objects.filter(postcode="SR1 1AE").exists()


def test_an_nspl_named_with_no_year_needs_the_extract_date(tmp_path):
    nspl = nspl_copy(tmp_path, "", "", name="nspl.csv")

    with pytest.raises(CommandError, match=r"nspl.csv: .*--extract-date"):
        postcodes(nspl)
    postcodes(nspl, extract_date=dt.date(2021, 11, 1))
    assert Postcode.objects.get(postcode="SR1 1AE").ward_vintage == "2021"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "SR1 1AE,SR1  1AE,SR1 1AE,",
            "SR1 1AE,SR1  1AE,SR1 1A,",
            r"row 2, field 'pcds': 'SR1 1A' is not a UK postcode",
        ),
        ("54.904976,-1.376539", "north,-1.376539", r"row 2, field 'lat': 'north' is not a number"),
        (
            "54.904976,-1.376539",
            "-1.376539,54.904976",
            r"row 2, field 'lat': latitude -1.376539 is not in the UK",
        ),
        (",200710,,0,440075", ",200710,2019-07,0,440075", r"row 2, field 'doterm': '2019-07' is not a month"),
        (",E01008836,", ",E01008836-X,", r"row 2, field 'lsoa11': 'E01008836-X' is not an area code"),
        (
            "SR1 1JX,SR1  1JX,SR1 1JX,",
            "SR1 1JX,SR1  1JX,SR1 1AE,",
            r"row 3, field 'pcds': the postcode is also in row 2",
        ),
        (",lsoa11,", ",lsoa,", r"row 1, field 'lsoa11': a column"),
    ],
)
def test_a_bad_value_is_named_by_file_row_and_field_and_nothing_is_written(tmp_path, old, new, message):
    nspl = nspl_copy(tmp_path, old, new)

    with pytest.raises(CommandError, match=rf"nspl_nov2021_sample_E08000024_E06000020.csv, {message}"):
        postcodes(nspl)

    assert not Postcode.objects.exists()
    assert not ImportRun.objects.exists()


def test_an_unknown_ward_source_is_refused(tmp_path):
    bad = tmp_path / CHARITY.name
    bad.write_text(CHARITY.read_text(encoding="utf-8").replace(",codepoint_2025.4,", ",codepoint_2030,", 1))

    with pytest.raises(CommandError, match=r"charity_postcodes.csv, row 2, field 'ward_source'"):
        postcodes(bad)
    assert not Postcode.objects.exists()


def test_a_file_of_another_kind_is_refused(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("code,name\nE05001158,Millfield\n")

    with pytest.raises(CommandError, match=r"other.csv, row 1: not a postcode lookup"):
        postcodes(other)
