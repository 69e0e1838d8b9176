"""Awards for the open-data tests, made with the models: a real council row, real organisations from
the CCNI register sample (loaded by the real importer) and Westminster's real wards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from commoncause.accounts.models import Council
from commoncause.funding.models import (
    Award,
    Bid,
    BidPartner,
    BidStatus,
    Lot,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Route,
)
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO

WARDS = Path(settings.DATA_DIR) / "geo" / "boundaries" / "E09000033_ward.geojson"
ABBEY_ROAD, REGENTS_PARK = "E05013792", "E05013805"  # two of Westminster's wards (2022 boundaries)
CANCER_LIFELINE = "GB-NIC-100002"  # a charity
BUDDY_BEAR = "GB-NIC-104137"  # a charity that is also a company (GB-COH-NI022996)
COMMUNITY_RESCUE = "GB-NIC-106359"  # a charity that is also a company (GB-COH-NI631720)


def register_load(*, wards: bool = True) -> None:
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    if wards:
        call_command("import_source", "wards", str(WARDS), no_progress=True)


def westminster(*, org_id: str = "GB-LAE-WSM") -> Council:
    return Council.objects.get_or_create(
        slug="westminster",
        defaults={"name": "Westminster City Council", "area_codes": ["E09000033"], "org_id": org_id},
    )[0]


def organisation(org_id: str) -> Organisation:
    found = organisation_by_identifier(org_id)
    if found is None:
        raise LookupError(f"{org_id} is not in the register: load it first (register_load)")
    return found


def opportunity(council: Council, kind: str = OpportunityKind.GRANT, **fields: Any) -> Opportunity:
    values: dict[str, Any] = {
        "council": council,
        "kind": kind,
        "route": Route.STRATEGIC if kind == OpportunityKind.GRANT else Route.PROCUREMENT,
        "route_reason": "Community groups know these streets best." if kind == OpportunityKind.GRANT
        else "A defined service with a set specification.",
        "title": "Warm spaces this winter" if kind == OpportunityKind.GRANT else "Home visits after hospital",
        "summary": "Keeping older people warm and in company in Abbey Road and Regent's Park.",
        "specification": "Open a warm, welcoming space at least three days a week.",
        "eligibility": "Registered charities and community groups working in the wards.",
        "areas": [ABBEY_ROAD, REGENTS_PARK],
        "value": Decimal("120000.00"),
        "duration_months": 36,
        "opens": dt.date(2025, 1, 6),
        "closes": dt.date(2025, 2, 14),
        "decision_by": dt.date(2025, 3, 14),
        "starts": dt.date(2025, 4, 1),
        "criteria": [{"name": "Quality", "weight": 60}, {"name": "Price", "weight": 40}],
        "status": OpportunityStatus.AWARDED,
        "is_example": False,
    }  # fmt: skip
    values.update(fields)
    return Opportunity.objects.create(**values)


def lot(opportunity: Opportunity, number: int, **fields: Any) -> Lot:
    values: dict[str, Any] = {
        "title": f"Lot {number}: Regent's Park",
        "description": "Visits in Regent's Park ward.",
        "value": Decimal("40000.00"),
        "areas": [REGENTS_PARK],
    }
    values.update(fields)
    return Lot.objects.create(opportunity=opportunity, number=number, **values)


def bid(
    opportunity: Opportunity, lead: str, *, status: str = BidStatus.SUCCESSFUL, lot: Lot | None = None
) -> Bid:
    made = Bid.objects.create(
        opportunity=opportunity, lead=organisation(lead), status=status, lot=lot, price=opportunity.value
    )
    BidPartner.objects.create(bid=made, organisation=made.lead, is_lead=True, status="accepted")
    return made


def award(bid: Bid, **fields: Any) -> Award:
    values: dict[str, Any] = {
        "amount": Decimal("45000.50"),
        "award_date": dt.date(2025, 3, 10),
        "starts": dt.date(2025, 4, 1),
        "ends": dt.date(2028, 3, 31),
        "reasons": "The highest moderated score, and a price within the full cost of the work.",
        "is_example": bid.opportunity.is_example,
    }
    values.update(fields)
    return Award.objects.create(bid=bid, opportunity=bid.opportunity, organisation=bid.lead, **values)


def grant_award(council: Council, lead: str = CANCER_LIFELINE, **fields: Any) -> Award:
    """A grant round with one successful bid and its award."""
    round_ = opportunity(council, OpportunityKind.GRANT, is_example=fields.get("is_example", False))
    return award(bid(round_, lead), **fields)
