"""The resource-exchange board: organisations (and businesses or public bodies, by name) offer
premises, expertise, equipment and volunteers; others ask to book them; the offerer accepts or
declines with a reason, and may close the offer. Every write is audited; the offer's keepers hear of
each request by email, and the person who asked hears the answer.

Matching here is plain and explainable, apart from the engine (which ranks organisations, not
offers): an offer fits a request when it is of the kind asked, scored by the areas they share and
the words they share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import ADMIN, CURATOR, OFFICER, has_role
from commoncause.accounts.services import audit_record
from commoncause.matching.engine.words import stem, terms, words
from commoncause.matching.models import (
    BookingRequest,
    BookingStatus,
    Need,
    NeedKind,
    Offer,
    OfferKind,
    OfferStatus,
)
from commoncause.matching.selectors import members_of
from commoncause.members.membership import is_member
from commoncause.members.notifications import decision_notify
from commoncause.register.models import Organisation

AREA_POINTS = 2.0  # sharing an area counts as much as two shared words
KIND_OF_NEED = {
    NeedKind.SERVICE: OfferKind.SERVICE,
    NeedKind.PREMISES: OfferKind.PREMISES,
    NeedKind.EXPERTISE: OfferKind.EXPERTISE,
    NeedKind.TECHNOLOGY: OfferKind.TECHNOLOGY,
    NeedKind.VOLUNTEERS: OfferKind.VOLUNTEERS,
    NeedKind.CAPACITY: OfferKind.EXPERTISE,
}


class ExchangeError(DecisionError):
    """A step on the board that cannot be taken."""


@dataclass(frozen=True)
class OfferFit:
    offer: Offer
    score: float
    shared_areas: tuple[str, ...]
    shared_words: tuple[str, ...]


def offers_for(
    *, kind: str = "", areas: Iterable[str] = (), text: str = "", limit: int = 20
) -> list[OfferFit]:
    """Open offers ranked for a request: of the kind asked (any, if none), by shared areas and words.
    With no areas and no words asked, every open offer of the kind, newest first."""
    wanted_areas = {code.upper() for code in areas}
    wanted_terms = set(terms(text))
    offers = Offer.objects.filter(status=OfferStatus.OPEN).select_related("organisation")
    if kind:
        offers = offers.filter(kind=kind)
    fits = []
    for offer in offers[:2000]:
        shared_areas = tuple(sorted(wanted_areas & {code.upper() for code in offer.areas}))
        own = {term: word for word, term in _words(f"{offer.title} {offer.description} {offer.availability}")}
        shared = tuple(own[term] for term in sorted(wanted_terms & set(own)))
        score = AREA_POINTS * bool(shared_areas) + len(shared)
        if score or not (wanted_areas or wanted_terms):
            fits.append(OfferFit(offer, score, shared_areas, shared))
    fits.sort(key=lambda fit: (-fit.score, -fit.offer.created_at.timestamp(), fit.offer.pk))
    return fits[:limit]


def _words(text: str) -> list[tuple[str, str]]:
    return [(word, stem(word)) for word in words(text)]


def offers_for_need(need: Need) -> list[OfferFit]:
    """Offers on the board that could meet a need of the kinds the board holds."""
    kind = KIND_OF_NEED.get(NeedKind(need.kind))
    if kind is None:
        return []
    return offers_for(kind=kind, areas=need.areas, text=f"{need.title} {need.description}", limit=5)


def may_keep_offer(user: User | AnonymousUser, offer: Offer) -> bool:
    """Its poster, curators, and the offering organisation's members."""
    if not user.is_authenticated:
        return False
    if has_role(user, CURATOR, ADMIN) or offer.created_by_id == user.pk:
        return True
    return offer.organisation is not None and is_member(user, offer.organisation)


def may_offer_by_name(user: User) -> bool:
    """Officers and curators post offers of businesses and public bodies by their names."""
    return has_role(user, OFFICER, CURATOR, ADMIN)


def _facts(record: Offer | BookingRequest) -> dict[str, Any]:
    if isinstance(record, Offer):
        return {"kind": record.kind, "title": record.title, "status": record.status, "by": record.offered_by}
    return {"offer": record.offer.title, "organisation": record.organisation.name, "status": record.status}


@transaction.atomic
def offer_post(*, user: User, values: dict[str, Any], organisation: Organisation | None) -> Offer:
    """Put an offer on the board, for an organisation (its member) or a business or body by name."""
    if organisation is None and not (may_offer_by_name(user) and str(values.get("offered_by_name")).strip()):
        raise ExchangeError("Say who offers it: one of your organisations, or a business or public body.")
    if organisation is not None and not (is_member(user, organisation) or has_role(user, CURATOR, ADMIN)):
        raise ExchangeError("Only its members offer for an organisation.", not_allowed=True)
    fields = ("kind", "title", "description", "areas", "capacity", "accessibility", "availability")
    offer = Offer(created_by=user, organisation=organisation, **{name: values[name] for name in fields})
    offer.offered_by_name = "" if organisation is not None else str(values.get("offered_by_name", "")).strip()
    offer.save()
    audit_record(actor=user, action=AuditAction.CREATE, target=offer, after=_facts(offer))
    return offer


