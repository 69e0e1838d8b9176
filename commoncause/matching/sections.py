"""What matching adds to the organisation page: for its own members, the approaches made to it, the
capacity self-diagnostic and the resource exchange."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from commoncause.core.sections import Section
from commoncause.matching.models import Approach, ApproachStatus
from commoncause.members.membership import is_member
from commoncause.register.models import Organisation


def organisation_matching(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """Only the organisation's members see it: approaches are between them and the council."""
    if not request.user.is_authenticated or not is_member(request.user, organisation):
        return None
    waiting = Approach.objects.filter(organisation=organisation, status=ApproachStatus.CONTACTED).count()
    return {"approaches_waiting": waiting, "matching_org": organisation}


MATCHING_SECTION = Section(
    name="matching",
    slot="after_sources",
    order=40,
    template="matching/_organisation_matching.html",
    context=organisation_matching,
)
