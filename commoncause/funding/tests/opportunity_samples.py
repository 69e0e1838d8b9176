"""Opportunities of the demo council (Westminster) for the tests: an officer of it, and the values of a
contract for lunch clubs and befriending, as its officers would draft it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from commoncause.accounts.models import Council, Role, StaffRole
from commoncause.accounts.tests.cast import person
from commoncause.places.tests.westminster import CHURCH_STREET, WESTMINSTER

TODAY = dt.date(2027, 1, 11)
CRITERIA = [
    {"name": "Quality of the service", "weight": 50, "guidance": "How you will run it, week by week."},
    {"name": "Local knowledge", "weight": 30, "guidance": ""},
    {"name": "Value for money", "weight": 20, "guidance": ""},
]


def westminster_council() -> Council:
    return Council.objects.get_or_create(
        slug="westminster",
        defaults={"name": "Westminster City Council", "area_codes": [WESTMINSTER], "org_id": "GB-LAE-WSM"},
    )[0]


def westminster_officer(email: str = "commissioner@westminster.example") -> User:
    user = person(email)
    StaffRole.objects.create(user=user, role=Role.OFFICER, council=westminster_council())
    return user


def contract_values(**changed: Any) -> dict[str, Any]:
    """A three-year contract for lunch clubs and befriending for older people across Westminster."""
    values: dict[str, Any] = {
        "kind": "contract",
        "route": "procurement",
        "route_reason": "The service is specified in detail and must be delivered to a set standard.",
        "title": "Lunch clubs and befriending for older people",
        "summary": "Lunch clubs and befriending for older people who live alone.",
        "specification": (
            "We want lunch clubs, befriending visits and advice for older people who live alone, "
            "so that fewer are lonely and more stay well at home."
        ),
        "outcomes": "Fewer older people feel lonely.",
        "eligibility": "Charities and community groups working in Westminster.",
        "areas": [WESTMINSTER],
        "who": [],
        "services": [],
        "value": Decimal("900000.00"),
        "duration_months": 36,
        "short_term_reason": "",
        "opens": None,
        "closes": TODAY + dt.timedelta(days=42),
        "decision_by": TODAY + dt.timedelta(days=70),
        "starts": TODAY + dt.timedelta(days=90),
        "criteria": CRITERIA,
        "replaces_programme": "",
    }
    values.update(changed)
    return values


CHURCH_STREET_ONLY = [CHURCH_STREET]
