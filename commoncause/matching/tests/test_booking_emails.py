"""A request to book an offer is emailed to the offer's keepers (its organisation's members, or the
person who posted it), and its answer to the person who asked: plain text, once saved, to confirmed
addresses only, naming organisations and never the people behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from commoncause.accounts.models import VerifiedEmail
from commoncause.accounts.tests.cast import person
from commoncause.matching.models import BookingRequest, Offer
from commoncause.matching.tests.conftest import FOOTBALL, LUNCH
from commoncause.members.models import Membership
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]


def _confirmed(user: User) -> User:
    VerifiedEmail.objects.create(user=user, email=user.email)
    return user


@pytest.fixture
def asked(register: dict[str, Organisation]) -> dict[str, str]:
    return {
        "organisation": str(register[FOOTBALL].pk), "wanted_from": "2027-03-01", "wanted_to": "2027-03-31",
        "message": "Tuesday mornings for our under-10s' parents",
    }  # fmt: skip


def test_the_offers_members_are_emailed_a_request_once_it_is_saved(
    client: Client,
    hall: Offer,
    footballer: User,
    lunch_member: User,
    register: dict[str, Organisation],
    asked: dict[str, str],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    second = _confirmed(person("cook@lunch-club.example"))
    Membership.objects.create(user=second, organisation=register[LUNCH], status="approved")
    unconfirmed = person("new@lunch-club.example")
    Membership.objects.create(user=unconfirmed, organisation=register[LUNCH], status="approved")
    footballer.first_name, footballer.last_name = "Sam", "Coach"
    footballer.save()
    client.force_login(footballer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/exchange/offers/{hall.pk}/", asked).status_code == 302
    # Each confirmed member once (the hall's poster is one of them); the unconfirmed address none.
    addresses = sorted(address for sent in mail.outbox for address in sent.to)
    assert addresses == [lunch_member.email, second.email]
    sent = mail.outbox[0]
    assert sent.subject == f"{register[FOOTBALL].name} asks to book {hall.title}"
    assert "Tuesday mornings for our under-10s' parents" in sent.body
    assert "from 1 March 2027 until 31 March 2027" in sent.body
    assert f"/exchange/offers/{hall.pk}/" in sent.body
    assert not getattr(sent, "alternatives", None)  # plain text only
    for private in ("Sam Coach", footballer.email, "new@lunch-club.example"):
        assert private not in sent.body  # the asker and other members are not named


def test_no_email_goes_before_the_request_is_saved(
    client: Client,
    hall: Offer,
    footballer: User,
    asked: dict[str, str],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client.force_login(footballer)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        client.post(f"/exchange/offers/{hall.pk}/", asked)
    assert not mail.outbox
    assert len(waiting) == 1  # sent once the transaction commits


def test_a_business_offers_poster_is_emailed(
    client: Client,
    officer: User,
    footballer: User,
    asked: dict[str, str],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _confirmed(officer)
    offer = Offer.objects.create(
        kind="technology", title="Laptops", offered_by_name="Acme", created_by=officer
    )
    client.force_login(footballer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/exchange/offers/{offer.pk}/", asked)
    (sent,) = mail.outbox
    assert sent.to == [officer.email]
    assert "what Acme offers" in sent.body


def test_the_person_who_asked_is_emailed_the_answer(
    client: Client,
    hall: Offer,
    footballer: User,
    lunch_member: User,
    register: dict[str, Organisation],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _confirmed(footballer)
    lunch_member.first_name = "Ada"
    lunch_member.save()
    booking = BookingRequest.objects.create(
        offer=hall, organisation=register[FOOTBALL], created_by=footballer, message="Saturdays"
    )
    client.force_login(lunch_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "decline", "reason": "Booked"})
    (sent,) = mail.outbox
    assert sent.to == [footballer.email]
    assert sent.subject == f"Your request to book {hall.title}: declined"
    assert f"{register[LUNCH].name} has declined the request of {register[FOOTBALL].name}" in sent.body
    assert "Their reason: Booked" in sent.body
    assert "Ada" not in sent.body
    assert lunch_member.email not in sent.body  # the person who answered is not named


def test_no_answer_is_emailed_to_one_who_is_no_longer_a_member_or_was_erased(
    client: Client,
    hall: Offer,
    footballer: User,
    lunch_member: User,
    register: dict[str, Organisation],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _confirmed(footballer)
    left = BookingRequest.objects.create(offer=hall, organisation=register[FOOTBALL], created_by=footballer)
    erased = BookingRequest.objects.create(offer=hall, organisation=register[FOOTBALL], created_by=None)
    footballer.memberships.all().delete()
    client.force_login(lunch_member)
    with django_capture_on_commit_callbacks(execute=True):
        for booking in (left, erased):
            client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "accept"})
    assert not mail.outbox
    assert set(BookingRequest.objects.values_list("status", flat=True)) == {"accepted"}


def test_nothing_is_emailed_when_the_answer_is_refused(
    client: Client,
    hall: Offer,
    footballer: User,
    register: dict[str, Organisation],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _confirmed(footballer)
    booking = BookingRequest.objects.create(
        offer=hall, organisation=register[FOOTBALL], created_by=footballer
    )
    client.force_login(footballer)  # not the offer's keeper
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(f"/exchange/bookings/{booking.pk}/decide/", {"decision": "accept"})
    assert refused.status_code == 404
    assert not mail.outbox
