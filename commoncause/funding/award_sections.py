"""What awards add to the organisation page: the contracts it was awarded through the service, next to
its grants (a grant round's award shows among the grants, through the grant it was published as)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from commoncause.core.sections import Section
from commoncause.funding.models import Award, OpportunityKind
from commoncause.register.models import Organisation


def contract_awards_of(organisation: Organisation) -> QuerySet[Award]:
    """The contracts awarded to an organisation through the service, newest first. Awards are public."""
    return (
        Award.objects.filter(organisation=organisation, opportunity__kind=OpportunityKind.CONTRACT)
        .select_related("opportunity__council", "bid__lot")
        .order_by("-award_date", "-id")
    )


def organisation_awards(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The organisation's contract awards with their total; nothing when it has none."""
    awards = list(contract_awards_of(organisation))
    if not awards:
        return None
    return {
        "contract_awards": awards,
        "contract_awards_total": sum((award.amount for award in awards), Decimal(0)),
        "contract_awards_examples": sum(1 for award in awards if award.is_example),
    }


AWARDS_SECTION = Section(
    name="contract_awards",
    slot="after_activities",
    order=11,  # straight after the grants
    template="funding/_organisation_awards.html",
    context=organisation_awards,
)
