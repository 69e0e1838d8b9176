"""The engagement log: writes and the checks behind them.

A council's officers (and curators) record meetings, consultations, decisions, follow-ups and notices
of ending or cutting funding, each with the organisations taking part, an owner and a due date. Every
write is audited. Two Compact expectations are checked as they are recorded (`compact`):
- a consultation shorter than 12 weeks must say why;
- a notice of ending or cutting funding must give its reasons, and shows how far it falls short of
  three months' written notice.
Owners of open items due within `REMIND_DAYS`, or overdue, are reminded by email
(`engagement_reminders`, run daily by `manage.py engagement_reminders`), at most once every
`REMIND_DAYS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction, Council, Role
from commoncause.accounts.roles import ADMIN, CURATOR, has_role
from commoncause.accounts.services import audit_record
from commoncause.core.compact import consultation_length, notice_length
from commoncause.members.membership import is_member
from commoncause.members.notifications import decision_notify
from commoncause.register.models import Organisation
from commoncause.relationships.models import Engagement, EngagementKind, EngagementStatus

REMIND_DAYS = 7
FIELDS = (
    "kind", "title", "on", "summary", "due_on", "status", "closes_on", "shorter_because",
    "other_responses", "changed", "funding_ends_on", "reduction", "reasons",
)  # fmt: skip
LIMITS = {"title": 200, "reduction": 200}


class EngagementError(DecisionError):
    """An engagement that cannot be recorded or changed; `field` names the one at fault, if one is."""


def today() -> dt.date:
    return timezone.localdate()


def councils_kept_by(user: User) -> QuerySet[Council]:
    """The councils whose log this person keeps: an officer's own; every council for curators."""
    if has_role(user, CURATOR, ADMIN):
        return Council.objects.all()
    return Council.objects.filter(staff__user=user, staff__role=Role.OFFICER).distinct()


def may_keep_log(user: User, council: Council) -> bool:
    return user.is_authenticated and councils_kept_by(user).filter(pk=council.pk).exists()


def may_see_engagement(user: User, engagement: Engagement) -> bool:
    """The council's keepers, and the members of an organisation it names (as taking part or as
    answering a consultation); never the public."""
    if not user.is_authenticated:
        return False
    if may_keep_log(user, engagement.council):
        return True
    named = Organisation.objects.filter(
        Q(engagements=engagement) | Q(consultations_answered=engagement)
    ).distinct()
    return any(is_member(user, organisation) for organisation in named)


