"""The figures of an outcomes dashboard, from the awards' returns: each with where it comes from and how
fresh it is, so a page can say so beside it.

- Totals by financial year: returns, spend, people reached, volunteers, volunteer hours and their value
  (each return's hours at the proxy rate in force on its due date: the council's own rates if it has
  entered any, else the National Living Wage).
- Cost per person reached: spend over people reached, for the returns that give both.
- Each indicator of the framework: its baseline and target, and the total the returns report; for an
  indicator that counts outcomes, the cost per outcome (spend of the returns reporting it, over it).
- People reached by ward, where returns give it.
- Cost avoided for each alternative cost the council entered, for the people its indicator counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from commoncause.core.templatetags.govuk_format import format_money, format_number
from commoncause.outcomes.ledger import AwardRow, ReturnRow, by_year, returns_of
from commoncause.outcomes.models import AlternativeCost, Indicator
from commoncause.outcomes.value import (
    CostAvoided,
    OutcomeError,
    ProxyRate,
    cost_avoided,
    cost_per,
    living_wage_rates,
    rate_on,
    volunteer_value,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class Stamp:
    """Where a figure comes from and how fresh it is, in words."""

    source: str
    as_of: dt.date | None

    def words(self) -> str:
        return f"{self.source}{f', as at {self.as_of:%-d %B %Y}' if self.as_of else ''}."


@dataclass(frozen=True)
class YearRow:
    year: str
    returns: int
    spend: Decimal
    beneficiaries: int
    volunteers: int
    volunteer_hours: Decimal
    volunteer_value: Decimal
    rates: tuple[str, ...]  # the proxy rates used, by name


@dataclass(frozen=True)
class IndicatorRow:
    outcome: str
    name: str
    unit: str
    direction: str
    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | None
    source: str
    reported: Decimal | None  # the returns' total (their latest, for a percentage or a score)
    returns: int  # how many returns gave it
    cost_per_outcome: Decimal | None


@dataclass(frozen=True)
class AvoidedRow:
    name: str
    figure: CostAvoided | None
    people: int
    problem: str  # why it cannot be worked out, when it cannot
    source: str
    assumptions: str = ""  # the council's own, in its words
    alternative: str = ""


@dataclass
class Dashboard:
    awards: int = 0
    organisations: int = 0
    examples: int = 0  # awards of the demo's among them
    funding_a_year: Decimal = ZERO
    years: list[YearRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    wards: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, people reached
    avoided: list[AvoidedRow] = field(default_factory=list)
    cost_per_beneficiary: Decimal | None = None
    stamp: Stamp = Stamp("No returns submitted yet", None)
    rate_source: str = ""

    @property
    def totals(self) -> YearRow:
        return YearRow(
            year="All years",
            returns=sum(row.returns for row in self.years),
            spend=sum((row.spend for row in self.years), ZERO),
            beneficiaries=sum(row.beneficiaries for row in self.years),
            volunteers=max((row.volunteers for row in self.years), default=0),
            volunteer_hours=sum((row.volunteer_hours for row in self.years), ZERO),
            volunteer_value=sum((row.volunteer_value for row in self.years), ZERO),
            rates=tuple(dict.fromkeys(rate for row in self.years for rate in row.rates)),
        )


def rate_label(rate: ProxyRate) -> str:
    """A rate as the tables name it: its name and when it applies from."""
    return f"{rate.name} from {rate.valid_from:%-d %B %Y}"


def rates_of(council_rates: Sequence[ProxyRate]) -> tuple[ProxyRate, ...]:
    """The council's proxy rates if it has entered any, else the National Living Wage."""
    return tuple(sorted(council_rates, key=lambda rate: rate.valid_from)) or living_wage_rates()


def _year_row(year: str, rows: Sequence[ReturnRow], rates: tuple[ProxyRate, ...]) -> YearRow:
    value, used = ZERO, []
    for row in rows:
        if row.volunteer_hours:
            try:
                rate = rate_on(row.due, rates)
            except OutcomeError:
                rate = rates[0]  # before the first rate: the earliest there is, named as used
            value += volunteer_value(row.volunteer_hours, rate).value
            used.append(rate_label(rate))
    return YearRow(
        year=year,
        returns=len(rows),
        spend=sum((row.spend or ZERO for row in rows), ZERO),
        beneficiaries=sum(row.beneficiaries or 0 for row in rows),
        volunteers=max((row.volunteers or 0 for row in rows), default=0),
        volunteer_hours=sum((row.volunteer_hours or ZERO for row in rows), ZERO),
        volunteer_value=value,
        rates=tuple(dict.fromkeys(used)),
    )


