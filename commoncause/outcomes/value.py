"""What money and volunteers achieve, as plain functions: volunteer hours valued at a proxy rate, cost
per beneficiary and per outcome, and cost avoided. Amounts are exact decimals, rounded half up to the
penny only when shown; every figure keeps the assumptions it rests on, for the page to show."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

PENNY = Decimal("0.01")


class OutcomeError(ValueError):
    """A value that cannot be worked out: the message says which figure and why."""


@dataclass(frozen=True)
class ProxyRate:
    """An hour of volunteering valued at this rate: what it is, where it comes from, and when from."""

    name: str
    per_hour: Decimal
    source: str
    valid_from: dt.date


def pounds(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


@cache
def living_wage_rates() -> tuple[ProxyRate, ...]:
    """The National Living Wage from each April (`data/outcomes/national_living_wage.csv`), oldest first."""
    path = Path(settings.DATA_DIR) / "outcomes" / "national_living_wage.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rates = [
        ProxyRate(
            name=f"National Living Wage ({row['applies_to']})",
            per_hour=Decimal(row["rate_gbp_per_hour"]),
            source=row["source"],
            valid_from=dt.date.fromisoformat(row["from"]),
        )
        for row in rows
    ]
    return tuple(sorted(rates, key=lambda rate: rate.valid_from))


def rate_on(day: dt.date, rates: tuple[ProxyRate, ...] | None = None) -> ProxyRate:
    """The rate in force on a day: the latest to start on or before it."""
    found = [rate for rate in (rates or living_wage_rates()) if rate.valid_from <= day]
    if not found:
        raise OutcomeError(f"No rate was in force on {day:%d %B %Y}.")
    return found[-1]


@dataclass(frozen=True)
class VolunteerValue:
    hours: Decimal
    rate: ProxyRate
    value: Decimal  # exact; `pounds()` to show

    @property
    def assumption(self) -> str:
        return (
            f"{self.hours:,} volunteer hours valued at £{self.rate.per_hour} an hour, the {self.rate.name} "
            f"from {self.rate.valid_from:%d %B %Y} ({self.rate.source})."
        )


def volunteer_value(hours: Decimal, rate: ProxyRate) -> VolunteerValue:
    if hours < 0:
        raise OutcomeError("Volunteer hours cannot be below 0.")
    return VolunteerValue(hours, rate, hours * rate.per_hour)


def cost_per(spend: Decimal, count: int | Decimal) -> Decimal | None:
    """Spend over what it achieved (people reached, or outcomes): None when nothing was counted."""
    if spend < 0 or count < 0:
        raise OutcomeError("Spend and counts cannot be below 0.")
    return None if count == 0 else spend / Decimal(count)


@dataclass(frozen=True)
class CostAvoided:
    """What the alternative would have cost, less what the service cost, for the people it kept from it."""

    people: int
    months: Decimal
    service_a_month: Decimal
    alternative_a_month: Decimal

    @property
    def service_cost(self) -> Decimal:
        return self.people * self.months * self.service_a_month

    @property
    def alternative_cost(self) -> Decimal:
        return self.people * self.months * self.alternative_a_month

    @property
    def avoided(self) -> Decimal:
        return self.alternative_cost - self.service_cost

    @property
    def assumption(self) -> str:
        return (
            f"{self.people} {'person' if self.people == 1 else 'people'} for {self.months} "
            f"{'month' if self.months == 1 else 'months'} at £{pounds(self.service_a_month):,} a month "
            f"each, against £{pounds(self.alternative_a_month):,} a month each for the alternative."
        )


def cost_avoided(
    *, people: int, months: Decimal, service_a_month: Decimal, alternative_a_month: Decimal
) -> CostAvoided:
    if people < 0 or months < 0 or service_a_month < 0 or alternative_a_month < 0:
        raise OutcomeError("People, months and costs cannot be below 0.")
    return CostAvoided(people, months, service_a_month, alternative_a_month)
