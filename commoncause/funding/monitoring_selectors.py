"""Reads of monitoring plans and returns: an award's, a return's, and those of a person's organisations.
Who may see them is decided in `funding.access` (`may_see_monitoring`, `may_write_returns`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet

from commoncause.funding.models import Award, MonitoringPlan, MonitoringReturn, ReturnStatus
from commoncause.matching.selectors import organisations_of


def award_for_monitoring(award_id: uuid.UUID | str) -> Award | None:
    """An award with what its monitoring pages show (its opportunity, council and recipient)."""
    return (
        Award.objects.select_related("opportunity__council", "organisation", "bid")
        .filter(pk=award_id)
        .first()
    )


def monitoring_plan_of(award: Award) -> MonitoringPlan | None:
    return MonitoringPlan.objects.filter(award=award).first()


def returns_of(award: Award) -> QuerySet[MonitoringReturn]:
    """An award's returns in the order they fall due."""
    return award.returns.select_related("reused_from__award__opportunity__council").order_by("due", "pk")


def return_of(award: Award, return_id: int) -> MonitoringReturn | None:
    """One of the award's returns (None when the id is another award's)."""
    return (
        MonitoringReturn.objects.select_related(
            "award__opportunity__council", "award__organisation", "reused_from__award__opportunity__council"
        )
        .filter(award=award, pk=return_id)
        .first()
    )


def returns_to_reuse(monitoring_return: MonitoringReturn) -> QuerySet[MonitoringReturn]:
    """The returns the organisation submitted for its other awards, newest first: a return may start
    from any of them."""
    award = monitoring_return.award
    return (
        MonitoringReturn.objects.filter(
            award__organisation_id=award.organisation_id, status=ReturnStatus.SUBMITTED
        )
        .exclude(award_id=award.pk)
        .select_related("award__opportunity__council")
        .order_by("-submitted_at", "-pk")
    )


@dataclass(frozen=True)
class PersonsReturns:
    """A person's organisations' returns: still to do (soonest first) and done (latest first)."""

    to_do: list[MonitoringReturn]
    done: list[MonitoringReturn]


def returns_for(user: User) -> PersonsReturns:
    """The returns of the awards made to the person's organisations."""
    found = MonitoringReturn.objects.filter(award__organisation__in=organisations_of(user)).select_related(
        "award__opportunity__council", "award__organisation"
    )
    return PersonsReturns(
        to_do=list(found.exclude(status=ReturnStatus.SUBMITTED).order_by("due", "pk")),
        done=list(found.filter(status=ReturnStatus.SUBMITTED).order_by("-submitted_at", "-pk")),
    )
