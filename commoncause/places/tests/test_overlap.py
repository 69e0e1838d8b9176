"""Old wards mapped forward: Telford and Wrekin's 2019 wards (named by its 2021 postcodes) to its current
wards, by the postcodes' points or, when the old boundaries are loaded, by area; search's area filter
then finds by an old ward's code the organisations placed in the wards it overlaps."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from commoncause.places.models import Area, AreaLookup, AreaType, OrganisationPlace, Postcode
from commoncause.places.nearby import area_meaning
from commoncause.places.overlap import BY_AREA, BY_POSTCODES, MIN_SHARE, OVERLAP, ward_overlaps_refresh
from commoncause.places.placement import current_wards
from commoncause.places.services import organisations_place
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
GEO = Path(__file__).resolve().parents[3] / "data" / "geo"
TELFORD = "E06000020"
NSPL = GEO / "postcodes" / "nspl_nov2021_sample_E08000024_E06000020.csv"


def load(kind: str, path: Path) -> None:
    call_command("import_source", kind, str(path), no_progress=True)


@pytest.fixture
def telford() -> set[str]:
    """Telford's current wards and the 2021 postcode lookup (whose wards are those of 2019); returns the
    current wards' codes."""
    load("wards", GEO / "boundaries" / f"{TELFORD}_ward.geojson")
    load("postcodes", NSPL)
    return {ward.code for ward in current_wards() if ward.parent_code == TELFORD}


def _old_wards() -> set[str]:
    live = Postcode.objects.filter(local_authority=TELFORD, terminated__isnull=True)
    return set(live.exclude(ward="").values_list("ward", flat=True))


def test_importing_maps_telfords_old_wards_to_its_current_ones_by_their_postcodes(telford: set[str]) -> None:
    old = _old_wards()
    assert old
    assert not old & telford  # redrawn: no code is shared

    rows = AreaLookup.objects.filter(method=OVERLAP, from_code__in=old)

    assert {row.from_code for row in rows} == old  # every old ward is mapped, by the import alone
    assert {row.to_code for row in rows} <= telford
    assert {(row.from_vintage, row.to_vintage, row.source_file) for row in rows} == {
        ("2021", "2025", BY_POSTCODES)
    }
    for code in old:  # the shares are those of the old ward's postcodes, and add up to the whole
        shares = [row.share for row in rows if row.from_code == code]
        assert sum(shares) == pytest.approx(1.0, abs=0.01)
        assert min(shares) >= MIN_SHARE


def test_an_old_wards_shares_are_those_of_its_postcodes_points_in_each_current_ward(
    telford: set[str],
) -> None:
    from commoncause.places.placement import WardFinder

    finder = WardFinder(current_wards())
    live = Postcode.objects.filter(local_authority=TELFORD, terminated__isnull=True).exclude(ward="")
    counted: dict[str, Counter[str]] = {}
    for postcode in live.filter(latitude__isnull=False, longitude__isnull=False):
        ward = finder.ward_at(postcode.longitude or 0.0, postcode.latitude or 0.0)
        counted.setdefault(postcode.ward, Counter())[ward.code if ward else ""] += 1
    code, counts = max(counted.items(), key=lambda item: len(item[1]))  # the old ward split the most ways
    assert len(counts) > 1

    shares = dict(AreaLookup.objects.filter(method=OVERLAP, from_code=code).values_list("to_code", "share"))

    total = sum(counts.values())
    assert shares == {ward: pytest.approx(n / total, abs=1e-4) for ward, n in counts.items() if ward}


def test_with_the_old_boundaries_loaded_the_overlap_is_by_area(telford: set[str]) -> None:
    # An old ward drawn from the boundaries of two current wards: the west one whole, and the part of
    # the east one west of its centre line, so its area lies in the two as the shapes say.
    west, east = (Area.objects.get(code=code, vintage="2025") for code in sorted(telford)[:2])
    from shapely.geometry import box, mapping, shape

    east_shape = shape(east.boundary or {})
    minx, miny, maxx, maxy = east_shape.bounds
    half = east_shape.intersection(box(minx, miny, (minx + maxx) / 2, maxy))
    old_shape = shape(west.boundary or {}).union(half)
    Area.objects.create(
        code="E05009999", vintage="2019", area_type=AreaType.WARD, name="Old Ward", parent_code=TELFORD,
        boundary=json.loads(json.dumps(mapping(old_shape))),
    )  # fmt: skip

    ward_overlaps_refresh()

    rows = {row.to_code: row for row in AreaLookup.objects.filter(method=OVERLAP, from_code="E05009999")}
    assert {row.source_file for row in rows.values()} == {BY_AREA}
    assert rows[west.code].share == pytest.approx(shape(west.boundary or {}).area / old_shape.area, abs=0.01)
    assert rows[east.code].share == pytest.approx(half.area / old_shape.area, abs=0.01)
    assert sum(row.share for row in rows.values()) == pytest.approx(1.0, abs=0.02)


def test_an_old_ward_code_finds_the_organisations_placed_in_the_current_wards_it_overlaps(
    telford: set[str], client: Client
) -> None:
    code = sorted(_old_wards())[0]
    postcodes = list(
        Postcode.objects.filter(ward=code, terminated__isnull=True).values_list("postcode", flat=True)
    )
    for number, postcode in enumerate(postcodes):
        OrganisationFactory.create(name=f"Telford Group {number}", postcode=postcode)
    elsewhere = OrganisationFactory.create(name="Telford Group far away", postcode="SR1 1AE")
    organisations_place()
    overlapped = set(
        AreaLookup.objects.filter(from_code=code, method=OVERLAP).values_list("to_code", flat=True)
    )
    placed_there = set(
        OrganisationPlace.objects.filter(ward__in=overlapped).values_list("organisation__name", flat=True)
    )

    results = organisation_search(SearchQuery(q="telford group", filters={"area": (code,)}, page_size=100))

    assert {hit.name for hit in results.items} == placed_there
    assert {f"Telford Group {n}" for n in range(len(postcodes))} <= placed_there
    assert elsewhere.name not in placed_there
    chosen = next(value for value in results.facets["area"] if value.value == code)
    assert chosen.selected
    assert chosen.count == results.count
    assert chosen.label == f"{code} (ward of 2021)"

    answer = client.get("/api/v1/organisations", {"q": "telford group", "area": code.lower()})
    assert answer.status_code == 200
    assert answer.json()["count"] == len(placed_there)


def test_working_the_overlaps_out_again_keeps_the_lsoa_lookups_and_an_lsoa_stands_for_itself(
    telford: set[str],
) -> None:
    load("lsoa", GEO / "lookups" / "lsoa_to_ward25_E09000033_derived.csv")
    lsoa_rows = AreaLookup.objects.exclude(source_file__in=(BY_AREA, BY_POSTCODES))
    before = lsoa_rows.count()
    assert before > 0
    lsoa = lsoa_rows.first()
    assert lsoa is not None

    ward_overlaps_refresh()

    assert lsoa_rows.count() == before
    assert AreaLookup.objects.filter(source_file=BY_POSTCODES).exists()
    assert area_meaning(lsoa.from_code) is None  # an LSOA is not an old ward standing for wards


def test_an_area_code_neither_known_nor_mappable_is_refused_in_json(
    telford: set[str], client: Client
) -> None:
    answer = client.get("/api/v1/organisations", {"area": "E05999999"})

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "area"]
    assert "E05999999" in answer.json()["detail"][0]["msg"]
    assert client.get("/api/v1/organisations", {"area": sorted(telford)[0]}).status_code == 200
