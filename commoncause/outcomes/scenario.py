"""A disinvestment scenario as plain functions: cut or reduce some funding, and see what is lost.

- Beneficiaries and volunteer hours lost: each funded piece of work's, in proportion to the cut (an
  ended award loses all of them, a cut of 40% loses 40%), rounded half up to whole people and to the
  hour.
- Wards that would lose their only provider of a theme: a ward and theme whose providers (from
  coverage, with the funded work's own) are all organisations whose every piece of funded work there
  ends. Where the funded providers all end but coverage knows of others there, the ward loses its
  funded cover, and how many others are known is said. A reduction leaves the provider in place, so it
  is "at risk", not lost.
- Organisations whose income would fall by more than a chosen share of their latest yearly income: the
  risk of closure. An organisation that publishes no accounts is listed apart, as unknown.
- Notice: each change needs written notice; the earliest day it can take effect is three calendar
  months after the decision (the Compact), by `core.compact.months_after`.

The medium-term alternative (`share_option`) merges or shares the chosen services behind a single point
of entry led by one organisation: the same people and wards are served, the funding falls by the saving
shared back office and management make, after a one-off cost of bringing them together; each
organisation's income falls by that share of its funding.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from commoncause.core.compact import NOTICE_MONTHS, months_after

ONE = Decimal(1)


class ScenarioError(ValueError):
    """A cut that cannot be weighed: the message names it."""


@dataclass(frozen=True)
class Funded:
    """One piece of funded work that could be cut: an award or a grant, a year's worth."""

    key: str
    organisation: str  # the organisation's key
    amount_a_year: Decimal
    beneficiaries: int
    volunteer_hours: Decimal  # a year
    wards: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cut:
    key: str
    share: Decimal  # of the funding: 1 ends it, 0.4 reduces it by 40%


@dataclass(frozen=True)
class WardLoss:
    ward: str
    theme: str
    organisations: tuple[str, ...]  # the providers it loses (its only ones)
    others: int = 0  # other organisations coverage knows there, with no funded work of the council's


@dataclass(frozen=True)
class IncomeFall:
    organisation: str
    falls_by: Decimal  # a year
    income: Decimal
    share: Decimal  # of its income


@dataclass
class Impact:
    saved_a_year: Decimal = Decimal(0)
    beneficiaries_lost: int = 0
    volunteer_hours_lost: Decimal = Decimal(0)
    wards_losing_only_provider: list[WardLoss] = field(default_factory=list)
    wards_losing_funded_cover: list[WardLoss] = field(default_factory=list)  # others known there, unfunded
    wards_at_risk: list[WardLoss] = field(default_factory=list)  # their only providers reduced, not ended
    closure_risk: list[IncomeFall] = field(default_factory=list)
    income_unknown: list[str] = field(default_factory=list)  # organisations cut that publish no accounts
    earliest_effect: dt.date | None = None  # three months after the decision
    # a merge or share only
    wards_kept: int = 0  # ward and theme cells the merged service keeps covered
    one_off_cost: Decimal = Decimal(0)
    years: int = 0

    @property
    def net_saving(self) -> Decimal:
        """Saved over the years weighed, less the one-off cost (all the saving, for a cut: `years` 1)."""
        return self.saved_a_year * max(self.years, 1) - self.one_off_cost

    @property
    def payback_months(self) -> int | None:
        """Months of saving the one-off cost takes to pay back (None when nothing is saved)."""
        if not self.one_off_cost:
            return 0
        if self.saved_a_year <= 0:
            return None
        return int((self.one_off_cost * 12 / self.saved_a_year).to_integral_value(rounding=ROUND_CEILING))


def _whole(value: Decimal) -> int:
    return int(value.quantize(ONE, rounding=ROUND_HALF_UP))


def _checked(funded: Iterable[Funded], cuts: Iterable[Cut]) -> tuple[dict[str, Funded], dict[str, Decimal]]:
    by_key = {item.key: item for item in funded}
    shares: dict[str, Decimal] = {}
    for cut in cuts:
        if cut.key not in by_key:
            raise ScenarioError(f"{cut.key} is not among the funding weighed.")
        if not Decimal(0) < cut.share <= ONE:
            raise ScenarioError(f"The cut to {cut.key} must be more than 0% and at most 100%.")
        shares[cut.key] = cut.share
    return by_key, shares


