"""Samples for the tests of bids: Westminster City Council and its officers, real charities of the
register sample (`data/demo/ukcat_sample_ccew_2000.csv`) with members, and an open opportunity with
three lots, one in each of three tiers, made directly with the models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from commoncause.accounts.models import Council, Role, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import person
from commoncause.funding.models import Lot, Opportunity, OpportunityStatus
from commoncause.matching import matcher
from commoncause.members.models import Membership, MembershipStatus
from commoncause.places.tests.westminster import load_westminster
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

DATA = Path(__file__).resolve().parents[3] / "data"
WESTMINSTER = "E09000033"
CHURCH_STREET = "E05013794"  # Babylon Trust's ward
ST_JAMESS = "E05013806"  # The Soho Recovery Centre's ward
BABYLON = "GB-CHC-1136944"  # Babylon Trust: £280,100 a year, based in Church Street
SOHO = "GB-CHC-1168812"  # The Soho Recovery Centre: £95,257 a year, based in St James's
CHINESE = "GB-CHC-297742"  # Chinese Community Centre: based in St James's
JUDITH = "GB-CHC-1063012"  # The Judith Trust: based in Little Venice


def register_load(*, geography: bool = False) -> None:
    """The register sample; with `geography`, Westminster's wards and places too, as `make run` loads them."""
    if geography:
        load_westminster()
    else:
        call_command(
            "import_source", "csv", str(DATA / "demo" / "ukcat_sample_ccew_2000.csv"), no_progress=True
        )
    matcher.forget()


def organisation(org_id: str) -> Organisation:
    found = organisation_by_identifier(org_id)
    assert found is not None, org_id
    return found


def member_of(org: Organisation, email: str, *, verified: bool = True) -> User:
    """An approved member of the organisation (with a confirmed address, so they are emailed)."""
    user = person(email)
    if verified:
        VerifiedEmail.objects.create(user=user, email=email)
    Membership.objects.create(user=user, organisation=org, status=MembershipStatus.APPROVED)
    return user


def westminster() -> Council:
    return Council.objects.get_or_create(
        slug="westminster", defaults={"name": "Westminster City Council", "area_codes": [WESTMINSTER]}
    )[0]


def officer_of(council: Council, email: str) -> User:
    user = person(email)
    StaffRole.objects.create(user=user, role=Role.OFFICER, council=council)
    return user


def opportunity_make(
    council: Council,
    *,
    status: str = OpportunityStatus.OPEN,
    closes: dt.date | None = None,
    is_example: bool = False,
) -> Opportunity:
    """A contract for recovery and wellbeing support in Westminster with three lots: £120,000 (tier T3)
    in Church Street and St James's, £45,000 (T2) and £8,000 (T1)."""
    today = timezone.localdate()
    opportunity = Opportunity.objects.create(
        council=council, kind="contract", route="procurement",
        route_reason="A service with a set specification, open to any provider.",
        title="Recovery and wellbeing support", summary="Support for people recovering from addiction and "
        "mental ill health, and for their families.",
        specification="Drop-in support, recovery groups, health and wellbeing advice, and help for families.",
        areas=[WESTMINSTER], services=["HE"], value=Decimal("173000"), duration_months=36,
        opens=today - dt.timedelta(days=7), closes=closes or today + dt.timedelta(days=30), status=status,
        published_at=timezone.now() if status != OpportunityStatus.DRAFT else None, is_example=is_example,
    )  # fmt: skip
    Lot.objects.create(
        opportunity=opportunity, number=1, title="Church Street and St James's", value=Decimal("120000"),
        areas=[CHURCH_STREET, ST_JAMESS], services=["HE"],
    )  # fmt: skip
    Lot.objects.create(opportunity=opportunity, number=2, title="Family support", value=Decimal("45000"))
    Lot.objects.create(
        opportunity=opportunity, number=3, title="Small grants for peer groups", value=Decimal("8000")
    )
    return opportunity


@dataclass
class Cast:
    """Who takes part: the lead's, a partner's and another organisation's members, the council's officer,
    another council's officer, a curator and an administrator."""

    council: Council
    opportunity: Opportunity
    lead: Organisation
    partner: Organisation
    other: Organisation
    lead_member: User
    partner_member: User
    other_member: User
    officer: User
    other_officer: User
    curator: User
    admin: User

    def lot(self, number: int) -> Lot:
        return self.opportunity.lots.get(number=number)


def bid_cast(*, geography: bool = False) -> Cast:
    register_load(geography=geography)
    council = westminster()
    elsewhere = Council.objects.create(name="Camden Council", slug="camden", area_codes=["E09000007"])
    lead, partner, other = organisation(BABYLON), organisation(SOHO), organisation(JUDITH)
    curator = person("curator@cvs.example")
    StaffRole.objects.create(user=curator, role=Role.CURATOR)
    admin = person("admin@service.example")
    StaffRole.objects.create(user=admin, role=Role.ADMIN)
    return Cast(
        council=council, opportunity=opportunity_make(council), lead=lead, partner=partner, other=other,
        lead_member=member_of(lead, "ada@babylon.example"),
        partner_member=member_of(partner, "sam@soho.example"),
        other_member=member_of(other, "jo@judith.example"),
        officer=officer_of(council, "officer@westminster.example"),
        other_officer=officer_of(elsewhere, "officer@camden.example"), curator=curator, admin=admin,
    )  # fmt: skip
