"""The consortium builder on hand-made cases with known answers, and against brute force."""

from __future__ import annotations

import random
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commoncause.funding.commissioning.consortium import (
    Candidate,
    Consortium,
    Requirement,
    consortia,
    why_none,
)

CHURCH, HARROW, QUEENS, WESTBOURNE = "Church Street", "Harrow Road", "Queen's Park", "Westbourne"
BEFRIENDING, FOOD, ADVICE = "befriending", "food bank", "advice"


def org(key: str, wards: set[str], services: set[str], income: float | None) -> Candidate:
    return Candidate(key, f"Org {key}", frozenset(wards), frozenset(services), income)


def need(
    wards: set[str], services: set[str], value: float, safe_share: float = 0.5, max_partners: int = 5
) -> Requirement:
    return Requirement(frozenset(wards), frozenset(services), value, safe_share, max_partners)


# Brute force: every subset of the relevant candidates, checked directly.


def capacity(candidate: Candidate, requirement: Requirement) -> float:
    if candidate.income is None or candidate.income <= 0:
        return 0.0
    return min(requirement.value, requirement.safe_share * candidate.income)


def relevant(candidates: list[Candidate], requirement: Requirement) -> list[Candidate]:
    return [c for c in candidates if c.wards & requirement.wards or c.services & requirement.services]


def feasible(group: tuple[Candidate, ...], requirement: Requirement) -> bool:
    wards = set().union(*(c.wards for c in group))
    services = set().union(*(c.services for c in group))
    return (
        0 < len(group) <= requirement.max_partners
        and requirement.wards <= wards
        and requirement.services <= services
        and sum(capacity(c, requirement) for c in group) >= requirement.value
    )


def feasible_groups(candidates: list[Candidate], requirement: Requirement) -> list[frozenset[str]]:
    pool = relevant(candidates, requirement)
    return [
        frozenset(c.key for c in group)
        for size in range(1, len(pool) + 1)
        for group in combinations(pool, size)
        if feasible(group, requirement)
    ]


def assert_consortium_sound(
    result: Consortium, candidates: list[Candidate], requirement: Requirement
) -> None:
    """The consortium covers everything, its shares add up to the value, each within its safe limit."""
    by_key = {c.key: c for c in candidates}
    group = tuple(by_key[k] for k in result.partners)
    assert feasible(group, requirement)
    assert set(result.shares) == set(result.partners)
    assert sum(result.shares.values()) == pytest.approx(requirement.value)
    for key, share in result.shares.items():
        assert -1e-9 <= share <= capacity(by_key[key], requirement) + 1e-6


# Hand-made cases with known answers.


def test_one_organisation_covering_everything_is_the_consortium() -> None:
    candidates = [
        org("a", {CHURCH, HARROW}, {BEFRIENDING}, 80_000),
        org("b", {CHURCH}, {BEFRIENDING}, 200_000),
        org("c", {HARROW}, set(), 200_000),
    ]
    requirement = need({CHURCH, HARROW}, {BEFRIENDING}, 20_000)
    found = consortia(candidates, requirement)
    assert found[0].partners == ("a",)
    assert found[0].shares == {"a": pytest.approx(20_000)}
    assert "Org a: covers Church Street and Harrow Road; offers befriending" in found[0].reasons
    assert "Org a: share £20,000: 25% of its yearly income (the safe limit is 50%)." in found[0].reasons
    assert found[0].reasons[0].endswith("no consortium of fewer partners can.")


def test_two_partners_are_needed_when_no_one_covers_both_wards() -> None:
    candidates = [
        org("a", {CHURCH}, {BEFRIENDING}, 100_000),
        org("b", {HARROW}, set(), 100_000),
    ]
    requirement = need({CHURCH, HARROW}, {BEFRIENDING}, 50_000)
    found = consortia(candidates, requirement)
    assert [f.partners for f in found] == [("a", "b")]
    assert found[0].shares == {"a": pytest.approx(25_000), "b": pytest.approx(25_000)}
    assert "Org b: covers Harrow Road" in found[0].reasons


def test_capacity_forces_a_third_partner() -> None:
    candidates = [
        org("a", {CHURCH}, {BEFRIENDING}, 40_000),  # safe capacity £20,000
        org("b", {HARROW}, set(), 40_000),  # £20,000
        org("c", {HARROW}, set(), 60_000),  # £30,000
    ]
    requirement = need({CHURCH, HARROW}, {BEFRIENDING}, 65_000)
    found = consortia(candidates, requirement)
    assert found[0].partners == ("a", "b", "c")
    assert_consortium_sound(found[0], candidates, requirement)
    # Shares are in proportion to capacity: 20 : 20 : 30 of £65,000.
    assert found[0].shares["c"] == pytest.approx(65_000 * 30 / 70)


