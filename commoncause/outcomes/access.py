"""Who may see and change outcomes' records, always through who is asking.

- A council's framework, values, dashboard and scenarios are its officers' (and administrators'): they
  read and change them. A scenario weighs named organisations' funding, so it is never public.
- An organisation's dashboard is seen by its members, and by the officers of councils that fund it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from commoncause.accounts.models import Council
from commoncause.accounts.roles import ADMIN, has_role
from commoncause.funding.models import Award
from commoncause.matching.selectors import officer_councils
from commoncause.members.membership import is_member
from commoncause.register.models import Organisation

Person = User | AnonymousUser


def councils_kept(user: Person) -> QuerySet[Council]:
    """The councils whose outcomes this person keeps: an officer's own, every one for administrators."""
    if not user.is_authenticated:
        return Council.objects.none()
    if has_role(user, ADMIN):
        return Council.objects.order_by("name")
    return officer_councils(user).order_by("name")


def may_keep_outcomes(user: Person, council: Council) -> bool:
    return councils_kept(user).filter(pk=council.pk).exists()


def may_see_organisation_outcomes(user: Person, organisation: Organisation) -> bool:
    """Its members, officers of a council that made it an award, and administrators."""
    if not user.is_authenticated:
        return False
    if is_member(user, organisation) or has_role(user, ADMIN):
        return True
    return Award.objects.filter(
        organisation=organisation, opportunity__council__in=officer_councils(user)
    ).exists()
