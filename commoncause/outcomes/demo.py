"""Example outcomes for the demo council, over its example commissioning (`funding.commissioning_demo`),
each record marked as an example wherever it shows (`is_example`) and never a real council's decision:

- its outcomes framework, from the starter set, with the measures the example awards' returns give
  linked to the example grant rounds and contract, and an example baseline and target;
- an alternative cost: support to stay well at home against unplanned hospital care, the figures of the
  example the service was asked for (£1,000 a month against £45,000), marked as example figures;
- two saved scenarios over the same awards: ending both example grant rounds, and bringing the earlier
  round's four groups together behind one point of entry, to compare side by side.

Records are made as the services make them (which need a signed-in officer), each audited with no actor.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.funding.models import Award, AwardStatus, Opportunity, OpportunityKind
from commoncause.outcomes.framework import framework_from_starter
from commoncause.outcomes.models import AlternativeCost, Indicator, Outcome, Scenario, ScenarioKind
from commoncause.places.demo import demo_council

NOTE = "A demo example"
# The measures the example returns give (funding's demo names them as the starter set does).
REPORTED = (
    "People supported to keep living at home",
    "Unplanned hospital admissions avoided",
    "People taking part in groups and activities",
)
TARGETS = {"People supported to keep living at home": (Decimal(120), 2024, Decimal(300), 2027)}
EARLIER_TITLE = "Good neighbours: grants for groups that keep older people company"


def _audit(record: Scenario | AlternativeCost | Indicator, after: Mapping[str, object], label: str) -> None:
    audit_record(
        actor=None, action=AuditAction.CREATE, target=record, target_label=label, after=dict(after), note=NOTE
    )


def _link(opportunities: list[Opportunity], council_outcomes: list[Outcome]) -> None:
    for indicator in Indicator.objects.filter(outcome__in=council_outcomes, name__in=REPORTED):
        indicator.opportunities.set(opportunities)
        if indicator.name in TARGETS:
            indicator.baseline, indicator.baseline_year, indicator.target, indicator.target_year = TARGETS[
                indicator.name
            ]
            indicator.save()
        facts = {
            "opportunities": [str(found.pk) for found in opportunities],
            "baseline": str(indicator.baseline),
            "target": str(indicator.target),
        }
        _audit(indicator, facts, f"Indicator: {indicator.name}")


def _cost(council_outcomes: list[Outcome]) -> None:
    indicator = Indicator.objects.filter(
        outcome__in=council_outcomes, name="Unplanned hospital admissions avoided"
    ).first()
    cost = AlternativeCost.objects.create(
        council=council_outcomes[0].council,
        name="Support to stay well at home",
        cost_a_month=Decimal("1000.00"),
        alternative="Unplanned hospital care",
        alternative_a_month=Decimal("45000.00"),
        months=1,
        indicator=indicator,
        source="Example figures for the demonstration, not published unit costs",
        assumptions="Each admission avoided would have meant a month of hospital care; support at home "
        "for that month costs £1,000. Replace these with the council's and the NHS's own costs.",
        is_example=True,
    )
    _audit(cost, {"name": cost.name, "alternative": cost.alternative}, f"Alternative cost: {cost.name}")


def _scenarios(council_outcomes: list[Outcome], grants: list[Award], earlier: list[Award]) -> list[Scenario]:
    council = council_outcomes[0].council
    today = timezone.localdate()
    made = [
        Scenario.objects.create(
            council=council,
            name="End both small grant rounds for older people",
            kind=ScenarioKind.CUT,
            decided_on=today,
            closure_share=Decimal("0.25"),
            cuts=[{"key": f"award:{award.pk}", "share": "1"} for award in grants],
            notes="Example scenario: what ending the small grants would lose, before any decision.",
            is_example=True,
        )
    ]
    if len(earlier) >= 2:
        made.append(
            Scenario.objects.create(
                council=council,
                name="Bring the good-neighbours groups together behind one front door",
                kind=ScenarioKind.SHARE,
                decided_on=today,
                closure_share=Decimal("0.25"),
                cuts=[{"key": f"award:{award.pk}", "share": "1"} for award in earlier],
                lead=earlier[0].organisation_id.hex,
                saving_share=Decimal("0.1"),
                one_off_cost=Decimal("12000.00"),
                years=3,
                notes="Example scenario: one phone number and one assessment for all four groups, sharing "
                "a coordinator and back office.",
                is_example=True,
            )
        )
    for found in made:
        _audit(found, {"name": found.name, "kind": found.kind, "cuts": found.cuts}, f"Scenario: {found.name}")
    return made


@transaction.atomic
def demo_outcomes() -> str:
    """Run by `load_demo_data` after the example commissioning; once only."""
    council = demo_council()
    if Outcome.objects.filter(council=council, is_example=True).exists():
        return "Example outcomes: already there."
    opportunities = list(Opportunity.objects.filter(council=council, is_example=True).order_by("created_at"))
    grants = list(
        Award.objects.filter(
            opportunity__in=opportunities, opportunity__kind=OpportunityKind.GRANT, is_example=True
        )
        .exclude(status=AwardStatus.ENDED)
        .order_by("award_date", "amount")
    )
    if not grants:
        return "No example outcomes: the example commissioning is not in."
    made = framework_from_starter(council=council, actor=None, is_example=True)
    _link(opportunities, made)
    _cost(made)
    earlier = [award for award in grants if award.opportunity.title == EARLIER_TITLE]
    scenarios = _scenarios(made, grants, sorted(earlier, key=lambda award: -award.amount))
    return (
        f"Example outcomes for Westminster: a framework of {len(made)} outcomes from the starter set, "
        f"an alternative cost, and {len(scenarios)} saved scenarios (each marked as an example)."
    )
