"""Searching near a postcode, and narrowing to a ward, in search, the API and the page.

On the real demo samples: the 2,000 CCEW charities and the shipped postcodes of the demo's
organisations, placed in Westminster's wards. Expected distances are worked out here from the shipped
postcode file's own coordinates, apart from the code under test.
"""

import csv
import math
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from commoncause.accounts.models import Council
from commoncause.places.models import Area, AreaLookup, OrganisationPlace, Postcode
from commoncause.places.services import organisations_place
from commoncause.register.models import Organisation
from commoncause.register.search.types import SearchParameterError, SearchQuery
from commoncause.register.selectors import organisation_search, search_query_from_params
from commoncause.register.tests.search_samples import clear_register

GEO = Path(settings.DATA_DIR) / "geo"
DEMO = Path(settings.DATA_DIR) / "demo"
WESTMINSTER = "E09000033"


@pytest.fixture(scope="module")
def placed(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> object:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        for kind, path in (
            ("wards", GEO / "boundaries" / f"{WESTMINSTER}_ward.geojson"),
            ("postcodes", GEO / "postcodes" / "charity_postcodes.csv"),
            ("csv", DEMO / "ukcat_sample_ccew_2000.csv"),
        ):
            call_command("import_source", kind, str(path), no_progress=True)
        organisations_place()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clear_register()
        for model in (Area, AreaLookup, Postcode):
            model.objects.all().delete()


def _points(*, live: bool = False) -> dict[str, tuple[float, float]]:
    """Each postcode's point (or each live one's), from the shipped file."""
    with (GEO / "postcodes" / "charity_postcodes.csv").open(encoding="utf-8") as handle:
        return {
            row["postcode"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
            if row["latitude"] and (row["status"] == "live" or not live)
        }


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _expected(centre: tuple[float, float], radius: float) -> dict[str, float]:
    """Every searched organisation within the radius, by name, with its distance."""
    points = _points()
    found = {}
    for name, postcode in Organisation.objects.filter(merged_into=None).values_list("name", "postcode"):
        if postcode in points and (distance := _km(centre, points[postcode])) <= radius:
            found[name] = distance
    return found


def _near(near: str, **params: str) -> SearchQuery:
    return search_query_from_params(
        {"near": [near], "page_size": ["100"], **{k: [v] for k, v in params.items()}}
    )


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("placed")]


def test_near_a_whole_postcode_finds_the_organisations_within_the_radius_nearest_first() -> None:
    centre = _points()["SW1A 1AA"]
    expected = _expected(centre, 1.5)
    assert len(expected) > 10

    results = organisation_search(_near("sw1a1aa", radius="1.5"))

    assert results.near is not None
    assert results.near.postcode == "SW1A 1AA"
    assert results.count == len(expected)
    assert {hit.name for hit in results.items} == set(expected)
    distances = [hit.distance_km for hit in results.items]
    assert distances == sorted(distances)  # type: ignore[type-var]  # all set near a point
    for hit in results.items:
        assert hit.distance_km == pytest.approx(expected[hit.name], abs=0.002)


def test_a_partial_postcode_stands_for_the_centre_of_the_postcodes_starting_with_it() -> None:
    district = [point for postcode, point in _points(live=True).items() if postcode.startswith("SW1A ")]
    centre = (sum(p[0] for p in district) / len(district), sum(p[1] for p in district) / len(district))

    results = organisation_search(_near("SW1A"))

    assert results.near is not None
    assert (results.near.postcode, results.near.postcodes) == ("SW1A", len(district))
    assert (results.near.latitude, results.near.longitude) == pytest.approx(centre)
    assert {hit.name for hit in results.items} == set(_expected(centre, 2.0))
    assert results.radius_km == 2.0  # the default


def test_near_combines_with_words_facets_and_another_order() -> None:
    centre = _points()["SW1A 1AA"]
    within = _expected(centre, 5)
    query = SearchQuery(q="church", filters={"status": ("registered",)}, sort="name", page_size=100)
    everywhere = organisation_search(query)
    by_name = [
        hit.name
        for page in range(1, everywhere.pages + 1)
        for hit in organisation_search(SearchQuery(**{**query.__dict__, "page": page})).items
    ]
    wanted = [name for name in by_name if name in within]
    assert 0 < len(wanted) < everywhere.count

    results = organisation_search(_near("SW1A 1AA", radius="5", q="church", status="registered", sort="name"))

    assert [hit.name for hit in results.items] == wanted  # in the order asked for, not nearest first
    assert all(hit.distance_km is not None and hit.distance_km <= 5 for hit in results.items)
    status = {value.value: value.count for value in results.facets["status"]}
    assert status["registered"] == len(wanted)  # the counts are of the organisations near


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"near": "hello"}, "near"),
        ({"near": "ZZ9 9ZZ"}, "near"),
        ({"near": "SW1"}, "near"),  # the district SW1 is none of SW1A to SW1Y
        ({"near": "SW1A 1AA", "radius": "0"}, "radius"),
        ({"near": "SW1A 1AA", "radius": "51"}, "radius"),
        ({"near": "SW1A 1AA", "radius": "far"}, "radius"),
    ],
)
def test_an_unknown_or_malformed_postcode_or_a_radius_out_of_range_is_refused(
    client: Client, params: dict[str, str], parameter: str
) -> None:
    with pytest.raises(SearchParameterError) as refused:
        search_query_from_params({key: [value] for key, value in params.items()})
    assert refused.value.parameter == parameter

    answer = client.get("/api/v1/organisations", params)

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", parameter]

    page = client.get("/search/", {"q": "church", **params})

    assert page.status_code == 400
    body = page.content.decode()
    assert 'class="govuk-error-summary"' in body
    assert f'href="#search-{parameter}"' in body
    assert f'value="{params["near"]}"' in body  # what was typed is kept


