"""Each piece of evidence and its points, and where the outcomes change (linked, queued, kept apart)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commoncause.linkage.index import Entry, MatchIndex, make_entry
from commoncause.linkage.score import Comparison, Outcome, best_matches, compare, outcome

# Real bodies from the Northern Ireland register sample and two funders' files, so that the words of
# the names compared below are neither rare nor common.
BACKGROUND = [
    "Ardoyne Youth Club",
    "Crisis UK",
    "Tron Theatre",
    "Scottish Opera",
    "Help Musicians",
    "Traverse Theatre",
    "Live Music Now",
    "Shannon Trust",
]


def _compare(mine: Entry, theirs: Entry, *others: Entry) -> Comparison:
    background = [make_entry(key=f"bg{n}", name=name) for n, name in enumerate(BACKGROUND)]
    index = MatchIndex([*background, theirs, *others])
    return compare(index, mine, theirs)


def _points(mine: str, theirs: str) -> tuple[float, list[str]]:
    found = _compare(make_entry(key="q", name=mine), make_entry(key="t", name=theirs))
    return found.points, found.reasons


@pytest.mark.parametrize(
    ("mine", "theirs", "points", "reason"),
    [
        ("Clean Break Ltd", "Clean Break", 11.0, "the same name"),
        ("Scottish Refugee Councill", "Scottish Refugee Council", 10.0, "the same name but for a letter"),
        ("Cancer Life-line", "Cancer Lifeline", 8.0, "nearly the same name"),
        ("Clic Sargent", "Clic Sargent Cancer Care for Children", 4.0, "one name is part of the other"),
        ("Belfast Youth Theatre Company", "Belfast Youth Theatre Group", 2.0, "names sharing some words"),
        ("Clean Break", "Cancer Lifeline", -8.0, "the names differ"),
        ("Clean Break", "Crisis Break", -8.0, "the names differ"),
    ],
)
def test_each_kind_of_name_evidence_has_its_points(
    mine: str, theirs: str, points: float, reason: str
) -> None:
    found, reasons = _points(mine, theirs)
    assert found == points
    assert reasons[0].startswith(reason)


@pytest.mark.parametrize(("holders", "points"), [(1, 11.0), (2, 9.0), (4, 7.0), (8, 5.0)])
def test_a_name_many_organisations_share_counts_two_points_less_for_each_doubling(
    holders: int, points: float
) -> None:
    others = [make_entry(key=f"other{n}", name="FAMILIES OUTSIDE") for n in range(holders - 1)]
    # A register large enough that eight holders do not make the name's words common.
    others += [make_entry(key=f"filler{n}", name=f"Quire {n}") for n in range(800)]
    found = _compare(
        make_entry(key="q", name="Families Outside"), make_entry(key="t", name="Families Outside"), *others
    )
    assert found.points == points
    assert (f"(which {holders} organisations share)" in found.reasons[0]) == (holders > 1)


def test_a_name_made_only_of_common_words_counts_three_points_less() -> None:
    others = [make_entry(key=n, name=f"Belfast Community Group {n}") for n in range(5)]
    found = _compare(
        make_entry(key="q", name="Belfast Community Group"),
        make_entry(key="t", name="Belfast Community Group"),
        *others,
    )
    assert found.points == 8.0


def test_the_best_pair_of_names_counts_among_each_sides_other_names() -> None:
    found = _compare(
        make_entry(key="q", name="Clean Break Theatre Company"),
        make_entry(key="t", name="Clean Break", other_names=["Clean Break Theatre Company"]),
    )
    assert (found.points, found.reasons) == (11.0, ["the same name"])


def test_a_record_with_no_name_is_weighed_on_its_postcode_and_domain_alone() -> None:
    found = _compare(
        make_entry(key="q", name="", postcode="BT14 7PJ", website="cancerlifeline.info"),
        make_entry(key="t", name="Cancer Lifeline", postcode="BT14 7PJ", website="www.cancerlifeline.info"),
    )
    assert (found.points, found.reasons) == (14.0, ["the same postcode", "the same web domain"])


@pytest.mark.parametrize(
    ("theirs", "points", "reason"),
    [
        ("BT14 7PJ", 6.0, "the same postcode"),
        ("BT14 7QA", 2.0, "the same postcode sector"),
        ("BT14 6HT", 0.5, "the same postcode district"),
        ("TR1 1AA", -4.0, "postcodes in different areas"),
        ("", 0.0, None),
        ("not known", 0.0, None),
    ],
)
def test_each_kind_of_postcode_evidence_has_its_points(
    theirs: str, points: float, reason: str | None
) -> None:
    found = _compare(
        make_entry(key="q", name="Cancer Lifeline", postcode="BT14 7PJ"),
        make_entry(key="t", name="Cancer Lifeline", postcode=theirs),
    )
    assert found.points == 11.0 + points
    assert found.reasons == ["the same name", *([reason] if reason else [])]


@pytest.mark.parametrize(
    ("mine", "theirs", "points", "reason"),
    [
        ("https://cancerlifeline.info/contact", "info@cancerlifeline.info", 8.0, "the same web domain"),
        ("www.cancerlifeline.info", "www.lifeline-ni.org", -3.0, "different web domains"),
        ("https://facebook.com/cancerlifeline", "https://facebook.com/othergroup", 0.0, None),
        ("", "www.cancerlifeline.info", 0.0, None),
    ],
)
def test_each_kind_of_web_evidence_has_its_points(
    mine: str, theirs: str, points: float, reason: str | None
) -> None:
    found = _compare(
        make_entry(key="q", name="Cancer Lifeline", website=mine),
        make_entry(key="t", name="Cancer Lifeline", email=theirs),
    )
    assert found.points == 11.0 + points
    assert found.reasons == ["the same name", *([reason] if reason else [])]


def test_points_read_as_a_likelihood_that_doubles_the_odds_with_each_point() -> None:
    even = Comparison(candidate=make_entry(key=1, name="x"), points=8.0)
    assert even.probability == 0.5
    for points in (-8.0, 0.0, 4.0, 11.0, 20.0):
        lower, higher = (Comparison(candidate=even.candidate, points=p) for p in (points, points + 1))
        odds = [c.probability / (1 - c.probability) for c in (lower, higher)]
        assert odds[1] == pytest.approx(2 * odds[0])
        assert 0.0 < lower.probability < higher.probability < 1.0


def _found(*points: float, status: str = "registered") -> list[Comparison]:
    best = make_entry(key=0, name="Best", status=status)
    return [
        Comparison(candidate=best if n == 0 else make_entry(key=n, name=f"Rival {n}"), points=p)
        for n, p in enumerate(points)
    ]


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ((), Outcome.APART),
        ((11.0,), Outcome.AUTO),
        ((10.99,), Outcome.QUEUE),
        ((4.0,), Outcome.QUEUE),
        ((3.99,), Outcome.APART),
        ((-8.0,), Outcome.APART),
        ((11.0, 8.0), Outcome.AUTO),  # the rival exactly 3 points behind
        ((11.0, 8.01), Outcome.QUEUE),  # a rival within 3 points: ambiguous
        ((19.0, 19.0), Outcome.QUEUE),
        ((25.0, 22.5, -8.0), Outcome.QUEUE),
        ((25.0, 21.0, 20.9), Outcome.AUTO),  # only the runner-up counts
    ],
)
def test_the_outcome_changes_at_eleven_points_four_points_and_a_rival_within_three(
    points: tuple[float, ...], expected: Outcome
) -> None:
    assert outcome(_found(*points)) is expected


@pytest.mark.parametrize("status", ["removed", "dissolved"])
def test_a_closed_body_is_never_linked_automatically_however_strong_the_evidence(status: str) -> None:
    assert outcome(_found(30.0, status=status)) is Outcome.QUEUE
    assert outcome(_found(3.0, status=status)) is Outcome.APART


POINTS = st.floats(min_value=-20, max_value=40, allow_nan=False)
RANK = {Outcome.APART: 0, Outcome.QUEUE: 1, Outcome.AUTO: 2}


@given(POINTS, st.lists(POINTS, max_size=4), st.floats(min_value=0, max_value=10))
def test_more_evidence_for_the_best_never_makes_the_outcome_weaker(
    best: float, rivals: list[float], more: float
) -> None:
    rivals = sorted((min(rival, best) for rival in rivals), reverse=True)
    before = outcome(_found(best, *rivals))
    after = outcome(_found(best + more, *rivals))
    assert RANK[after] >= RANK[before]


@given(POINTS, st.lists(POINTS, max_size=4), POINTS)
def test_another_candidate_never_makes_the_outcome_stronger(
    best: float, rivals: list[float], newcomer: float
) -> None:
    rivals = sorted((min(rival, best) for rival in rivals), reverse=True)
    newcomer = min(newcomer, best)
    before = outcome(_found(best, *rivals))
    after = outcome(_found(best, *sorted([*rivals, newcomer], reverse=True)))
    assert RANK[after] <= RANK[before]


@given(POINTS, st.lists(POINTS, max_size=4), st.sampled_from(["removed", "dissolved"]))
def test_no_evidence_links_a_closed_body_automatically(best: float, rivals: list[float], status: str) -> None:
    rivals = sorted((min(rival, best) for rival in rivals), reverse=True)
    assert outcome(_found(best, *rivals, status=status)) is not Outcome.AUTO


def test_best_matches_are_the_strongest_first_within_the_limit_and_never_the_record_itself() -> None:
    record = make_entry(key="self", name="Tron Theatre", postcode="G1 5HB")
    index = MatchIndex(
        [
            record,
            make_entry(key=1, name="Tron Theatre", postcode="G1 5HB"),
            make_entry(key=2, name="Tron Theatre Company", postcode="G1 5HR"),
            make_entry(key=3, name="Traverse Theatre", postcode="EH1 2ED"),
            make_entry(key=4, name="Citizens Theatre", postcode="G5 9DS"),
        ]
    )
    found = best_matches(index, record, limit=3)
    assert [match.candidate.key for match in found] == [1, 2, found[2].candidate.key]
    assert len(found) == 3
    points = [match.points for match in found]
    assert points == sorted(points, reverse=True)
    assert "self" not in {match.candidate.key for match in best_matches(index, record)}


def test_the_same_words_in_another_order_count_one_point_less_than_the_same_name() -> None:
    index = MatchIndex([make_entry(key="t", name="Burnley Youth Theatre"), make_entry(key="x", name="Tron")])
    theatre = index.get("t")
    assert theatre is not None
    found = compare(index, make_entry(key="q", name="Youth Theatre Burnley"), theatre)
    assert found.points == 10.0
    assert "the same name but for a letter or the word order" in found.reasons
