"""Ward and LSOA boundaries and LSOA → ward lookups, from the real ONS files of Sunderland, Telford and
Wrekin and Westminster: each property found from the file, areas kept with their vintage, and bad
files refused by file, feature and field with nothing written."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commoncause.places.models import Area, AreaLookup, AreaType
from commoncause.register.models import ImportRun

pytestmark = pytest.mark.django_db
GEO = Path(__file__).resolve().parents[3] / "data" / "geo"
BOUNDARIES = GEO / "boundaries"


def load(kind: str, path: Path) -> ImportRun:
    call_command("import_source", kind, str(path), no_progress=True)
    return ImportRun.objects.latest("started_at")


def wards(within: str) -> list[Area]:
    return list(Area.objects.filter(area_type=AreaType.WARD, parent_code=within))


@pytest.mark.parametrize(
    ("council", "name", "count"),
    [
        ("E08000024", "Sunderland", 25),
        ("E06000020", "Telford and Wrekin", 32),
        ("E09000033", "Westminster", 18),
    ],
)
def test_a_councils_current_wards_load_with_their_vintage_and_council(
    council: str, name: str, count: int
) -> None:
    run = load("wards", BOUNDARIES / f"{council}_ward.geojson")

    found = wards(council)
    assert len(found) == count
    assert {area.vintage for area in found} == {"2025"}
    assert run.created == count
    assert "code in 'WD25CD', name in 'WD25NM', local authority in 'LADCD_ACTIVE'" in run.notes
    authority = Area.objects.get(code=council, area_type=AreaType.LOCAL_AUTHORITY)
    assert authority.name == name


def test_a_ward_keeps_its_name_and_a_boundary_with_its_bounding_box() -> None:
    load("wards", BOUNDARIES / "E09000033_ward.geojson")

    abbey_road = Area.objects.get(code="E05013792", vintage="2025")
    assert abbey_road.name == "Abbey Road"
    assert abbey_road.boundary is not None
    assert abbey_road.boundary["type"] in {"Polygon", "MultiPolygon"}
    box = (abbey_road.min_lon, abbey_road.min_lat, abbey_road.max_lon, abbey_road.max_lat)
    assert None not in box
    assert box[0] < -0.178808 < box[2]  # type: ignore[operator]  # the ward's own centre, from the file
    assert box[1] < 51.53317 < box[3]  # type: ignore[operator]


def test_importing_the_same_file_again_changes_nothing() -> None:
    load("wards", BOUNDARIES / "E08000024_ward.geojson")
    run = load("wards", BOUNDARIES / "E08000024_ward.geojson")
    assert (run.created, run.updated, run.unchanged) == (0, 0, 25)


def _rewrite(source: Path, target: Path, change: Any) -> Path:
    document = json.loads(source.read_text(encoding="utf-8"))
    for feature in document["features"]:
        change(feature)
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def test_a_file_with_other_property_names_loads_without_code_changes(tmp_path: Path) -> None:
    def older_names(feature: dict) -> None:
        p = feature["properties"]
        feature["properties"] = {"wd19cd": p["WD25CD"], "wd19nm": p["WD25NM"], "lad19cd": p["LAD25CD"]}

    run = load(
        "wards", _rewrite(BOUNDARIES / "E08000024_ward.geojson", tmp_path / "sunderland.geojson", older_names)
    )

    found = wards("E08000024")
    assert len(found) == 25
    assert {area.vintage for area in found} == {"2019"}
    assert "Hendon" in {area.name for area in found}
    assert "code in 'wd19cd', name in 'wd19nm'" in run.notes


def test_with_no_year_in_the_property_names_the_vintage_comes_from_the_file_name(tmp_path: Path) -> None:
    def plain_names(feature: dict) -> None:
        p = feature["properties"]
        feature["properties"] = {"code": p["WD25CD"], "ward name": p["WD25NM"]}

    load(
        "wards",
        _rewrite(BOUNDARIES / "E08000024_ward.geojson", tmp_path / "wards-may-2024.geojson", plain_names),
    )

    area = Area.objects.get(code="E05001158")
    assert (area.vintage, area.name, area.parent_code) == ("2024", "Hendon", "")


def test_lsoa_boundaries_of_both_vintages_load_side_by_side() -> None:
    load("lsoa", BOUNDARIES / "E09000033_lsoa11.geojson")
    load("lsoa", BOUNDARIES / "E09000033_lsoa.geojson")

    assert Area.objects.filter(area_type=AreaType.LSOA, vintage="2011").count() == 128
    assert Area.objects.filter(area_type=AreaType.LSOA, vintage="2021").count() == 123
    assert Area.objects.get(code="E01004646", vintage="2011").name == "Westminster 002A"


def test_northern_irelands_super_output_areas_load_as_those_of_2001_with_their_council() -> None:
    run = load("lsoa", GEO.parent / "geo-ni" / "boundaries" / "N09000003_soa.geojson")

    soas = Area.objects.filter(area_type=AreaType.SOA)
    assert soas.count() == run.created == 174
    assert {area.vintage for area in soas} == {"2001"}
    assert soas.get(code="95GG01S1").name == "Andersonstown_1"
    assert {area.parent_code for area in soas} == {"N09000003"}


def test_the_ons_best_fit_lookup_maps_each_lsoa_to_its_2019_ward() -> None:
    run = load("lsoa", GEO / "lookups" / "lsoa11_to_ward19_E08000024_E06000020.csv")

    assert run.created == 293
    first = AreaLookup.objects.get(from_code="E01014203")
    assert (first.from_vintage, first.to_code, first.to_vintage) == ("2011", "E05009966", "2019")
    assert (first.share, first.method) == (1.0, "best-fit")


def test_a_derived_overlay_keeps_each_lsoas_share_in_its_ward() -> None:
    load("lsoa", GEO / "lookups" / "lsoa_to_ward25_E09000033_derived.csv")

    assert AreaLookup.objects.filter(to_vintage="2025").count() == 251
    found = AreaLookup.objects.get(from_code="E01004647", from_vintage="2011")
    assert (found.to_code, found.share, found.method) == ("E05013805", 0.9103, "overlap")


def _refused(kind: str, path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_source", kind, str(path), no_progress=True)
    assert not Area.objects.exists()
    assert not AreaLookup.objects.exists()
    return str(refused.value)


def test_a_code_of_the_wrong_kind_is_refused_naming_the_feature_and_property(tmp_path: Path) -> None:
    def break_fifth(feature: dict, seen: list[int] = []) -> None:  # noqa: B006 (counts the features)
        seen.append(1)
        if len(seen) == 5:
            feature["properties"]["WD25CD"] = "E0500115"

    path = _rewrite(BOUNDARIES / "E08000024_ward.geojson", tmp_path / "wards.geojson", break_fifth)
    message = _refused("wards", path)
    assert "wards.geojson, row 5, field 'WD25CD': 'E0500115' is not the code of a ward" in message


def test_a_file_in_british_national_grid_metres_is_refused_saying_how_to_export_it(tmp_path: Path) -> None:
    def in_metres(feature: dict) -> None:
        ring = [[439000, 556000], [440000, 556000], [440000, 557000], [439000, 556000]]
        feature["geometry"] = {"type": "Polygon", "coordinates": [ring]}

    message = _refused(
        "wards", _rewrite(BOUNDARIES / "E08000024_ward.geojson", tmp_path / "bng.geojson", in_metres)
    )
    assert "row 1, field 'geometry'" in message
    assert "British National Grid" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"type": "FeatureCollection", "features": [', "not GeoJSON that can be read"),
        ('{"type": "FeatureCollection", "features": []}', "the file holds no features"),
        (
            '{"type": "FeatureCollection", "features": [{"properties": {"name": "x"}}]}',
            "no property holds the code",
        ),
        (
            '{"features": [{"properties": {"WD25CD": "E05001158"}, "geometry": {"type": "Point", '
            '"coordinates": [-1.4, 54.9]}}]}',
            "not a polygon",
        ),
    ],
)
def test_broken_files_are_refused_by_name_with_nothing_written(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "wards-2025.geojson"
    path.write_text(content, encoding="utf-8")
    message = _refused("wards", path)
    assert "wards-2025.geojson" in message
    assert expected in message


def test_a_lookup_with_a_share_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lookup.csv"
    path.write_text(
        "lsoa_vintage,lsoa_code,WD25CD,area_share_in_ward\n2011,E01004646,E05013792,0.99\n"
        "2011,E01004647,E05013805,1.7\n",
        encoding="utf-8",
    )
    message = _refused("lsoa", path)
    assert "lookup.csv, row 3, field 'area_share_in_ward': '1.7' is not a share between 0 and 1" in message
