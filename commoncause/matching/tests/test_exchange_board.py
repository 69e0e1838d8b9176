"""The resource-exchange board: offers posted, a premises request meets a premises offer by kind,
area and words, and booking requests are accepted or declined by the offerer only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import person
from commoncause.matching.exchange import offers_for
from commoncause.matching.models import BookingRequest, BookingStatus, NeedKind, Offer
from commoncause.matching.tests.conftest import FOOTBALL, HALL, LUNCH, lunch_need
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_member_offers_premises_for_their_organisation(
    hall: Offer, register: dict[str, Organisation]
) -> None:
    assert hall.organisation == register[LUNCH]
    assert hall.areas == ["E09000033"]
    assert AuditEntry.objects.filter(target_type="matching.offer", action="create").exists()


def test_a_premises_request_meets_the_premises_offer_by_kind_area_and_words(
    hall: Offer, lunch_member: User
) -> None:
    Offer.objects.create(
        kind="expertise", title="Kitchen hygiene training", description="A hall and kitchen course",
        areas=["E09000033"], created_by=lunch_member,
    )  # fmt: skip
    elsewhere = Offer.objects.create(
        kind="premises", title="Office desk", description="A desk in an office", areas=["E09000001"],
        created_by=lunch_member,
    )  # fmt: skip
    fits = offers_for(kind="premises", areas=["E09000033"], text="a hall with a kitchen")
    assert [fit.offer for fit in fits] == [hall]  # the training is another kind; the desk fits nothing
    assert fits[0].shared_areas == ("E09000033",)
    assert "kitchen" in fits[0].shared_words
    assert elsewhere not in [fit.offer for fit in offers_for(kind="premises", areas=["E09000033"])]


def test_the_board_shows_offers_that_fit_what_is_asked(client: Client, hall: Offer, footballer: User) -> None:
    client.force_login(footballer)
    html = client.get(
        "/exchange/", {"kind": "premises", "q": "kitchen", "area": "E09000033"}
    ).content.decode()
    assert "Church hall on weekday mornings" in html
    assert "It says: kitchen" in html
    assert "Church hall" not in client.get("/exchange/", {"kind": "technology"}).content.decode()


def test_a_premises_need_shows_the_offers_that_could_meet_it(
    client: Client, hall: Offer, officer: User
) -> None:
    need = lunch_need(officer, kind=NeedKind.PREMISES, title="A hall for a lunch club", areas=["E09000033"])
    client.force_login(officer)
    html = client.get(f"/needs/{need.pk}/").content.decode()
    assert "Offers on the exchange board that could meet it" in html
    assert "Church hall on weekday mornings" in html


def test_a_booking_is_requested_and_accepted_by_the_offerer_only(
    client: Client, hall: Offer, footballer: User, lunch_member: User, register: dict[str, Organisation]
) -> None:
    client.force_login(footballer)
    asked = {
        "organisation": str(register[FOOTBALL].pk),
        "wanted_from": "2027-03-01",
        "message": "Tuesday mornings",
    }
    assert client.post(f"/exchange/offers/{hall.pk}/", asked).status_code == 302
    booking = BookingRequest.objects.get()
    assert booking.organisation == register[FOOTBALL]
    assert client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "accept"}).status_code == 404
    client.force_login(lunch_member)
    assert "Tuesday mornings" in client.get(f"/exchange/offers/{hall.pk}/").content.decode()
    client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "accept"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACCEPTED
    assert booking.decided_by == lunch_member
    assert AuditEntry.objects.filter(target_type="matching.bookingrequest", action="approve").exists()


def test_declining_a_booking_needs_a_reason_the_asker_sees(
    client: Client, hall: Offer, footballer: User, lunch_member: User, register: dict[str, Organisation]
) -> None:
    booking = BookingRequest.objects.create(offer=hall, organisation=register[FOOTBALL], message="Saturdays")
    client.force_login(lunch_member)
    client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "decline"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "decline", "reason": "Booked then"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    client.force_login(footballer)
    assert "Booked then" in client.get(f"/exchange/offers/{hall.pk}/").content.decode()


def test_others_do_not_see_an_organisations_booking_requests(
    client: Client, hall: Offer, register: dict[str, Organisation]
) -> None:
    BookingRequest.objects.create(offer=hall, organisation=register[FOOTBALL], message="Private plans")
    client.force_login(person("someone@else.example"))
    assert "Private plans" not in client.get(f"/exchange/offers/{hall.pk}/").content.decode()


def test_an_officer_offers_a_businesss_equipment_by_name(client: Client, officer: User) -> None:
    client.force_login(officer)
    missing = client.post("/exchange/offers/new/", {**HALL, "kind": "technology", "title": "Laptops"})
    assert missing.status_code == 400
    client.post("/exchange/offers/new/", {**HALL, "kind": "technology", "offered_by_name": "Acme Computers"})
    assert Offer.objects.get().offered_by == "Acme Computers"


def test_a_person_of_no_organisation_and_no_role_may_not_offer(client: Client) -> None:
    client.force_login(person("nobody@example.org"))
    assert client.get("/exchange/offers/new/").status_code == 403
