"""What commissioning holds about a person, for the download of their data and for erasing them (the
holder `accounts.personal_data` calls): the opportunities they drafted or published, the bids they
started or submitted, the invitations they sent or answered, the documents they uploaded, the scores
and moderations they gave, the awards, changes of funding and monitoring plans they made, and the
returns they wrote.

Erasing a person keeps each record, which is a council's or an organisation's: only the link to the
person goes (an assessor's scores stay, unnamed). The records hold no free text of the person's own
name or address, so nothing else is blanked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Q

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.funding.models import (
    Assessment,
    Award,
    Bid,
    BidDocument,
    BidPartner,
    FundingChange,
    Moderation,
    MonitoringPlan,
    MonitoringReturn,
    Opportunity,
)


@dataclass(frozen=True)
class Held:
    """A kind of record, the fields that link it to a person (with what the link means), and how the
    download names one."""

    model: type[models.Model]
    links: dict[str, str]  # field → what the person did

    def of(self, user: User) -> models.QuerySet[Any]:
        linked = Q()
        for name in self.links:
            linked |= Q(**{name: user})
        return self.model._default_manager.filter(linked).order_by("pk")


HELD = (
    Held(Opportunity, {"created_by": "drafted it", "published_by": "published it"}),
    Held(Bid, {"created_by": "started it", "submitted_by": "submitted it"}),
    Held(BidPartner, {"invited_by": "invited the organisation", "answered_by": "answered for it"}),
    Held(BidDocument, {"uploaded_by": "uploaded it"}),
    Held(Assessment, {"assessor": "scored the bid"}),
    Held(Moderation, {"moderated_by": "moderated the scores"}),
    Held(Award, {"created_by": "made the award"}),
    Held(FundingChange, {"created_by": "recorded the change"}),
    Held(MonitoringPlan, {"created_by": "saved the plan"}),
    Held(MonitoringReturn, {"created_by": "started it", "submitted_by": "submitted it"}),
)


def _what(record: models.Model) -> dict[str, Any]:
    """A record as the download describes it: what it is, without other people's details."""
    if isinstance(record, Assessment):
        return {"bid": str(record.bid_id), "scores": record.scores, "comments": record.comments}
    if isinstance(record, Moderation):
        return {"bid": str(record.bid_id), "scores": record.scores, "reasons": record.reasons}
    if isinstance(record, BidDocument):
        return {"bid": str(record.bid_id), "name": record.name, "size": record.size}
    if isinstance(record, MonitoringReturn):
        return {"award": str(record.award_id), "period": record.period, "narrative": record.narrative}
    return {"record": str(record)}


def funding_export(user: User) -> list[dict[str, Any]]:
    """Each commissioning record that names the person, with what they did."""
    found = []
    for held in HELD:
        for record in held.of(user):
            did = [what for name, what in held.links.items() if getattr(record, f"{name}_id") == user.pk]
            found.append(
                {"kind": record._meta.verbose_name, "id": str(record.pk), "you": did, **_what(record)}
            )
    return found


@transaction.atomic
def funding_erase(user: User) -> set[str]:
    """Unlink the person from every commissioning record; the records stay. No values to forget."""
    for held in HELD:
        for name in held.links:
            records = list(held.model._default_manager.filter(**{name: user}))
            if not records:
                continue
            held.model._default_manager.filter(pk__in=[record.pk for record in records]).update(
                **{name: None}
            )
            for record in records:
                audit_record(
                    actor=None, action=AuditAction.ERASE, target=record, before={name: user.pk},
                    after={name: None}, note="A person's account erased: the record kept, unlinked",
                )  # fmt: skip
    return set()
