"""What a need's words evoke: stems, everyday words, ages, UK-CAT's patterns, and what rules tags out."""

from __future__ import annotations

from commoncause.matching.engine.concepts import PATTERN_WEIGHT, evoked, parents, with_parents
from commoncause.matching.engine.words import terms
from commoncause.matching.tests.engine_samples import known


def test_forms_of_a_word_agree_and_empty_words_go() -> None:
    assert terms("Volunteering with the volunteers") == terms("volunteer volunteers")
    assert terms("The charity provides support for people") == []


def test_everyday_words_evoke_the_tag_they_mean_with_the_words_charities_use() -> None:
    found = evoked("Somewhere for lonely pensioners to meet up", known())
    assert {"BE108", "SW106"} <= found.tags
    assert found.weights["BE108"] == 1.0
    assert ("pensioners", "Older people") in found.read_as
    assert "elder" in found.added_terms  # "elderly", as descriptions say it
    assert found.added_words["elder"] == "elderly"


def test_an_age_evokes_the_people_of_that_age() -> None:
    assert "BE108" in evoked("My neighbour is 84 and never goes out", known()).tags
    assert "BE114" in evoked("Places for under 5s", known()).tags
    assert "BE108" not in evoked("Grants of up to £84 for a family", known()).tags


def test_a_tag_only_ukcats_own_pattern_finds_counts_for_less() -> None:
    found = evoked("A choral society for amateur singers", known())
    assert found.weights.get("AR301") == PATTERN_WEIGHT


def test_a_funders_words_about_its_own_grants_do_not_ask_for_grant_makers() -> None:
    funding = evoked("Grants for groups helping elderly people stay in their own homes", known())
    assert "BE108" in funding.tags
    assert not funding.tags & {"CA200", "CA202"}
    assert {"grant", "grants"} & funding.dropped_terms
    seeking = evoked("Our group needs a funder that gives small sums to local charities", known())
    assert "CA202" in seeking.tags


def test_a_need_that_is_only_a_funders_words_asks_for_what_they_say() -> None:
    # "Grants to organisations" says how a funder gives, and nothing else: it asks for grant-makers.
    found = evoked("Grants to organisations", known())
    assert not found.dropped_terms
    assert not found.ruled_out
    assert "CA202" in found.tags


def test_my_mum_is_an_older_person_not_a_parenting_need() -> None:
    found = evoked("My mum has dementia and needs company", known())
    assert {"BE108", "HE205"} <= found.tags
    assert "BE109" not in found.tags


def test_tags_stand_in_a_tree() -> None:
    assert parents("HE205") == ("HE200", "HE")
    assert parents("HE200") == ("HE",)
    assert parents("HE") == ()
    assert with_parents(["HE205", "BE108"], known().tags) == {"HE205", "HE200", "HE", "BE108", "BE"}


def test_an_everyday_phrase_matches_whole_words_not_a_word_it_stems_to() -> None:
    """'Water wells' abroad is international development; 'eating well' at home is not."""
    assert "EC103" in evoked("Digging water wells in villages in Africa", known()).tags
    assert "EC103" not in evoked("A lunch club so that older residents are eating well", known()).tags
