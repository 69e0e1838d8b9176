"""Reads about needs, approaches and offers, always through who is asking.

Who sees a need: the people who keep it (curators, officers of its council, its poster and the
members of the organisation that posted it) see it in every state, with its ranked matches and its
approaches; anyone else sees an open need's page only (what it seeks), and nothing of a draft or a
closed one. An approach is seen by the need's keepers and the approached organisation's members.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from commoncause.accounts.models import Council, Role
from commoncause.accounts.roles import ADMIN, CURATOR, OFFICER, has_role
from commoncause.matching.models import Approach, Diagnostic, Need, NeedKind, NeedStatus, PosterKind
from commoncause.members.membership import is_member
from commoncause.members.models import Membership, MembershipStatus
from commoncause.register.models import Organisation

Person = User | AnonymousUser


def officer_councils(user: Person) -> QuerySet[Council]:
    """The councils the person is an officer of."""
    if not user.is_authenticated or not has_role(user, OFFICER):
        return Council.objects.none()
    return Council.objects.filter(staff__user=user, staff__role=Role.OFFICER).distinct()


def organisations_of(user: Person) -> QuerySet[Organisation]:
    """The organisations the person is an approved member of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.APPROVED
    ).order_by("name")


def may_keep_need(user: Person, need: Need) -> bool:
    """Curators, officers of the need's council, its poster and its organisation's members."""
    if not user.is_authenticated:
        return False
    if has_role(user, CURATOR, ADMIN) or need.created_by_id == user.pk:
        return True
    if need.council_id is not None and officer_councils(user).filter(pk=need.council_id).exists():
        return True
    return need.organisation is not None and is_member(user, need.organisation)


def may_see_need(user: Person, need: Need) -> bool:
    return need.status == NeedStatus.OPEN or may_keep_need(user, need)


def may_post_needs(user: Person) -> bool:
    """Officers, curators and members of an organisation may post needs."""
    if not user.is_authenticated:
        return False
    return has_role(user, OFFICER, CURATOR, ADMIN) or organisations_of(user).exists()


def need_poster(user: User, *, poster_kind: str, chosen: str = "") -> dict[str, Any]:
    """For whom a person posts a need: an organisation of theirs when it is posted as an
    organisation's (the one chosen, else their first), otherwise their council as its officer (a
    curator's or a funder's may have none). Raises ValueError, in words, when they cannot post so."""
    organisations = list(organisations_of(user))
    if poster_kind == PosterKind.ORGANISATION or not has_role(user, OFFICER, CURATOR, ADMIN):
        if not organisations:
            raise ValueError(
                "You are not a member of an organisation: post it as a council officer or a funder."
            )
        chosen_one = next((org for org in organisations if str(org.pk) == chosen), organisations[0])
        return {"organisation": chosen_one}
    return {"council": officer_councils(user).first()}


def needs_for(user: Person) -> QuerySet[Need]:
    """The needs this person may see listed, newest first: every open one, and those they keep in any
    state. Ordered to the record, so that pages of the list neither repeat nor skip a need."""
    needs = Need.objects.select_related("council", "organisation").order_by("-created_at", "-pk")
    if not user.is_authenticated:
        return needs.filter(status=NeedStatus.OPEN)
    if has_role(user, CURATOR, ADMIN):
        return needs
    kept = (
        Q(status=NeedStatus.OPEN)
        | Q(created_by=user)
        | Q(council__in=officer_councils(user))
        | Q(organisation__in=organisations_of(user))
    )
    return needs.filter(kept)


def open_funds() -> QuerySet[Need]:
    return Need.objects.filter(kind=NeedKind.FUND, status=NeedStatus.OPEN).order_by("closes", "title")


def approaches_of_need(need: Need) -> QuerySet[Approach]:
    return need.approaches.select_related("organisation").order_by("created_at", "pk")


def approaches_for_member(user: Person) -> QuerySet[Approach]:
    """Approaches made to the person's organisations (contacted or later: a shortlist is the keepers')."""
    return (
        Approach.objects.filter(organisation__in=organisations_of(user))
        .exclude(status="shortlisted")
        .select_related("need", "organisation")
        .order_by("-contacted_at", "-pk")
    )


def diagnostics_of(organisation: Organisation) -> QuerySet[Diagnostic]:
    """The organisation's capacity diagnostics, newest first, with who took each."""
    return organisation.diagnostics.select_related("created_by").order_by("-created_at", "-pk")


def members_of(organisation: Organisation) -> list[User]:
    """The organisation's approved members, who hear of an approach."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation=organisation, status=MembershipStatus.APPROVED
        ).select_related("user")
    ]
