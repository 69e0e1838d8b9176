"""Reminders of monitoring returns: the recipient's members are emailed about each return not submitted
that is due within `REMIND_DAYS` or overdue, at most once every `REMIND_AGAIN_DAYS`; run daily by
`manage.py monitoring_reminders`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from commoncause.funding.models import MonitoringReturn, ReturnStatus
from commoncause.funding.monitoring_schedule import long_date
from commoncause.matching.selectors import members_of
from commoncause.members.notifications import decision_notify

REMIND_DAYS = 14
REMIND_AGAIN_DAYS = 7
EMAIL = "funding/monitoring/email_reminder.txt"


@dataclass(frozen=True)
class Reminder:
    """One return reminded: to how many of the recipient's members."""

    monitoring_return: MonitoringReturn
    overdue: bool
    emailed: int

    def __str__(self) -> str:
        found = self.monitoring_return
        return (
            f"{found.award.organisation.name}: {found.period} for {found.award.opportunity.title}, "
            f"{'overdue since' if self.overdue else 'due'} {long_date(found.due)}: "
            f"emailed {self.emailed} member{'s' if self.emailed != 1 else ''}."
        )


def returns_due_for_reminder(today: dt.date) -> QuerySet[MonitoringReturn]:
    """Returns not submitted, due within `REMIND_DAYS` or overdue, not reminded in the last week."""
    again = today - dt.timedelta(days=REMIND_AGAIN_DAYS)
    return (
        MonitoringReturn.objects.exclude(status=ReturnStatus.SUBMITTED)
        .filter(due__lte=today + dt.timedelta(days=REMIND_DAYS))
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__date__lte=again))
        .select_related("award__organisation", "award__opportunity__council")
        .order_by("due", "pk")
    )


def _on(day: dt.date) -> dt.datetime:
    """This time of day on `day`: when a run "as on" a day notes its reminders."""
    return timezone.make_aware(dt.datetime.combine(day, timezone.localtime().time().replace(tzinfo=None)))


def monitoring_reminders(*, today: dt.date, base_url: str) -> list[Reminder]:
    """Email the recipient's members of each return due soon or overdue (links start with `base_url`).
    A return is marked reminded only when someone was emailed, so a member who confirms their address
    later still hears of it."""
    sent = []
    for found in returns_due_for_reminder(today):
        with transaction.atomic():
            path = reverse(
                "funding:return_detail", kwargs={"award_id": found.award_id, "return_id": found.pk}
            )
            overdue = found.due < today
            link = f"{base_url.rstrip('/')}{path}"
            context = {"monitoring_return": found, "award": found.award, "overdue": overdue, "link": link}
            subject = (
                f"{'Overdue' if overdue else 'Due soon'}: your return for {found.award.opportunity.title}"
            )
            emailed = sum(
                decision_notify(person=person, subject=subject, template=EMAIL, context=context)
                for person in members_of(found.award.organisation)
            )
            if emailed:
                MonitoringReturn.objects.filter(pk=found.pk).update(reminded_at=_on(today))
            sent.append(Reminder(found, overdue, emailed))
    return sent
