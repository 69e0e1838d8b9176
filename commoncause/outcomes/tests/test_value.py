"""Volunteer value, cost per beneficiary and outcome, and cost avoided, against hand-worked cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commoncause.outcomes.value import (
    OutcomeError,
    cost_avoided,
    cost_per,
    living_wage_rates,
    pounds,
    rate_on,
    volunteer_value,
)


def test_the_living_wage_in_force_on_a_day_is_the_latest_april_rate_before_it() -> None:
    assert rate_on(dt.date(2025, 3, 31)).per_hour == Decimal("11.44")
    assert rate_on(dt.date(2025, 4, 1)).per_hour == Decimal("12.21")
    assert rate_on(dt.date(2026, 12, 6)).per_hour == Decimal("12.71")
    rates = living_wage_rates()
    assert [rate.valid_from.year for rate in rates] == list(range(2016, 2027))
    assert all(rate.per_hour > earlier.per_hour for earlier, rate in zip(rates, rates[1:], strict=False))
    with pytest.raises(OutcomeError, match="No rate"):
        rate_on(dt.date(2015, 1, 1))


def test_volunteer_hours_are_valued_at_the_rate_with_the_assumption_said() -> None:
    # 1,250 hours in 2025 to 2026 at £12.21 = £15,262.50
    valued = volunteer_value(Decimal(1250), rate_on(dt.date(2025, 6, 1)))
    assert pounds(valued.value) == Decimal("15262.50")
    assert "1,250 volunteer hours valued at £12.21 an hour" in valued.assumption
    assert "GOV.UK" in valued.assumption
    with pytest.raises(OutcomeError):
        volunteer_value(Decimal(-1), rate_on(dt.date(2025, 6, 1)))


def test_cost_per_beneficiary_and_per_outcome() -> None:
    assert pounds(cost_per(Decimal(45_000), 120) or Decimal(0)) == Decimal("375.00")
    assert pounds(cost_per(Decimal(10_000), 3) or Decimal(0)) == Decimal("3333.33")
    assert cost_per(Decimal(10_000), 0) is None  # nothing counted: no cost per
    with pytest.raises(OutcomeError):
        cost_per(Decimal(-1), 3)


def test_cost_avoided_supported_care_at_home_against_unplanned_hospital_care() -> None:
    # 4 people kept at home for 6 months: £1,000 a month each, against £45,000 a month in hospital.
    found = cost_avoided(
        people=4, months=Decimal(6), service_a_month=Decimal(1000), alternative_a_month=Decimal(45_000)
    )
    assert found.service_cost == Decimal(24_000)
    assert found.alternative_cost == Decimal(1_080_000)
    assert found.avoided == Decimal(1_056_000)
    assert found.assumption == (
        "4 people for 6 months at £1,000.00 a month each, "
        "against £45,000.00 a month each for the alternative."
    )
    with pytest.raises(OutcomeError):
        cost_avoided(people=-1, months=Decimal(1), service_a_month=Decimal(1), alternative_a_month=Decimal(1))
