"""Reads of the engagement log, always for one council (its officers' and curators') or one
organisation (as its members and the councils' keepers see it)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from commoncause.accounts.models import Council
from commoncause.members.membership import is_member
from commoncause.register.models import Organisation
from commoncause.relationships.engagement import councils_kept_by
from commoncause.relationships.models import Engagement


def engagements_of_council(council: Council, *, kind: str = "", status: str = "") -> QuerySet[Engagement]:
    """A council's log, newest first, of one kind or status if asked."""
    found = Engagement.objects.filter(council=council).select_related("owner")
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    return found.order_by("-on", "-pk")


def engagements_with(user: User, organisation: Organisation) -> QuerySet[Engagement]:
    """The engagements naming an organisation that this person may see: all of them for its members;
    those of the councils they keep for officers and curators; none for anyone else."""
    named = Engagement.objects.filter(Q(organisations=organisation) | Q(respondents=organisation))
    if not user.is_authenticated:
        return Engagement.objects.none()
    if not is_member(user, organisation):
        named = named.filter(council__in=councils_kept_by(user))
    return (
        Engagement.objects.filter(pk__in=named.values("pk")).select_related("council").order_by("-on", "-pk")
    )
