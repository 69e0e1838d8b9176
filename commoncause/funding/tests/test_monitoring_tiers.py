"""The default monitoring tier for an award, at every edge of every band."""

from decimal import Decimal

import pytest

from commoncause.funding.commissioning.tiers import (
    Tier,
    TierError,
    shipped_checks,
    shipped_tiers,
    tier_for,
    tiers_check,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (0, "T1"),
        (D("0.01"), "T1"),
        (D("9999.99"), "T1"),
        (10000, "T2"),
        (D("10000.00"), "T2"),
        (D("99999.99"), "T2"),
        (100000, "T3"),
        (D("999999.99"), "T3"),
        (1000000, "T4"),
        (D("1000000.01"), "T4"),
        (10**12, "T4"),
        (9999.999, "T1"),
        (10000.0, "T2"),
    ],
)
def test_award_value_falls_in_the_band_whose_minimum_it_reaches(
    value: Decimal | int | float, code: str
) -> None:
    assert tier_for(value).code == code


@pytest.mark.parametrize(
    "value", [-1, D("-0.01"), -0.0001, float("nan"), D("NaN"), float("inf"), D("-Infinity")]
)
def test_negative_or_not_a_number_award_values_are_refused(value: Decimal | int | float) -> None:
    with pytest.raises(TierError):
        tier_for(value)


def test_true_is_not_an_award_value() -> None:
    with pytest.raises(TierError):
        tier_for(True)


def test_shipped_tiers_say_their_bands_and_what_they_ask() -> None:
    tiers = shipped_tiers()
    assert [tier.band for tier in tiers] == [
        "£0 to under £10,000",
        "£10,000 to under £100,000",
        "£100,000 to under £1,000,000",
        "£1,000,000 or more",
    ]
    assert tiers[0].frequency == "end of grant"
    assert tiers[0].contact == "none routinely"
    assert tiers[3].frequency == "quarterly"
    assert tiers[3].requirement.startswith("performance measures")


def test_tiers_can_be_given_as_plain_data() -> None:
    tiers = (
        Tier("small", D(0), D(500), "a line", "once", "none"),
        Tier("large", D(500), None, "a page", "yearly", "a call"),
    )
    assert tier_for(D("499.99"), tiers=tiers).code == "small"
    assert tier_for(500, tiers=tiers).code == "large"


def _tier(code: str, minimum: int, maximum: int | None) -> Tier:
    return Tier(code, D(minimum), None if maximum is None else D(maximum), "", "", "")


@pytest.mark.parametrize(
    ("tiers", "problem"),
    [
        ((), "start at £0"),
        ((_tier("A", 1, None),), "start at £0"),
        ((_tier("A", 0, 100), _tier("B", 200, None)), "A must end where tier B starts"),
        ((_tier("A", 0, 100), _tier("B", 50, None)), "A must end where tier B starts"),
        ((_tier("A", 0, 100), _tier("B", 100, 200)), "B, must have no maximum"),
    ],
)
def test_tiers_with_gaps_overlaps_or_a_closed_top_are_refused(tiers: tuple[Tier, ...], problem: str) -> None:
    with pytest.raises(TierError, match=problem):
        tiers_check(tiers)


def test_shipped_checks_hold_the_nao_ivar_and_grant_reporting_questions() -> None:
    checks = shipped_checks()
    assert len(checks) == 25
    assert checks[0].id == "NAO-1"
    assert checks[0].check == "Could this information be reported less often?"
    assert {check.id.split("-")[0] for check in checks} == {"NAO", "IVAR", "LBF"}
