"""The blocking index: what it holds, what it finds by name, postcode and web domain, and in what order."""

from pathlib import Path

import pytest

from commoncause.funding.threesixty.files import grants_in_file
from commoncause.linkage.evaluation import (
    company_queries,
    grant_queries,
    labelled_grant_files,
    register_entries,
)
from commoncause.linkage.index import MatchIndex, make_entry

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def real_register() -> MatchIndex:
    """The real organisations of the labelled set (read only: tests that change an index build their own)."""
    return MatchIndex(
        register_entries(
            REPO / "data/reference",
            REPO / "data/demo",
            REPO / "tests/data/ccew_json/publicextract.charity_other_names.subset.json",
        )
    )


def test_blocking_keeps_every_labelled_body_among_the_few_it_compares(real_register: MatchIndex) -> None:
    """Each funder's recipient and each company whose body is in the register finds it among 40 of
    thousands, however the funder spelt it (this is what lets the scorer see it at all)."""
    grants = {path.name: grants_in_file(path) for path in labelled_grant_files(REPO)}
    queries = [*grant_queries(grants), *company_queries(REPO / "data/demo", REPO / "data/reference")]
    holder = {alias: entry.org_id for entry in real_register for alias in entry.extra["aliases"]}
    positives = [query for query in queries if query.truth in holder]
    assert len(positives) >= 40
    lost = [
        query.entry.name
        for query in positives
        if holder[query.truth] not in {entry.org_id for entry in real_register.candidates(query.entry)}
    ]
    assert lost == []
    assert all(len(real_register.candidates(query.entry)) <= 40 for query in queries)


def test_the_whole_name_comes_before_a_shared_word(real_register: MatchIndex) -> None:
    found = real_register.candidates(make_entry(key="q", name="Ulster Youth Orchestra"))
    assert found[0].org_id == "GB-NIC-101104"  # "The Ulster Youth Orchestra"
    assert len({entry.org_id for entry in found}) == len(found)


def test_names_are_found_by_how_they_start_shortest_first(real_register: MatchIndex) -> None:
    found = real_register.starting_with("cancer life")
    assert found[0].org_id == "GB-NIC-100002"
    lengths = [min(len(" ".join(name)) for name in entry.names) for entry in found]
    assert lengths == sorted(lengths)
    assert len(real_register.starting_with("the", limit=3)) == 3  # a common word alone still finds names
    # A word that is in the middle of a name, not at its start, is not found by its start.
    assert "GB-NIC-100002" not in {entry.org_id for entry in real_register.starting_with("lifeline")}
    assert real_register.starting_with("") == []
    assert real_register.starting_with("Ltd") == real_register.starting_with("limited")


def _small() -> MatchIndex:
    # Real bodies: the Northern Ireland register sample and a funder's file.
    return MatchIndex(
        [
            make_entry(key=1, name="Cancer Lifeline", postcode="BT14 7PJ", website="www.cancerlifeline.info"),
            make_entry(key=2, name="Ardoyne Youth Club", postcode="BT14 7PJ"),
            make_entry(key=3, name="Clean Break", other_names=["Clean Break Theatre Company"]),
            make_entry(key=4, name="Lifeline Counselling", email="help@cancerlifeline.info"),
        ]
    )


def test_an_organisation_is_found_by_its_postcode_or_web_domain_alone() -> None:
    index = _small()
    by_postcode = index.candidates(make_entry(key="q", name="Zzyzx", postcode="bt147pj"))
    assert {entry.key for entry in by_postcode} == {1, 2}
    by_domain = index.candidates(make_entry(key="q", name="Zzyzx", website="https://cancerlifeline.info/x"))
    assert {entry.key for entry in by_domain} == {1, 4}  # a web address and an e-mail address agree
    assert index.candidates(make_entry(key="q", name="Zzyzx", website="https://facebook.com/x")) == []


def test_an_organisation_is_found_by_its_other_names() -> None:
    index = _small()
    found = index.candidates(make_entry(key="q", name="Clean Break Theatre Company Ltd"))
    assert found[0].key == 3
    assert index.starting_with("clean break theatre")[0].key == 3


def test_the_most_in_common_comes_first_and_the_limit_holds() -> None:
    index = _small()
    found = index.candidates(make_entry(key="q", name="Cancer Lifeline", postcode="BT14 7PJ"), limit=2)
    # The whole name (and postcode) first, then the same postcode, before one shared word ("lifeline").
    assert [entry.key for entry in found] == [1, 2]
    assert [entry.key for entry in index.candidates(make_entry(key="q", name="Cancer Lifeline"))] == [1, 4]


def test_adding_a_record_again_replaces_it() -> None:
    index = _small()
    index.add(make_entry(key=3, name="Synergy Theatre Project"))
    assert len(index) == 4
    replaced = index.get(3)
    assert replaced is not None
    assert replaced.name == "Synergy Theatre Project"
    assert [entry.key for entry in index.candidates(make_entry(key="q", name="Synergy Theatre"))] == [3]
    assert index.candidates(make_entry(key="q", name="Clean Break")) == []
    assert index.starting_with("clean") == []


def test_a_removed_record_is_neither_held_nor_found() -> None:
    index = _small()
    index.remove(1)
    index.remove("never there")
    assert len(index) == 3
    assert index.get(1) is None
    assert 1 not in {entry.key for entry in index}
    assert index.starting_with("cancer") == []
    assert index.name_holders(("cancer", "lifeline")) == 0


def test_records_removed_from_the_index_do_not_crowd_out_those_still_in_it() -> None:
    """Many removed records that would score best must not take the places of the few still held."""
    index = MatchIndex(make_entry(key=n, name="Paddington Development Trust") for n in range(8))
    index.add(make_entry(key="kept", name="Paddington Development Trust Limited"))
    for n in range(8):
        index.remove(n)
    found = index.candidates(make_entry(key="q", name="Paddington Development Trust"), limit=3)
    assert [entry.key for entry in found] == ["kept"]


def test_rare_words_tell_more_than_common_ones_and_shared_names_are_counted() -> None:
    index = MatchIndex(
        [
            *(make_entry(key=n, name=f"Belfast Community Group {n}") for n in range(6)),
            make_entry(key="a", name="Crisis UK"),
            make_entry(key="b", name="CRISIS UK"),
        ]
    )
    assert index.idf("crisis") > index.idf("belfast")
    assert index.idf("unheard") > index.idf("crisis")
    assert index.is_common("belfast")  # held by 6 of 8: more than 3
    assert not index.is_common("crisis")  # held by 2
    assert index.name_holders(("crisis", "uk")) == 2
    assert index.name_holders(("crisis", "uk"), besides="a") == 1


def test_a_words_worth_follows_records_added_and_removed() -> None:
    """What a word tells is remembered between comparisons, and worked out again once the register
    changes: a word that more organisations come to hold tells less."""
    index = MatchIndex([make_entry(key="a", name="Crisis UK"), make_entry(key="b", name="Shelter")])
    alone = index.idf("crisis")
    assert index.idf("crisis") == alone
    for n in range(4):
        index.add(make_entry(key=n, name=f"Crisis Line {n}"))
    more = index.idf("crisis")
    assert more < alone
    index.add(make_entry(key="b", name="Crisis Shelter"))  # the same number of records, one more holder
    assert index.idf("crisis") < more


def test_among_equally_weighted_candidates_the_earlier_held_come_first() -> None:
    index = MatchIndex(make_entry(key=n, name=f"Westbourne Association {n}") for n in range(6))
    found = index.candidates(make_entry(key="q", name="Westbourne"), limit=3)
    assert [entry.key for entry in found] == [0, 1, 2]
