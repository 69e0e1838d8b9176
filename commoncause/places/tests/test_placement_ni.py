"""Northern Ireland's organisations placed in their council (LGD 2014) with no ward, as no open lookup
holds BT postcodes: from the places their address names, else from the one council they say they serve;
the rest counted as not placed. On the real CCNI register sample."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from commoncause.places.models import OrganisationPlace
from commoncause.places.ni import council_from_address, council_from_areas, councils, place_names
from commoncause.places.placement import Method
from commoncause.places.services import NI_NO_COUNCIL, organisations_place, placement_summary
from commoncause.register.models import AreaOfOperation, Organisation
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search

DATA = Path(__file__).resolve().parents[3] / "data"
BELFAST, ARDS_NORTH_DOWN, LISBURN_CASTLEREAGH = "N09000003", "N09000011", "N09000007"


def ccni(number: str) -> Organisation:
    return Organisation.objects.get(identifiers__org_id=f"GB-NIC-{number}")


@pytest.fixture
def register(db: None) -> None:
    call_command(
        "import_source", "ccni", str(DATA / "demo" / "ccni-charitydetails-sample.csv"), no_progress=True
    )


def test_the_eleven_councils_come_from_the_shipped_council_list() -> None:
    found = councils()
    assert sorted(found) == [f"N090000{n:02}" for n in range(1, 12)]
    assert found[BELFAST] == "Belfast"


@pytest.mark.parametrize(
    ("address", "council", "from_place"),
    [
        ("Cancer Lifeline, 44 Alliance Avenue, Belfast", BELFAST, "Belfast"),  # the council's own name
        ("2 Abercorn Square, Strabane, Co Tyrone", "N09000005", "Strabane"),  # part of its name
        ("30 Station Road, Holywood, County Down", ARDS_NORTH_DOWN, "Holywood"),  # a ward; county left out
        ("67 Rodgers Bay, Carrickfergus, County Antrim", "N09000008", "Carrickfergus"),  # a former council
        ("37 Drumenny Road, Coagh, Cookstown, County Tyrone", "N09000009", "Coagh"),
        ("8-14 Bishop Street, Derry~Londonderry", "N09000005", "Derry~Londonderry"),
        # A village across a council border from its post town: the village, the first place named.
        ("6 Grangewood Chase, Dundonald, Belfast", LISBURN_CASTLEREAGH, "Dundonald"),
        # A namesake of a Belfast ward of 1992, outvoted by the two places after it.
        ("19 Darragh, Whiterock, Killinchy, Newtownards", ARDS_NORTH_DOWN, "Killinchy"),
    ],
)
def test_a_council_is_found_from_the_places_an_address_names(
    address: str, council: str, from_place: str
) -> None:
    found = council_from_address(address)

    assert found is not None
    assert (found.code, found.evidence) == (council, from_place)


def test_a_name_two_councils_share_places_nowhere() -> None:
    assert (
        place_names().council("Dromore") is None
    )  # a ward in Armagh, Banbridge and Craigavon and in Fermanagh
    assert council_from_address("4 Wallace Park, Dromore") is None
    assert council_from_address("11 Parnell Square East, Dublin 1") is None


def test_declared_areas_give_a_council_only_when_they_name_exactly_one() -> None:
    assert council_from_areas(["N92000002", BELFAST]) == council_from_areas([BELFAST])
    assert council_from_areas([BELFAST]) is not None
    assert council_from_areas([BELFAST, ARDS_NORTH_DOWN]) is None
    assert council_from_areas(["N92000002"]) is None  # Northern Ireland as a whole is no council


def test_the_ccni_sample_is_placed_in_councils_with_no_ward_and_the_rest_counted(register: None) -> None:
    counts = organisations_place()

    placed = OrganisationPlace.objects.filter(method=Method.TOWN)
    assert counts[Method.TOWN] == placed.count() >= 350  # of 364 charities
    assert set(placed.values_list("local_authority", flat=True)) == set(councils())  # every council
    assert not placed.exclude(ward="").exists()
    assert not placed.exclude(latitude=None).exists()
    assert 75 <= placed.filter(local_authority=BELFAST).count() <= 90  # about 78 by the real postcodes
    lifeline = OrganisationPlace.objects.get(organisation=ccni("100002"))
    assert (lifeline.postcode, lifeline.local_authority, lifeline.method) == (
        "BT14 7PJ",
        BELFAST,
        Method.TOWN,
    )
    assert counts[NI_NO_COUNCIL] == Organisation.objects.count() - placed.count() > 0
    assert f"{counts[Method.TOWN]:,} in Northern Ireland placed in their council only" in placement_summary(
        counts
    )
    assert f"{counts[NI_NO_COUNCIL]:,} in Northern Ireland with no council found" in placement_summary(counts)


def test_an_address_naming_no_known_place_falls_back_to_the_one_council_declared(register: None) -> None:
    newcastle = ccni_by_address("18C Railway Street, Newcastle")
    organisations_place([newcastle.pk])
    assert not OrganisationPlace.objects.filter(organisation=newcastle).exists()

    AreaOfOperation.objects.create(
        organisation=newcastle, name="Newry, Mourne and Down", gss_code="N09000010", source="statement"
    )
    counts = organisations_place([newcastle.pk])

    assert counts[Method.DECLARED] == 1
    place = OrganisationPlace.objects.get(organisation=newcastle)
    assert (place.local_authority, place.ward, place.method) == ("N09000010", "", Method.DECLARED)


def ccni_by_address(start: str) -> Organisation:
    return Organisation.objects.get(address__startswith=start)


def test_search_finds_a_northern_ireland_organisation_by_its_council_once_its_wards_are_in(
    register: None,
) -> None:
    wards = DATA / "geo-ni" / "boundaries" / "wards" / "N09000003_wards.geojson"
    call_command("import_source", "wards", str(wards), no_progress=True)
    out = StringIO()
    call_command("place_organisations", stdout=out)
    assert "in Northern Ireland placed in their council only" in out.getvalue()

    hits = organisation_search(SearchQuery(q="cancer lifeline", filters={"area": (BELFAST,)})).items
    assert "Cancer Lifeline" in [hit.name for hit in hits]
    assert OrganisationPlace.objects.get(organisation=ccni("100002")).ward == ""  # no point to place it by
