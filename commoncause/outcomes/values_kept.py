"""The values a council puts on what is achieved: proxy rates for volunteer hours (with their source and
year) and alternative costs for cost avoided (with their source and assumptions). Its officers add and
remove them; each change is audited. Failing values raise `ValuesError`, naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record
from commoncause.outcomes.access import may_keep_outcomes
from commoncause.outcomes.framework import FIRST_YEAR, LAST_YEAR
from commoncause.outcomes.models import AlternativeCost, Indicator, ProxyRate

MOST_MONTHS = 120


class ValuesError(DecisionError):
    """A value that cannot be saved; `field` names it."""


def _keeper(user: User, council: Council) -> None:
    if not may_keep_outcomes(user, council):
        raise ValuesError("Only the council's officers keep its values.", not_allowed=True)


def _text(values: Mapping[str, Any], field: str, label: str, most: int, *, needed: bool = True) -> str:
    text = " ".join(str(values.get(field) or "").split())
    if needed and not text:
        raise ValuesError(f"Enter {label}.", field=field)
    if len(text) > most:
        raise ValuesError(f"{label[0].upper()}{label[1:]} must be {most} characters or fewer.", field=field)
    return text


def _pounds(values: Mapping[str, Any], field: str, label: str, *, above_zero: bool = False) -> Decimal:
    raw = str(values.get(field) or "").replace(",", "").replace("£", "").strip()
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValuesError(f"Enter {label} in pounds, such as 12.21.", field=field)
    if above_zero and amount <= 0:
        raise ValuesError(f"{label[0].upper()}{label[1:]} must be more than £0.", field=field)
    if amount < 0:
        raise ValuesError(f"{label[0].upper()}{label[1:]} cannot be below £0.", field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValuesError(f"Enter {label} in pounds and pence, to two decimal places.", field=field)
    if amount >= Decimal("1e10"):
        raise ValuesError(f"{label[0].upper()}{label[1:]} is too large.", field=field)
    return amount


def _rate_facts(rate: ProxyRate) -> dict[str, Any]:
    return {
        "name": rate.name,
        "per_hour": str(rate.per_hour),
        "source": rate.source,
        "year": rate.year,
        "valid_from": rate.valid_from.isoformat(),
    }


@transaction.atomic
def proxy_rate_add(*, user: User, council: Council, values: Mapping[str, Any]) -> ProxyRate:
    """A proxy rate for an hour of volunteering, applying from 1 April of its year (or the day given)."""
    _keeper(user, council)
    name = _text(values, "name", "the rate's name", 200)
    per_hour = _pounds(values, "per_hour", "the rate an hour", above_zero=True)
    if per_hour > 1000:
        raise ValuesError(
            "An hour of volunteering valued above £1,000 is not a proxy rate.", field="per_hour"
        )
    source = _text(values, "source", "where the rate comes from", 500)
    year_text = str(values.get("year") or "").strip()
    if not year_text.isdigit() or not FIRST_YEAR <= int(year_text) <= LAST_YEAR:
        raise ValuesError(
            f"Enter the year as a year from {FIRST_YEAR} to {LAST_YEAR}, such as 2025.", field="year"
        )
    year = int(year_text)
    valid_from = values.get("valid_from") or dt.date(year, 4, 1)
    if not isinstance(valid_from, dt.date):
        raise ValuesError("Enter the day the rate applies from.", field="valid_from")
    rate = ProxyRate.objects.create(
        council=council,
        created_by=user,
        name=name,
        per_hour=per_hour,
        source=source,
        year=year,
        valid_from=valid_from,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        target=rate,
        target_label=f"Proxy rate: {name}",
        after=_rate_facts(rate),
    )
    return rate


def _cost_facts(cost: AlternativeCost) -> dict[str, Any]:
    return {
        "name": cost.name,
        "cost_a_month": str(cost.cost_a_month),
        "alternative": cost.alternative,
        "alternative_a_month": str(cost.alternative_a_month),
        "months": cost.months,
        "indicator": cost.indicator.name if cost.indicator else None,
        "source": cost.source,
        "assumptions": cost.assumptions,
    }


@transaction.atomic
def alternative_cost_add(
    *,
    user: User,
    council: Council,
    values: Mapping[str, Any],
    indicator: Indicator | None = None,
    is_example: bool = False,
) -> AlternativeCost:
    """A service's cost a month for each person against the alternative's, with the indicator that
    counts the people kept from the alternative."""
    _keeper(user, council)
    name = _text(values, "name", "the service", 200)
    cost = _pounds(values, "cost_a_month", "the service's cost a month")
    alternative = _text(values, "alternative", "the alternative", 200)
    other = _pounds(values, "alternative_a_month", "the alternative's cost a month", above_zero=True)
    if other <= cost:
        raise ValuesError(
            "The alternative must cost more a month than the service, or nothing is avoided.",
            field="alternative_a_month",
        )
    months_text = str(values.get("months") or "").strip()
    if not months_text.isdigit() or not 1 <= int(months_text) <= MOST_MONTHS:
        raise ValuesError(f"Enter the months as a whole number from 1 to {MOST_MONTHS}.", field="months")
    if indicator is not None and indicator.outcome.council_id != council.pk:
        raise ValuesError("Choose one of your framework's indicators.", field="indicator")
    source = _text(values, "source", "where the costs come from", 500)
    assumptions = str(values.get("assumptions") or "").strip()
    if len(assumptions) > 5000:
        raise ValuesError("The assumptions must be 5,000 characters or fewer.", field="assumptions")
    found = AlternativeCost.objects.create(
        council=council,
        created_by=user,
        name=name,
        cost_a_month=cost,
        alternative=alternative,
        alternative_a_month=other,
        months=int(months_text),
        indicator=indicator,
        source=source,
        assumptions=assumptions,
        is_example=is_example,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        target=found,
        target_label=f"Alternative cost: {name}",
        after=_cost_facts(found),
    )
    return found


@transaction.atomic
def value_remove(*, user: User, found: ProxyRate | AlternativeCost) -> None:
    _keeper(user, found.council)
    facts = _rate_facts(found) if isinstance(found, ProxyRate) else _cost_facts(found)
    label = "Proxy rate" if isinstance(found, ProxyRate) else "Alternative cost"
    audit_record(
        actor=user,
        action=AuditAction.DELETE,
        target=found,
        target_label=f"{label}: {found.name}",
        before=facts,
    )
    found.delete()
