"""GET /api/v1/areas and /api/v1/areas/{code}: Westminster's wards, and a ward's, an LSOA's and the
council's population and deprivation rolled up from the real IMD 2019 files."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db
GEO = Path(__file__).resolve().parents[3] / "data" / "geo"
IMD = GEO / "imd2019"
DOMAINS = IMD / "File_2_-_IoD2019_Domains_of_Deprivation_E09000033.csv"
POPULATION = IMD / "File_6_-_IoD2019_Population_Denominators_E09000033.csv"
LOOKUP = GEO / "lookups" / "lsoa_to_ward25_E09000033_derived.csv"


@pytest.fixture
def westminster() -> None:
    for kind, path in (
        ("wards", GEO / "boundaries" / "E09000033_ward.geojson"),
        ("lsoa", LOOKUP),
        ("imd", DOMAINS),
        ("imd", POPULATION),
    ):
        call_command("import_source", kind, str(path), no_progress=True)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _from_the_files(ward: str) -> tuple[float, float]:
    """(population, population-weighted IMD rank) of a ward, worked out from the CSV files alone."""
    population = {row["LSOA code (2011)"]: _number(row["Total population: mid 2015 (excluding prisoners)"])
                  for row in _rows(POPULATION)}  # fmt: skip
    rank_column = next(
        name for name in _rows(DOMAINS)[0] if name.startswith("Index of Multiple Deprivation (IMD) Rank")
    )
    rank = {row["LSOA code (2011)"]: _number(row[rank_column]) for row in _rows(DOMAINS)}
    weights = {
        row["lsoa_code"]: float(row["area_share_in_ward"]) * population[row["lsoa_code"]]
        for row in _rows(LOOKUP)
        if row["WD25CD"] == ward and row["lsoa_vintage"] == "2011"
    }
    total = sum(weights.values())
    return total, sum(weight * rank[code] for code, weight in weights.items()) / total


@pytest.mark.usefixtures("westminster")
def test_a_councils_current_wards_are_listed_by_name(client: Client) -> None:
    response = client.get("/api/v1/areas", {"type": "ward", "within": "e09000033"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 18
    names = [item["name"] for item in body["items"]]
    assert names == sorted(names)
    assert body["items"][0] == {
        "code": "E05013792", "name": "Abbey Road", "type": "ward", "vintage": "2025", "parent": "E09000033",
    }  # fmt: skip


@pytest.mark.usefixtures("westminster")
def test_a_ward_carries_population_and_deprivation_rolled_up_from_its_lsoas(client: Client) -> None:
    population, rank = _from_the_files("E05013792")

    body = client.get("/api/v1/areas/E05013792").json()

    assert body["name"] == "Abbey Road"
    assert body["population"] == round(population)
    assert body["deprivation"]["index"] == "imd2019"
    assert body["deprivation"]["rank"] == pytest.approx(rank, abs=0.1)
    assert 1 <= body["deprivation"]["decile"] <= 10
    assert 0 <= body["deprivation"]["most_deprived_fifth"] <= 1


@pytest.mark.usefixtures("westminster")
def test_an_lsoa_and_the_council_carry_the_published_figures(client: Client) -> None:
    lsoa = client.get("/api/v1/areas/E01004646").json()
    assert (lsoa["type"], lsoa["population"]) == ("lsoa", 1871)
    assert lsoa["deprivation"] == {"index": "imd2019", "lsoas": 1, "rank": 19570.0, "decile": 6.0,
                                   "most_deprived_fifth": 0.0}  # fmt: skip

    council = client.get("/api/v1/areas/E09000033").json()
    everyone = sum(
        _number(row["Total population: mid 2015 (excluding prisoners)"]) for row in _rows(POPULATION)
    )
    assert (council["type"], council["name"], council["population"]) == (
        "local_authority",
        "Westminster",
        everyone,
    )
    assert council["deprivation"]["lsoas"] == 128


def test_an_unknown_code_is_404_and_a_malformed_one_or_kind_422_in_json(client: Client) -> None:
    missing = client.get("/api/v1/areas/E05999999")
    assert missing.status_code == 404
    assert "E05999999" in missing.json()["detail"]
    assert client.get("/api/v1/areas/E05-1").status_code == 422
    assert client.get("/api/v1/areas", {"type": "county"}).status_code == 422
    assert client.get("/api/v1/areas", {"within": "x" * 13}).status_code == 422