def owners_for(council: Council) -> QuerySet[User]:
    """Who can own an item of a council's log: its officers and the service's curators."""
    return (
        User.objects.filter(
            Q(staff_roles__role=Role.OFFICER, staff_roles__council=council)
            | Q(staff_roles__role__in=(Role.CURATOR, Role.ADMIN))
        )
        .filter(is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def _facts(engagement: Engagement) -> dict[str, Any]:
    facts: dict[str, Any] = {name: str(getattr(engagement, name) or "") for name in FIELDS}
    facts["owner"] = str(engagement.owner_id or "")
    facts["council"] = engagement.council.name
    if engagement.pk:
        facts["organisations"] = sorted(
            str(pk) for pk in engagement.organisations.values_list("pk", flat=True)
        )
        facts["respondents"] = sorted(str(pk) for pk in engagement.respondents.values_list("pk", flat=True))
    return facts


def _text(values: dict[str, Any], name: str) -> str:
    text = str(values.get(name) or "").strip()
    limit = LIMITS.get(name)
    if limit and len(text) > limit:
        raise EngagementError(
            f"{name.replace('_', ' ').capitalize()} must be {limit} characters or fewer.", field=name
        )
    return text


def _dates(values: dict[str, Any], clean: dict[str, Any]) -> None:
    for name in ("on", "due_on", "closes_on", "funding_ends_on"):
        value = values.get(name)
        if value is not None and not isinstance(value, dt.date):
            raise EngagementError("Enter a real date.", field=name)
        clean[name] = value
    if clean["on"] is None:
        raise EngagementError("Enter the date it happened.", field="on")
    if clean["due_on"] is not None and clean["due_on"] < clean["on"]:
        raise EngagementError("The due date must be on or after the day it happened.", field="due_on")


def _consultation(clean: dict[str, Any]) -> None:
    """A consultation closes after it opens, and says why when it runs under 12 weeks."""
    if clean["closes_on"] is None:
        raise EngagementError("Enter the date the consultation closes.", field="closes_on")
    if clean["closes_on"] < clean["on"]:
        raise EngagementError("The consultation must close on or after the day it opens.", field="closes_on")
    if not consultation_length(clean["on"], clean["closes_on"]).met and not clean["shorter_because"]:
        raise EngagementError(
            "Say why the consultation runs for less than 12 weeks: the Compact expects 12 weeks for a "
            "formal written consultation and an explanation of any shorter period.",
            field="shorter_because",
        )


def _notice(clean: dict[str, Any], organisations: Sequence[Organisation]) -> None:
    """A notice of ending or cutting funding names the organisation, the day and the reasons."""
    if not organisations:
        raise EngagementError("Name the organisation whose funding ends or is cut.", field="organisations")
    if clean["funding_ends_on"] is None:
        raise EngagementError("Enter the date the funding ends or is cut.", field="funding_ends_on")
    if clean["funding_ends_on"] < clean["on"]:
        raise EngagementError(
            "The funding must end on or after the day notice is given.", field="funding_ends_on"
        )
    if not clean["reasons"]:
        raise EngagementError(
            "Give the reasons: the Compact expects written notice with reasons.", field="reasons"
        )


def _checked(values: dict[str, Any], organisations: Sequence[Organisation]) -> dict[str, Any]:
    """The values to save, or the first problem, naming its field."""
    kind = str(values.get("kind") or "")
    if kind not in EngagementKind.values:
        raise EngagementError("Choose what kind of engagement this is.", field="kind")
    texts = ("title", "summary", "shorter_because", "changed", "reduction", "reasons")
    clean: dict[str, Any] = {name: _text(values, name) for name in texts}
    clean["kind"] = kind
    if not clean["title"]:
        raise EngagementError("Enter a title.", field="title")
    _dates(values, clean)
    other = values.get("other_responses")
    if other is not None and (not isinstance(other, int) or isinstance(other, bool) or other < 0):
        raise EngagementError(
            "Enter the number of other responses as a whole number, 0 or more.", field="other_responses"
        )
    clean["other_responses"] = other
    status = str(values.get("status") or EngagementStatus.OPEN)
    if status not in EngagementStatus.values:
        raise EngagementError("Choose open or done.", field="status")
    clean["status"] = status
    if kind == EngagementKind.CONSULTATION:
        _consultation(clean)
    elif kind == EngagementKind.FUNDING_NOTICE:
        _notice(clean, organisations)
    elif kind == EngagementKind.FOLLOW_UP and clean["due_on"] is None:
        raise EngagementError("Enter the date the follow-up is due.", field="due_on")
    return clean


def _owner(council: Council, owner: User | None) -> User | None:
    if owner is not None and not owners_for(council).filter(pk=owner.pk).exists():
        raise EngagementError("The owner must be an officer of the council or a curator.", field="owner")
    return owner


@transaction.atomic
def engagement_record(
    *,
    user: User,
    council: Council,
    values: dict[str, Any],
    organisations: Sequence[Organisation] = (),
    respondents: Sequence[Organisation] = (),
    owner: User | None = None,
    follows: Engagement | None = None,
) -> Engagement:
    """Record an engagement in a council's log (its officers and curators only)."""
    if not may_keep_log(user, council):
        raise EngagementError(
            "Only the council's officers and curators keep its engagement log.", not_allowed=True
        )
    clean = _checked(values, organisations)
    if follows is not None and follows.council_id != council.pk:
        raise EngagementError("A follow-up belongs to the same council's log.", field="follows")
    engagement = Engagement.objects.create(
        council=council, owner=_owner(council, owner), follows=follows, created_by=user, **clean
    )
    engagement.organisations.set(organisations)
    engagement.respondents.set(respondents)
    audit_record(actor=user, action=AuditAction.CREATE, target=engagement, after=_facts(engagement))
    return engagement


@transaction.atomic
def engagement_change(
    *,
    user: User,
    engagement: Engagement,
    values: dict[str, Any],
    organisations: Sequence[Organisation],
    respondents: Sequence[Organisation],
    owner: User | None,
) -> Engagement:
    """Change an engagement (its council's officers and curators only)."""
    if not may_keep_log(user, engagement.council):
        raise EngagementError(
            "Only the council's officers and curators keep its engagement log.", not_allowed=True
        )
    clean = _checked(values, organisations)
    before = _facts(engagement)
    engagement.owner = _owner(engagement.council, owner)
    for name, value in clean.items():
        setattr(engagement, name, value)
    engagement.save()
    engagement.organisations.set(organisations)
    engagement.respondents.set(respondents)
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=engagement, before=before, after=_facts(engagement)
    )
    return engagement


@transaction.atomic
def engagement_done(*, user: User, engagement: Engagement) -> Engagement:
    """Mark an open engagement done."""
    if not may_keep_log(user, engagement.council):
        raise EngagementError(
            "Only the council's officers and curators keep its engagement log.", not_allowed=True
        )
    if engagement.status == EngagementStatus.DONE:
        raise EngagementError("It is done already.")
    before = _facts(engagement)
    engagement.status = EngagementStatus.DONE
    engagement.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=engagement, before=before, after=_facts(engagement)
    )
    return engagement


