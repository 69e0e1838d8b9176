"""A council's coverage pages, their CSV downloads, the ward map and GET /api/v1/areas/{code}/coverage,
on Westminster's real geography and the register sample's charities placed by postcode."""

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from commoncause.accounts.models import Council, Role, StaffRole
from commoncause.places.coverage import find_duplication, find_gaps
from commoncause.places.coverage_tables import measure_for
from commoncause.places.models import Area, OrganisationPlace
from commoncause.places.selectors import GONE, council_coverage, wards_with_boundaries
from commoncause.places.services import organisations_place
from commoncause.places.tests.westminster import CHURCH_STREET, ST_JAMESS, WESTMINSTER
from commoncause.places.ward_map import SCALE, ward_map_svg

pytestmark = pytest.mark.django_db
PAGE = f"/places/{WESTMINSTER}/coverage/"
BELFAST = "N09000003"
DEMO = Path(__file__).resolve().parents[3] / "data" / "demo"


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(StringIO(b"".join(response.streaming_content).decode())))


def test_the_map_draws_every_ward_coloured_by_its_deprivation(westminster: Area) -> None:
    coverage = council_coverage(westminster)
    measure = measure_for(coverage, "deprivation")

    svg = ward_map_svg(wards_with_boundaries(WESTMINSTER), measure)

    wards = re.findall(
        r'<a href="#ward-(E05\d+)" aria-label="([^"]+)"><title>[^<]+</title>'
        r'<path d="M[^"]+" fill="(#[0-9a-f]+)"',
        svg,
    )
    assert len(wards) == 18
    colours = {code: colour for code, _, colour in wards}
    assert colours[CHURCH_STREET] == SCALE[-1]  # decile 1.8: the darkest, the most deprived
    church_street = next(label for code, label, _ in wards if code == CHURCH_STREET)
    assert church_street == "Church Street: decile 1.8"
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing from elsewhere


def test_the_coverage_page_shows_the_map_the_matrix_gaps_and_duplication(westminster: Area) -> None:
    response = Client().get(PAGE)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count('<path d="M') == 18
    assert html.count('<tr class="govuk-table__row" id="ward-E05') == 18  # the map's table
    assert 'id="coverage-matrix"' in html
    gaps = find_gaps(council_coverage(westminster))
    assert f'href="/places/{WESTMINSTER}/wards/{CHURCH_STREET}/{gaps[0].theme.code}/"' in html
    assert "candidate for a shared single point of entry" in html
    assert f'href="/places/{WESTMINSTER}/gaps.csv"' in html


def test_the_map_switches_to_a_theme_and_to_organisations_per_thousand(westminster: Area) -> None:
    client = Client()
    theme = client.get(PAGE, {"measure": "theme", "theme": "education"}).content.decode()
    rate = client.get(PAGE, {"measure": "per_1000"}).content.decode()

    assert "Organisations based in or serving the ward: education and training" in theme
    assert '<option value="education" selected>' in theme
    st_james = council_coverage(westminster).ward(ST_JAMESS)
    assert st_james is not None
    based = len(st_james.cells["education"].based)
    cell = r'<td class="govuk-table__cell govuk-table__cell--numeric">'
    row = rf'id="ward-{ST_JAMESS}"><th scope="row" class="govuk-table__header">St James&\#x27;s</th>'
    assert re.search(row + cell + str(based), theme)
    assert "Organisations based in the ward per 1,000 residents" in rate


def test_with_htmx_only_the_map_comes_back(westminster: Area) -> None:
    response = Client().get(PAGE, {"measure": "organisations"}, headers={"HX-Request": "true"})
    html = response.content.decode()

    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="coverage-map"')
    assert "<html" not in html


def test_an_unknown_choice_names_its_field_and_keeps_the_rest(westminster: Area) -> None:
    measure = Client().get(PAGE, {"measure": "wealth"})
    theme = Client().get(PAGE, {"measure": "theme", "theme": "unicorns"})

    assert measure.status_code == 400
    assert 'href="#map-measure">Choose what the map shows from the list</a>' in measure.content.decode()
    assert theme.status_code == 400
    assert 'href="#map-theme">Choose a theme from the list</a>' in theme.content.decode()
    assert html_has_map(theme.content.decode())


def html_has_map(html: str) -> bool:
    return html.count('<path d="M') == 18


def test_every_table_downloads_as_csv(westminster: Area) -> None:
    coverage = council_coverage(westminster)
    client = Client()

    matrix = _csv(client.get(f"/places/{WESTMINSTER}/coverage.csv"))
    gaps = _csv(client.get(f"/places/{WESTMINSTER}/gaps.csv"))
    duplication = _csv(client.get(f"/places/{WESTMINSTER}/duplication.csv"))

    assert len(matrix) == 18
    st_james = next(row for row in matrix if row["ward_code"] == ST_JAMESS)
    ward = coverage.ward(ST_JAMESS)
    assert ward is not None
    assert int(st_james["organisations_based"]) == ward.based
    assert int(st_james["education_based"]) == len(ward.cells["education"].based)
    assert [(row["ward_code"], row["theme"]) for row in gaps] == [
        (gap.ward.code, gap.theme.code) for gap in find_gaps(coverage)
    ]
    assert all(row["reason"] for row in gaps + duplication)
    assert len(duplication) == len(find_duplication(coverage))


