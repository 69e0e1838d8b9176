"""A closed opportunity with bids to assess, made with the models on real organisations of the
Northern Ireland register sample: Belfast City Council (the cast's council) buys a cancer support
service, weighted 40/30/30 on three criteria, and two real charities have bid for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from commoncause.accounts.models import Council, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import council, person, staff
from commoncause.funding.models import Bid, BidPartner, BidStatus, Lot, Opportunity, PartnerStatus
from commoncause.members.models import Membership, MembershipStatus
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO

LEAD = "GB-NIC-100002"  # Cancer Lifeline
RIVAL = "GB-NIC-100005"  # Supporting Communities NI
OTHER = "GB-NIC-100003"  # Strabane Ethnic Community Association, which does not bid
CRITERIA: list[dict[str, Any]] = [
    {"name": "Quality of service", "weight": 40, "guidance": "How well the service meets the outcomes."},
    {"name": "Value for money", "weight": 30, "guidance": "The price against what it buys."},
    {"name": "Local reach", "weight": 30, "guidance": "Who in the area it reaches."},
]


def register_load() -> None:
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)


def organisation(org_id: str) -> Organisation:
    found = organisation_by_identifier(org_id)
    if found is None:
        raise LookupError(org_id)
    return found


def verified(user: User) -> User:
    """The person has confirmed their address, so decisions are emailed to them."""
    VerifiedEmail.objects.create(user=user, email=user.email)
    return user


def member_of(email: str, org_id: str) -> User:
    user = verified(person(email))
    Membership.objects.create(user=user, organisation=organisation(org_id), status=MembershipStatus.APPROVED)
    return user


def officer_of(email: str, *, name: tuple[str, str] = ("", ""), elsewhere: bool = False) -> User:
    """An officer of the cast's council (Belfast), or of a council elsewhere."""
    if not elsewhere:
        user = staff(email, "officer")
    else:
        user = person(email)
        other, _ = Council.objects.get_or_create(
            slug="elsewhere", defaults={"name": "Elsewhere Council", "area_codes": ["E09000001"]}
        )
        StaffRole.objects.create(user=user, role="officer", council=other)
    user.first_name, user.last_name = name
    user.save(update_fields=["first_name", "last_name"])
    return user


def opportunity_make(**values: Any) -> Opportunity:
    """A contract of the cast's council, closed and waiting for decisions, unless told otherwise."""
    defaults: dict[str, Any] = {
        "council": council(), "kind": "contract", "route": "procurement",
        "route_reason": "A defined service bought for three years.",
        "title": "Cancer support in North Belfast",
        "summary": "Support for people with cancer and their families.",
        "specification": "Advice, counselling and support groups.", "value": Decimal("120000.00"),
        "duration_months": 36, "starts": dt.date(2026, 4, 1), "criteria": CRITERIA, "status": "closed",
        "published_at": timezone.now(),
    }  # fmt: skip
    defaults.update(values)
    return Opportunity.objects.create(**defaults)


def lot_make(opportunity: Opportunity, number: int, value: str) -> Lot:
    return Lot.objects.create(
        opportunity=opportunity, number=number, title=f"Lot {number}", value=Decimal(value)
    )


def bid_make(
    opportunity: Opportunity,
    org_id: str,
    *,
    price: str | None,
    full_cost: str | None = None,
    lot: Lot | None = None,
    status: str = BidStatus.SUBMITTED,
    partners: tuple[str, ...] = (),
) -> Bid:
    """A bid led by the organisation, submitted unless told otherwise, with its partners in."""
    lead = organisation(org_id)
    bid = Bid.objects.create(
        opportunity=opportunity, lot=lot, lead=lead, status=status,
        price=Decimal(price) if price is not None else None,
        full_cost_total=Decimal(full_cost) if full_cost is not None else None,
        submitted_at=timezone.now() if status != BidStatus.DRAFT else None, is_example=opportunity.is_example,
    )  # fmt: skip
    BidPartner.objects.create(bid=bid, organisation=lead, is_lead=True, status=PartnerStatus.ACCEPTED)
    for partner in partners:
        BidPartner.objects.create(bid=bid, organisation=organisation(partner), status=PartnerStatus.ACCEPTED)
    return bid


@dataclass
class Scene:
    """Everyone and everything the assessment tests use."""

    assessor: User  # an officer of the council: keeps the opportunity
    second: User  # another officer, a second assessor
    elsewhere: User  # an officer of another council
    curator: User
    admin: User
    bidder: User  # a member of the lead organisation
    other_member: User  # a member of an organisation that did not bid
    opportunity: Opportunity
    bid: Bid  # led by Cancer Lifeline: £90,000 against a full cost of £100,000
    rival: Bid  # led by Supporting Communities NI: £110,000 against £105,000


def scene(**opportunity: Any) -> Scene:
    register_load()
    made = opportunity_make(**opportunity)
    return Scene(
        assessor=verified(officer_of("alex.assessor@council.example", name=("Alex", "Assessor"))),
        second=officer_of("sam.second@council.example", name=("Sam", "Second")),
        elsewhere=officer_of("officer@elsewhere.example", elsewhere=True),
        curator=staff("curator@cvs.example", "curator"),
        admin=staff("admin@service.example", "admin"),
        bidder=member_of("member@charity.example", LEAD),
        other_member=member_of("member@other-charity.example", OTHER),
        opportunity=made,
        bid=bid_make(made, LEAD, price="90000", full_cost="100000"),
        rival=bid_make(made, RIVAL, price="110000", full_cost="105000"),
    )


def scores(quality: int, value: int, reach: int) -> dict[str, object]:
    return {"Quality of service": quality, "Value for money": value, "Local reach": reach}


def comments(text: str = "As the bid shows.") -> dict[str, str]:
    return {str(item["name"]): f"{text} ({item['name']})" for item in CRITERIA}
