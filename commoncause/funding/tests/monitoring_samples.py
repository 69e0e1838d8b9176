"""Awards for the monitoring tests, made with the models directly: an opportunity of a council, a bid by
a real organisation of the sample register (the CCNI sample), and its award."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.management import call_command

from commoncause.accounts.models import Council, Role, StaffRole
from commoncause.accounts.tests.cast import council, person
from commoncause.funding.models import Award, Bid, BidStatus, Opportunity, OpportunityStatus
from commoncause.members.models import Membership, MembershipStatus
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO

RECIPIENT = "GB-NIC-100002"  # Cancer Lifeline, Belfast
OTHER = "GB-NIC-100004"  # Disability Action (NI)
D = dt.date
STARTS, ENDS = D(2026, 4, 1), D(2029, 3, 31)  # three years
AWARDED, DECISION_BY = D(2026, 3, 2), D(2026, 3, 6)


def register_loaded() -> None:
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)


def organisation(org_id: str) -> Organisation:
    found = organisation_by_identifier(org_id)
    assert found is not None, org_id
    return found


def other_council() -> Council:
    """A second funder: a council the cast's officer is not an officer of."""
    return Council.objects.get_or_create(
        slug="derry-strabane",
        defaults={"name": "Derry City and Strabane District Council", "area_codes": ["N09000005"]},
    )[0]


def officer_of(found: Council, email: str) -> User:
    user = person(email)
    StaffRole.objects.create(user=user, role=Role.OFFICER, council=found)
    return user


def member_of(user: User, org_id: str) -> User:
    Membership.objects.create(user=user, organisation=organisation(org_id), status=MembershipStatus.APPROVED)
    return user


def award_made(
    *,
    amount: int | str | Decimal = 45_000,
    org_id: str = RECIPIENT,
    funder: Council | None = None,
    starts: dt.date | None = STARTS,
    ends: dt.date | None = ENDS,
    award_date: dt.date = AWARDED,
    duration_months: int = 36,
    decision_by: dt.date | None = DECISION_BY,
    title: str = "Cancer support in the community",
    reasons: str = "The strongest bid on quality and reach in the wards named.",
    is_example: bool = False,
) -> Award:
    """An award of `amount` to the organisation, under an opportunity of `funder` (the cast's council
    unless given) that has been decided."""
    funder = funder or council()
    recipient = organisation(org_id)
    opportunity = Opportunity.objects.create(
        council=funder, kind="grant", route="strategic", route_reason="A grant, to support what works.",
        title=title, summary="Support for people living with cancer.", specification="Support.",
        value=Decimal(amount), duration_months=duration_months, decision_by=decision_by,
        status=OpportunityStatus.AWARDED, is_example=is_example,
    )  # fmt: skip
    bid = Bid.objects.create(
        opportunity=opportunity, lead=recipient, status=BidStatus.SUCCESSFUL, price=Decimal(amount),
        is_example=is_example,
    )  # fmt: skip
    return Award.objects.create(
        bid=bid, opportunity=opportunity, organisation=recipient, amount=Decimal(amount),
        award_date=award_date, starts=starts, ends=ends, reasons=reasons, is_example=is_example,
    )  # fmt: skip
