"""The records outcomes' routes name, for the tests that walk every route (the permissions matrix): the
cast's council's framework (an outcome with an indicator), a proxy rate, an alternative cost and a saved
scenario that ends the council's award to the cast's organisation (commissioning's, from
`funding_path`), so the organisation's outcomes are its funder's officers' to see. Made the first time
they are asked for; a route that removes one (a value, a scenario) finds a new one the next time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commoncause.accounts.models import Council
from commoncause.accounts.tests.cast import council
from commoncause.funding.models import Award
from commoncause.funding.tests.routes import funding_path
from commoncause.outcomes.models import AlternativeCost, Indicator, Outcome, ProxyRate, Scenario

# Named as no starter outcome and no other council's record is, so a page showing one shows this council's.
OUTCOME = "Carers get a break when they need one"
INDICATOR = "Carers given a short break"
RATE = "The council's rate for an hour of volunteering"
COST = "Respite at home"
SCENARIO = "End the lunch clubs' award"
NAMES = (OUTCOME, INDICATOR, RATE, COST, SCENARIO)
APRIL = dt.date(2025, 4, 1)


def outcomes_records(where: Council, award: Award) -> dict[str, int]:
    """The council's outcome, indicator, rate, cost and scenario (made once), by the parameter naming them."""
    outcome = Outcome.objects.get_or_create(
        council=where, title=OUTCOME, defaults={"description": "Living at home, not in hospital."}
    )[0]
    indicator = Indicator.objects.get_or_create(
        outcome=outcome, name=INDICATOR,
        defaults={"unit": "people", "source": "Reported in returns", "counts_outcomes": True},
    )[0]  # fmt: skip
    indicator.opportunities.add(award.opportunity)
    rate = ProxyRate.objects.get_or_create(
        council=where, name=RATE,
        defaults={"per_hour": Decimal("12.21"), "source": "GOV.UK", "year": 2025, "valid_from": APRIL},
    )[0]  # fmt: skip
    AlternativeCost.objects.get_or_create(
        council=where, name=COST,
        defaults={
            "cost_a_month": Decimal(1000), "alternative": "A care home's respite bed",
            "alternative_a_month": Decimal(45_000), "months": 1, "indicator": indicator,
            "source": "The council's and the NHS's unit costs", "assumptions": "A month in hospital avoided.",
        },
    )  # fmt: skip
    scenario = Scenario.objects.get_or_create(
        council=where, name=SCENARIO,
        defaults={
            "decided_on": dt.date(2026, 4, 1), "cuts": [{"key": f"award:{award.pk}", "share": "1"}],
            "notes": "Before any decision.",
        },
    )[0]  # fmt: skip
    return {
        "<int:outcome_id>": outcome.pk, "<int:indicator_id>": indicator.pk, "<int:value_id>": rate.pk,
        "<int:scenario_id>": scenario.pk,
    }  # fmt: skip


def outcomes_path(path: str, org_id: str) -> str:
    """The path with outcomes' parameters filled, its records made for the cast's council (Belfast)."""
    if not (path.startswith("outcomes/") or path.endswith("/outcomes/")):
        return path
    award = Award.objects.get(pk=funding_path("<uuid:award_id>", org_id))  # the council's award to it
    filled = {"<str:kind>": "rates", **outcomes_records(council(), award)}
    for part, value in filled.items():
        path = path.replace(part, str(value))
    return path