def test_a_gap_says_why_and_lists_who_could_reach_the_ward(westminster: Area) -> None:
    gap = find_gaps(council_coverage(westminster))[0]
    url = f"/places/{WESTMINSTER}/wards/{gap.ward.code}/{gap.theme.code}/"

    page = Client().get(url).content.decode()
    rows = _csv(Client().get(url.rstrip("/") + ".csv"))

    assert gap.reason.replace("'", "&#x27;") in page
    assert page.count('id="organisations-elsewhere"') == 1
    elsewhere = [row for row in rows if row["relation"] == "elsewhere"]
    assert len(elsewhere) == gap.elsewhere > 0
    assert all(row["page"].startswith("http://testserver/organisations/") for row in elsewhere)
    assert not [row for row in rows if row["relation"] == "based"]


def test_a_ward_and_theme_that_is_no_gap_lists_who_is_based_there(westminster: Area) -> None:
    url = f"/places/{WESTMINSTER}/wards/{ST_JAMESS}/education/"
    rows = _csv(Client().get(url.rstrip("/") + ".csv"))

    assert Client().get(url).status_code == 200
    ward = council_coverage(westminster).ward(ST_JAMESS)
    assert ward is not None
    assert len([row for row in rows if row["relation"] == "based"]) == len(ward.cells["education"].based)
    assert not [row for row in rows if row["relation"] == "elsewhere"]


@pytest.mark.parametrize(
    "path",
    [
        "/places/E99999999/coverage/",
        f"/places/{CHURCH_STREET}/coverage/",  # a ward, not a council
        f"/places/{WESTMINSTER}/wards/E05000001/education/",
        f"/places/{WESTMINSTER}/wards/{ST_JAMESS}/unicorns/",
    ],
)
def test_what_does_not_exist_is_not_found(westminster: Area, path: str) -> None:
    assert Client().get(path).status_code == 404


def test_an_officer_goes_straight_to_their_councils_coverage(westminster: Area) -> None:
    council = Council.objects.create(
        name="Westminster City Council", slug="westminster", area_codes=[WESTMINSTER]
    )
    officer = User.objects.create_user("officer@westminster.example", "officer@westminster.example")
    StaffRole.objects.create(user=officer, role=Role.OFFICER, council=council)
    client = Client()

    everyone = client.get("/places/")
    client.force_login(officer)
    own = client.get("/places/")

    assert everyone.status_code == 200
    assert f'href="/places/{WESTMINSTER}/coverage/">Westminster</a>' in everyone.content.decode()
    assert own.status_code == 302
    assert own["Location"] == PAGE
    assert client.get("/places/", {"all": "1"}).status_code == 200


def test_the_api_gives_a_councils_coverage_and_a_wards(westminster: Area) -> None:
    council = Client().get(f"/api/v1/areas/{WESTMINSTER}/coverage").json()
    ward = Client().get(f"/api/v1/areas/{CHURCH_STREET}/coverage").json()
    coverage = council_coverage(westminster)

    assert council["area"]["code"] == council["council"]["code"] == WESTMINSTER
    assert len(council["wards"]) == 18
    assert council["organisations"] == coverage.organisations
    assert {theme["code"] for theme in council["themes"]} >= {"children", "health", "housing"}
    st_james = next(row for row in council["wards"] if row["code"] == ST_JAMESS)
    counts = {item["theme"]: item["based"] for item in st_james["themes"]}
    assert counts["education"] == len(coverage.ward(ST_JAMESS).cells["education"].based)  # type: ignore[union-attr]
    assert len(council["gaps"]) == len(find_gaps(coverage))
    assert ward["area"]["type"] == "ward"
    assert [row["code"] for row in ward["wards"]] == [CHURCH_STREET]
    assert ward["wards"][0]["deprivation_decile"] < 2
    assert {gap["ward"] for gap in ward["gaps"]} == {CHURCH_STREET}
    assert all(gap["reason"] for gap in ward["gaps"])


def test_the_api_refuses_what_has_no_coverage(westminster: Area) -> None:
    lsoa = Client().get("/api/v1/areas/E01004735/coverage")
    unknown = Client().get("/api/v1/areas/E99999999/coverage")

    assert lsoa.status_code == 404
    assert "councils and their wards" in lsoa.json()["detail"]
    assert unknown.status_code == 404
    assert Client().get("/api/v1/areas/not*a*code/coverage").status_code == 422


def test_northern_irelands_organisations_are_counted_in_their_council_not_in_a_ward() -> None:
    """Belfast's real wards, and the NI register's sample placed by the town in each address."""
    ni = Path(__file__).resolve().parents[3] / "data" / "geo-ni" / "boundaries" / "wards"
    call_command("import_source", "wards", str(ni / "N09000003_wards.geojson"), no_progress=True)
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    organisations_place()
    placed = OrganisationPlace.objects.filter(local_authority=BELFAST)
    in_belfast = placed.exclude(organisation__status__in=GONE).count()  # live ones

    found = Client().get(f"/api/v1/areas/{BELFAST}/coverage").json()
    page = Client().get(f"/places/{BELFAST}/coverage/").content.decode()

    assert placed.count() > in_belfast > 50  # the sample has removed charities too
    assert found["organisations_in_no_ward"] == in_belfast
    assert found["organisations"] == 0  # none is in a ward, and none says it serves one
    assert len(found["wards"]) > 50
    assert f"{in_belfast} more organisations are placed in the council by address but in none" in page
