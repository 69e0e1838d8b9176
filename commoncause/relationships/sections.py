"""What relationships adds to the organisation page: a link to its contacts, and its latest entries in
councils' engagement logs, each for those who may see them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from commoncause.core.sections import Section
from commoncause.register.models import Organisation
from commoncause.relationships.engagement_selectors import engagements_with
from commoncause.relationships.selectors import may_see_contacts


def organisation_contacts(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The link to the contacts page, only for the people the contacts rule lets see them."""
    if not request.user.is_authenticated or not may_see_contacts(request.user, organisation):
        return None
    return {}


CONTACTS_SECTION = Section(
    name="contacts",
    slot="after_sources",
    order=30,
    template="relationships/_organisation_contacts.html",
    context=organisation_contacts,
)


MOST_SHOWN = 5


def organisation_engagement(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The latest engagement-log entries naming the organisation, for its members and the councils'
    keepers; nothing for anyone else, or when there are none."""
    if not request.user.is_authenticated:
        return None
    found = engagements_with(request.user, organisation)
    latest = list(found[:MOST_SHOWN])
    return {"engagements": latest, "more": found.count() - len(latest)} if latest else None


ENGAGEMENT_SECTION = Section(
    name="engagement",
    slot="after_sources",
    order=35,
    template="relationships/_organisation_engagement.html",
    context=organisation_engagement,
)