@transaction.atomic
def offer_close(*, user: User, offer: Offer) -> Offer:
    """Take an offer off the board (its keepers only). Requests already made stay, to be answered."""
    if not may_keep_offer(user, offer):
        raise ExchangeError("Only the offer's keepers close it.", not_allowed=True)
    if offer.status != OfferStatus.OPEN:
        raise ExchangeError("This offer is closed already.")
    before = _facts(offer)
    offer.status = OfferStatus.CLOSED
    offer.save(update_fields=["status", "updated_at"])
    audit_record(actor=user, action=AuditAction.UPDATE, target=offer, before=before, after=_facts(offer))
    return offer


def _told_of_requests(offer: Offer) -> list[User]:
    """Who hears of a request to book an offer: its organisation's members and the person who posted
    it. Curators may answer any request, but are not emailed about every one."""
    people = members_of(offer.organisation) if offer.organisation is not None else []
    if offer.created_by is not None:
        people.append(offer.created_by)
    return list({person.pk: person for person in people}.values())


def _offer_link(offer: Offer, base_url: str) -> str:
    return f"{base_url.rstrip('/')}{reverse('matching:offer_detail', kwargs={'offer_id': offer.pk})}"


def _booking_asked_notify(booking: BookingRequest, *, asker: User, base_url: str) -> int:
    """Email the offer's keepers (not the asker) once the request is saved; returns how many."""
    context = {"booking": booking, "offer": booking.offer, "link": _offer_link(booking.offer, base_url)}
    subject = f"{booking.organisation.name} asks to book {booking.offer.title}"
    return sum(
        decision_notify(
            person=person, subject=subject, template="matching/email/booking_request.txt", context=context
        )
        for person in _told_of_requests(booking.offer)
        if person.pk != asker.pk
    )


def _booking_decided_notify(booking: BookingRequest, *, base_url: str) -> bool:
    """Email the person who asked, while they still speak for the organisation that asked."""
    asker = booking.created_by
    if asker is None or not is_member(asker, booking.organisation):
        return False
    answer = BookingStatus(booking.status).label.lower()
    return decision_notify(
        person=asker,
        subject=f"Your request to book {booking.offer.title}: {answer}",
        template="matching/email/booking_decided.txt",
        context={"booking": booking, "offer": booking.offer, "link": _offer_link(booking.offer, base_url)},
    )


@transaction.atomic
def booking_request(
    *,
    user: User,
    offer: Offer,
    organisation: Organisation,
    values: dict[str, Any],
    need: Need | None = None,
    base_url: str = "",
) -> BookingRequest:
    """A member asks, for their organisation, to use an offer; its keepers are emailed."""
    if not is_member(user, organisation):
        raise ExchangeError("Only its members ask on an organisation's behalf.", not_allowed=True)
    if offer.status != OfferStatus.OPEN:
        raise ExchangeError("This offer is no longer available.")
    booking = BookingRequest.objects.create(
        offer=offer, organisation=organisation, need=need, created_by=user,
        wanted_from=values.get("wanted_from"), wanted_to=values.get("wanted_to"),
        message=str(values.get("message", "")).strip(),
    )  # fmt: skip
    audit_record(actor=user, action=AuditAction.CREATE, target=booking, after=_facts(booking))
    _booking_asked_notify(booking, asker=user, base_url=base_url)
    return booking


@transaction.atomic
def booking_decide(
    *, user: User, booking: BookingRequest, accept: bool | None, reason: str = "", base_url: str = ""
) -> BookingRequest:
    """The offerer accepts or declines a request (a reason to decline); None: not said which. The
    person who asked is emailed the answer."""
    if not may_keep_offer(user, booking.offer):
        raise ExchangeError("No such request.", not_allowed=True)
    if booking.status != BookingStatus.REQUESTED:
        raise ExchangeError("This request has been answered already.")
    if accept is None:
        raise ExchangeError("Choose whether to accept or decline.")
    if not accept and not reason.strip():
        raise ExchangeError("Say why you decline, so they can ask again or look elsewhere.")
    before = _facts(booking)
    booking.status = BookingStatus.ACCEPTED if accept else BookingStatus.DECLINED
    booking.reason, booking.decided_by, booking.decided_at = reason.strip(), user, timezone.now()
    booking.save()
    action = AuditAction.APPROVE if accept else AuditAction.REFUSE
    audit_record(actor=user, action=action, target=booking, before=before, after=_facts(booking))
    _booking_decided_notify(booking, base_url=base_url)
    return booking
