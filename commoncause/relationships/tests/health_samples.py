"""People and rounds for the health check's tests: the cast's council (Belfast), its officers, members
of an organisation working there, and a round answered through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import User

from commoncause.accounts.models import Council, StaffRole
from commoncause.accounts.tests.cast import council, person
from commoncause.members.models import Membership, MembershipStatus
from commoncause.register.models import Organisation
from commoncause.relationships.health.models import HealthRound
from commoncause.relationships.health.services import (
    health_response_save,
    health_round_create,
    health_round_open,
)
from commoncause.relationships.tests.samples import works_in_belfast

OPENS, CLOSES = dt.date(2026, 4, 1), dt.date(2026, 5, 31)


def officers(how_many: int, *, start: int = 0, of: Council | None = None) -> list[User]:
    """Officers of the council (Belfast unless said)."""
    made = []
    for n in range(start, start + how_many):
        user = person(f"officer{n}@{(of or council()).slug}.example")
        StaffRole.objects.create(user=user, role="officer", council=of or council())
        made.append(user)
    return made


def sector_organisation(name: str = "Larch Street Lunch Club") -> Organisation:
    """An organisation that works in Belfast."""
    organisation = Organisation.objects.create(name=name)
    works_in_belfast(organisation)
    return organisation


def sector_members(how_many: int, *, start: int = 0, organisation: Organisation | None = None) -> list[User]:
    """Approved members of an organisation working in Belfast."""
    organisation = organisation or Organisation.objects.filter(name="Larch Street Lunch Club").first()
    organisation = organisation or sector_organisation()
    made = []
    for n in range(start, start + how_many):
        user = person(f"member{n}@lunch-club.example")
        Membership.objects.create(user=user, organisation=organisation, status=MembershipStatus.APPROVED)
        made.append(user)
    return made


def open_round(by: User, keys: Sequence[str] = ("health:LA1", "health:VCS1", "barriers:E1")) -> HealthRound:
    made = health_round_create(user=by, council=council(), name="2026", opens=OPENS, closes=CLOSES, keys=keys)
    return health_round_open(user=by, health_round=made)


def answer(
    user: User,
    health_round: HealthRound,
    ratings: Mapping[str, int | None],
    evidence: Mapping[str, str] | None = None,
) -> None:
    """Answer a round through the service: a rating by statement code (None: don't know)."""
    said = evidence or {}
    by_code = {s.code: s.pk for s in health_round.statements.all()}
    answers = {by_code[code]: (rating, said.get(code, "")) for code, rating in ratings.items()}
    health_response_save(user=user, health_round=health_round, answers=answers)
