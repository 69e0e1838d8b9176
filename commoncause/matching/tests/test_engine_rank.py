"""A need ranked: scores with reasons, context that moves only relevant organisations, hard rules that
exclude with the reason, and "why not" for any organisation."""

from __future__ import annotations

import datetime as dt

import pytest

from commoncause.matching.engine.corpus import Corpus
from commoncause.matching.engine.rank import Query, explain, rank
from commoncause.matching.engine.rules import Rules
from commoncause.matching.engine.weights import Weights, weights_from
from commoncause.matching.tests.engine_samples import (
    CANCER_RESEARCH,
    CHOIR,
    DEMENTIA_DAY_CENTRE,
    HOMELESS_HOUSING,
    HORSE_SANCTUARY,
    JUNIOR_FOOTBALL,
    corpus_of,
    doc,
    known,
)

WARD, COUNCIL = "E05013806", "E09000033"
TODAY = dt.date(2026, 12, 1)


def _corpus() -> Corpus:
    return corpus_of(
        doc(DEMENTIA_DAY_CENTRE, areas=frozenset({WARD, COUNCIL})),
        doc(HORSE_SANCTUARY),
        doc(CHOIR, areas=frozenset({WARD, COUNCIL})),
        doc(JUNIOR_FOOTBALL),
        doc(CANCER_RESEARCH),
        doc(HOMELESS_HOUSING, facts_date=dt.date(2015, 1, 1)),
    )


def test_the_best_match_comes_first_with_its_reasons() -> None:
    found = rank(
        _corpus(), Query(text="Day care for elderly people with dementia", as_of=TODAY), known(), Weights()
    )
    assert found[0].key == DEMENTIA_DAY_CENTRE
    assert found[0].rank == 1
    assert [match.score for match in found] == sorted((match.score for match in found), reverse=True)
    reasons = {reason.signal: reason.text for reason in found[0].reasons}
    assert "day" in reasons["text"]
    assert "dementia" in reasons["text"]
    assert "Dementia" in reasons["tags"]
    assert reasons["freshness"] == "Its facts were last confirmed June 2026"


def test_an_organisation_that_does_nothing_asked_for_is_not_a_match_wherever_it_is() -> None:
    query = Query(text="Rescue for neglected donkeys", areas={WARD: 1.0}, as_of=TODAY)
    keys = [match.key for match in rank(_corpus(), query, known(), Weights(), limit=10)]
    assert keys[0] == HORSE_SANCTUARY  # not in the ward, but the only one that does it
    assert CHOIR not in keys  # in the ward, but does nothing of the kind


def test_working_in_the_area_asked_for_ranks_a_relevant_organisation_higher() -> None:
    query = Query(
        text="A choir or singing group", areas={WARD: 1.0}, area_names={WARD: "Church Street"}, as_of=TODAY
    )
    here = rank(corpus_of(doc(CHOIR, areas=frozenset({WARD}))), query, known(), Weights())[0]
    elsewhere = rank(corpus_of(doc(CHOIR)), query, known(), Weights())[0]
    assert here.score > elsewhere.score
    assert any(reason.text == "Works in Church Street" for reason in here.reasons)
    assert any(reason.text == "No sign it works in the areas asked for" for reason in elsewhere.reasons)


def test_a_budget_far_above_its_income_is_shown_as_a_risk() -> None:
    query = Query(text="A choir for the community", budget=60_000.0, as_of=TODAY)
    choir = next(match for match in rank(_corpus(), query, known(), Weights()) if match.key == CHOIR)
    assert [reason.text for reason in choir.risks] == [
        "Risk: the budget of £60,000 is 4.3 times its yearly income (£13,881)"
    ]


def test_stale_facts_are_shown_as_stale_and_weigh_less() -> None:
    fresh = corpus_of(doc(HOMELESS_HOUSING))
    query = Query(text="Housing for homeless people", as_of=TODAY)
    stale = rank(_corpus(), query, known(), Weights())[0]
    assert stale.key == HOMELESS_HOUSING
    assert stale.stale
    assert stale.score < rank(fresh, query, known(), Weights())[0].score


def test_hard_rules_exclude_and_say_why_not() -> None:
    rules = Rules(income_below=100_000.0)
    query = Query(text="Day care for elderly people with dementia", rules=rules, as_of=TODAY)
    corpus = _corpus()
    keys = [match.key for match in rank(corpus, query, known(), Weights())]
    assert CANCER_RESEARCH not in keys  # £409,024 a year
    assert DEMENTIA_DAY_CENTRE in keys  # £44,221
    found = explain(corpus, query, CANCER_RESEARCH, known(), Weights())
    assert found is not None
    match, failed = found
    assert match.rank == 0
    assert failed == ["Its yearly income (£409,024) is not under £100,000"]
    assert explain(corpus, query, "GB-CHC-0", known(), Weights()) is None


def test_why_not_gives_the_place_of_an_eligible_organisation() -> None:
    corpus = _corpus()
    query = Query(text="Day care for elderly people with dementia", as_of=TODAY)
    ranked = rank(corpus, query, known(), Weights(), limit=6)
    last = ranked[-1]
    found = explain(corpus, query, last.key, known(), Weights())
    assert found is not None
    assert found[0].rank == last.rank
    assert found[1] == []


@pytest.mark.parametrize(
    ("rules", "org_id", "why"),
    [
        (Rules(legal_forms=("CIO",)), CHOIR, "Its legal form (not known) is not one of: CIO"),
        (
            Rules(areas=(WARD,), area_names=("Church Street",)),
            HORSE_SANCTUARY,
            "There is no sign it works in Church Street",
        ),
        (Rules(income_from=1_000_000.0), CHOIR, "Its yearly income (£13,881) is under £1,000,000"),
    ],
)
def test_each_rule_says_why_in_words(rules: Rules, org_id: str, why: str) -> None:
    found = explain(_corpus(), Query(text="anything", rules=rules, as_of=TODAY), org_id, known(), Weights())
    assert found is not None
    assert found[1] == [why]


def test_weights_are_configuration_and_a_wrong_one_is_named() -> None:
    assert weights_from({"area": 3}).area == 3.0
    with pytest.raises(ValueError, match="'aera' is not a weight"):
        weights_from({"aera": 1})
    with pytest.raises(ValueError, match="'area' must be a number of 0 or more"):
        weights_from({"area": -1})
    query = Query(text="A choir or singing group", areas={WARD: 1.0}, budget=1_000.0, as_of=TODAY)
    elsewhere = corpus_of(doc(CHOIR))  # the budget fits it; the area does not
    light, heavy = (rank(elsewhere, query, known(), weights_from({"area": area}))[0] for area in (0.5, 4))
    assert heavy.score < light.score  # the more the area counts, the less one elsewhere scores
