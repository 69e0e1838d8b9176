"""Organisations placed in their council's current ward by postcode: the lookup's ward when it is a
current one, else the postcode's point in the current ward boundaries (Telford and Wrekin's 2021
postcodes name wards redrawn in 2023)."""

import csv
import math
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from commoncause.places.evaluation import metres_to_edge, ward_agreement
from commoncause.places.models import Area, AreaType, OrganisationPlace, Postcode
from commoncause.places.placement import Method, WardFinder, current_wards, place
from commoncause.places.services import NO_POSTCODE, UNKNOWN_POSTCODE, organisations_place
from commoncause.register.models import Organisation
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[3] / "data"
GEO = DATA / "geo"
COUNCILS = {"E08000024": 25, "E06000020": 32, "E09000033": 18}  # current wards of each council shipped


def load(kind: str, path: Path) -> None:
    call_command("import_source", kind, str(path), no_progress=True)


@pytest.fixture
def wards() -> WardFinder:
    for council in COUNCILS:
        load("wards", GEO / "boundaries" / f"{council}_ward.geojson")
    return WardFinder(current_wards())


def _nspl(council: str) -> list[Postcode]:
    load("postcodes", GEO / "postcodes" / "nspl_nov2021_sample_E08000024_E06000020.csv")
    return list(Postcode.objects.filter(local_authority=council, terminated__isnull=True))


def test_current_wards_are_each_councils_newest(wards: WardFinder) -> None:
    older = Area.objects.get(code="E05001158")
    Area.objects.create(
        code="E05009999", vintage="2019", area_type=AreaType.WARD, name="Old", parent_code="E08000024"
    )

    found = current_wards()

    assert len(found) == sum(COUNCILS.values())
    assert older in found
    assert "E05009999" not in {ward.code for ward in found}


def test_telfords_2021_postcodes_land_in_its_2023_wards_by_their_point(wards: WardFinder) -> None:
    postcodes = _nspl("E06000020")
    assert len(postcodes) == 150
    telford_now = {ward.code for ward in current_wards() if ward.parent_code == "E06000020"}
    assert not {postcode.ward for postcode in postcodes} & telford_now  # the lookup's wards are all gone

    placed = [place(postcode, wards) for postcode in postcodes]

    assert {p.method for p in placed} == {Method.POLYGON}
    assert {p.ward for p in placed} <= telford_now
    assert {p.ward_vintage for p in placed} == {"2025"}
    assert len({p.ward for p in placed}) > 20  # spread over the borough, not one ward


def test_sunderlands_postcodes_keep_the_lookups_ward_which_is_current_and_mostly_agrees_with_the_polygons(
    wards: WardFinder,
) -> None:
    postcodes = _nspl("E08000024")

    placed = [place(postcode, wards) for postcode in postcodes]

    assert {p.method for p in placed} == {Method.LOOKUP}
    assert [p.ward for p in placed] == [postcode.ward for postcode in postcodes]
    by_polygon = [wards.ward_at(p.longitude, p.latitude) for p in postcodes if p.longitude and p.latitude]
    agree = sum(
        1 for postcode, ward in zip(postcodes, by_polygon, strict=True) if ward and ward.code == postcode.ward
    )
    assert agree >= 0.9 * len(postcodes)  # generalised boundaries: a few near ward edges differ


def _expected_westminster() -> dict[str, str]:
    """The 2025 ward the shipped postcode file gives each Westminster postcode (its own overlay)."""
    with (GEO / "postcodes" / "charity_postcodes.csv").open(encoding="utf-8") as handle:
        return {
            row["postcode"]: row["ward25_pip"]
            for row in csv.DictReader(handle)
            if row["lad_code_current"] == "E09000033" and row["ward25_pip"]
        }


