"""`GET /api/v1/grants` and `grants_received` on an organisation, over the ALWF real package."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from commoncause.funding.models import Grant
from commoncause.sources.tests.importing import import_source

pytestmark = pytest.mark.django_db
FUNDER = "GB-CHC-1015648"


@pytest.fixture
def grants(test_data_dir: Path) -> None:
    import_source("360giving", test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json")


def test_grants_by_funder_in_pages_newest_first(client: Client, grants: None) -> None:
    first = client.get("/api/v1/grants", {"funder": FUNDER.lower(), "page_size": "50"}).json()
    assert first["count"] == 475
    assert first["pages"] == 10
    assert len(first["items"]) == 50
    dates = [item["award_date"] for item in first["items"]]
    assert dates == sorted(dates, reverse=True)
    item = first["items"][0]
    assert set(item) == {"id", "title", "amount_awarded", "currency", "award_date", "funder", "recipient"}
    assert item["funder"]["org_id"] == FUNDER
    last = client.get("/api/v1/grants", {"funder": FUNDER, "page": "10", "page_size": "50"}).json()
    assert len(last["items"]) == 25


def test_grants_to_one_recipient_and_its_total(client: Client, grants: None) -> None:
    to_school = Grant.objects.filter(recipient_org_id="GB-EDU-133843")
    expected = sum(g.amount_awarded for g in to_school)
    answer = client.get("/api/v1/grants", {"recipient": "GB-EDU-133843"}).json()
    assert answer["count"] == to_school.count() > 0
    assert {item["recipient"]["org_id"] for item in answer["items"]} == {"GB-EDU-133843"}
    organisation = client.get("/api/v1/organisations/GB-EDU-133843").json()
    received = organisation["grants_received"]
    assert received["count"] == to_school.count()
    assert Decimal(str(received["total"])) == expected


def test_bad_parameters_answer_4xx_with_a_json_body(client: Client, grants: None) -> None:
    unknown = client.get("/api/v1/grants", {"funder": "GB-CHC-999999999"})
    assert unknown.status_code == 404
    assert "GB-CHC-999999999" in unknown.json()["detail"]
    assert client.get("/api/v1/grants", {"page": "x"}).status_code == 422
    for name in ("funder", "recipient"):  # a NUL character, which PostgreSQL cannot compare: no one's
        assert client.get("/api/v1/grants", {name: "GB-CHC-\x00"}).status_code == 404


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page_size": 0}, {"page_size": 101}, {"year": 1899}, {"year": 2201}]
)
def test_a_value_outside_its_documented_range_answers_422_naming_it(
    client: Client, db: None, params: dict[str, int]
) -> None:
    response = client.get("/api/v1/grants", params)
    assert response.status_code == 422
    [(name, _value)] = params.items()
    assert [error["loc"][-1] for error in response.json()["detail"]] == [name]


def test_the_organisation_page_shows_grants_received_and_made_with_a_chart_and_its_table(
    client: Client, grants: None
) -> None:
    school = client.get("/organisations/GB-EDU-133843/").content.decode()
    assert 'data-testid="grants-chart"' in school
    assert 'data-testid="grants-table"' in school
    assert "Andrew Lloyd Webber Foundation" in school
    assert "/grants/360G-ALWF-1978/" in school
    funder = client.get(f"/organisations/{FUNDER}/").content.decode()
    assert "475 published grants made" in funder
    detail = client.get("/grants/360G-ALWF-1978/")
    assert detail.status_code == 200
    assert "Royal Northern College of Music" in detail.content.decode()
    assert client.get("/grants/360G-NOT-A-GRANT/").status_code == 404


def test_search_narrows_to_the_organisations_a_funder_funds(
    client: Client, grants: None, test_data_dir: Path
) -> None:
    import_source("360giving", test_data_dir / "grants" / "abct-360giving-grants-2021.xlsx")
    both = client.get("/api/v1/organisations", {"page_size": 1}).json()
    funders = {value["value"]: value for value in both["facets"]["funder"]}
    first_grant = Grant.objects.filter(funder_org_id=FUNDER).first()
    assert first_grant is not None
    assert funders[FUNDER]["label"] == first_grant.funder_name
    recipients = set(
        Grant.objects.filter(
            funder__identifiers__org_id=FUNDER, recipient__merged_into__isnull=True
        ).values_list("recipient", flat=True)
    )
    assert funders[FUNDER]["count"] == len(recipients)
    answer = client.get("/api/v1/organisations", {"funder": FUNDER, "page_size": "100"}).json()
    assert answer["count"] == len(recipients)
    # Two funders are either one (values of one facet widen); their counts ignore the facet's own choice.
    abct = "GB-CHC-1000147"
    theirs = set(
        Grant.objects.filter(funder_org_id=abct, recipient__merged_into__isnull=True).values_list(
            "recipient", flat=True
        )
    )
    assert {value["value"]: value["count"] for value in answer["facets"]["funder"]}[abct] == len(theirs)
    either = client.get("/api/v1/organisations", {"funder": [FUNDER, abct], "page_size": "1"}).json()
    assert either["count"] == len(recipients | theirs)
    page = client.get("/search/", {"funder": FUNDER}).content.decode()
    assert "Funded by" in page
