"""Identifiers and registers' numbers, typed in any of their usual forms, find their organisation first:
in search, on the search page (straight to it) and in the API. On the real demo samples."""

import pytest
from django.test import Client

from commoncause.register.identifiers import identifier_forms
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.register.search.types import SearchQuery, SearchResults
from commoncause.register.selectors import organisation_search
from commoncause.register.tests.search_samples import clear_register, load_sample_register


@pytest.mark.parametrize(
    ("typed", "forms"),
    [
        ("GB-NIC-100002", ["GB-NIC-100002"]),
        (" gb-nic-100002 ", ["GB-NIC-100002"]),
        ("GB-CHC-1140543-1", ["GB-CHC-1140543-1", "GB-CHC-1140543"]),
        ("GB-SC-SC012345", ["GB-SC-SC012345"]),
        ("GB-LOCAL-0A1B2C3D4E", ["GB-LOCAL-0A1B2C3D4E"]),
        ("1140543", ["GB-CHC-1140543", "GB-NIC-1140543", "GB-COH-01140543"]),
        ("1 140 543", ["GB-CHC-1140543", "GB-NIC-1140543", "GB-COH-01140543"]),
        ("1140543-1", ["GB-CHC-1140543-1", "GB-CHC-1140543"]),
        ("01234567", ["GB-CHC-1234567", "GB-NIC-1234567", "GB-COH-01234567"]),
        ("NIC100002", ["GB-NIC-100002"]),
        ("NI 055010", ["GB-NIC-55010", "GB-COH-NI055010"]),
        ("sc012345", ["GB-SC-SC012345", "GB-COH-SC012345"]),
        ("OC301234", ["GB-COH-OC301234"]),
        ("360G-ALWF-0042", ["360G-ALWF-0042"]),
    ],
)
def test_the_usual_ways_of_writing_a_number_give_the_org_ids_it_could_be(
    typed: str, forms: list[str]
) -> None:
    assert identifier_forms(typed) == forms


@pytest.mark.parametrize("typed", ["", "cancer lifeline", "2020", "1234", "Room 101", "Age-UK", "x" * 80])
def test_words_short_numbers_and_long_text_are_no_identifier(typed: str) -> None:
    assert identifier_forms(typed) == []


@pytest.fixture(scope="module")
def sample_register(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> object:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_sample_register()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clear_register()


pytestmark = pytest.mark.usefixtures("sample_register")


def _first(results: SearchResults) -> tuple[str, ...]:
    assert results.items, "nothing was found"
    return results.items[0].org_ids


def _company_of_a_charity() -> OrgIdentifier:
    """A real company number held by a charity of the sample (taken from the register, not assumed)."""
    company = (
        OrgIdentifier.objects.filter(org_id__startswith="GB-COH-", organisation__identifiers__scheme="GB-CHC")
        .order_by("org_id")
        .first()
    )
    assert company is not None, "the demo sample holds charities that are companies"
    return company


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["GB-NIC-100002", "gb-nic-100002", "NIC100002", "100002"])
def test_the_search_box_example_and_its_other_forms_find_the_charity_first(typed: str) -> None:
    results = organisation_search(SearchQuery(q=typed))
    assert "GB-NIC-100002" in _first(results)
    assert results.items[0].name == "Cancer Lifeline"
    assert results.found_by_identifier == 1
    assert results.corrected_q == ""  # a number is not a misspelt word


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["GB-CHC-200166", "200166", " 200 166 "])
def test_a_charity_commission_number_finds_its_charity(typed: str) -> None:
    assert "GB-CHC-200166" in _first(organisation_search(SearchQuery(q=typed)))


@pytest.mark.django_db
def test_a_company_number_with_or_without_its_leading_zeros_finds_the_company() -> None:
    company = _company_of_a_charity()
    number = company.org_id.removeprefix("GB-COH-")
    for typed in {company.org_id, number, number.lstrip("0")}:
        results = organisation_search(SearchQuery(q=typed))
        assert results.items[0].id == company.organisation_id, typed


@pytest.mark.django_db
def test_filters_still_apply_to_what_an_identifier_finds() -> None:
    lifeline = Organisation.objects.get(identifiers__org_id="GB-NIC-100002")
    other_status = "removed" if lifeline.status != "removed" else "registered"
    assert organisation_search(SearchQuery(q="GB-NIC-100002", filters={"status": (other_status,)})).count == 0
    kept = organisation_search(SearchQuery(q="GB-NIC-100002", filters={"status": (lifeline.status,)}))
    assert "GB-NIC-100002" in _first(kept)


@pytest.mark.django_db
def test_a_number_no_organisation_holds_finds_nothing_and_names_stay_as_they_were() -> None:
    assert organisation_search(SearchQuery(q="GB-CHC-9999999")).count == 0
    by_name = organisation_search(SearchQuery(q="cancer lifeline"))
    assert by_name.found_by_identifier == 0
    assert "GB-NIC-100002" in _first(by_name)


@pytest.mark.django_db
def test_an_identifier_typed_in_the_search_page_goes_straight_to_the_organisation(client: Client) -> None:
    response = client.get("/search/", {"q": "gb-nic-100002"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/GB-NIC-100002/"  # its canonical org-id
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Cancer Lifeline" in page.content.decode()


@pytest.mark.django_db
def test_the_search_page_lists_results_when_a_number_is_not_one_organisations(client: Client) -> None:
    response = client.get("/search/", {"q": "GB-CHC-9999999"})
    assert response.status_code == 200
    assert "GB-CHC-9999999" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["GB-NIC-100002", "100002"])
def test_the_api_finds_an_organisation_by_its_number_first(client: Client, typed: str) -> None:
    body = client.get("/api/v1/organisations", {"q": typed}).json()
    assert body["count"] >= 1
    assert "GB-NIC-100002" in body["items"][0]["org_ids"]
