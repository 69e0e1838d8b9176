"""The pages of bids: who may use each, starting a bid, the tier's form, submitting with every missing
piece named, the partners' page and answers, the list, examples marked, and the decision once made."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from commoncause.funding import bids
from commoncause.funding.bid_partners import bid_partner_invite
from commoncause.funding.documents import document_add
from commoncause.funding.models import Bid, BidPartner, BidStatus, OpportunityStatus, PartnerStatus
from commoncause.funding.tests.bid_samples import Cast, bid_cast

pytestmark = pytest.mark.django_db
PEOPLE = ("anonymous", "lead", "partner", "other", "officer", "curator", "admin")


@pytest.fixture
def cast(settings: object, tmp_path: object) -> Cast:
    settings.PRIVATE_FILES_DIR = tmp_path  # type: ignore[attr-defined]
    return bid_cast()


@pytest.fixture
def bid(cast: Cast) -> Bid:
    """A draft for the £8,000 lot (tier T1), with a partner invited and a document attached."""
    made = bids.bid_start(
        user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3)
    )
    bid_partner_invite(user=cast.lead_member, bid=made, organisation=cast.partner, role="Peer groups")
    document_add(user=cast.lead_member, bid=made, uploaded_file=SimpleUploadedFile("plan.txt", b"The plan."))
    return made


def _client(cast: Cast, who: str) -> Client:
    users: dict[str, User | None] = {
        "anonymous": None, "lead": cast.lead_member, "partner": cast.partner_member,
        "other": cast.other_member,
        "officer": cast.officer, "curator": cast.curator, "admin": cast.admin,
    }  # fmt: skip
    client = Client()
    user = users[who]
    if user is not None:
        client.force_login(user)
    return client


def _routes(cast: Cast, bid: Bid) -> dict[tuple[str, str], dict[str, int]]:
    """(method, path) → the status each person gets for a draft bid: 302 to sign in, 403 refused, 404
    not seen; the lead's own changes redirect (302) or show what is missing (400)."""
    partner = bid.partners.get(is_lead=False)
    document = bid.documents.get()
    base = f"/bids/{bid.pk}/"
    seen = {"lead": 200, "partner": 200, "other": 404, "officer": 404, "curator": 404, "admin": 404}
    changed = {"lead": 200, "partner": 403, "other": 404, "officer": 404, "curator": 404, "admin": 404}
    return {
        ("GET", f"/opportunities/{cast.opportunity.pk}/bids/new/"): {
            "lead": 200, "partner": 200, "other": 200, "officer": 403, "curator": 403, "admin": 403,
        },
        ("GET", f"/opportunities/{cast.opportunity.pk}/consortia/"): dict.fromkeys(PEOPLE[1:], 200),
        ("GET", "/bids/"): dict.fromkeys(PEOPLE[1:], 200),
        ("GET", base): seen,
        ("GET", base + "edit/"): changed,
        ("GET", base + "partners/"): changed,
        ("GET", base + "full-cost/"): seen,
        ("GET", f"{base}documents/{document.pk}/"): seen,
        ("POST", base + "submit/"): {**changed, "lead": 400},
        ("POST", f"{base}partners/{partner.pk}/answer/"): {**seen, "lead": 403, "partner": 302},
        ("POST", base + "documents/"): {**changed, "lead": 400},
        ("POST", f"{base}documents/{document.pk}/remove/"): {**changed, "lead": 302},
        ("POST", base + "withdraw/"): {**seen, "partner": 403, "lead": 302},
    }  # fmt: skip


def test_each_route_admits_only_those_it_should_for_a_draft(cast: Cast, bid: Bid) -> None:
    for (method, path), expected in _routes(cast, bid).items():
        for who in sorted(PEOPLE, key=lambda who: who == "lead"):  # the lead's changes last
            client = _client(cast, who)
            response = client.get(path) if method == "GET" else client.post(path, {"answer": "accept"})
            want = 302 if who == "anonymous" else expected[who]
            assert response.status_code == want, (method, path, who, response.status_code)
            if who == "anonymous":
                assert (
                    response["Location"].startswith("/accounts/sign-in/") or "login" in response["Location"]
                )


