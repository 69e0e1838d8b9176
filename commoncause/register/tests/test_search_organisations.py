"""Searching the register: free text, relevance, sort and paging, on the real demo samples."""

import pytest

from commoncause.register.models import Organisation
from commoncause.register.search.text import name_key
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.tests.search_samples import clear_register, load_sample_register

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def sample_register(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_sample_register()
    yield
    with django_db_blocker.unblock():
        clear_register()


def _org_ids(results) -> list[str]:
    return [hit.org_ids[0] for hit in results.items]


def test_charity_is_found_first_by_its_name():
    results = organisation_search(SearchQuery(q="cancer lifeline"))
    assert _org_ids(results)[0] == "GB-NIC-100002"
    assert results.items[0].name == "Cancer Lifeline"


def test_name_is_found_whatever_its_case_and_punctuation():
    name = Organisation.objects.get(identifiers__org_id="GB-CHC-200166").name
    assert name == "MRS JANE CART'S TRUST"
    results = organisation_search(SearchQuery(q="mrs jane carts trust"))
    assert _org_ids(results)[0] == "GB-CHC-200166"


def test_words_in_activities_find_an_organisation():
    results = organisation_search(SearchQuery(q="almshousing"))
    assert "GB-CHC-200204" in _org_ids(results)


def test_every_word_must_match():
    both = organisation_search(SearchQuery(q="cancer belfast", page_size=100))
    cancer = organisation_search(SearchQuery(q="cancer", page_size=100))
    assert 0 < both.count < cancer.count
    assert set(_org_ids(both)) <= set(_org_ids(cancer))


def test_empty_query_lists_the_whole_register():
    results = organisation_search(SearchQuery())
    assert results.count == Organisation.objects.count()


def test_sort_by_income_puts_the_largest_first():
    results = organisation_search(SearchQuery(q="trust", sort="income", page_size=50))
    incomes = [hit.latest_income for hit in results.items]
    known = [income for income in incomes if income is not None]
    assert known == sorted(known, reverse=True)
    top = Organisation.objects.filter(name__icontains="trust").exclude(latest_income=None)
    assert known[0] == top.order_by("-latest_income")[0].latest_income


def test_sort_by_name_is_alphabetical():
    results = organisation_search(SearchQuery(q="church", sort="name", page_size=50))
    names = [name_key(hit.name) for hit in results.items]
    assert names == sorted(names)
    assert len(names) == 50


def test_pages_cover_every_result_once():
    everything = organisation_search(SearchQuery(q="community", sort="name", page_size=100))
    pages = [
        organisation_search(SearchQuery(q="community", sort="name", page=n, page_size=7)) for n in (1, 2, 3)
    ]
    paged = [hit.id for page in pages for hit in page.items]
    assert paged == [hit.id for hit in everything.items][:21]
    assert pages[0].pages == -(-everything.count // 7)


def test_a_page_past_the_end_is_empty_but_counted():
    results = organisation_search(SearchQuery(q="cancer", page=500))
    assert results.items == ()
    assert results.count > 0


def test_nothing_matches_nonsense():
    results = organisation_search(SearchQuery(q="qqqzzzxxy"))
    assert results.count == 0
    assert results.items == ()


def test_a_misspelt_query_still_finds_the_charity():
    results = organisation_search(SearchQuery(q="cancr lifline"))
    assert _org_ids(results)[0] == "GB-NIC-100002"
    assert results.corrected_q == "cancer lifeline"


def test_ltd_finds_a_limited_company_and_limited_finds_ltd():
    assert _org_ids(organisation_search(SearchQuery(q="the questors ltd")))[0] == "GB-CHC-207516"
    assert _org_ids(organisation_search(SearchQuery(q="kids kabin drumaroad limited")))[0] == "GB-NIC-100041"


def test_ampersand_finds_and():
    results = organisation_search(SearchQuery(q="Maynard & Cotton's Hospital"))
    assert _org_ids(results)[0] == "GB-CHC-210544"


def test_punctuation_in_names_does_not_matter():
    assert (
        _org_ids(organisation_search(SearchQuery(q="st johns methodist church sudbury")))[0]
        == "GB-CHC-1151379"
    )
    assert _org_ids(organisation_search(SearchQuery(q="St. John of Jerusalem")))[0] == "GB-CHC-1139527"


def test_name_matches_rank_above_activity_matches():
    results = organisation_search(SearchQuery(q="cancer", page_size=100))
    in_name = ["cancer" in hit.name.lower() for hit in results.items]
    assert in_name[0]
    assert in_name == sorted(in_name, reverse=True)
    assert not all(in_name)
