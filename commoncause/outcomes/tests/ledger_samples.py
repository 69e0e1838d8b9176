"""Two awards of the cast's council with submitted returns, for the dashboard's and the scenario's
hand-worked cases (real organisations of the CCNI sample register):

- A: £36,000 over 36 months (1 April 2025 to 31 March 2028), £12,000 a year, in wards E1 and E2;
  returns due 30 September 2025 (spend £5,000, 60 people: 40 in E1 and 20 in E2; 10 volunteers,
  200 hours) and 31 May 2026 (£6,000, 80 people: 50 and 30; 12 volunteers, 300 hours).
- B: £9,000 over 24 months (1 April 2025 to 31 March 2027), £4,500 a year, in ward E2; a return due
  31 December 2025 (£4,500, 45 people in E2; 5 volunteers, 100 hours).
Each return also counts "People supported to keep living at home" (30, 50 and 20) and "Unplanned
hospital admissions avoided" (2, 0 and 1).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from commoncause.funding.models import Award, MonitoringReturn, ReturnStatus
from commoncause.funding.tests.monitoring_samples import OTHER, RECIPIENT, award_made

E1, E2 = "E05000001", "E05000002"
SUPPORTED = "People supported to keep living at home"
AVOIDED = "Unplanned hospital admissions avoided"
D = dt.date


def _return(award: Award, due: dt.date, spend: str, people: int, volunteers: int, hours: int,
            wards: dict[str, int], supported: int, avoided: int) -> MonitoringReturn:  # fmt: skip
    return MonitoringReturn.objects.create(
        award=award, period=f"To {due:%B %Y}", due=due, status=ReturnStatus.SUBMITTED,
        narrative="What happened.", spend=Decimal(spend), beneficiaries=people, volunteers=volunteers,
        volunteer_hours=Decimal(hours),
        ward_beneficiaries=wards, submitted_at=timezone.make_aware(dt.datetime.combine(due, dt.time(9))),
        indicators=[
            {"name": SUPPORTED, "value": str(supported), "unit": "people"},
            {"name": AVOIDED, "value": str(avoided), "unit": "people"},
        ],
    )  # fmt: skip


def two_awards() -> tuple[Award, Award]:
    first = award_made(amount=36_000, starts=D(2025, 4, 1), ends=D(2028, 3, 31), award_date=D(2025, 3, 1))
    second = award_made(
        amount=9_000, org_id=OTHER, starts=D(2025, 4, 1), ends=D(2027, 3, 31), award_date=D(2025, 3, 1),
        duration_months=24, title="Befriending",
    )  # fmt: skip
    for award, wards in ((first, [E1, E2]), (second, [E2])):
        award.opportunity.areas, award.opportunity.who = wards, ["older"]
        award.opportunity.save(update_fields=["areas", "who"])
    _return(first, D(2025, 9, 30), "5000", 60, 10, 200, {E1: 40, E2: 20}, 30, 2)
    _return(first, D(2026, 5, 31), "6000", 80, 12, 300, {E1: 50, E2: 30}, 50, 0)
    _return(second, D(2025, 12, 31), "4500", 45, 5, 100, {E2: 45}, 20, 1)
    MonitoringReturn.objects.create(award=second, period="To March 2027", due=D(2027, 3, 31))  # not in yet
    return first, second


__all__ = ["AVOIDED", "E1", "E2", "OTHER", "RECIPIENT", "SUPPORTED", "two_awards"]
