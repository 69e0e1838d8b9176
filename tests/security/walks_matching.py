"""The stored-markup walks of needs, approaches, the capacity diagnostic and the exchange board
(`test_stored_xss.WALKS` takes them all)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commoncause.accounts.models import VerifiedEmail
from commoncause.accounts.tests.cast import council
from commoncause.matching import matcher
from commoncause.matching.diagnostic import AREAS
from commoncause.matching.models import Approach, BookingRequest, Diagnostic, Need, Offer
from commoncause.matching.needs import need_post
from tests.security.hostile import HOSTILE, ORG, World


def _need_values(text: str) -> dict[str, Any]:
    return {
        "kind": "fund", "title": text, "description": text, "outcomes": text, "poster_kind": "funder",
        "funder_name": text, "pays_for": text, "legal_forms": text, "status": "open",
    }  # fmt: skip


def _need(world: World, text: str = HOSTILE) -> Need:
    values = {**_need_values(text), "legal_forms": [text], "kind": "service"}
    return need_post(user=world.users["officer"], council=council(), values=values)


def walk_need_new(world: World) -> None:
    world.post(
        "officer", "/needs/new/", {**_need_values(HOSTILE), "budget_min": "9", "budget_max": "1"}, expect=400
    )
    world.see_response()
    world.post("officer", "/needs/new/", _need_values(HOSTILE))
    need = Need.objects.get()
    world.see("officer", f"/needs/{need.pk}/")
    world.see("anonymous", f"/needs/{need.pk}/")
    world.see("anonymous", "/needs/")
    world.see("officer", f"/needs/{need.pk}/edit/")  # the form, filled
    world.see("officer", f"/needs/{need.pk}/?why={HOSTILE}")  # "why not?" shows what was asked


def walk_need_edit(world: World) -> None:
    need = _need(world, "Lunch club")
    world.post("officer", f"/needs/{need.pk}/edit/", _need_values(HOSTILE))
    world.see("officer", f"/needs/{need.pk}/")
    world.see("curator", "/needs/")


def walk_need_shortlist(world: World) -> None:
    need = _need(world)
    matcher.forget()
    world.post("officer", f"/needs/{need.pk}/shortlist/", {"organisation": str(world.charity.pk)})
    assert Approach.objects.filter(need=need).exists()
    world.see("officer", f"/needs/{need.pk}/")


def walk_approach_contact(world: World) -> None:
    need = _need(world)
    approach = Approach.objects.create(
        need=need, organisation=world.charity, shortlisted_by=world.users["officer"]
    )
    member = world.users["member"]
    assert member is not None
    VerifiedEmail.objects.get_or_create(user=member, email=member.email)  # so the approach is emailed
    with world.on_commit(execute=True):
        world.post("officer", f"/approaches/{approach.pk}/contact/", {})
    world.see_email(HOSTILE)  # the need, as plain text
    world.see("member", "/approaches/")


def _contacted(world: World, **values: Any) -> Approach:
    return Approach.objects.create(need=_need(world, "Lunch club"), organisation=world.charity, **values)


def walk_approach_answer(world: World) -> None:
    approach = _contacted(world, status="contacted")
    world.post("member", f"/approaches/{approach.pk}/answer/", {"decision": "decline", "reason": HOSTILE})
    world.see("member", "/approaches/")
    world.see("officer", f"/needs/{approach.need_id}/")


def walk_approach_outcome(world: World) -> None:
    approach = _contacted(world, status="accepted")
    world.post("officer", f"/approaches/{approach.pk}/outcome/", {"outcome": HOSTILE})
    world.see("officer", f"/needs/{approach.need_id}/")


def walk_diagnostic(world: World) -> None:
    answers = {f"{area.code}_score": "4" for area in AREAS} | {"bidding_score": "1", "bidding_note": HOSTILE}
    missing = {key: value for key, value in answers.items() if key != "skills_score"}
    world.post("member", f"/organisations/{ORG}/diagnostic/", missing, expect=400)
    world.see_response()
    member = world.users["member"]
    assert member is not None
    member.first_name = HOSTILE  # the earlier diagnostics name the member who took each
    member.save()
    world.post("member", f"/organisations/{ORG}/diagnostic/", answers)
    diagnostic = Diagnostic.objects.get()
    world.see("member", f"/organisations/{ORG}/diagnostic/{diagnostic.pk}/")
    world.see("anonymous", f"/needs/{diagnostic.needs.get().pk}/")  # an open capacity need
    world.see("curator", f"/organisations/{ORG}/diagnostic/")  # the earlier diagnostics, by whom


def _offer_values(text: str) -> dict[str, str]:
    return {
        "kind": "premises", "title": text, "description": text, "capacity": text, "accessibility": text,
        "availability": text, "organisation": "",
    }  # fmt: skip


def walk_offer_new(world: World) -> None:
    world.post("member", "/exchange/offers/new/", {**_offer_values(HOSTILE), "title": ""}, expect=400)
    world.see_response()
    world.post(
        "member", "/exchange/offers/new/", {**_offer_values(HOSTILE), "organisation": str(world.charity.pk)}
    )
    offer = Offer.objects.get()
    world.see("officer", "/exchange/")
    world.see("officer", f"/exchange/offers/{offer.pk}/")


def _business_offer(world: World) -> Offer:
    world.post("officer", "/exchange/offers/new/", {**_offer_values("Laptops"), "offered_by_name": HOSTILE})
    return Offer.objects.get()


def _confirmed(world: World, who: str) -> None:
    """The person's address confirmed, so what the exchange tells them is emailed."""
    user = world.users[who]
    assert user is not None
    VerifiedEmail.objects.get_or_create(user=user, email=user.email)


def walk_booking_request(world: World) -> None:
    offer = _business_offer(world)
    world.see("member", f"/exchange/offers/{offer.pk}/")  # the business's name
    _confirmed(world, "officer")  # the offer's poster hears of the request
    asked = {"organisation": str(world.charity.pk), "message": HOSTILE}
    with world.on_commit(execute=True):
        world.post("member", f"/exchange/offers/{offer.pk}/", asked)
    world.see_email(HOSTILE)  # the message, as plain text
    world.see("officer", f"/exchange/offers/{offer.pk}/")


def walk_booking_decision(world: World) -> None:
    offer = _business_offer(world)
    booking = BookingRequest.objects.create(
        offer=offer, organisation=world.charity, message="Tuesdays", created_by=world.users["member"]
    )
    _confirmed(world, "member")  # the person who asked hears the answer
    with world.on_commit(execute=True):
        world.post(
            "officer", f"/exchange/bookings/{booking.pk}/decide/", {"decision": "decline", "reason": HOSTILE}
        )
    world.see_email(HOSTILE)  # the reason, as plain text
    world.see("member", f"/exchange/offers/{offer.pk}/")


MATCHING_WALKS: dict[str, Callable[[World], None]] = {
    "needs/new/": walk_need_new,
    "needs/<uuid:need_id>/edit/": walk_need_edit,
    "needs/<uuid:need_id>/shortlist/": walk_need_shortlist,
    "approaches/<int:approach_id>/contact/": walk_approach_contact,
    "approaches/<int:approach_id>/answer/": walk_approach_answer,
    "approaches/<int:approach_id>/outcome/": walk_approach_outcome,
    "organisations/<str:org_id>/diagnostic/": walk_diagnostic,
    "exchange/offers/new/": walk_offer_new,
    "exchange/offers/<int:offer_id>/": walk_booking_request,
    "exchange/bookings/<int:booking_id>/decide/": walk_booking_decision,
}