def scenario(
    funded: Iterable[Funded],
    cuts: Iterable[Cut],
    providers: Mapping[tuple[str, str], frozenset[str]],
    incomes: Mapping[str, Decimal | None],
    *,
    closure_share: Decimal,
    decided_on: dt.date,
) -> Impact:
    """What the cuts would lose. `providers` gives each (ward, theme) its providers, as coverage counts
    them; `incomes` each organisation's latest yearly income (None when it publishes no accounts)."""
    by_key, shares = _checked(funded, cuts)
    impact = Impact(earliest_effect=months_after(decided_on, NOTICE_MONTHS) if shares else None)
    lost_people = Decimal(0)
    falls: dict[str, Decimal] = defaultdict(Decimal)
    for key, share in shares.items():
        item = by_key[key]
        impact.saved_a_year += item.amount_a_year * share
        lost_people += item.beneficiaries * share
        impact.volunteer_hours_lost += item.volunteer_hours * share
        falls[item.organisation] += item.amount_a_year * share
    impact.beneficiaries_lost = _whole(lost_people)
    impact.volunteer_hours_lost = impact.volunteer_hours_lost.quantize(ONE, rounding=ROUND_HALF_UP)
    _wards(impact, by_key, shares, providers)
    _incomes(impact, falls, incomes, closure_share)
    return impact


def _wards(
    impact: Impact,
    by_key: Mapping[str, Funded],
    shares: Mapping[str, Decimal],
    providers: Mapping[tuple[str, str], frozenset[str]],
) -> None:
    """A provider stops in a ward and theme when all its funded work there ends; it is at risk when any
    of it is cut."""
    work: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (ward, theme, organisation) → keys
    funded: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in by_key.values():
        for ward in item.wards:
            for theme in item.themes:
                work[ward, theme, item.organisation].append(item.key)
                funded[ward, theme].add(item.organisation)
    for (ward, theme), paid in sorted(funded.items()):
        everyone = set(providers.get((ward, theme), frozenset())) | paid
        ended = {org for org in paid if all(shares.get(key) == ONE for key in work[ward, theme, org])}
        touched = {org for org in paid if any(key in shares for key in work[ward, theme, org])}
        if ended and ended == everyone:
            impact.wards_losing_only_provider.append(WardLoss(ward, theme, tuple(sorted(ended))))
        elif ended and ended == paid:
            impact.wards_losing_funded_cover.append(
                WardLoss(ward, theme, tuple(sorted(ended)), others=len(everyone - paid))
            )
        elif touched and touched == everyone:
            impact.wards_at_risk.append(WardLoss(ward, theme, tuple(sorted(touched))))


def share_option(
    funded: Iterable[Funded],
    merged: Iterable[str],
    incomes: Mapping[str, Decimal | None],
    *,
    saving_share: Decimal,
    one_off_cost: Decimal,
    years: int,
    closure_share: Decimal,
    decided_on: dt.date,
) -> Impact:
    """Merge or share the chosen funded services behind a single point of entry: no one and no ward is
    lost, the funding falls by `saving_share`, after `one_off_cost`, weighed over `years`."""
    keys = list(dict.fromkeys(merged))
    if len(keys) < 2:
        raise ScenarioError("Choose at least two services to merge or share.")
    if not Decimal(0) <= saving_share < ONE:
        raise ScenarioError("The saving must be at least 0% and less than 100% of the funding merged.")
    if one_off_cost < 0:
        raise ScenarioError("The one-off cost cannot be below £0.")
    if not 1 <= years <= 10:
        raise ScenarioError("Weigh the option over 1 to 10 years.")
    by_key, shares = _checked(funded, [Cut(key, ONE) for key in keys])
    impact = Impact(
        earliest_effect=months_after(decided_on, NOTICE_MONTHS), one_off_cost=one_off_cost, years=years
    )
    falls: dict[str, Decimal] = defaultdict(Decimal)
    cells: set[tuple[str, str]] = set()
    for key in shares:
        item = by_key[key]
        impact.saved_a_year += item.amount_a_year * saving_share
        falls[item.organisation] += item.amount_a_year * saving_share
        cells.update((ward, theme) for ward in item.wards for theme in item.themes)
    impact.wards_kept = len(cells)
    _incomes(impact, falls, incomes, closure_share)
    return impact


def _incomes(
    impact: Impact,
    falls: Mapping[str, Decimal],
    incomes: Mapping[str, Decimal | None],
    closure_share: Decimal,
) -> None:
    for organisation, fall in sorted(falls.items()):
        income = incomes.get(organisation)
        if income is None or income <= 0:
            impact.income_unknown.append(organisation)
        elif fall / income > closure_share:
            impact.closure_risk.append(IncomeFall(organisation, fall, income, fall / income))
