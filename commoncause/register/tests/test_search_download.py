"""Search results as CSV: every result in search order (not a page), from the search page and the API,
streamed; on the real demo samples."""

import csv
import io

import pytest
from django.test import Client

from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.services import search_index_refresh
from commoncause.register.tests.factories import OrganisationFactory
from commoncause.register.tests.search_samples import clear_register, load_sample_register

HEADER = [
    "name", "org_id", "other_org_ids", "legal_form", "status", "latest_income", "latest_financial_year_end",
    "income_band", "postcode", "activities", "last_confirmed", "url",
]  # fmt: skip


@pytest.fixture(scope="module")
def sample_register(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> object:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_sample_register()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clear_register()


def _rows(response: object) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
def test_every_result_comes_in_search_order_not_just_a_page(client: Client) -> None:
    expected = organisation_search(SearchQuery(q="trust", page_size=100))
    assert expected.count > 100  # more than a page of the API, let alone of the search page
    response = client.get("/search/organisations.csv", {"q": "trust"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="organisations-trust.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.splitlines()[0].split(",") == HEADER
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == expected.count
    assert [row["name"] for row in rows[:100]] == [hit.name for hit in expected.items]
    first = expected.items[0]
    assert rows[0]["org_id"] == first.org_ids[0]
    assert rows[0]["url"] == f"http://testserver/organisations/{first.org_ids[0]}/"


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
def test_filters_and_sort_apply_to_the_download(client: Client) -> None:
    query = SearchQuery(filters={"status": ("removed",)}, sort="name", page_size=100)
    expected = organisation_search(query)
    assert 0 < expected.count <= 100
    rows = _rows(client.get("/search/organisations.csv", {"status": "removed", "sort": "name"}))
    assert [row["name"] for row in rows] == [hit.name for hit in expected.items]
    assert {row["status"] for row in rows} == {"removed"}


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
def test_the_api_answers_csv_when_asked_by_parameter_or_by_accept_header(client: Client) -> None:
    count = organisation_search(SearchQuery(q="cancer")).count
    by_parameter = client.get("/api/v1/organisations", {"q": "cancer", "format": "csv"})
    by_header = client.get("/api/v1/organisations", {"q": "cancer"}, HTTP_ACCEPT="text/csv")
    for response in (by_parameter, by_header):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert len(_rows(response)) == count
    assert client.get("/api/v1/organisations", {"q": "cancer"}).json()["count"] == count  # JSON by default
    refused = client.get("/api/v1/organisations", {"format": "xml"})
    assert refused.status_code in (400, 422)
    assert refused.json()


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
def test_the_search_page_offers_the_download_of_what_it_found(client: Client) -> None:
    page = client.get("/search/", {"q": "cancer", "status": "registered"}).content.decode()
    assert 'href="/search/organisations.csv?q=cancer&amp;status=registered"' in page
    assert "Download all" in page


@pytest.mark.django_db
def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client: Client) -> None:
    OrganisationFactory.create(name='=HYPERLINK("http://example.com","Click")', org_ids=["GB-CHC-1000001"])
    OrganisationFactory.create(name="-5 Degrees Club", org_ids=["GB-CHC-1000002"], latest_income=-120)
    search_index_refresh()
    rows = {row["org_id"]: row for row in _rows(client.get("/search/organisations.csv"))}
    assert rows["GB-CHC-1000001"]["name"] == '\'=HYPERLINK("http://example.com","Click")'
    assert rows["GB-CHC-1000002"]["name"] == "'-5 Degrees Club"
    assert rows["GB-CHC-1000002"]["latest_income"] == "-120"  # a number stays a number


@pytest.mark.django_db
def test_a_bad_parameter_is_refused_with_its_name(client: Client) -> None:
    response = client.get("/search/organisations.csv", {"sort": "shoe size"})
    assert response.status_code == 400
    assert "sort" in response.content.decode().lower() or "Sort" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
def test_an_income_is_given_with_the_end_of_its_year_in_results_the_api_and_the_csv(client: Client) -> None:
    lifeline = organisation_search(SearchQuery(q="GB-NIC-100002")).items[0]
    assert (lifeline.latest_income, str(lifeline.latest_financial_year_end)) == (462154, "2023-03-31")
    page = client.get("/search/", {"q": "cancer lifeline"}).content.decode()
    assert "Latest income £462,154, year ending 31 March 2023" in page
    item = client.get("/api/v1/organisations", {"q": "GB-NIC-100002"}).json()["items"][0]
    assert item["latest_financial_year_end"] == "2023-03-31"
    (row,) = [
        r
        for r in _rows(client.get("/search/organisations.csv", {"q": "cancer lifeline"}))
        if r["org_id"] == "GB-NIC-100002"
    ]
    assert row["latest_financial_year_end"] == "2023-03-31"
