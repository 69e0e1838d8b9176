"""Who someone is to the service: the roles a request's user holds."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from commoncause.accounts.models import Role

PUBLIC = "public"
ORG_MEMBER = "org_member"
OFFICER, CURATOR, ADMIN = Role.OFFICER.value, Role.CURATOR.value, Role.ADMIN.value
ALL_ROLES = (PUBLIC, ORG_MEMBER, OFFICER, CURATOR, ADMIN)
STAFF_ROLES = frozenset({OFFICER, CURATOR, ADMIN})


def staff_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The staff roles a person holds (officer, curator, admin), cached on the user object.

    A superuser is an administrator whether or not the role was granted.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_staff_roles", None)
    if cached is None:
        cached = frozenset(user.staff_roles.values_list("role", flat=True))
        if user.is_superuser:
            cached |= {ADMIN}
        user._staff_roles = cached  # type: ignore[attr-defined]  # a cache for this request's user object
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    """Whether the person holds any of these staff roles."""
    return bool(staff_roles(user).intersection(roles))


def is_curator(user: User | AnonymousUser) -> bool:
    """Curators and administrators look after the register: approvals, the audit log, imports."""
    return has_role(user, CURATOR, ADMIN)
