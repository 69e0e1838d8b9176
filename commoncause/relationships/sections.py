"""What relationships adds to the organisation page: a link to its contacts, for those who may see them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from commoncause.core.sections import Section
from commoncause.register.models import Organisation
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
