"""Reads about contacts, always through who is asking: the public never reaches them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from commoncause.accounts.roles import ADMIN, CURATOR, OFFICER, has_role
from commoncause.register.membership import is_member
from commoncause.register.models import Organisation
from commoncause.relationships.models import Contact, ContactStatus


def may_see_contacts(user: User, organisation: Organisation) -> bool:
    """Council officers, curators and the organisation's own members; never the public."""
    return has_role(user, OFFICER, CURATOR, ADMIN) or is_member(user, organisation)


def contacts_for(user: User, organisation: Organisation) -> QuerySet[Contact]:
    """The organisation's contacts as this person may see them: members and curators see those still
    waiting for a check; officers see checked ones only; anyone else sees none."""
    contacts = Contact.objects.filter(organisation=organisation)
    if has_role(user, CURATOR, ADMIN) or is_member(user, organisation):
        return contacts
    if has_role(user, OFFICER):
        return contacts.filter(status=ContactStatus.APPROVED)
    return contacts.none()


def contacts_waiting() -> QuerySet[Contact]:
    """New contacts and changes to checked ones, waiting for a curator, oldest first."""
    return (
        Contact.objects.filter(Q(status=ContactStatus.PENDING) | ~Q(proposed={}))
        .select_related("organisation", "proposed_by")
        .order_by("updated_at", "pk")
    )
