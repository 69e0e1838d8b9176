"""The cast of the security tests: the real charity, its member, staff, and someone asking to join."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from commoncause.accounts.models import VerifiedEmail
from commoncause.accounts.tests.cast import person
from commoncause.register.models import Organisation
from commoncause.relationships.tests.samples import works_in_belfast
from tests.security.hostile import World


@pytest.fixture
def world(
    charity: Organisation,
    member_of_charity: User,
    curator: User,
    officer: User,
    admin_user: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> World:
    works_in_belfast(charity)  # the officer's council covers it, so the officer sees its contacts
    asker = person("asker@elsewhere.example")
    VerifiedEmail.objects.create(user=asker, email=asker.email)  # so decisions are emailed to them
    users: dict[str, User | None] = {
        "anonymous": None,
        "member": member_of_charity,
        "asker": asker,
        "curator": curator,
        "officer": officer,
        "admin": admin_user,
    }
    return World(charity=charity, users=users, on_commit=django_capture_on_commit_callbacks)
