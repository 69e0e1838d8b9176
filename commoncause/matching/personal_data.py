"""What matching holds about a person, for the download of their data and for erasing them (the
holder `accounts.personal_data` calls): the needs and offers they posted, the requests to book they
made or answered, the approaches they took a step of, and the capacity diagnostics they took.

Erasing a person keeps each record, which is an organisation's or a council's: the link to the person
goes, and a free-text field holding their own name or email address is blanked. A title or a
description, which the record cannot do without, keeps its words with their name and address replaced
by "[erased]", as the audit log writes them. The values removed are returned, so that the audit log
forgets them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Q

from commoncause.accounts.erasure import SHORTEST_VALUE
from commoncause.accounts.models import ERASED, AuditAction
from commoncause.accounts.services import audit_record
from commoncause.matching.models import Approach, BookingRequest, Diagnostic, Need, Offer

APPROACH_STEPS = {
    "shortlisted_by": "shortlisted it",
    "contacted_by": "contacted the organisation",
    "answered_by": "answered for the organisation",
    "outcome_by": "recorded the outcome",
}


@dataclass(frozen=True)
class Held:
    """A kind of record: the fields linking it to people, and its free text."""

    model: type[models.Model]
    links: tuple[str, ...]
    blanked: tuple[str, ...]  # emptied when they hold the person's name or address
    kept: tuple[str, ...]  # the record's title and description: only the name and address go


HELD = (
    Held(Need, ("created_by",), ("funder_name", "outcomes", "pays_for"), ("title", "description")),
    Held(
        Offer,
        ("created_by",),
        ("offered_by_name", "capacity", "accessibility", "availability"),
        ("title", "description"),
    ),
    Held(BookingRequest, ("created_by", "decided_by"), ("message", "reason"), ()),
    Held(Approach, tuple(APPROACH_STEPS), ("answer_reason", "outcome"), ()),
    Held(Diagnostic, ("created_by",), (), ()),  # its notes are in its answers: see `_notes_blanked`
)


def _when(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _needs(user: User) -> list[dict[str, Any]]:
    return [
        {
            "record": "need",
            "your_part": ["posted it"],
            "title": need.title,
            "kind": need.get_kind_display(),
            "status": need.get_status_display(),
            "for": need.poster_name,
            "description": need.description,
            "outcomes": need.outcomes,
            "posted": _when(need.created_at),
        }
        for need in Need.objects.filter(created_by=user).select_related("council", "organisation")
    ]


def _offers(user: User) -> list[dict[str, Any]]:
    return [
        {
            "record": "offer",
            "your_part": ["offered it"],
            "title": offer.title,
            "kind": offer.get_kind_display(),
            "status": offer.get_status_display(),
            "offered_by": offer.offered_by,
            "description": offer.description,
            "offered": _when(offer.created_at),
        }
        for offer in Offer.objects.filter(created_by=user).select_related("organisation")
    ]


def _bookings(user: User) -> list[dict[str, Any]]:
    found = BookingRequest.objects.filter(Q(created_by=user) | Q(decided_by=user))
    rows = []
    for booking in found.select_related("offer", "organisation"):
        asked = booking.created_by_id == user.pk
        parts = ["asked for the organisation"] * asked + ["answered it"] * (booking.decided_by_id == user.pk)
        rows.append(
            {
                "record": "request to book",
                "your_part": parts,
                "offer": booking.offer.title,
                "for": booking.organisation.name,
                "status": booking.get_status_display(),
                "wanted_from": _when(booking.wanted_from),
                "wanted_to": _when(booking.wanted_to),
                "your_message": booking.message if asked else "",
                "reason": booking.reason,
                "asked": _when(booking.created_at),
                "answered": _when(booking.decided_at),
            }
        )
    return rows


def _approaches(user: User) -> list[dict[str, Any]]:
    took_part = Q()
    for link in APPROACH_STEPS:
        took_part |= Q(**{link: user})
    rows = []
    for approach in Approach.objects.filter(took_part).select_related("need", "organisation"):
        parts = [part for link, part in APPROACH_STEPS.items() if getattr(approach, f"{link}_id") == user.pk]
        rows.append(
            {
                "record": "approach",
                "your_part": parts,
                "need": approach.need.title,
                "organisation": approach.organisation.name,
                "status": approach.get_status_display(),
                "answer_reason": approach.answer_reason if approach.answered_by_id == user.pk else "",
                "outcome": approach.outcome if approach.outcome_by_id == user.pk else "",
                "shortlisted": _when(approach.created_at),
                "contacted": _when(approach.contacted_at),
                "answered": _when(approach.answered_at),
                "outcome_recorded": _when(approach.outcome_at),
            }
        )
    return rows


def _diagnostics(user: User) -> list[dict[str, Any]]:
    return [
        {
            "record": "capacity diagnostic",
            "your_part": ["took it"],
            "organisation": diagnostic.organisation.name,
            "answers": diagnostic.answers,
            "answered": _when(diagnostic.created_at),
        }
        for diagnostic in Diagnostic.objects.filter(created_by=user).select_related("organisation")
    ]


def matching_export(user: User) -> list[dict[str, Any]]:
    """For the person's data download: every matching record they made, or took a step of."""
    return [*_needs(user), *_offers(user), *_bookings(user), *_approaches(user), *_diagnostics(user)]


def _own_values(user: User) -> list[str]:
    """The person's own name and address, as erasing looks for them in free text."""
    values = {user.email.strip(), user.get_full_name().strip()}
    return sorted((value for value in values if len(value) >= SHORTEST_VALUE), key=len, reverse=True)


def _found(text: str, values: list[str]) -> set[str]:
    folded = text.casefold()
    return {value for value in values if value.casefold() in folded}


def _redacted(text: str, values: list[str]) -> str:
    for value in values:
        text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
    return text


def _notes_blanked(diagnostic: Diagnostic, values: list[str]) -> set[str]:
    removed = set()
    for answer in diagnostic.answers.values():
        note = str(answer.get("note", ""))
        if found := _found(note, values):
            removed |= found | {note}
            answer["note"] = ""
    return removed


def _forget(record: models.Model, held: Held, user: User, values: list[str]) -> set[str]:
    """Unlink the person from one record and take their name and address from its text; returns the
    values removed."""
    changed = [link for link in held.links if getattr(record, f"{link}_id") == user.pk]
    for link in changed:
        setattr(record, link, None)
    removed: set[str] = set()
    for name in (*held.blanked, *held.kept):
        text = getattr(record, name)
        if not (found := _found(text, values)):
            continue
        blank = name in held.blanked
        removed |= found | ({text} if blank else set())
        setattr(record, name, "" if blank else _redacted(text, values))
        changed.append(name)
    if isinstance(record, Diagnostic) and (notes := _notes_blanked(record, values)):
        removed |= notes
        changed.append("answers")
    record.save(update_fields=changed)
    if removed:
        note = "A person's name and address erased from its text at their request."
        audit_record(actor=None, action=AuditAction.ERASE, target=record, note=note)
    return removed


@transaction.atomic
def matching_erase(user: User) -> set[str]:
    """For erasing the person: each matching record they made or took a step of stays, for the
    organisation or council it belongs to, without their link, name or address."""
    values = _own_values(user)
    removed: set[str] = set()
    for held in HELD:
        linked = Q()
        for link in held.links:
            linked |= Q(**{link: user})
        for record in held.model._default_manager.filter(linked):
            removed |= _forget(record, held, user, values)
    return removed