def due_for_reminder(today: dt.date) -> QuerySet[Engagement]:
    """Open items with an owner, due within `REMIND_DAYS` or overdue, not reminded in the last
    `REMIND_DAYS`."""
    soon = today + dt.timedelta(days=REMIND_DAYS)
    last = today - dt.timedelta(days=REMIND_DAYS)
    return (
        Engagement.objects.filter(status=EngagementStatus.OPEN, owner__isnull=False, due_on__lte=soon)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=last))
        .select_related("owner", "council")
        .order_by("due_on", "pk")
    )


def engagement_reminders(*, today: dt.date, base_url: str = "") -> int:
    """Email each owner of an item due soon or overdue (see `due_for_reminder`); returns how many
    emails will be sent. Each reminder is noted on the item, so it is not sent again for a week."""
    sent = 0
    for engagement in due_for_reminder(today):
        with transaction.atomic():
            path = reverse("relationships:engagement_detail", kwargs={"engagement_id": engagement.pk})
            link = f"{base_url.rstrip('/')}{path}"
            overdue = engagement.due_on is not None and engagement.due_on < today
            emailed = decision_notify(
                person=engagement.owner,
                subject=f"{'Overdue' if overdue else 'Due soon'}: {engagement.title}",
                template="relationships/email/engagement_reminder.txt",
                context={"engagement": engagement, "overdue": overdue, "link": link, "today": today},
            )
            Engagement.objects.filter(pk=engagement.pk).update(reminded_on=today)
            sent += emailed
    return sent


def compact_checks(engagement: Engagement) -> dict[str, Any]:
    """The Compact's measures of this engagement, for its page: a consultation's length against 12
    weeks, a notice's against three months."""
    checks: dict[str, Any] = {}
    if engagement.kind == EngagementKind.CONSULTATION and engagement.closes_on:
        checks["consultation"] = consultation_length(engagement.on, engagement.closes_on)
    if engagement.kind == EngagementKind.FUNDING_NOTICE and engagement.funding_ends_on:
        checks["notice"] = notice_length(engagement.on, engagement.funding_ends_on)
    return checks


def engagements_export(user: User) -> list[dict[str, Any]]:
    """For the person's data download: the engagement-log entries they recorded or own."""
    found = Engagement.objects.filter(Q(owner=user) | Q(created_by=user)).select_related("council")
    return [
        {
            "council": engagement.council.name,
            "kind": engagement.get_kind_display(),
            "title": engagement.title,
            "on": engagement.on.isoformat(),
            "your_part": [
                part
                for part, held in (
                    ("recorded it", engagement.created_by_id == user.pk),
                    ("owns it", engagement.owner_id == user.pk),
                )
                if held
            ],
            "due": engagement.due_on.isoformat() if engagement.due_on else None,
        }
        for engagement in found.order_by("on", "pk")
    ]


def engagements_erase(user: User) -> set[str]:
    """For erasing the person: the council keeps its log, without the link to them. Nothing personal
    of theirs is copied into an entry, so no values are returned."""
    owned = Engagement.objects.filter(owner=user)
    for engagement in owned:
        audit_record(
            actor=None, action=AuditAction.UPDATE, target=engagement, before={"owner": str(user.pk)},
            after={"owner": ""}, note="Owner erased at the person's request.",
        )  # fmt: skip
    owned.update(owner=None)
    Engagement.objects.filter(created_by=user).update(created_by=None)
    return set()
