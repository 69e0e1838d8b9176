"""A whole or partial postcode typed into the search box finds the organisations there, in search, on the
page and in the API. On the real demo samples (Northern Ireland's register and 2,000 CCEW charities)."""

import pytest
from django.test import Client

from commoncause.register.identifiers import postcode_prefix
from commoncause.register.models import Organisation
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.tests.search_samples import clear_register, load_sample_register


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [
        ("SW1A 2AA", "SW1A 2AA"),
        ("sw1a2aa", "SW1A 2AA"),
        (" SW1A  2 ", "SW1A 2"),
        ("SW1A", "SW1A "),
        ("bt18 0bp", "BT18 0BP"),
        ("E1", "E1 "),
        ("M60 1", "M60 1"),
    ],
)
def test_whole_and_partial_postcodes_give_the_start_of_the_postcodes_they_name(
    typed: str, prefix: str
) -> None:
    assert postcode_prefix(typed) == prefix


@pytest.mark.parametrize("typed", ["", "cancer", "Room 101", "NI 055010", "SC012345", "1140543", "SW1A 2AAA"])
def test_words_and_numbers_are_no_postcode(typed: str) -> None:
    assert postcode_prefix(typed) is None


@pytest.fixture(scope="module")
def sample_register(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> object:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_sample_register()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clear_register()


def _there(prefix: str) -> set[str]:
    return set(Organisation.objects.filter(postcode__startswith=prefix).values_list("name", flat=True))


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
@pytest.mark.parametrize("typed", ["BT14 7PJ", "bt147pj", "BT14 7", "BT14"])
def test_a_postcode_in_the_search_box_finds_the_organisations_there(typed: str) -> None:
    prefix = postcode_prefix(typed)
    assert prefix is not None
    expected = _there(prefix)
    assert "Cancer Lifeline" in expected  # BT14 7PJ, in the real CCNI sample

    results = organisation_search(SearchQuery(q=typed, page_size=100))

    assert {hit.name for hit in results.items} == expected
    assert results.count == len(expected)
    assert results.corrected_q == ""  # a postcode is not a misspelt word


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
def test_a_postcode_with_no_organisation_falls_back_to_the_words() -> None:
    assert not _there("ZE3 9")
    assert organisation_search(SearchQuery(q="ZE3 9XX")).count == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_register")
def test_the_page_and_the_api_find_by_postcode_too(client: Client) -> None:
    page = client.get("/search/", {"q": "BT14 7PJ"})
    assert page.status_code == 200
    assert "Cancer Lifeline" in page.content.decode()
    api = client.get("/api/v1/organisations", {"q": "bt14 7pj"}).json()
    assert {item["name"] for item in api["items"]} == _there("BT14 7PJ")