def test_the_api_gives_each_item_its_distance_and_the_point_searched_near(client: Client) -> None:
    body = client.get("/api/v1/organisations", {"near": "SW1A 1AA", "radius": "1"}).json()

    assert body["near"]["postcode"] == "SW1A 1AA"
    assert body["near"]["radius_km"] == 1
    assert body["count"] == len(_expected(_points()["SW1A 1AA"], 1)) > 0
    distances = [item["distance_km"] for item in body["items"]]
    assert distances == sorted(distances)
    assert distances[-1] <= 1
    assert client.get("/api/v1/organisations", {"q": "church"}).json()["items"][0]["distance_km"] is None


def test_the_page_shows_how_far_away_each_result_is(client: Client) -> None:
    results = organisation_search(_near("SW1A 1AA", radius="1"))
    nearest = results.items[0]

    page = client.get("/search/", {"near": "sw1a 1aa", "radius": "1"}).content.decode()

    assert "within 1 km of SW1A 1AA" in page
    assert f"{nearest.distance_km:.1f} km away" in page or "Under 0.1 km away" in page
    assert page.index(nearest.name) < page.index(results.items[-1].name)
    assert '<option value="distance" selected>Nearest first</option>' in page
    assert 'value="sw1a 1aa"' in page


def _ward_of_most() -> tuple[str, int]:
    wards = OrganisationPlace.objects.filter(local_authority=WESTMINSTER).exclude(ward="")
    counts: dict[str, int] = {}
    for ward in wards.values_list("ward", flat=True):
        counts[ward] = counts.get(ward, 0) + 1
    return max(counts.items(), key=lambda item: item[1])


def test_a_council_chosen_in_the_area_filter_offers_its_wards_and_one_narrows_the_results(
    client: Client,
) -> None:
    ward, placed_there = _ward_of_most()
    council = organisation_search(SearchQuery(filters={"area": (WESTMINSTER,)}))
    assert council.count > placed_there > 0

    page = client.get("/search/", {"area": WESTMINSTER}).content.decode()
    assert '<select class="govuk-select govuk-!-width-full" id="ward" name="ward"' in page
    assert page.count('<option value="E05') == 18  # Westminster's wards of 2025

    narrowed = client.get("/search/", {"area": WESTMINSTER, "ward": ward}).content.decode()
    assert f"{placed_there} organisation" in narrowed
    assert f'<option value="{ward}" selected>' in narrowed
    api = client.get("/api/v1/organisations", {"area": WESTMINSTER, "ward": ward.lower()}).json()
    assert api["count"] == placed_there
    assert client.get("/api/v1/organisations", {"ward": "E05999999"}).status_code == 422


def test_an_officer_is_offered_the_wards_of_their_own_council(client: Client, officer: User) -> None:
    Council.objects.filter(staff__user=officer).update(area_codes=[WESTMINSTER])
    client.force_login(officer)

    page = client.get("/search/", {"q": "church"}).content.decode()

    assert 'id="ward" name="ward"' in page
    assert "Ward in Westminster" in page or "Ward in E09000033" in page


def test_near_a_postcode_with_no_words_the_best_match_is_the_nearest() -> None:
    """The search page always sends its sort (best match, by default): with no words to match, that is
    the nearest first."""
    asked = search_query_from_params({"near": ["WC2A 2AE"], "sort": ["relevance"]})
    worded = search_query_from_params({"near": ["WC2A 2AE"], "sort": ["relevance"], "q": ["trust"]})

    assert asked.sort == "distance"
    assert worded.sort == "relevance"
