"""A disinvestment scenario as plain functions: cut or reduce some funding, and see what is lost.

- Beneficiaries and volunteer hours lost: each funded piece of work's, in proportion to the cut (an
  ended award loses all of them, a cut of 40% loses 40%), rounded half up to whole people and to the
  hour.
- Wards that would lose their only provider of a theme: a ward and theme whose providers (from
  coverage) are all organisations whose every piece of funded work there ends. A reduction leaves the
  provider in place, so it is "at risk", not lost.
- Organisations whose income would fall by more than a chosen share of their latest yearly income: the
  risk of closure. An organisation that publishes no accounts is listed apart, as unknown.
- Notice: each change needs written notice; the earliest day it can take effect is three calendar
  months after the decision (the Compact), by `core.compact.months_after`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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
    wards_at_risk: list[WardLoss] = field(default_factory=list)  # their only providers reduced, not ended
    closure_risk: list[IncomeFall] = field(default_factory=list)
    income_unknown: list[str] = field(default_factory=list)  # organisations cut that publish no accounts
    earliest_effect: dt.date | None = None  # three months after the decision


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
    for organisation, fall in sorted(falls.items()):
        income = incomes.get(organisation)
        if income is None or income <= 0:
            impact.income_unknown.append(organisation)
        elif fall / income > closure_share:
            impact.closure_risk.append(IncomeFall(organisation, fall, income, fall / income))
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
    for item in by_key.values():
        for ward in item.wards:
            for theme in item.themes:
                work[ward, theme, item.organisation].append(item.key)
    for (ward, theme), who in sorted(providers.items()):
        if not who:
            continue
        ended = {org for org in who if work.get((ward, theme, org)) and all(
            shares.get(key) == ONE for key in work[ward, theme, org]
        )}  # fmt: skip
        touched = {org for org in who if any(key in shares for key in work.get((ward, theme, org), []))}
        if ended == set(who):
            impact.wards_losing_only_provider.append(WardLoss(ward, theme, tuple(sorted(who))))
        elif touched == set(who):
            impact.wards_at_risk.append(WardLoss(ward, theme, tuple(sorted(who))))
