"""What matching holds about a person: in the download of their data, the needs and offers they posted,
the requests to book they made or answered, the approaches they took a step of and the diagnostics
they took; when they are erased, each record stays for its organisation or council, without their
link, name or address."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User

from commoncause.accounts.erasure import person_erase
from commoncause.accounts.models import AuditEntry
from commoncause.accounts.selectors import data_held_about
from commoncause.accounts.tests.cast import PASSWORD, person
from commoncause.matching.approaches import approach_answer, approach_contact, approach_shortlist
from commoncause.matching.diagnostic import AREAS, diagnostic_record
from commoncause.matching.exchange import booking_decide, booking_request, offer_post
from commoncause.matching.models import Approach, BookingRequest, Diagnostic, Need, Offer
from commoncause.matching.needs import need_post
from commoncause.matching.personal_data import matching_erase
from commoncause.matching.selectors import may_keep_need
from commoncause.matching.tests.conftest import FOOTBALL, LUNCH, lunch_need
from commoncause.members.models import Membership
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db
ADA = "ada@lunch-club.example"
NUMBER = "07700 900123"


@pytest.fixture
def ada(lunch_member: User) -> User:
    lunch_member.first_name, lunch_member.last_name = "Ada", "Quill"
    lunch_member.save()
    return lunch_member


@pytest.fixture
def made(ada: User, officer: User, footballer: User, register: dict[str, Organisation]) -> dict[str, object]:
    """Something of every kind Ada made or took a step of, for the lunch club, some naming her."""
    club, football = register[LUNCH], register[FOOTBALL]
    need = need_post(
        user=ada, organisation=club,
        values={"kind": "volunteers", "title": "Drivers for Ada Quill's lunch round", "status": "open",
                "description": f"Call ada quill on {ADA}.", "outcomes": "Ask for Ada Quill"},
    )  # fmt: skip
    offer = offer_post(
        user=ada, organisation=club,
        values={"kind": "premises", "title": "Church hall", "description": "A hall with a kitchen.",
                "areas": [], "capacity": "60 seated", "accessibility": "", "availability": f"Ask {ADA}"},
    )  # fmt: skip
    kit = Offer.objects.create(
        kind="technology", title="Football kit", organisation=football, created_by=footballer
    )
    asked = booking_request(
        user=ada, offer=kit, organisation=club, values={"message": f"Ada Quill here, {NUMBER}"}
    )
    theirs = BookingRequest.objects.create(
        offer=offer, organisation=football, created_by=footballer, message="Saturdays, please"
    )
    booking_decide(user=ada, booking=theirs, accept=False, reason="Sorry: Ada Quill is away then")
    approach = approach_shortlist(user=officer, need=lunch_need(officer), organisation=club, match=None)
    approach_contact(user=officer, approach=approach)
    approach_answer(user=ada, approach=approach, accept=False, reason="No van. Ada Quill")
    answers = {area.code: {"score": 4, "note": ""} for area in AREAS}
    answers["bidding"] = {"score": 1, "note": f"Email {ADA} about tenders"}
    answers["skills"] = {"score": 2, "note": "We need cooks"}
    diagnostic = diagnostic_record(user=ada, organisation=club, answers=answers)
    return {"need": need, "offer": offer, "kit": kit, "asked": asked, "theirs": theirs, "approach": approach,
            "diagnostic": diagnostic}  # fmt: skip


def _audit_text() -> str:
    entries = AuditEntry.objects.all()
    return json.dumps([[e.actor_label, e.target_label, e.before, e.after, e.note] for e in entries]).lower()


def test_the_download_lists_what_the_person_made_or_took_a_step_of(
    made: dict[str, object], ada: User
) -> None:
    held = json.loads(json.dumps(data_held_about(ada)["needs_and_offers"]))  # plain data
    parts = sorted((row["record"], tuple(row["your_part"])) for row in held)
    assert parts == [
        ("approach", ("answered for the organisation",)),
        ("capacity diagnostic", ("took it",)),
        ("need", ("posted it",)),
        ("need", ("posted it",)),  # the two capacity needs the diagnostic posted for the club
        ("need", ("posted it",)),
        ("offer", ("offered it",)),
        ("request to book", ("answered it",)),
        ("request to book", ("asked for the organisation",)),
    ]
    by_part = {tuple(row["your_part"]): row for row in held}
    assert by_part[("asked for the organisation",)]["your_message"] == f"Ada Quill here, {NUMBER}"
    assert by_part[("answered it",)]["your_message"] == ""  # the football club's words are not hers
    assert "Saturdays, please" not in json.dumps(held)
    assert by_part[("answered for the organisation",)]["answer_reason"] == "No van. Ada Quill"
    assert by_part[("took it",)]["answers"]["bidding"]["note"] == f"Email {ADA} about tenders"


def test_the_download_holds_nothing_of_others(
    made: dict[str, object], officer: User, footballer: User
) -> None:
    officers = data_held_about(officer)["needs_and_offers"]
    assert sorted(row["record"] for row in officers) == ["approach", "need"]
    assert [row["your_part"] for row in officers if row["record"] == "approach"] == [
        ["shortlisted it", "contacted the organisation"]
    ]
    footballers = data_held_about(footballer)["needs_and_offers"]
    assert sorted(row["record"] for row in footballers) == ["offer", "request to book"]


def test_erasing_the_person_keeps_the_records_for_the_organisation(
    made: dict[str, object], ada: User, officer: User, footballer: User, register: dict[str, Organisation]
) -> None:
    person_erase(user=ada, password=PASSWORD)
    need = Need.objects.get(pk=made["need"].pk)  # type: ignore[attr-defined]
    assert need.created_by is None
    assert need.organisation == register[LUNCH]
    assert need.title == "Drivers for [erased]'s lunch round"  # a title stays, without her name
    assert need.description == "Call [erased] on [erased]."
    assert need.outcomes == ""  # other free text holding her name goes
    other = person("cook@lunch-club.example")
    Membership.objects.create(user=other, organisation=register[LUNCH], status="approved")
    assert may_keep_need(other, need)  # the club still keeps its need

    offer = Offer.objects.get(title="Church hall")
    assert (offer.created_by, offer.organisation, offer.availability) == (None, register[LUNCH], "")
    assert offer.capacity == "60 seated"  # text not naming her stays
    asked = BookingRequest.objects.get(offer__title="Football kit")
    assert (asked.created_by, asked.organisation, asked.message) == (None, register[LUNCH], "")
    theirs = BookingRequest.objects.get(offer=offer)
    assert (theirs.decided_by, theirs.reason, theirs.status) == (None, "", "declined")
    assert (theirs.created_by, theirs.message) == (footballer, "Saturdays, please")  # the asker's own
    approach = Approach.objects.get()
    assert (approach.answered_by, approach.answer_reason, approach.answered_as) == (None, "", "declined")
    assert approach.contacted_by == officer
    diagnostic = Diagnostic.objects.get()
    assert diagnostic.created_by is None
    assert diagnostic.answers["bidding"] == {"score": 1, "note": ""}
    assert diagnostic.answers["skills"] == {"score": 2, "note": "We need cooks"}
    assert Offer.objects.get(title="Football kit").created_by == footballer


def test_the_audit_log_forgets_what_was_removed(made: dict[str, object], ada: User) -> None:
    assert "ask for ada quill" in _audit_text()
    person_erase(user=ada, password=PASSWORD)
    text = _audit_text()
    assert "ada quill" not in text
    assert ADA not in text
    erased = AuditEntry.objects.filter(action="erase", target_type__startswith="matching.")
    kinds = {"need", "offer", "bookingrequest", "approach", "diagnostic"}
    assert {entry.target_type for entry in erased} == {f"matching.{kind}" for kind in kinds}
    assert all(entry.actor is None for entry in erased)


def test_erasing_returns_the_personal_values_it_removed(made: dict[str, object], ada: User) -> None:
    removed = matching_erase(ada)
    assert {"Ada Quill", ADA, "Ask for Ada Quill", f"Ada Quill here, {NUMBER}"} <= removed
    assert {"Saturdays, please", "We need cooks", "60 seated"}.isdisjoint(removed)
    assert not Need.objects.filter(created_by=ada).exists()
    assert not BookingRequest.objects.filter(decided_by=ada).exists()
    assert data_held_about(ada)["needs_and_offers"] == []
    assert Need.objects.count() == 4  # hers, the two capacity needs, the officer's: all still there
