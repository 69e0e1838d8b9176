"""`import_source imd`: England's IMD 2019 files (Westminster; Sunderland and Telford) and NI's NIMDM 2017."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from commoncause.places.models import Area, Deprivation
from commoncause.register.models import ImportRun

pytestmark = pytest.mark.django_db

GEO = Path(settings.BASE_DIR) / "data" / "geo" / "imd2019"
NIMDM = Path(settings.BASE_DIR) / "data" / "geo-ni" / "nimdm2017" / "nimdm2017_soa_ranks_deciles.csv"
FILE_1 = "File_1_-_IMD2019_Index_of_Multiple_Deprivation_{}.csv"
FILE_2 = "File_2_-_IoD2019_Domains_of_Deprivation_{}.csv"
FILE_6 = "File_6_-_IoD2019_Population_Denominators_{}.csv"
LOOKUP = "ons_imd2019_lookup_{}.csv"
WESTMINSTER = "E09000033"
SUNDERLAND_TELFORD = "E08000024_E06000020"


def imd(path: Path) -> ImportRun:
    call_command("import_source", "imd", str(path), no_progress=True)
    return ImportRun.objects.latest("pk")


def folder_of(tmp_path: Path, council: str) -> Path:
    """A folder of one council's four IMD files, as a user would download them."""
    folder = tmp_path / council
    folder.mkdir()
    for name in (FILE_1, FILE_2, FILE_6, LOOKUP):
        shutil.copy(GEO / name.format(council), folder)
    return folder


def test_westminster_file_1_gives_128_lsoas_their_rank_and_decile():
    run = imd(GEO / FILE_1.format(WESTMINSTER))

    assert (run.created, run.rows_read) == (128, 128)
    assert Deprivation.objects.filter(index="imd2019").count() == 128
    first = Deprivation.objects.get(code="E01004646", index="imd2019")  # "19,570" in the file
    assert (first.rank, first.decile, first.domains) == (19570, 6, {})


def test_file_2_adds_the_seven_domains():
    imd(GEO / FILE_2.format(WESTMINSTER))

    row = Deprivation.objects.get(code="E01004646", index="imd2019")
    assert (row.rank, row.decile) == (19570, 6)
    assert row.domains["income"] == {"rank": 23473, "decile": 8}
    assert row.domains["living_environment"] == {"rank": 2311, "decile": 1}
    assert row.domains["barriers_to_housing_and_services"] == {"rank": 18428, "decile": 6}
    assert len(row.domains) == 7


def test_file_6_makes_the_lsoa_areas_with_their_population():
    run = imd(GEO / FILE_6.format(WESTMINSTER))

    assert run.created == 128
    areas = Area.objects.filter(area_type="lsoa", vintage="2011", population__isnull=False)
    assert areas.count() == 128
    area = Area.objects.get(code="E01004646", vintage="2011")
    assert (area.name, area.parent_code, area.population) == ("Westminster 002A", WESTMINSTER, 1871)
    assert not Deprivation.objects.exists()


def test_file_6_sets_the_population_of_an_lsoa_already_held():
    Area.objects.create(code="E01004646", vintage="2011", area_type="lsoa", name="From boundaries")

    run = imd(GEO / FILE_6.format(WESTMINSTER))

    assert (run.created, run.updated) == (127, 1)
    area = Area.objects.get(code="E01004646", vintage="2011")
    assert (area.name, area.population) == ("From boundaries", 1871)


def test_ons_lookup_gives_rank_and_the_decile_worked_out_from_it():
    imd(GEO / LOOKUP.format(SUNDERLAND_TELFORD))

    assert Deprivation.objects.count() == 293
    row = Deprivation.objects.get(code="E01008693")  # Sunderland 008A: "4,769", decile 2 in File 1
    assert (row.rank, row.decile) == (4769, 2)


def test_a_folder_imports_every_file_and_re_importing_changes_nothing(tmp_path):
    folder = folder_of(tmp_path, SUNDERLAND_TELFORD)
    (folder / "notes.csv").write_text("what,why\nthis,that\n")

    first = imd(folder)
    assert first.created == 293 + 293  # ranks, then areas
    assert Deprivation.objects.count() == 293
    assert Area.objects.filter(population__isnull=False).count() == 293
    assert "notes.csv: skipped" in first.notes

    again = imd(folder)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == 293 * 4
    row = Deprivation.objects.get(code="E01008693")
    assert (row.rank, row.decile, row.domains["income"]) == (4769, 2, {"rank": 4906, "decile": 2})