def _indicator_row(indicator: Indicator, returns: Sequence[ReturnRow]) -> IndicatorRow:
    key = indicator.name.casefold()
    giving = [row for row in returns if key in row.indicators]
    if indicator.unit in ("percent", "score"):
        reported = giving[-1].indicators[key] if giving else None  # a share is not summed: the latest
    else:
        reported = sum((row.indicators[key] for row in giving), ZERO) if giving else None
    per_outcome = None
    if indicator.counts_outcomes and giving:
        spent = [row for row in giving if row.spend is not None]
        per_outcome = cost_per(
            sum((row.spend or ZERO for row in spent), ZERO),
            sum((row.indicators[key] for row in spent), ZERO),
        )
    return IndicatorRow(
        outcome=indicator.outcome.title,
        name=indicator.name,
        unit=indicator.get_unit_display(),
        direction=indicator.get_direction_display(),
        baseline=indicator.baseline,
        baseline_year=indicator.baseline_year,
        target=indicator.target,
        target_year=indicator.target_year,
        source=indicator.source,
        reported=reported,
        returns=len(giving),
        cost_per_outcome=per_outcome,
    )


def _avoided(costs: Iterable[AlternativeCost], returns: Sequence[ReturnRow]) -> list[AvoidedRow]:
    found = []
    for cost in costs:
        key = cost.indicator.name.casefold() if cost.indicator is not None else ""
        people = sum((row.indicators.get(key, ZERO) for row in returns), ZERO) if key else ZERO
        whole = int(people)
        try:
            figure = cost_avoided(
                people=whole,
                months=Decimal(cost.months),
                service_a_month=cost.cost_a_month,
                alternative_a_month=cost.alternative_a_month,
            )
            problem = (
                "" if key else "Link it to the indicator that counts the people kept from the alternative."
            )
        except OutcomeError as error:
            figure, problem = None, str(error)
        found.append(
            AvoidedRow(
                cost.name,
                figure if key else None,
                whole,
                problem,
                cost.source,
                cost.assumptions,
                cost.alternative,
            )
        )
    return found


def _running(row: AwardRow, today: dt.date | None) -> bool:
    return row.status != "ended" and (today is None or row.ends is None or row.ends >= today)


def dashboard(
    awards: Sequence[AwardRow],
    indicators: Sequence[Indicator],
    *,
    council_rates: Sequence[ProxyRate] = (),
    costs: Iterable[AlternativeCost] = (),
    ward_names: dict[str, str] | None = None,
    source: str,
    today: dt.date | None = None,
) -> Dashboard:
    """The dashboard's figures for these awards, against these indicators."""
    returns = returns_of(awards)
    rates = rates_of(council_rates)
    board = Dashboard(
        awards=len(awards),
        organisations=len({row.organisation_id for row in awards}),
        examples=sum(row.is_example for row in awards),
        funding_a_year=sum((row.amount_a_year for row in awards if _running(row, today)), ZERO),
    )
    board.years = [_year_row(year, rows, rates) for year, rows in by_year(returns).items()]
    board.indicators = [_indicator_row(indicator, returns) for indicator in indicators]
    reached: dict[str, int] = defaultdict(int)
    names = dict(ward_names or {})
    for row in awards:
        names.update(row.wards)
    for found in returns:
        for code, count in found.wards.items():
            reached[code] += count
    board.wards = sorted(
        ((code, names.get(code, code), count) for code, count in reached.items()),
        key=lambda item: (-item[2], item[1]),
    )
    both = [row for row in returns if row.spend is not None and row.beneficiaries]
    board.cost_per_beneficiary = cost_per(
        sum((row.spend or ZERO for row in both), ZERO), sum(row.beneficiaries or 0 for row in both)
    )
    board.avoided = _avoided(costs, returns)
    if returns:
        submitted = [timezone.localdate(row.submitted_at) for row in returns if row.submitted_at]
        board.stamp = Stamp(
            f"{source}: {len(returns)} {'return' if len(returns) == 1 else 'returns'} submitted by "
            f"{len({row.award_id for row in returns})} of {len(awards)} awards, due "
            f"{returns[0].due:%-d %B %Y} to {returns[-1].due:%-d %B %Y}",
            max(submitted) if submitted else returns[-1].due,
        )
    used = [rate for rate in rates if rate_label(rate) in set(board.totals.rates)]
    board.rate_source = "; ".join(
        f"{format_money(rate.per_hour, pence=True)} an hour from {rate.valid_from:%-d %B %Y}" for rate in used
    )
    if used:
        board.rate_source = f"{used[0].name}, {board.rate_source} (source: {used[-1].source})"
    return board


def reported_words(row: IndicatorRow) -> str:
    if row.reported is None:
        return "Not reported yet"
    if row.unit == "Pounds":
        return format_money(row.reported, pence=True)
    return format_number(row.reported)
