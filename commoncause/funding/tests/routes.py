"""The records commissioning's routes name, for the tests that walk every route (the permissions
matrix, the privacy walk): opportunities of the cast's council at three stages, bids of the cast's
organisation (a draft with a document, one it is invited into, a submitted one and a successful one),
and the award with its monitoring plan and a submitted return. Made the first time they are asked for;
what a route may change (a withdrawn bid, a removed document) is put back each time."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commoncause.accounts.models import Council
from commoncause.accounts.tests.cast import council
from commoncause.funding.documents import document_path
from commoncause.funding.models import (
    Award,
    Bid,
    BidDocument,
    BidPartner,
    BidStatus,
    MonitoringPlan,
    MonitoringReturn,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    PartnerStatus,
    ReturnStatus,
    Route,
)
from commoncause.funding.opendata.grants_out import award_grant_publish
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

PARTS = (
    "<uuid:opportunity_id>", "{opportunity_id}", "<uuid:bid_id>", "<int:partner_id>", "<int:document_id>",
    "<uuid:award_id>", "<int:return_id>",
)  # fmt: skip
OTHER_LEAD = "GB-NIC-104137"  # another charity of the CCNI sample: the lead of a bid the cast's is invited to
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOWNLOADS = ("grants/360giving.json", "grants/360giving.xlsx", "contracts/ocds.json")  # of what is published
KEEPING = ("edit/", "publish/", "close/", "withdraw/")  # an opportunity's keepers' routes: on the draft
ASSESSING = ("assess/", "moderate/", "decide/")  # a submitted bid's


def _opportunity(number: int, kind: str, status: str, where: Council) -> Opportunity:
    grant = kind == OpportunityKind.GRANT
    return Opportunity.objects.get_or_create(
        pk=uuid.UUID(int=number),
        defaults={
            "council": where, "kind": kind, "route": Route.STRATEGIC if grant else Route.PROCUREMENT,
            "route_reason": "As the council decided.", "title": f"Opportunity {number}",
            "summary": "Help for older people.", "specification": "Lunch clubs.", "value": Decimal(30_000),
            "duration_months": 36, "status": status, "closes": dt.date(2099, 1, 1),
            "criteria": [{"name": "Quality", "weight": 100}],
        },
    )[0]  # fmt: skip


def _bid(number: int, opportunity: Opportunity, lead: Organisation, status: str, **values: Any) -> Bid:
    bid = Bid.objects.get_or_create(
        pk=uuid.UUID(int=number),
        defaults={"opportunity": opportunity, "lead": lead, "status": status, **values},
    )[0]
    BidPartner.objects.get_or_create(
        bid=bid, organisation=lead, defaults={"is_lead": True, "status": PartnerStatus.ACCEPTED}
    )
    Bid.objects.filter(pk=bid.pk).update(status=status)  # a route may have withdrawn it
    return bid


def _document(bid: Bid) -> BidDocument:
    document = BidDocument.objects.filter(bid=bid).first() or BidDocument.objects.create(
        bid=bid, name="plan.pdf", stored_as=uuid.uuid4().hex, content_type="application/pdf", size=len(PDF),
        sha256="0" * 64,
    )  # fmt: skip
    document_path(document).write_bytes(PDF)
    return document


def _award(bid: Bid) -> tuple[Award, MonitoringReturn]:
    award = Award.objects.filter(bid=bid).first()
    if award is None:
        award = Award.objects.create(
            pk=uuid.UUID(int=24), bid=bid, opportunity=bid.opportunity, organisation=bid.lead,
            amount=Decimal(10_000), award_date=dt.date(2026, 4, 1), starts=dt.date(2026, 4, 1),
            ends=dt.date(2029, 3, 31), reasons="The strongest bid.",
        )  # fmt: skip
        award_grant_publish(award)
        MonitoringPlan.objects.create(
            award=award, tier="T2", reports_per_year=Decimal(1),
            items=[{"what": "A short annual report", "how_often": "yearly", "evidence": ""}],
        )  # fmt: skip
        MonitoringReturn.objects.create(
            award=award, period="Year 1", due=dt.date(2027, 4, 30), status=ReturnStatus.SUBMITTED,
            narrative="Forty people came each week.", submitted_at=timezone.now(),
        )  # fmt: skip
    return award, award.returns.get()


def funding_path(path: str, org_id: str) -> str:
    """The path with commissioning's parameters filled."""
    if not any(part in path for part in PARTS) and path not in DOWNLOADS:
        return path
    organisation = organisation_by_identifier(org_id)
    other = organisation_by_identifier(OTHER_LEAD)
    assert organisation is not None
    assert other is not None
    where = council()
    if not where.org_id:
        Council.objects.filter(pk=where.pk).update(org_id="GB-LANI-BELFAST")
        where.refresh_from_db()
    draft = _opportunity(17, OpportunityKind.GRANT, OpportunityStatus.DRAFT, where)
    open_one = _opportunity(18, OpportunityKind.CONTRACT, OpportunityStatus.OPEN, where)
    closed = _opportunity(19, OpportunityKind.GRANT, OpportunityStatus.CLOSED, where)
    drafted = _bid(20, open_one, organisation, BidStatus.DRAFT)
    invited = _bid(21, open_one, other, BidStatus.DRAFT)
    partner = BidPartner.objects.get_or_create(bid=invited, organisation=organisation)[0]
    submitted = _bid(
        22, closed, organisation, BidStatus.SUBMITTED, submitted_at=timezone.now(), price=Decimal(9_000)
    )
    won = _bid(
        23, closed, organisation, BidStatus.SUCCESSFUL, submitted_at=timezone.now(), price=Decimal(10_000)
    )
    award, monitoring_return = _award(won)
    opportunity = draft if path.endswith(KEEPING) else closed if path.endswith("assessment/") else open_one
    bid = submitted if path.endswith(ASSESSING) else invited if "<int:partner_id>" in path else drafted
    filled = {
        "<uuid:opportunity_id>": opportunity.pk, "{opportunity_id}": open_one.pk, "<uuid:bid_id>": bid.pk,
        "<int:partner_id>": partner.pk,
        "<int:document_id>": _document(drafted).pk, "<uuid:award_id>": award.pk,
        "<int:return_id>": monitoring_return.pk,
    }  # fmt: skip
    for part, value in filled.items():
        path = path.replace(part, str(value))
    return path
