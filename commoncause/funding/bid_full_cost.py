"""A bid's full cost: the calculator of `commissioning/full_cost.py` on the bid, kept with it.

The lead's members enter the project's direct costs, the organisation's overheads by category and,
for each cost driver, the organisation's total and the project's part; the inputs and the breakdown
are kept in `bid.full_cost` and the full cost in `bid.full_cost_total`. A price below the full cost is
the provider subsidising the council (`bid_price_check`), shown on the bid and to its assessors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.funding.access import may_edit_bid
from commoncause.funding.bids import BidError
from commoncause.funding.commissioning.full_cost import (
    DriverMeasure,
    FullCost,
    FullCostError,
    PriceCheck,
    category_label,
    full_cost_calculate,
    price_check,
    shipped_drivers,
)
from commoncause.funding.models import Bid

DRIVER_WORDS = {"headcount": "headcount (FTE)", "staff_time": "staff time", "expenditure": "expenditure"}
_FIELD = re.compile(
    r"^(?P<kind>overheads|measures)\[(?P<name>[a-z_]+)\](?:\.(?P<part>organisation|project))?$"
)


def driver_words(driver: str) -> str:
    return DRIVER_WORDS.get(driver, driver.replace("_", " "))


def drivers_used() -> list[str]:
    """The cost drivers of the shipped overhead categories, once each, in the file's order."""
    return list(dict.fromkeys(driver.driver for driver in shipped_drivers()))


def form_field(field: str) -> str:
    """The form's field for a calculator's input:
    "measures[headcount].project" -> "measure_headcount_project"."""
    found = _FIELD.match(field)
    if found is None:
        return field
    if found["kind"] == "overheads":
        return f"overhead_{found['name']}"
    return f"measure_{found['name']}_{found['part'] or 'organisation'}"


def _label(field: str) -> str:
    found = _FIELD.match(field)
    if found is None:
        return field.replace("_", " ").capitalize()
    if found["kind"] == "overheads":
        return f"{category_label(found['name'])} costs"
    words = driver_words(found["name"])
    if found["part"] == "project":
        return f"The project's {words}"
    if found["part"] == "organisation":
        return f"The organisation's {words}"
    return f"The measure of {words}"


def full_cost_stored(
    direct_costs: Decimal,
    overheads: Mapping[str, Decimal],
    measures: Mapping[str, DriverMeasure],
    result: FullCost,
) -> dict[str, Any]:
    return {
        "inputs": {
            "direct_costs": str(direct_costs),
            "overheads": {category: str(amount) for category, amount in overheads.items()},
            "measures": {
                driver: {"organisation": str(measure.organisation), "project": str(measure.project)}
                for driver, measure in measures.items()
            },
        },
        "lines": [
            {
                "category": line.category,
                "label": category_label(line.category),
                "cost": str(line.cost),
                "driver": line.driver,
                "organisation_measure": str(line.organisation_measure),
                "project_measure": str(line.project_measure),
                "apportioned": str(line.apportioned),
                "words": line.words,
            }
            for line in result.lines
        ],  # fmt: skip
        "direct_costs": str(result.direct_costs),
        "overheads_total": str(result.overheads_total),
        "apportioned_total": str(result.apportioned_total),
        "full_cost": str(result.full_cost),
        "words": result.words,
        "calculated_at": timezone.now().isoformat(),
    }


@transaction.atomic
def bid_full_cost_save(
    *,
    user: User,
    bid: Bid,
    direct_costs: Decimal | int,
    overheads: Mapping[str, Decimal | int],
    measures: Mapping[str, DriverMeasure],
) -> FullCost:
    """Work out the bid's full cost and keep it with the bid (the lead's members, while a draft)."""
    if not may_edit_bid(user, bid):
        raise BidError(
            "Only the lead organisation's members work out a bid's full cost, and only while it is a draft.",
            not_allowed=True,
        )
    try:
        result = full_cost_calculate(
            direct_costs=direct_costs, overheads=overheads, measures=measures, drivers=shipped_drivers()
        )
    except FullCostError as problem:
        said = str(problem)[len(problem.field) + 1 :]
        raise BidError(f"{_label(problem.field)} {said}", field=form_field(problem.field)) from None
    before = {"full_cost_total": str(bid.full_cost_total) if bid.full_cost_total is not None else None}
    given = {category: Decimal(amount) for category, amount in overheads.items()}
    bid.full_cost = full_cost_stored(Decimal(direct_costs), given, measures, result)
    bid.full_cost_total = result.full_cost
    bid.save(update_fields=["full_cost", "full_cost_total", "updated_at"])
    audit_record(actor=user, action=AuditAction.UPDATE, target=bid, before=before,
                 after={"full_cost_total": str(result.full_cost)}, note="Full cost worked out.")  # fmt: skip
    return result


def bid_price_check(bid: Bid) -> PriceCheck | None:
    """The bid's price against its full cost (None until both are known)."""
    if bid.price is None or bid.full_cost_total is None:
        return None
    return price_check(full_cost=bid.full_cost_total, price=bid.price)
