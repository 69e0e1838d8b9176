"""The small cast every permission test uses: the public, people with accounts, and staff."""

from __future__ import annotations

from django.contrib.auth.models import User

from commoncause.accounts.models import Council, Role, StaffRole

PASSWORD = "correct horse battery staple"


def person(email: str, *, superuser: bool = False) -> User:
    """An account signed in by this email address."""
    make = User.objects.create_superuser if superuser else User.objects.create_user
    return make(username=email, email=email, password=PASSWORD)


def council() -> Council:
    return Council.objects.get_or_create(
        slug="belfast", defaults={"name": "Belfast City Council", "area_codes": ["N09000003"]}
    )[0]


def staff(email: str, role: str) -> User:
    user = person(email)
    StaffRole.objects.create(user=user, role=role, council=council() if role == Role.OFFICER else None)
    return user