def test_the_demo_organisations_in_westminster_are_placed_in_its_wards(wards: WardFinder) -> None:
    load("postcodes", GEO / "postcodes" / "charity_postcodes.csv")
    load("csv", DATA / "demo" / "ukcat_sample_ccew_2000.csv")
    OrganisationFactory.create(name="A group with no postcode", postcode="")
    OrganisationFactory.create(name="A group at an unknown postcode", postcode="ZZ1 1ZZ")

    counts = organisations_place()

    expected = _expected_westminster()
    in_westminster = OrganisationPlace.objects.filter(local_authority="E09000033")
    assert in_westminster.count() == Organisation.objects.filter(postcode__in=expected).count() > 50
    agree = sum(1 for row in in_westminster if row.ward == expected[row.postcode])
    assert agree >= 0.95 * in_westminster.count()
    assert {row.ward_vintage for row in in_westminster} == {"2025"}
    assert counts[NO_POSTCODE] >= 1
    assert counts[UNKNOWN_POSTCODE] >= 1
    assert (
        counts[Method.LOOKUP] + counts[Method.POLYGON] == OrganisationPlace.objects.exclude(ward="").count()
    )


def test_placing_again_changes_nothing_and_a_postcode_gone_from_the_lookup_takes_the_place_away(
    wards: WardFinder,
) -> None:
    load("postcodes", GEO / "postcodes" / "charity_postcodes.csv")
    organisation = OrganisationFactory.create(name="Westminster group", postcode="NW1 5HT")
    organisations_place()
    first = OrganisationPlace.objects.get(organisation=organisation)
    assert first.local_authority == "E09000033"

    organisations_place()
    assert OrganisationPlace.objects.get(organisation=organisation).placed_at == first.placed_at

    Postcode.objects.filter(postcode="NW1 5HT").delete()
    organisations_place([organisation.pk])
    assert not OrganisationPlace.objects.filter(organisation=organisation).exists()


def test_the_command_places_every_organisation_and_says_how(wards: WardFinder) -> None:
    load("postcodes", GEO / "postcodes" / "charity_postcodes.csv")
    OrganisationFactory.create(name="Westminster group", postcode="NW1 5HT")
    OrganisationFactory.create(name="A group with no postcode", postcode="")
    out = StringIO()

    call_command("place_organisations", stdout=out)

    assert out.getvalue().startswith("1 placed in a current ward (1 by the postcode lookup, 0 by their point")
    assert "1 with no postcode" in out.getvalue()


def test_measured_against_the_lookup_placement_agrees_and_the_point_alone_misses_only_near_edges(
    wards: WardFinder,
) -> None:
    load("postcodes", GEO / "postcodes" / "nspl_nov2021_sample_E08000024_E06000020.csv")
    load("postcodes", GEO / "postcodes" / "charity_postcodes.csv")
    live = list(Postcode.objects.filter(terminated__isnull=True))

    with_lookup = ward_agreement(live, wards, by_polygon_only=False)
    alone = ward_agreement(live, wards, by_polygon_only=True)

    assert with_lookup.postcodes == alone.postcodes > 200
    assert with_lookup.rate >= 0.995
    assert 0.9 <= alone.rate < 1.0  # generalised boundaries
    assert alone.misses_near_edge == alone.misses
    assert alone.farthest_miss_metres <= 200


def test_the_distance_to_an_edge_is_in_metres() -> None:
    square = {
        "type": "Polygon",
        "coordinates": [[[-1.0, 54.0], [-0.99, 54.0], [-0.99, 54.01], [-1.0, 54.01], [-1.0, 54.0]]],
    }
    # From the middle, the nearest edge is the east or west one: 0.005 degrees of longitude at 54° N.
    assert metres_to_edge(-0.995, 54.005, square) == pytest.approx(
        0.005 * 111_320 * math.cos(math.radians(54.005)), rel=1e-3
    )


def test_search_finds_organisations_by_the_council_and_the_ward_they_are_in(wards: WardFinder) -> None:
    load("postcodes", GEO / "postcodes" / "charity_postcodes.csv")
    here = OrganisationFactory.create(name="Lisson Grove Lunch Club", postcode="NW1 5HT")
    OrganisationFactory.create(name="Sunderland Lunch Club", postcode="")
    organisations_place()
    ward = OrganisationPlace.objects.get(organisation=here).ward

    for area in ("E09000033", ward):
        results = organisation_search(SearchQuery(q="lunch club", filters={"area": (area,)}))
        assert [hit.name for hit in results.items] == ["Lisson Grove Lunch Club"]
    facet = {value.value: value.label for value in organisation_search(SearchQuery(q="lunch")).facets["area"]}
    assert facet["E09000033"] == "Westminster"
    assert facet[ward] == Area.objects.get(code=ward, vintage="2025").name