def test_tie_break_prefers_the_consortium_with_most_capacity() -> None:
    candidates = [
        org("small", {CHURCH}, {ADVICE}, 30_000),
        org("large", {CHURCH}, {ADVICE}, 90_000),
    ]
    requirement = need({CHURCH}, {ADVICE}, 10_000)
    found = consortia(candidates, requirement)
    assert [f.partners for f in found] == [("large",), ("small",)]
    assert found[1].reasons[0].endswith("no consortium of fewer partners can.")


def test_capacity_counts_no_more_than_the_whole_value_in_the_tie_break() -> None:
    candidates = [
        org("big", {CHURCH}, set(), 1_000_000),  # half its income is £500,000, but the value is £50,000
        org("tiny", {HARROW}, set(), 20_000),  # £10,000
        org("church", {CHURCH}, set(), 100_000),  # £50,000
        org("harrow", {HARROW}, set(), 100_000),  # £50,000
    ]
    requirement = need({CHURCH, HARROW}, set(), 50_000)
    found = consortia(candidates, requirement, alternatives=1)
    # £100,000 of usable capacity beats £60,000 (not £510,000).
    assert found[0].partners == ("church", "harrow")


def test_alternatives_are_distinct_contain_no_earlier_one_and_come_smallest_first() -> None:
    candidates = [
        org("all", {CHURCH, HARROW}, {FOOD}, 100_000),
        org("church", {CHURCH}, {FOOD}, 100_000),
        org("harrow", {HARROW}, set(), 100_000),
        org("both", {CHURCH, HARROW}, set(), 100_000),
    ]
    requirement = need({CHURCH, HARROW}, {FOOD}, 30_000)
    found = consortia(candidates, requirement, alternatives=5)
    sets = [frozenset(f.partners) for f in found]
    assert sets[0] == {"all"}
    assert set(sets[1:]) == {frozenset({"church", "harrow"}), frozenset({"church", "both"})}
    assert found[1].reasons[0].endswith("the smallest consortium has 1.")
    assert [len(s) for s in sets] == sorted(len(s) for s in sets)


def test_alternatives_limits_how_many_come_back() -> None:
    candidates = [org(k, {CHURCH}, {FOOD}, 100_000) for k in "abcde"]
    requirement = need({CHURCH}, {FOOD}, 10_000)
    assert len(consortia(candidates, requirement, alternatives=2)) == 2
    assert len(consortia(candidates, requirement)) == 3


def test_organisation_of_unknown_income_may_cover_a_ward_but_takes_no_share() -> None:
    candidates = [
        org("rich", {CHURCH}, {ADVICE}, 100_000),
        org("unknown", {QUEENS}, set(), None),
    ]
    requirement = need({CHURCH, QUEENS}, {ADVICE}, 40_000)
    found = consortia(candidates, requirement)
    assert found[0].partners == ("rich", "unknown")
    assert found[0].shares == {"rich": pytest.approx(40_000), "unknown": 0}
    assert "Org unknown: no share of the money, as its yearly income is not known." in found[0].reasons


def test_organisations_covering_nothing_required_are_not_considered() -> None:
    candidates = [
        org("a", {CHURCH}, set(), 20_000),  # safe capacity £10,000
        org("elsewhere", {WESTBOURNE}, {FOOD}, 1_000_000),
    ]
    requirement = need({CHURCH}, set(), 30_000)
    assert consortia(candidates, requirement) == []
    assert why_none(candidates, requirement) == [
        "The organisations' safe capacity adds up to £10,000, less than the £30,000 the opportunity is worth."
    ]


def test_why_none_names_a_ward_and_a_service_no_one_covers() -> None:
    candidates = [org("a", {CHURCH}, {FOOD}, 1_000_000)]
    requirement = need({CHURCH, HARROW}, {FOOD, BEFRIENDING}, 10_000)
    assert consortia(candidates, requirement) == []
    assert why_none(candidates, requirement) == [
        "No organisation covers the ward Harrow Road.",
        "No organisation covers the service befriending.",
    ]


def test_why_none_says_when_more_partners_are_needed_than_allowed() -> None:
    candidates = [org(k, {w}, set(), 100_000) for k, w in (("a", CHURCH), ("b", HARROW), ("c", QUEENS))]
    requirement = need({CHURCH, HARROW, QUEENS}, set(), 30_000, max_partners=2)
    assert consortia(candidates, requirement) == []
    assert why_none(candidates, requirement) == [
        "A consortium needs at least 3 partners to cover everything within their safe shares, more "
        "than the 2 allowed."
    ]


def test_why_none_is_empty_when_a_consortium_exists() -> None:
    candidates = [org("a", {CHURCH}, {FOOD}, 100_000)]
    assert why_none(candidates, need({CHURCH}, {FOOD}, 10_000)) == []


def test_no_candidates_means_no_consortium() -> None:
    requirement = need({CHURCH}, set(), 10_000)
    assert consortia([], requirement) == []
    assert why_none([], requirement)[0] == "No organisation covers the ward Church Street."


