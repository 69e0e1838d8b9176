"""Bids as services: the tier's questions, starting, saving drafts, submitting, withdrawing, and the
consortium's invitations and answers, on real charities of the register sample."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail

from commoncause.accounts.models import AuditEntry
from commoncause.funding import bid_partners as partners
from commoncause.funding import bids
from commoncause.funding.bid_questions import (
    QuestionsError,
    questions_for,
    questions_read,
    shipped_questions,
    tier_of,
)
from commoncause.funding.commissioning.tiers import shipped_tiers
from commoncause.funding.models import Bid, BidPartner, BidStatus, OpportunityStatus, PartnerStatus
from commoncause.funding.tests.bid_samples import CHURCH_STREET, ST_JAMESS, Cast, bid_cast

pytestmark = pytest.mark.django_db
HEADER = "tier,key,question,hint,word_limit,required\n"


@pytest.fixture
def cast() -> Cast:
    return bid_cast()


def _words(count: int) -> str:
    return " ".join(["word"] * count)


def _complete(cast: Cast, bid: Bid, price: str = "8000") -> None:
    answers = {q.key: "We will run it." for q in bids.bid_questions(bid) if q.required}
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers=answers, price=price)


# The questions, in proportion to the tier


def test_every_tier_has_questions_and_no_larger_tier_asks_fewer() -> None:
    counts = [
        (len(questions_for(tier)), sum(q.required for q in questions_for(tier))) for tier in shipped_tiers()
    ]
    assert [code for code, _ in [(t.code, t) for t in shipped_tiers()]] == ["T1", "T2", "T3", "T4"]
    assert all(total > 0 for total, _ in counts)
    assert counts == sorted(counts)  # no larger tier asks fewer, in all or required
    assert counts[0] == (3, 3)
    assert counts[-1][0] > counts[0][0]
    limits = {q.key: q.word_limit for q in questions_for(shipped_tiers()[0])}
    assert max(limits.values()) <= 150  # a small grant's questions are short
    assert len({(q.tier, q.key) for q in shipped_questions()}) == len(shipped_questions())


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("T1,a,A?,,10,yes\nT2,a,A?,,10,yes\nT3,a,A?,,10,yes\n", "The tier T4 has no questions"),
        ("T1,a,A?,,10,yes\nT1,b,B?,,10,yes\nT2,a,A?,,10,yes\nT3,a,A?,,10,yes\nT4,a,A?,,10,yes\n",
         "The tier T2 asks fewer questions than the smaller tier T1"),
        ("T1,a,A?,,10,yes\nT2,a,A?,,10,no\nT3,a,A?,,10,yes\nT4,a,A?,,10,yes\n",
         "The tier T2 asks fewer questions"),
        ("T1,a,A?,,10,yes\nT1,a,B?,,10,yes\nT2,a,A?,,10,yes\nT3,a,A?,,10,yes\nT4,a,A?,,10,yes\n",
         "asks a more than once"),
        ("T1,a,A?,,none,yes\n", "Line 2: the word limit 'none'"),
        ("T9,a,A?,,10,yes\n", "'T9' of 'a' is not a monitoring tier"),
    ],
)  # fmt: skip
def test_a_questions_file_that_does_not_fit_the_tiers_is_refused(
    tmp_path: Path, rows: str, problem: str
) -> None:
    path = tmp_path / "questions.csv"
    path.write_text(HEADER + rows, encoding="utf-8")

    with pytest.raises(QuestionsError, match=problem):
        questions_read(path)


def test_the_form_is_the_tier_of_the_award_sought(cast: Cast) -> None:
    assert tier_of(cast.opportunity, cast.lot(3)).code == "T1"  # £8,000
    assert tier_of(cast.opportunity, cast.lot(2)).code == "T2"  # £45,000
    assert tier_of(cast.opportunity, cast.lot(1)).code == "T3"  # £120,000
    assert tier_of(cast.opportunity).code == "T3"  # £173,000 in all
    small = bids.bid_start(
        user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3)
    )
    assert [q.key for q in bids.bid_questions(small)] == ["what", "who", "difference"]


# Starting


def test_a_member_starts_a_bid_and_its_lead_is_its_first_partner_in_full(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(1))

    assert (bid.status, bid.lead, bid.lot, bid.created_by) == (
        BidStatus.DRAFT,
        cast.lead,
        cast.lot(1),
        cast.lead_member,
    )
    lead = BidPartner.objects.get(bid=bid)
    assert (lead.is_lead, lead.status, lead.work_share, lead.organisation) == (
        True, PartnerStatus.ACCEPTED, Decimal(100), cast.lead,
    )  # fmt: skip
    entry = AuditEntry.objects.get(target_type="funding.bid", target_id=str(bid.pk))
    assert (entry.action, entry.actor, entry.after["lead"]) == ("create", cast.lead_member, str(cast.lead.pk))


def test_only_a_member_may_start_a_bid_for_their_organisation(cast: Cast) -> None:
    for user in (cast.other_member, cast.officer, cast.admin):
        with pytest.raises(bids.BidError) as refused:
            bids.bid_start(user=user, opportunity=cast.opportunity, lead=cast.lead)
        assert refused.value.not_allowed
        assert refused.value.field == "lead"
    assert not Bid.objects.exists()


@pytest.mark.parametrize(
    "status", [OpportunityStatus.DRAFT, OpportunityStatus.CLOSED, OpportunityStatus.AWARDED]
)
def test_a_bid_is_refused_unless_the_opportunity_is_open(cast: Cast, status: str) -> None:
    cast.opportunity.status = status
    cast.opportunity.save()

    with pytest.raises(bids.BidError, match="is not open for bids"):
        bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead)
    assert not Bid.objects.exists()


def test_a_bid_is_refused_after_the_closing_date_and_for_another_opportunitys_lot(cast: Cast) -> None:
    from commoncause.funding.tests.bid_samples import opportunity_make

    another = opportunity_make(cast.council)
    with pytest.raises(bids.BidError) as wrong_lot:
        bids.bid_start(user=cast.lead_member, opportunity=another, lead=cast.lead, lot=cast.lot(1))
    assert wrong_lot.value.field == "lot"
    cast.opportunity.closes = bids.today() - dt.timedelta(days=1)
    cast.opportunity.save()
    with pytest.raises(bids.BidError, match="closed for bids on"):
        bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead)


def test_an_organisation_carries_on_with_its_bid_rather_than_starting_a_second(cast: Cast) -> None:
    first = bids.bid_start(
        user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(2)
    )
    with pytest.raises(bids.BidError, match="has a bid for this already"):
        bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(2))
    bids.bid_withdraw(user=cast.lead_member, bid=first)

    again = bids.bid_start(
        user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(2)
    )
    assert again.pk != first.pk


# Drafts


def test_a_draft_keeps_partial_answers_and_the_audit_keeps_their_length_not_their_text(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"what": "Weekly peer support meetings."})
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"who": "About 40 people."}, price="7500")

    bid.refresh_from_db()
    assert bid.answers == {"what": "Weekly peer support meetings.", "who": "About 40 people."}
    assert bid.price == Decimal("7500.00")
    assert bid.partners.get().money_share == Decimal("7500.00")  # on its own, the lead has all the money
    last = AuditEntry.objects.filter(target_id=str(bid.pk), action="update").order_by("-pk").first()
    assert last is not None
    assert last.after["answer_words"] == {"what": 4, "who": 3}
    assert "Weekly" not in str(last.after)
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"what": "  "})
    bid.refresh_from_db()
    assert bid.answers == {"who": "About 40 people."}  # a blank answer clears it


def test_an_answer_over_its_word_limit_is_refused_by_its_field_and_nothing_is_saved(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"who": "About 40 people."})

    with pytest.raises(bids.BidProblems) as refused:
        bids.bid_save_draft(
            user=cast.lead_member, bid=bid, answers={"what": _words(151), "who": _words(101)}, price="10"
        )

    assert set(refused.value.problems) == {"what", "who"}
    assert "has 151 words: the limit is 150" in refused.value.problems["what"]
    bid.refresh_from_db()
    assert (bid.answers, bid.price) == ({"who": "About 40 people."}, None)
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"what": _words(150)})  # at the limit is fine


@pytest.mark.parametrize(
    ("price", "said"), [("-1", "0 or more"), ("12.345", "whole pennies"), ("lots", "amount")]
)
def test_a_bad_price_is_refused_by_its_field(cast: Cast, price: str, said: str) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead)

    with pytest.raises(bids.BidError, match=said) as refused:
        bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={}, price=price)
    assert refused.value.field == "price"


def test_a_question_of_another_tier_is_refused(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    with pytest.raises(bids.BidProblems) as refused:
        bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"safeguarding": "Yes."})
    assert "safeguarding" in refused.value.problems


def test_only_the_leads_members_edit_and_only_a_draft(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    partners.bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)
    for user in (cast.partner_member, cast.other_member, cast.officer, cast.curator, cast.admin):
        with pytest.raises(bids.BidError) as refused:
            bids.bid_save_draft(user=user, bid=bid, answers={"what": "Taken over."})
        assert refused.value.not_allowed
        with pytest.raises(bids.BidError):
            bids.bid_submit(user=user, bid=bid)
    bid.refresh_from_db()
    assert bid.answers == {}


# Submitting


def test_submitting_names_every_missing_piece(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(2))
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"need": "People leaving treatment."})

    with pytest.raises(bids.BidProblems) as refused:
        bids.bid_submit(user=cast.lead_member, bid=bid)

    assert list(refused.value.problems) == ["what", "who", "outcomes", "experience", "price"]
    assert refused.value.problems["what"] == "Answer “What will you do?”."
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT


def test_submitting_needs_every_partner_in_and_the_shares_adding_up(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    _complete(cast, bid, price="8000")
    partner = partners.bid_partner_invite(
        user=cast.lead_member, bid=bid, organisation=cast.partner, role="Peer groups",
        work_share="40", money_share="3200",
    )  # fmt: skip

    with pytest.raises(bids.BidProblems) as refused:
        bids.bid_submit(user=cast.lead_member, bid=bid)
    problems = refused.value.problems
    assert (
        problems[f"partner-{partner.pk}"] == "THE SOHO RECOVERY CENTRE has not accepted the invitation yet."
    )
    assert problems["work_shares"] == "The partners' shares of the work add up to 140%, not 100%."
    assert problems["money_shares"] == (
        "The partners' shares of the money add up to £11,200, not the price of £8,000."
    )

    partners.bid_partner_answer(user=cast.partner_member, bid=bid, partner=partner, accept=True)
    lead = bid.partners.get(is_lead=True)
    partners.bid_partner_change(
        user=cast.lead_member, bid=bid, partner=lead, part=partners.Part("Lead", "60", "4800", [])
    )
    bids.bid_submit(user=cast.lead_member, bid=bid)  # 60% + 40% of the work, £4,800 + £3,200 of £8,000

    bid.refresh_from_db()
    assert (bid.status, bid.submitted_by) == (BidStatus.SUBMITTED, cast.lead_member)
    assert AuditEntry.objects.filter(
        target_id=str(bid.pk), note="Submitted.", after__status="submitted"
    ).exists()
    with pytest.raises(bids.BidError) as after:
        bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={"what": "Changed."})
    assert after.value.not_allowed


def test_a_declined_partner_must_leave_before_the_bid_is_submitted(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    _complete(cast, bid)
    partner = partners.bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)
    partners.bid_partner_answer(user=cast.partner_member, bid=bid, partner=partner, accept=False)

    with pytest.raises(bids.BidProblems) as refused:
        bids.bid_submit(user=cast.lead_member, bid=bid)
    assert "declined: remove it" in refused.value.problems[f"partner-{partner.pk}"]

    partners.bid_partner_remove(user=cast.lead_member, bid=bid, partner=partner)
    bids.bid_submit(user=cast.lead_member, bid=bid)
    assert AuditEntry.objects.filter(target_type="funding.bidpartner", action="delete").count() == 1


def test_submitting_is_refused_once_the_opportunity_closes(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    _complete(cast, bid)
    cast.opportunity.closes = bids.today()  # the closing day itself is still open
    cast.opportunity.save()
    bid.refresh_from_db()
    assert bids.opportunity_closed_reason(bid.opportunity) == ""

    cast.opportunity.closes = bids.today() - dt.timedelta(days=1)
    cast.opportunity.save()
    bid.refresh_from_db()
    with pytest.raises(bids.BidError, match="closed for bids"):
        bids.bid_submit(user=cast.lead_member, bid=bid)
    cast.opportunity.closes, cast.opportunity.status = None, OpportunityStatus.CLOSED
    cast.opportunity.save()
    bid.refresh_from_db()
    with pytest.raises(bids.BidError, match="not open for bids"):
        bids.bid_submit(user=cast.lead_member, bid=bid)
    assert Bid.objects.get().status == BidStatus.DRAFT


def test_the_lead_withdraws_a_bid_not_yet_decided(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    _complete(cast, bid)
    bids.bid_submit(user=cast.lead_member, bid=bid)
    for user in (cast.partner_member, cast.officer):
        with pytest.raises(bids.BidError) as refused:
            bids.bid_withdraw(user=user, bid=bid)
        assert refused.value.not_allowed

    bids.bid_withdraw(user=cast.lead_member, bid=bid)

    assert Bid.objects.get().status == BidStatus.WITHDRAWN
    assert AuditEntry.objects.filter(target_id=str(bid.pk), note="Withdrawn.").exists()
    with pytest.raises(bids.BidError, match="can no longer be withdrawn"):
        bids.bid_withdraw(user=cast.lead_member, bid=bid)


# The consortium


def test_an_invited_partners_members_are_emailed_a_link_and_the_lead_hears_the_answer(
    cast: Cast, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.SITE_URL = "https://commoncause.example"  # type: ignore[attr-defined]
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(1))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        partner = partners.bid_partner_invite(
            user=cast.lead_member, bid=bid, organisation=cast.partner, role="Recovery groups",
            work_share="50", money_share="60000", wards=[ST_JAMESS.lower()],
        )  # fmt: skip
    assert partner.wards == [ST_JAMESS]
    [invited] = mail.outbox
    assert invited.to == ["sam@soho.example"]
    assert f"https://commoncause.example/bids/{bid.pk}/" in invited.body
    assert "share of the work: 50%" in invited.body

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        partners.bid_partner_answer(user=cast.partner_member, bid=bid, partner=partner, accept=True)

    partner.refresh_from_db()
    assert (partner.status, partner.answered_by) == (PartnerStatus.ACCEPTED, cast.partner_member)
    answered = mail.outbox[1]
    assert answered.to == ["ada@babylon.example"]
    assert "has accepted" in answered.body
    assert AuditEntry.objects.filter(target_type="funding.bidpartner", action="approve").exists()


def test_only_the_invited_organisations_members_answer_and_only_once(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    partner = partners.bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)
    for user in (cast.lead_member, cast.other_member, cast.officer):
        with pytest.raises(bids.BidError) as refused:
            partners.bid_partner_answer(user=user, bid=bid, partner=partner, accept=True)
        assert refused.value.not_allowed
    partners.bid_partner_answer(user=cast.partner_member, bid=bid, partner=partner, accept=False)

    with pytest.raises(bids.BidError, match="has declined already"):
        partners.bid_partner_answer(user=cast.partner_member, bid=bid, partner=partner, accept=True)
    assert AuditEntry.objects.filter(target_type="funding.bidpartner", action="refuse").count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"work_share": "120"}, "work_share"),
        ({"work_share": "12.345"}, "work_share"),
        ({"money_share": "-5"}, "money_share"),
        ({"wards": ["E05013792"]}, "wards"),  # Abbey Road: not a ward the lot asks for
        ({"role": "x" * 301}, "role"),
    ],
)
def test_a_partners_part_is_checked_by_its_field(cast: Cast, values: dict[str, object], field: str) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(1))
    with pytest.raises(bids.BidError) as refused:
        partners.bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner, **values)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert bid.partners.count() == 1


def test_the_lead_and_a_partner_already_in_cannot_be_invited_again(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead)
    with pytest.raises(bids.BidError, match="leads this bid already"):
        partners.bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.lead)
    partners.bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)
    with pytest.raises(bids.BidError, match="is in this bid already"):
        partners.bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)
    with pytest.raises(bids.BidError) as refused:
        partners.bid_partner_invite(user=cast.partner_member, bid=bid, organisation=cast.other)
    assert refused.value.not_allowed


def test_a_partner_that_accepted_is_asked_again_when_its_part_changes(cast: Cast) -> None:
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(1))
    partner = partners.bid_partner_invite(
        user=cast.lead_member, bid=bid, organisation=cast.partner, work_share="30"
    )
    partners.bid_partner_answer(user=cast.partner_member, bid=bid, partner=partner, accept=True)

    same = partners.Part(partner.role, "30", "0", [])
    partners.bid_partner_change(user=cast.lead_member, bid=bid, partner=partner, part=same)
    assert BidPartner.objects.get(pk=partner.pk).status == PartnerStatus.ACCEPTED  # nothing changed
    partners.bid_partner_change(
        user=cast.lead_member,
        bid=bid,
        partner=partner,
        part=partners.Part("Groups", "35", "42000", [ST_JAMESS]),
    )

    partner.refresh_from_db()
    assert (partner.status, partner.work_share, partner.wards) == (
        PartnerStatus.INVITED,
        Decimal(35),
        [ST_JAMESS],
    )
    with pytest.raises(bids.BidError, match="cannot leave its own bid"):
        partners.bid_partner_remove(user=cast.lead_member, bid=bid, partner=bid.partners.get(is_lead=True))


def test_shares_are_apportioned_in_whole_units_adding_up_exactly() -> None:
    third = Decimal(1) / 3
    assert partners.apportion(Decimal(100), [third, third, third], Decimal("0.01")) == [
        Decimal("33.34"), Decimal("33.33"), Decimal("33.33"),
    ]  # fmt: skip
    assert partners.apportion(Decimal("120000"), [Decimal("0.25"), Decimal("0.75")], Decimal("0.01")) == [
        Decimal("30000.00"), Decimal("90000.00"),
    ]  # fmt: skip
    # 0.2 and 0.7 are normalised by their sum (0.9): 2/9 and 7/9 of £100
    assert partners.apportion(Decimal(100), [Decimal("0.2"), Decimal("0.7")], Decimal("0.01")) == [
        Decimal("22.22"), Decimal("77.78"),
    ]  # fmt: skip
    assert partners.apportion(Decimal(100), [Decimal(0), Decimal(0)], Decimal("0.01")) == [
        Decimal(100),
        Decimal(0),
    ]


def test_a_bid_started_from_the_builders_answer_invites_the_partners_with_its_shares(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    proposed = [
        partners.ProposedPartner(cast.partner, Decimal("0.25"), (ST_JAMESS,)),
        partners.ProposedPartner(cast.lead, Decimal("0.75"), (CHURCH_STREET,)),
    ]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        bid = partners.bid_start_consortium(
            user=cast.lead_member,
            opportunity=cast.opportunity,
            lot=cast.lot(1),
            lead=cast.lead,
            partners=proposed,
        )

    rows = {p.organisation_id: p for p in bid.partners.all()}
    lead, partner = rows[cast.lead.pk], rows[cast.partner.pk]
    assert (lead.is_lead, lead.work_share, lead.money_share, lead.wards) == (
        True, Decimal(75), Decimal("90000.00"), [CHURCH_STREET],
    )  # fmt: skip
    assert (partner.status, partner.work_share, partner.money_share, partner.wards) == (
        PartnerStatus.INVITED, Decimal(25), Decimal("30000.00"), [ST_JAMESS],
    )  # fmt: skip
    assert [message.to for message in mail.outbox] == [["sam@soho.example"]]
