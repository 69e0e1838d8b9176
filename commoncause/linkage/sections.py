"""What linkage adds to the organisation page: for curators, the records linked into this one (each
with an undo), a link to link it into another, and the possible duplicates it is one of."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from commoncause.accounts.roles import is_curator
from commoncause.core.sections import Section
from commoncause.linkage.queue import pending_involving
from commoncause.linkage.selectors import links_into
from commoncause.register.models import Organisation


def organisation_links(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """Curators only: the links they may undo or make, and pairs waiting for them."""
    if not is_curator(request.user):
        return None
    return {
        "linked_records": links_into(organisation),
        "possible_duplicates": pending_involving(organisation),
    }


LINKS_SECTION = Section(
    name="links",
    slot="after_sources",
    order=20,
    template="linkage/_organisation_links.html",
    context=organisation_links,
)