@pytest.mark.parametrize(
    "requirement",
    [
        need({CHURCH}, set(), 0),
        need({CHURCH}, set(), 10, safe_share=0),
        need({CHURCH}, set(), 10, max_partners=0),
    ],
)
def test_a_requirement_that_makes_no_sense_is_refused(requirement: Requirement) -> None:
    with pytest.raises(ValueError, match="."):
        consortia([org("a", {CHURCH}, set(), 100)], requirement)


def test_candidates_sharing_a_key_are_refused() -> None:
    with pytest.raises(ValueError, match="own key"):
        consortia([org("a", {CHURCH}, set(), 100), org("a", {HARROW}, set(), 100)], need({CHURCH}, set(), 10))


# Against brute force on small random cases.

WARDS = [CHURCH, HARROW, QUEENS, WESTBOURNE]
SERVICES = [BEFRIENDING, FOOD, ADVICE]
# Whole thousands of pounds and shares of 1/4, 1/2 and 1, so capacities add up exactly.
# About one income in ten unknown.
incomes = st.tuples(st.integers(0, 9), st.integers(0, 200)).map(
    lambda p: None if p[0] == 0 else p[1] * 1000.0
)
candidate_parts = st.tuples(
    st.frozensets(st.sampled_from(WARDS)), st.frozensets(st.sampled_from(SERVICES)), incomes
)
requirements = st.builds(
    Requirement,
    wards=st.frozensets(st.sampled_from(WARDS)),
    services=st.frozensets(st.sampled_from(SERVICES)),
    value=st.integers(10, 150).map(lambda k: k * 1000.0),
    safe_share=st.sampled_from([0.25, 0.5, 1.0]),
    max_partners=st.integers(1, 5),
)


def assert_agrees_with_brute_force(
    candidates: list[Candidate], requirement: Requirement, alternatives: int
) -> list[Consortium]:
    """Check the solver's answers against every subset, and return them for counting."""
    groups = feasible_groups(candidates, requirement)
    found = consortia(candidates, requirement, alternatives=alternatives)

    assert (found == []) == (groups == [])
    assert (why_none(candidates, requirement) == []) == (groups != [])
    sets = [frozenset(f.partners) for f in found]
    assert len(set(sets)) == len(sets)
    for k, result in enumerate(found):
        assert_consortium_sound(result, candidates, requirement)
        # Each answer is the smallest feasible set containing no earlier answer.
        left = [g for g in groups if not any(earlier <= g for earlier in sets[:k])]
        assert len(sets[k]) == min(len(g) for g in left)
    # Fewer answers than asked for only when every feasible set contains one already given.
    if len(found) < alternatives:
        assert all(any(s <= g for s in sets) for g in groups)
    if found:
        # The tie-break: the first answer has the most capacity among the smallest consortia.
        by_key = {c.key: c for c in candidates}

        def total(group: frozenset[str]) -> float:
            return sum(capacity(by_key[k], requirement) for k in group)

        smallest = [g for g in groups if len(g) == len(sets[0])]
        assert total(sets[0]) >= max(total(g) for g in smallest) - 1e-6
    return found


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    parts=st.lists(candidate_parts, max_size=7),
    requirement=requirements,
    alternatives=st.integers(1, 4),
)
def test_solver_agrees_with_brute_force_on_edge_cases(
    parts: list[tuple[frozenset[str], frozenset[str], float | None]],
    requirement: Requirement,
    alternatives: int,
) -> None:
    candidates = [Candidate(f"o{i}", f"Org {i}", w, s, inc) for i, (w, s, inc) in enumerate(parts)]
    assert_agrees_with_brute_force(candidates, requirement, alternatives)


def random_case(rng: random.Random) -> tuple[list[Candidate], Requirement]:
    """Up to 7 candidates, each working in about half the wards and offering about half the services."""
    candidates = [
        Candidate(
            f"o{i}",
            f"Org {i}",
            frozenset(w for w in WARDS if rng.random() < 0.5),
            frozenset(s for s in SERVICES if rng.random() < 0.5),
            None if rng.random() < 0.1 else rng.randint(0, 200) * 1000.0,
        )
        for i in range(rng.randint(1, 7))
    ]
    requirement = Requirement(
        wards=frozenset(rng.sample(WARDS, rng.randint(1, 4))),
        services=frozenset(rng.sample(SERVICES, rng.randint(0, 3))),
        value=rng.randint(10, 150) * 1000.0,
        safe_share=rng.choice([0.25, 0.5, 1.0]),
        max_partners=rng.randint(1, 5),
    )
    return candidates, requirement


def test_solver_agrees_with_brute_force_on_seeded_random_cases() -> None:
    rng = random.Random(20_260_406)
    sizes: list[int] = []
    for _ in range(400):
        candidates, requirement = random_case(rng)
        found = assert_agrees_with_brute_force(candidates, requirement, rng.randint(1, 4))
        sizes.extend(len(f.partners) for f in found)
    # The cases reach consortia of one, two and three or more partners, so each is tested.
    assert {1, 2, 3} <= set(sizes)