def test_the_whole_imd_folder_covers_three_councils():
    imd(GEO)

    assert Deprivation.objects.filter(index="imd2019").count() == 128 + 293
    assert Area.objects.filter(area_type="lsoa", population__isnull=False).count() == 128 + 293


def test_nimdm_gives_890_soas_their_ranks_deciles_and_areas():
    run = imd(NIMDM)

    assert run.rows_read == 890
    assert Deprivation.objects.filter(index="nimdm2017").count() == 890
    row = Deprivation.objects.get(code="95AA01S1", index="nimdm2017")
    assert (row.rank, row.decile) == (516, 6)
    assert row.domains["access_to_services"] == {"rank": 17, "decile": 1}
    area = Area.objects.get(code="95AA01S1")
    assert (area.area_type, area.vintage, area.parent_code) == ("soa", "2001", "N09000001")
    assert imd(NIMDM).unchanged == 890 * 2


def bad_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    target = tmp_path / source.name
    target.write_text(source.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"19,570",6',
            "many,6",
            r"row 2, field 'Index of Multiple Deprivation \(IMD\) Rank'.*not a whole number",
        ),
        (
            '"19,570",6',
            '"19,570",11',
            r"row 2, field 'Index of Multiple Deprivation \(IMD\) Decile'.*decile 11",
        ),
        (
            '"19,570",6',
            '"99,999",6',
            r"row 2, field 'Index of Multiple Deprivation \(IMD\) Rank'.*rank 99999",
        ),
        ("E01004646,", "X01004646,", r"row 2, field 'LSOA code \(2011\)'.*not an area code"),
        ("E01004647,", "E01004646,", r"row 3, field 'LSOA code \(2011\)'.*also in row 2"),
        (
            ",Index of Multiple Deprivation (IMD) Rank,",
            ",Rank,",
            r"row 1, field 'Index of Multiple Deprivation",
        ),
    ],
)
def test_a_bad_value_is_named_by_file_row_and_field_and_nothing_is_written(tmp_path, old, new, message):
    bad = bad_copy(tmp_path, GEO / FILE_1.format(WESTMINSTER), old, new)

    with pytest.raises(CommandError, match=rf"File_1_.*\.csv, {message}"):
        imd(bad)

    assert not Deprivation.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_bad_domain_decile_in_nimdm_is_named(tmp_path):
    bad = bad_copy(tmp_path, NIMDM, "95AA01S1,6,9,", "95AA01S1,6,0,")

    with pytest.raises(CommandError, match=r"row 2, field 'Income_decile'.*decile 0"):
        imd(bad)
    assert not Area.objects.exists()


def test_a_bad_population_leaves_the_areas_unwritten(tmp_path):
    bad = bad_copy(tmp_path, GEO / FILE_6.format(WESTMINSTER), '"1,871"', "lots")

    with pytest.raises(
        CommandError, match=r"row 2, field 'Total population: mid 2015 \(excluding prisoners\)'"
    ):
        imd(bad)
    assert not Area.objects.exists()


def test_a_bad_file_in_a_folder_undoes_the_files_before_it(tmp_path):
    folder = folder_of(tmp_path, WESTMINSTER)
    lookup = folder / LOOKUP.format(WESTMINSTER)
    lookup.write_text(lookup.read_text().replace(",10123,", ",ten,", 1))

    with pytest.raises(CommandError, match=r"ons_imd2019_lookup_E09000033.csv, row 2, field 'IMD19'"):
        imd(folder)
    assert not Deprivation.objects.exists()
    assert not Area.objects.exists()


def test_a_file_of_another_kind_is_refused_when_given_on_its_own(tmp_path):
    other = tmp_path / "wards.csv"
    other.write_text("WD19CD,WD19NM\nE05001158,Millfield\n")

    with pytest.raises(CommandError, match=r"wards.csv, row 1: not a deprivation file"):
        imd(other)


def test_a_column_named_twice_is_refused(tmp_path):
    bad = tmp_path / "lookup.csv"
    bad.write_text("LSOA11CD,IMD19,IMD19\nE01004646,19570,19570\n")

    with pytest.raises(CommandError, match=r"lookup.csv, row 1, field 'IMD19': two columns"):
        imd(bad)


def test_two_columns_that_differ_only_by_their_where_note_are_refused(tmp_path):
    bad = bad_copy(
        tmp_path,
        GEO / FILE_2.format(WESTMINSTER),
        "Income Decile (where 1 is most deprived 10% of LSOAs)",
        "Income Rank",
    )

    with pytest.raises(
        CommandError, match=r"row 1, field 'Income Rank': this column and 'Income Rank \(where"
    ):
        imd(bad)
