"""Reads about contacts, always through who is asking: the public never reaches them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from commoncause.accounts.roles import ADMIN, CURATOR, OFFICER, has_role
from commoncause.accounts.selectors import officer_area_codes
from commoncause.members.membership import is_member
from commoncause.places.selectors import organisation_is_in
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_works_in
from commoncause.relationships.models import Contact, ContactStatus


def _officer_here(user: User, organisation: Organisation) -> bool:
    """An officer of a council whose area the organisation works in or is placed in by its postcode
    (councils are tenants: their officers see the people behind the organisations in their own area,
    not the whole country's)."""
    if not has_role(user, OFFICER):
        return False
    codes = officer_area_codes(user)
    return organisation_works_in(organisation, codes) or organisation_is_in(organisation, codes)


def may_see_contacts(user: User, organisation: Organisation) -> bool:
    """The organisation's own members, curators, and officers of a council it works in; never the public."""
    return (
        has_role(user, CURATOR, ADMIN) or is_member(user, organisation) or _officer_here(user, organisation)
    )


def contacts_for(user: User, organisation: Organisation) -> QuerySet[Contact]:
    """The organisation's contacts as this person may see them: members and curators see those still
    waiting for a check; officers of a council it works in see checked ones only; anyone else none."""
    contacts = Contact.objects.filter(organisation=organisation)
    if has_role(user, CURATOR, ADMIN) or is_member(user, organisation):
        return contacts
    if _officer_here(user, organisation):
        return contacts.filter(status=ContactStatus.APPROVED)
    return contacts.none()


def contacts_waiting() -> QuerySet[Contact]:
    """New contacts and changes to checked ones, waiting for a curator, oldest first."""
    return (
        Contact.objects.filter(Q(status=ContactStatus.PENDING) | ~Q(proposed={}))
        .select_related("organisation", "proposed_by")
        .order_by("updated_at", "pk")
    )
