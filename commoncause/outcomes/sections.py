"""What outcomes adds to the organisation page: a link to what its awards achieve, for those who may see
it (its members, officers of councils that fund it); nothing for anyone else or without awards."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from commoncause.core.sections import Section
from commoncause.funding.models import Award, MonitoringReturn, ReturnStatus
from commoncause.outcomes.access import may_see_organisation_outcomes
from commoncause.register.models import Organisation


def organisation_outcomes(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    awards = Award.objects.filter(organisation=organisation)
    if not awards.exists() or not may_see_organisation_outcomes(request.user, organisation):
        return None
    returns = MonitoringReturn.objects.filter(award__organisation=organisation, status=ReturnStatus.SUBMITTED)
    return {
        "outcomes_awards": awards.count(),
        "outcomes_returns": returns.count(),
        "outcomes_org": organisation.pk,
    }


OUTCOMES_SECTION = Section(
    name="organisation_outcomes",
    slot="after_activities",
    order=12,  # after the grants and contracts
    template="outcomes/_organisation_section.html",
    context=organisation_outcomes,
)
