"""The health check's arithmetic, against cases worked by hand: each side's mean, the perception gap,
themes and the whole round pooled over the groups shown, and suppression of groups under five."""

import pytest

from commoncause.relationships.health.results import (
    SUPPRESSED,
    Answer,
    Statement,
    View,
    gap_text,
    round_results,
    statement_results,
    view_of,
)

S1 = Statement(1, "S1", "The council listens", "council", "voice")
S2 = Statement(2, "S2", "Groups understand the council", "sector", "understanding")
S3 = Statement(3, "S3", "The council hands over power", "council", "voice")


def _answers() -> list[Answer]:
    """Council respondents 1-5 and sector respondents 11-16, as worked below."""
    found = []
    for respondent, rating in zip(range(1, 6), (4, 4, 5, 3, 4), strict=True):  # S1 council: 20/5 = 4.0
        found.append(Answer(1, "council", respondent, rating))
    for respondent, rating in zip(range(11, 17), (3, 2, 3, 2, 3, 5), strict=True):  # S1 sector: 18/6 = 3.0
        found.append(Answer(1, "sector", respondent, rating, f"seen by {respondent}"))
    for respondent, rating in zip(range(1, 6), (2, 3, 3, 2, 3), strict=True):  # S2 council: 13/5 = 2.6
        found.append(Answer(2, "council", respondent, rating))
    for respondent, rating in zip(range(11, 16), (4, 4, 3, 5, 4), strict=True):  # S2 sector: 20/5 = 4.0
        found.append(Answer(2, "sector", respondent, rating))
    # S3: four council ratings and one "don't know" (suppressed); five sector ratings, 7/5 = 1.4.
    for respondent, given in zip(range(1, 6), (5, 5, 5, 5, None), strict=True):
        found.append(Answer(3, "council", respondent, given, "only four of us rated it"))
    for respondent, rating in zip(range(11, 16), (1, 2, 1, 2, 1), strict=True):
        found.append(Answer(3, "sector", respondent, rating))
    return found


def test_each_sides_mean_and_the_perception_gap_are_worked_as_by_hand():
    s1, s2, s3 = statement_results([S1, S2, S3], _answers())
    assert (s1.council.mean, s1.council.respondents) == (4.0, 5)
    assert (s1.sector.mean, s1.sector.respondents) == (3.0, 6)
    assert s1.gap == pytest.approx(1.0)  # the council rates itself a point higher than the sector rates it
    assert s1.combined == pytest.approx(3.5)
    assert s2.council.mean == pytest.approx(2.6)
    assert s2.sector.mean == pytest.approx(4.0)
    assert s2.gap == pytest.approx(-1.4)  # the sector rates itself higher than the council rates it
    assert (s1.gap_text, s2.gap_text) == ("+1.0", "-1.4")


def test_a_group_of_four_is_suppressed_and_its_gap_not_shown():
    s3 = statement_results([S1, S2, S3], _answers())[2]
    assert s3.council == View(None, None)
    assert s3.council.text == SUPPRESSED == "fewer than 5 answers"
    assert s3.sector.mean == pytest.approx(1.4)
    assert s3.gap is None
    assert s3.gap_text == "not shown"
    assert s3.combined == pytest.approx(1.4)  # the sector's view alone
    assert s3.one_side_only


def test_a_group_of_five_is_shown_and_four_is_not():
    four = {n: [3] for n in range(4)}
    assert view_of(four).suppressed
    assert view_of({**four, 4: [5]}) == View(5, 3.4)


def test_dont_know_counts_for_nothing():
    answers = [Answer(1, "council", n, 4) for n in range(5)] + [Answer(1, "council", 9, None)]
    (result,) = statement_results([S1], answers)
    assert result.council == View(5, 4.0)


def test_themes_and_the_round_pool_only_the_groups_shown():
    results = round_results([S1, S2, S3], _answers())
    voice = next(theme for theme in results.themes if theme.theme == "voice")
    # The council's suppressed ratings of S3 count nowhere: its theme view is S1's alone.
    assert voice.council == View(5, 4.0)
    # The sector's: S1 and S3, 18 + 7 over 11 ratings, from 6 people.
    assert voice.sector.respondents == 6
    assert voice.sector.mean == pytest.approx(25 / 11)
    assert voice.gap == pytest.approx(4.0 - 25 / 11)
    # The whole round: council 20 + 13 over 10 ratings; sector 18 + 20 + 7 over 16.
    assert results.council.mean == pytest.approx(3.3)
    assert results.sector.mean == pytest.approx(45 / 16)
    assert results.gap_text == "+0.5"
    assert results.respondents == {"council": 5, "sector": 6}


def test_the_weakest_and_the_widest_gaps_come_first():
    results = round_results([S1, S2, S3], _answers())
    assert [r.statement.code for r in results.weakest] == ["S3", "S2", "S1"]
    assert [r.statement.code for r in results.widest_gaps] == ["S2", "S1"]


def test_evidence_shows_unattributed_in_order_and_only_from_groups_shown():
    s1, _, s3 = statement_results([S1, S2, S3], _answers())
    assert s1.evidence["sector"] == tuple(sorted(f"seen by {n}" for n in range(11, 17)))
    assert s3.evidence["council"] == ()  # a group of four: its evidence is not shown


def test_a_theme_with_no_group_shown_is_suppressed():
    results = round_results([S3], [Answer(3, "council", n, 5) for n in range(4)])
    (theme,) = results.themes
    assert theme.council.suppressed
    assert theme.sector.suppressed
    assert theme.gap is None


def test_gaps_read_with_their_sign():
    assert [gap_text(g) for g in (0.84, -1.25, 0.04, -0.04, None)] == [
        "+0.8",
        "-1.2",
        "0.0",
        "0.0",
        "not shown",
    ]
