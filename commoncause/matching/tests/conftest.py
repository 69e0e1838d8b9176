"""A small register for the workflow's tests: three real charities of the UK-CAT sample
(`data/demo/ukcat_sample_ccew_2000.csv`) with their own names, words and incomes, a council's officer,
a member of the lunch club and one of the football club, and the lunch club's hall on the exchange
board."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import Council, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import council, person
from commoncause.matching import matcher
from commoncause.matching.models import Need, NeedKind, NeedStatus, Offer
from commoncause.matching.needs import need_post
from commoncause.matching.tests.engine_samples import sample_rows
from commoncause.members.models import Membership, MembershipStatus
from commoncause.register.models import Organisation, OrgIdentifier

# Keys of the register fixture: what each charity is, by its charity number in the sample.
LUNCH = "GB-CHC-1039978"  # Thame Senior Friendship Centre: lunches and company for isolated older people
FOOTBALL = "GB-CHC-1042190"  # Hetton Juniors Football Club
TRUST = "GB-CHC-1168173"  # Abbeyfield Wey Valley Society: care homes for older people, £4.5 million a year
LEGAL_FORMS = {  # the sample gives none: as the register would hold a CIO and a charitable company
    LUNCH: "Charitable incorporated organisation",
    FOOTBALL: "Charitable incorporated organisation",
    TRUST: "Charitable company",
}
HALL = {
    "kind": "premises", "title": "Church hall on weekday mornings",
    "description": "A hall with a kitchen, seating sixty, step-free.", "areas": "E09000033",
    "capacity": "60 seated", "availability": "Weekday mornings",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _corpus_forgotten() -> Iterator[None]:
    """Each test's register is its own: the matcher's prepared corpus is dropped before and after."""
    matcher.forget()
    yield
    matcher.forget()


@pytest.fixture
def register(db: None) -> dict[str, Organisation]:
    made = {}
    for org_id in (LUNCH, FOOTBALL, TRUST):
        row = sample_rows()[org_id]
        organisation = Organisation.objects.create(
            name=row["name"], activities=row["activities"], charitable_objects=row["objects"],
            legal_form=LEGAL_FORMS[org_id], postcode=row["postcode"],
            latest_income=round(float(row["income"])),
        )  # fmt: skip
        OrgIdentifier.objects.create(
            organisation=organisation,
            org_id=org_id,
            scheme="GB-CHC",
            value=row["reg_number"],
            is_primary=True,
        )
        made[org_id] = organisation
    matcher.forget()
    return made


@pytest.fixture
def lunch_member(register: dict[str, Organisation]) -> User:
    """A member of the lunch club, with a confirmed address (so approaches are emailed to them)."""
    user = person("ada@lunch-club.example")
    VerifiedEmail.objects.create(user=user, email=user.email)
    Membership.objects.create(user=user, organisation=register[LUNCH], status=MembershipStatus.APPROVED)
    return user


@pytest.fixture
def footballer(register: dict[str, Organisation]) -> User:
    """A member of the football club."""
    user = person("coach@football.example")
    Membership.objects.create(user=user, organisation=register[FOOTBALL], status=MembershipStatus.APPROVED)
    return user


@pytest.fixture
def hall(client: Client, lunch_member: User, register: dict[str, Organisation]) -> Offer:
    """The lunch club's hall on the board, offered by its member through the form."""
    client.force_login(lunch_member)
    response = client.post("/exchange/offers/new/", {**HALL, "organisation": str(register[LUNCH].pk)})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Offer.objects.get()


@pytest.fixture
def other_officer(db: None) -> User:
    """An officer of another council."""
    user = person("officer@elsewhere.example")
    elsewhere = Council.objects.create(name="Elsewhere Council", slug="elsewhere", area_codes=["E09000001"])
    StaffRole.objects.create(user=user, role="officer", council=elsewhere)
    return user


def lunch_need(officer: User, *, status: str = NeedStatus.OPEN, **values: object) -> Need:
    return need_post(
        user=officer,
        council=council(),
        values={
            "kind": NeedKind.SERVICE,
            "title": "Lunch for older people",
            "description": "A lunch club where older people who live alone can eat and meet.",
            "status": status,
            **values,
        },
    )
