"""Keeping the search index up to date: full rebuilds, refreshing a few organisations, stored lists."""

import os
from collections.abc import Iterator

import pytest

from commoncause.register.models import Classification, Organisation, OrganisationStatus, OrgIdentifier
from commoncause.register.search import postings
from commoncause.register.search.documents import Document
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.services import search_index_refresh
from commoncause.register.tests.search_samples import clear_register, load_sample_register

pytestmark = pytest.mark.django_db
QUERIES = [
    SearchQuery(q="community"),
    SearchQuery(q="church", sort="name"),
    SearchQuery(q="youth club", filters={"what": ("102",)}),
    SearchQuery(q="belfast educ", sort="income"),
    SearchQuery(q="trust", filters={"income_band": ("small", "medium")}, page=2),
]


@pytest.fixture(scope="module", autouse=True)
def sample_register(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_sample_register(with_areas=True)
    yield
    with django_db_blocker.unblock():
        clear_register()


@pytest.fixture
def common_words_stored(monkeypatch):
    """Store lists for words that 20 or more organisations use, so the demo register has some."""
    monkeypatch.setattr(postings, "COMMON_WORD_DOCS", 20)
    search_index_refresh()


def _answer(query: SearchQuery) -> tuple:
    results = organisation_search(query)
    return results.count, [hit.id for hit in results.items], results.facets


def test_stored_lists_give_the_same_answers_as_the_full_text_index(monkeypatch):
    monkeypatch.setattr(postings, "COMMON_WORD_DOCS", 10**9)
    search_index_refresh()
    from_full_text = [_answer(query) for query in QUERIES]
    monkeypatch.setattr(postings, "COMMON_WORD_DOCS", 20)
    search_index_refresh()
    from django.db import connection

    with connection.cursor() as cursor:
        assert ("community", postings.ANYWHERE) in postings.stored_words(cursor)
    assert [_answer(query) for query in QUERIES] == from_full_text
    assert from_full_text[0][0] > 20


@pytest.mark.usefixtures("common_words_stored")
def test_a_renamed_organisation_is_found_by_its_new_name_after_a_refresh():
    org = Organisation.objects.get(identifiers__org_id="GB-NIC-100002")
    org.name = "Community Harbour Lighthouse"
    org.activities = "Support groups"
    org.save()
    search_index_refresh(organisation_ids=[org.pk])
    assert organisation_search(SearchQuery(q="harbour lighthouse")).items[0].id == org.pk
    assert org.pk not in {hit.id for hit in organisation_search(SearchQuery(q="cancer lifeline")).items}
    community = organisation_search(SearchQuery(q="community", page_size=5000))
    assert org.pk in {hit.id for hit in community.items}


@pytest.mark.usefixtures("common_words_stored")
def test_a_deleted_organisation_leaves_results_and_counts_after_a_refresh():
    before = organisation_search(SearchQuery(q="community"))
    gone = before.items[0].id
    Organisation.objects.filter(pk=gone).delete()
    search_index_refresh(organisation_ids=[gone])
    after = organisation_search(SearchQuery(q="community"))
    assert after.count == before.count - 1
    assert gone not in {hit.id for hit in after.items}


@pytest.mark.usefixtures("common_words_stored")
def test_a_new_organisation_is_found_with_its_facets_after_a_refresh():
    before = organisation_search(SearchQuery(q="community", filters={"what": ("111",)}))
    org = Organisation.objects.create(
        name="Quillwort Community Meadow Group",
        status=OrganisationStatus.REGISTERED,
        activities="Wildlife walks",
    )
    OrgIdentifier.objects.create(org_id="GB-CHC-9999999", scheme="GB-CHC", value="9999999", organisation=org)
    Classification.objects.create(organisation=org, scheme="ccew", code="111", source="ccew")
    search_index_refresh(organisation_ids=[org.pk])
    after = organisation_search(SearchQuery(q="community", filters={"what": ("111",)}))
    assert after.count == before.count + 1
    assert organisation_search(SearchQuery(q="quillwort")).items[0].org_ids == ("GB-CHC-9999999",)


def test_refreshing_no_organisations_changes_nothing():
    from commoncause.register.search.index import index_state

    state = index_state()
    search_index_refresh(organisation_ids=[])
    assert index_state() == state


def test_the_rebuild_command_indexes_organisations_added_without_a_refresh():
    from django.core.management import call_command

    org = Organisation.objects.create(
        name="Zebrawood Allotment Society", status=OrganisationStatus.REGISTERED
    )
    assert org.pk not in {hit.id for hit in organisation_search(SearchQuery(q="zebrawood allotment")).items}
    call_command("search_index_rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert organisation_search(SearchQuery(q="zebrawood")).items[0].id == org.pk


def _documents_by_number() -> dict[int, tuple[set[str], set[str]]]:
    """Each indexed document's words, worked out here from the register (the index's ground truth)."""
    from django.db import connection

    from commoncause.register.search.documents import documents, organisation_key

    with connection.cursor() as cursor:
        cursor.execute("SELECT organisation_id, doc_id FROM register_search_document")
        numbers = {organisation_key(org_id): doc_id for org_id, doc_id in cursor.fetchall() if org_id}
    return {numbers[doc.organisation_id]: postings.words(doc) for chunk in documents() for doc in chunk}


@pytest.mark.usefixtures("common_words_stored")
def test_a_full_rebuild_stores_every_common_word_with_exactly_its_documents():
    from django.db import connection

    by_number = _documents_by_number()
    expected = {}
    for field in postings.FIELDS:
        holders: dict[str, list[int]] = {}
        for doc_id, found in by_number.items():
            for word in found[field]:
                holders.setdefault(word, []).append(doc_id)
        expected.update({(word, field): sorted(ids) for word, ids in holders.items() if len(ids) >= 20})
    with connection.cursor() as cursor:
        stored = postings.stored_words(cursor)
        assert stored == set(expected)
        assert len(stored) > 10
        for word, field in stored:
            assert postings.stored_list(cursor, word, field).tolist() == expected[word, field]
        cursor.execute("SELECT term, docs FROM register_search_term")
        vocabulary = dict(cursor.fetchall())
    counts: dict[str, int] = {}
    for every, _names in by_number.values():
        for word in every:
            counts[word] = counts.get(word, 0) + 1
    assert vocabulary == counts


def test_documents_built_in_a_worker_are_those_built_here():
    from commoncause.register.search.documents import all_documents

    here = [doc for chunk in all_documents(parallel=False) for doc in chunk]
    in_worker = [doc for chunk in all_documents(parallel=True) for doc in chunk]
    assert in_worker == here
    assert len(here) == Organisation.objects.count()
    assert any(doc.facet_tokens for doc in here)


def test_a_rebuild_with_a_worker_answers_as_one_without(monkeypatch):
    from commoncause.register.search import index

    monkeypatch.setattr(index, "PARALLEL_ABOVE", 10**9)
    search_index_refresh()
    alone = [_answer(query) for query in QUERIES]
    monkeypatch.setattr(index, "PARALLEL_ABOVE", 0)
    monkeypatch.setattr(index, "can_fork_workers", lambda: True)
    built_in_worker: list[bool] = []
    real = index.all_documents

    def all_documents(*, parallel: bool) -> Iterator[list[Document]]:
        built_in_worker.append(parallel)
        return real(parallel=parallel)

    monkeypatch.setattr(index, "all_documents", all_documents)
    search_index_refresh()
    assert built_in_worker == [True]
    assert [_answer(query) for query in QUERIES] == alone