def test_once_submitted_the_councils_officers_read_the_bid_but_no_one_changes_it(
    cast: Cast, bid: Bid
) -> None:
    BidPartner.objects.filter(bid=bid).update(status=PartnerStatus.ACCEPTED)
    Bid.objects.filter(pk=bid.pk).update(status=BidStatus.SUBMITTED)
    base = f"/bids/{bid.pk}/"
    for who, status in {"officer": 200, "admin": 200, "curator": 404, "partner": 200, "other": 404}.items():
        assert _client(cast, who).get(base).status_code == status, who
    camden = Client()
    camden.force_login(cast.other_officer)
    assert camden.get(base).status_code == 404
    for who in ("lead", "officer"):
        assert _client(cast, who).get(base + "edit/").status_code == 403
        assert _client(cast, who).get(base + "partners/").status_code == 403
    assert _client(cast, "lead").post(base + "submit/").status_code == 403


def test_a_member_starts_a_bid_choosing_the_lead_and_the_lot(cast: Cast) -> None:
    client = _client(cast, "lead")
    page = f"/opportunities/{cast.opportunity.pk}/bids/new/"

    html = client.get(page).content.decode()
    assert "T1: £0 to under £10,000" in html
    assert "T3: £100,000 to under £1,000,000" in html
    assert f'<option value="{cast.lead.pk}"' in html
    assert str(cast.partner.pk) not in html
    missing = client.post(page, {"lead": str(cast.lead.pk)})
    assert missing.status_code == 400
    assert not Bid.objects.exists()
    assert '<a href="#id_lot">This field is required.</a>' in missing.content.decode()
    not_mine = client.post(page, {"lead": str(cast.partner.pk), "lot": str(cast.lot(3).pk)})
    assert not_mine.status_code == 400
    assert not Bid.objects.exists()

    response = client.post(page, {"lead": str(cast.lead.pk), "lot": str(cast.lot(3).pk)})

    bid = Bid.objects.get()
    assert response["Location"] == f"/bids/{bid.pk}/edit/"
    assert (bid.lead, bid.lot, bid.status) == (cast.lead, cast.lot(3), BidStatus.DRAFT)


def test_no_bid_is_started_once_the_opportunity_is_closed(cast: Cast) -> None:
    cast.opportunity.status = OpportunityStatus.CLOSED
    cast.opportunity.save()
    client = _client(cast, "lead")
    page = f"/opportunities/{cast.opportunity.pk}/bids/new/"

    assert "is not open for bids (it is closed: being assessed)." in client.get(page).content.decode()
    client.post(page, {"lead": str(cast.lead.pk), "lot": str(cast.lot(3).pk)})
    assert not Bid.objects.exists()
    cast.opportunity.status = OpportunityStatus.DRAFT
    cast.opportunity.save()
    assert client.get(page).status_code == 404  # a draft opportunity is its keepers' alone


def test_the_form_asks_the_tiers_questions_and_keeps_what_was_typed_over_a_limit(
    cast: Cast, bid: Bid
) -> None:
    client = _client(cast, "lead")
    page = f"/bids/{bid.pk}/edit/"
    html = client.get(page).content.decode()
    assert html.count('<textarea class="govuk-textarea') == 3  # a small grant asks three short questions
    assert "What will you do with the grant?" in html
    assert "At most 150 words." in html

    long = " ".join(["word"] * 151)
    refused = client.post(
        page, {"what": long, "who": "About forty people.", "difference": "", "price": "7500"}
    )

    text = refused.content.decode()
    assert refused.status_code == 400
    assert '<a href="#id_what">Your answer to “What will you do with the grant?” has 151 words' in text
    assert f">{long}</textarea>" in text
    assert ">About forty people.</textarea>" in text
    assert Bid.objects.get(pk=bid.pk).answers == {}
    saved = client.post(
        page, {"what": "Weekly groups.", "who": "About forty people.", "difference": "", "price": "7500"}
    )
    assert saved.status_code == 302
    assert Bid.objects.get(pk=bid.pk).answers == {"what": "Weekly groups.", "who": "About forty people."}


