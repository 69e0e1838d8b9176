"""An offer's keepers close it from its page: it leaves the board, no one can ask to book it, the change
is audited, and nobody else can close it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import person
from commoncause.matching.models import BookingRequest, BookingStatus, NeedKind, Offer, OfferStatus
from commoncause.matching.tests.conftest import FOOTBALL, lunch_need
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db
BOARD = {"kind": "premises", "q": "kitchen"}


def _closes(client: Client, offer: Offer) -> int:
    return client.post(f"/exchange/offers/{offer.pk}/close/").status_code


def test_the_offers_member_closes_it_and_it_leaves_the_board(
    client: Client, hall: Offer, lunch_member: User, footballer: User
) -> None:
    client.force_login(footballer)
    assert hall.title in client.get("/exchange/", BOARD).content.decode()
    assert "Close this offer" not in client.get(f"/exchange/offers/{hall.pk}/").content.decode()
    client.force_login(lunch_member)
    assert "Close this offer" in client.get(f"/exchange/offers/{hall.pk}/").content.decode()
    closed = client.post(f"/exchange/offers/{hall.pk}/close/", follow=True)
    assert f"{hall.title} is closed" in closed.content.decode()
    hall.refresh_from_db()
    assert hall.status == OfferStatus.CLOSED
    entry = AuditEntry.objects.get(target_type="matching.offer", target_id=str(hall.pk), action="update")
    assert entry.actor == lunch_member
    assert (entry.before["status"], entry.after["status"]) == ("open", "closed")
    client.force_login(footballer)
    assert hall.title not in client.get("/exchange/", BOARD).content.decode()
    assert hall.title not in client.get("/exchange/").content.decode()
    page = client.get(f"/exchange/offers/{hall.pk}/").content.decode()
    assert "This offer is closed" in page
    assert "Send the request" not in page


def test_a_closed_offer_no_longer_fits_a_need(client: Client, hall: Offer, officer: User) -> None:
    need = lunch_need(officer, kind=NeedKind.PREMISES, title="A hall with a kitchen", areas=["E09000033"])
    client.force_login(officer)
    assert hall.title in client.get(f"/needs/{need.pk}/").content.decode()
    Offer.objects.filter(pk=hall.pk).update(status=OfferStatus.CLOSED)
    assert hall.title not in client.get(f"/needs/{need.pk}/").content.decode()


def test_no_one_asks_to_book_a_closed_offer(
    client: Client, hall: Offer, lunch_member: User, footballer: User, register: dict[str, Organisation]
) -> None:
    client.force_login(lunch_member)
    _closes(client, hall)
    client.force_login(footballer)
    asked = client.post(f"/exchange/offers/{hall.pk}/", {"organisation": str(register[FOOTBALL].pk)})
    assert asked.status_code == 400
    assert "no longer available" in asked.content.decode()
    assert not BookingRequest.objects.exists()


def test_requests_waiting_stay_to_be_answered(
    client: Client, hall: Offer, lunch_member: User, register: dict[str, Organisation]
) -> None:
    booking = BookingRequest.objects.create(offer=hall, organisation=register[FOOTBALL], message="Tuesdays")
    client.force_login(lunch_member)
    _closes(client, hall)
    client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "decline", "reason": "Closed now"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED


def test_closing_twice_says_it_is_closed_already(client: Client, hall: Offer, lunch_member: User) -> None:
    client.force_login(lunch_member)
    _closes(client, hall)
    again = client.post(f"/exchange/offers/{hall.pk}/close/", follow=True)
    assert "This offer is closed already." in again.content.decode()
    assert AuditEntry.objects.filter(target_type="matching.offer", action="update").count() == 1


def test_a_curator_may_close_any_offer(client: Client, hall: Offer, curator: User) -> None:
    client.force_login(curator)
    assert _closes(client, hall) == 302
    hall.refresh_from_db()
    assert hall.status == OfferStatus.CLOSED


def test_nobody_else_closes_it(
    client: Client, hall: Offer, footballer: User, officer: User, other_officer: User
) -> None:
    for outsider in (footballer, officer, other_officer, person("someone@else.example")):
        client.force_login(outsider)
        assert _closes(client, hall) == 403
    client.logout()
    assert client.post(f"/exchange/offers/{hall.pk}/close/")["Location"].startswith("/accounts/sign-in/")
    client.force_login(footballer)
    assert client.get(f"/exchange/offers/{hall.pk}/close/").status_code == 405  # a form's POST only
    assert client.post("/exchange/offers/999999/close/").status_code == 404
    hall.refresh_from_db()
    assert hall.status == OfferStatus.OPEN
    assert not AuditEntry.objects.filter(target_type="matching.offer", action="update").exists()


def test_an_officer_closes_the_business_offer_they_posted(client: Client, officer: User) -> None:
    offer = Offer.objects.create(
        kind="technology", title="Laptops", offered_by_name="Acme", created_by=officer
    )
    client.force_login(officer)
    assert _closes(client, offer) == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED
