"""The organisations JSON API: search with facets, one organisation by org-id or UUID, clear errors."""

import pytest

from commoncause.register.models import Organisation
from commoncause.register.search.types import FACETS, SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.tests.search_samples import clear_register, load_sample_register

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations"


@pytest.fixture(scope="module", autouse=True)
def sample_register(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_sample_register(with_areas=True)
    yield
    with django_db_blocker.unblock():
        clear_register()


def test_search_answers_the_results_contract(client):
    response = client.get(URL, {"q": "cancer lifeline"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "page", "pages", "page_size", "corrected_q", "items", "facets", "near"}
    assert body["near"] is None  # the point searched near, when there is one
    first = body["items"][0]
    assert first["org_ids"] == ["GB-NIC-100002"]
    assert first["name"] == "Cancer Lifeline"
    assert first["latest_income"] == 462154
    assert first["income_band"] == "medium"
    assert set(body["facets"]) == set(FACETS)
    assert set(body["facets"]["status"][0]) == {"value", "label", "count", "selected"}


def test_repeated_facet_parameters_allow_either_value(client):
    body = client.get(URL, {"what": ["102", "103"], "status": "registered"}).json()
    expected = organisation_search(SearchQuery(filters={"what": ("102", "103"), "status": ("registered",)}))
    assert body["count"] == expected.count > 0
    selected = {v["value"] for v in body["facets"]["what"] if v["selected"]}
    assert selected == {"102", "103"}


def test_sort_by_income_and_paging(client):
    first = client.get(URL, {"q": "trust", "sort": "income", "page_size": 5}).json()
    second = client.get(URL, {"q": "trust", "sort": "income", "page_size": 5, "page": 2}).json()
    incomes = [item["latest_income"] for item in first["items"] + second["items"]]
    assert incomes == sorted(incomes, reverse=True)
    assert first["pages"] == -(-first["count"] // 5)


def test_the_largest_page_holds_100(client):
    body = client.get(URL, {"page_size": 100}).json()
    assert body["page_size"] == 100
    assert len(body["items"]) == 100


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page_size": "-3"},
        {"page_size": "0"},
        {"page_size": "101"},
        {"sort": "colour"},
        {"q": "x" * 201},
    ],
)
def test_a_value_outside_the_documented_range_answers_422_naming_it(client, params):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == list(params)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": ["lifeline", "cancer"]}, "q"),
        ({"sort": ["name", "income"]}, "sort"),
    ],
)
def test_a_parameter_the_search_cannot_understand_answers_400_naming_it(client, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_a_parameter_of_the_wrong_type_answers_422_json(client):
    response = client.get(URL, {"page": "two"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")


def test_an_organisation_is_found_by_org_id_in_any_case_and_by_uuid(client):
    by_org_id = client.get(f"{URL}/GB-NIC-100002")
    assert by_org_id.status_code == 200
    record = by_org_id.json()
    assert client.get(f"{URL}/gb-nic-100002").json() == record
    assert client.get(f"{URL}/{record['id']}").json() == record
    assert record["name"] == "Cancer Lifeline"
    assert record["id"] == str(Organisation.objects.get(identifiers__org_id="GB-NIC-100002").pk)


def test_the_record_links_to_the_regulator_and_names_classifications_in_words(client):
    record = client.get(f"{URL}/GB-NIC-100002").json()
    identifier = record["identifiers"][0]
    assert identifier["org_id"] == "GB-NIC-100002"
    assert identifier["url"] == "https://www.charitycommissionni.org.uk/charity-details/?regId=100002"
    labels = {c["code"]: c["label"] for c in record["classifications"]}
    assert labels["103"] == "The advancement of health or saving of lives"
    assert {c["kind"] for c in record["classifications"]} >= {"what", "who"}
    assert record["contact"]["website"] == "www.cancerlifeline.info"
    assert record["finances"][0]["income"] == 462154
    assert record["finances"][0]["period_end"] == "2023-03-31"
    assert record["income_band_label"] == "Medium (£100,000 under £1,000,000)"


def test_the_record_says_where_its_facts_came_from(client):
    record = client.get(f"{URL}/GB-NIC-100002").json()
    source = record["sources"][0]
    assert source["source"] == "ccni"
    assert source["file_name"] == "ccni-charitydetails-sample.csv"
    assert source["last_confirmed"] is not None
    assert source["disappeared"] is False


def test_the_record_lists_areas_of_operation(client):
    charity = Organisation.objects.filter(areas__gss_code="E10000030").first()
    assert charity is not None
    record = client.get(f"{URL}/{charity.pk}").json()
    assert "E10000030" in {area["gss_code"] for area in record["areas"]}


def test_the_record_names_no_individual_people(client):
    record = client.get(f"{URL}/GB-NIC-100002").json()
    assert "trustees" not in record
    assert record["organisational_trustees"] == []
    assert not any("trustee_name" in key or "person" in key for key in record)


@pytest.mark.parametrize("key", ["GB-CHC-0000000", "00000000-0000-0000-0000-000000000000", "nonsense"])
def test_an_unknown_identifier_answers_404_json(client, key):
    response = client.get(f"{URL}/{key}")
    assert response.status_code == 404
    assert "detail" in response.json()