def test_submitting_an_incomplete_bid_lists_each_missing_piece_where_it_is_put_right(
    cast: Cast, bid: Bid
) -> None:
    client = _client(cast, "lead")

    response = client.post(f"/bids/{bid.pk}/submit/")

    html = response.content.decode()
    assert response.status_code == 400
    assert "The bid cannot be submitted yet" in html
    assert (
        f'<li><a href="/bids/{bid.pk}/edit/#id_what">Answer “What will you do with the grant?”.</a></li>'
        in html
    )
    assert f'<li><a href="/bids/{bid.pk}/edit/#id_price">Enter the price.</a></li>' in html
    assert f'<li><a href="/bids/{bid.pk}/partners/">THE SOHO RECOVERY CENTRE has not accepted' in html
    assert Bid.objects.get(pk=bid.pk).status == BidStatus.DRAFT


def test_the_partners_page_invites_changes_and_removes_partners(
    cast: Cast, bid: Bid, django_capture_on_commit_callbacks: object
) -> None:
    client = _client(cast, "lead")
    page = f"/bids/{bid.pk}/partners/"
    html = client.get(page).content.decode()
    assert "THE SOHO RECOVERY CENTRE" in html
    assert "Invite a partner" in html

    unknown = client.post(page, {"action": "invite", "invite-organisation": "GB-CHC-0",
                                 "invite-work_share": "10",
                                 "invite-money_share": "0"})  # fmt: skip
    assert unknown.status_code == 400
    assert (
        '<a href="#id_invite-organisation">No organisation has that org-id.</a>' in unknown.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invited = client.post(page, {"action": "invite", "invite-organisation": "GB-CHC-1063012",
                                     "invite-role": "Families", "invite-work_share": "10",
                                     "invite-money_share": "800"})  # fmt: skip
    assert invited.status_code == 302
    judith = BidPartner.objects.get(bid=bid, organisation=cast.other)
    assert (judith.role, judith.work_share, judith.money_share) == ("Families", Decimal(10), Decimal(800))
    assert [message.to for message in mail.outbox] == [["jo@judith.example"]]

    lead = bid.partners.get(is_lead=True)
    over = client.post(page, {"action": "change", "partner": lead.pk, f"p{lead.pk}-work_share": "150",
                              f"p{lead.pk}-money_share": "0"})  # fmt: skip
    assert over.status_code == 400
    assert "Ensure this value is less than or equal to 100." in over.content.decode()
    changed = client.post(page, {"action": "change", "partner": lead.pk, f"p{lead.pk}-role": "Lead",
                                 f"p{lead.pk}-work_share": "90",
                                 f"p{lead.pk}-money_share": "7200"})  # fmt: skip
    assert changed.status_code == 302
    assert BidPartner.objects.get(pk=lead.pk).work_share == Decimal(90)
    client.post(page, {"action": "remove", "partner": judith.pk})
    assert not BidPartner.objects.filter(pk=judith.pk).exists()
    client.post(page, {"action": "remove", "partner": lead.pk})
    assert BidPartner.objects.filter(pk=lead.pk).exists()  # the lead stays


def test_an_invited_partner_reads_the_bid_and_accepts(cast: Cast, bid: Bid) -> None:
    client = _client(cast, "partner")
    html = client.get(f"/bids/{bid.pk}/").content.decode()
    assert "BABYLON TRUST invites THE SOHO RECOVERY CENTRE into this bid as Peer groups" in html
    assert "Submit the bid" not in html
    assert "Change the answers and price" not in html
    assert "plan.txt" in html
    assert "ada@babylon.example" not in html

    partner = bid.partners.get(is_lead=False)
    response = client.post(f"/bids/{bid.pk}/partners/{partner.pk}/answer/", {"answer": "accept"})

    assert response.status_code == 302
    assert BidPartner.objects.get(pk=partner.pk).status == PartnerStatus.ACCEPTED
    assert "Invitation" not in client.get(f"/bids/{bid.pk}/").content.decode()


def test_a_complete_bid_submits_from_its_page_and_shows_in_the_list(cast: Cast, bid: Bid) -> None:
    bid.partners.filter(is_lead=False).delete()
    client = _client(cast, "lead")
    answers = {"what": "Weekly groups.", "who": "About forty.", "difference": "Ask them."}
    client.post(f"/bids/{bid.pk}/edit/", {**answers,
                                          "price": "8000"})  # fmt: skip
    assert "The bid is complete." in client.get(f"/bids/{bid.pk}/").content.decode()

    assert client.post(f"/bids/{bid.pk}/submit/").status_code == 302

    assert Bid.objects.get(pk=bid.pk).status == BidStatus.SUBMITTED
    listed = client.get("/bids/").content.decode()
    assert (
        f'href="/bids/{bid.pk}/">Recovery and wellbeing support: Lot 3: Small grants for peer groups</a>'
        in listed
    )
    assert "Submitted" in listed
    assert "£8,000" in listed
    assert "Your organisations have no bids yet." in _client(cast, "other").get("/bids/").content.decode()


def test_example_bids_are_marked_wherever_they_show(cast: Cast, bid: Bid) -> None:
    Bid.objects.filter(pk=bid.pk).update(is_example=True)
    client = _client(cast, "lead")
    example = '<strong class="govuk-tag govuk-tag--grey">Example</strong>'

    detail = client.get(f"/bids/{bid.pk}/").content.decode()
    assert example in detail
    assert "An example bid made for the demonstration" in detail
    assert example in client.get("/bids/").content.decode()
    assert example in client.get(f"/bids/{bid.pk}/edit/").content.decode()
    assert example in client.get(f"/bids/{bid.pk}/full-cost/").content.decode()


def test_the_decision_and_feedback_show_once_decided(cast: Cast, bid: Bid) -> None:
    client = _client(cast, "partner")
    assert "The decision" not in client.get(f"/bids/{bid.pk}/").content.decode()
    Bid.objects.filter(pk=bid.pk).update(
        status=BidStatus.UNSUCCESSFUL, decision_reasons="Another bid scored higher on outcomes.",
        feedback="Say more about how you will measure the difference.",
    )  # fmt: skip

    html = client.get(f"/bids/{bid.pk}/").content.decode()

    assert '<h2 class="govuk-heading-m" id="decision">The decision</h2>' in html
    assert "Another bid scored higher on outcomes." in html
    assert "Say more about how you will measure the difference." in html
    assert re.search(r'govuk-tag--red">Unsuccessful</strong>', html)


def test_the_lead_withdraws_from_the_bids_page(cast: Cast, bid: Bid) -> None:
    client = _client(cast, "lead")
    assert client.post(f"/bids/{bid.pk}/withdraw/").status_code == 302
    assert Bid.objects.get(pk=bid.pk).status == BidStatus.WITHDRAWN
    client.post(f"/bids/{bid.pk}/withdraw/")
    assert "can no longer be withdrawn" in client.get(f"/bids/{bid.pk}/").content.decode()
    officer = _client(cast, "officer")
    assert officer.get(f"/bids/{bid.pk}/").status_code == 404  # never submitted: still the bidders' alone
    Bid.objects.filter(pk=bid.pk).update(submitted_at=bid.created_at)
    assert officer.get(f"/bids/{bid.pk}/").status_code == 200  # withdrawn after it was submitted
