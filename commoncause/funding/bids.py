"""Bids: starting one, saving its draft, submitting and withdrawing it (see docs/bids.md).

A member of an organisation starts a bid for an open opportunity, or one of its lots, with that
organisation as the lead; the lead is also the bid's first partner, accepted. The form is the tier's
(`bid_questions`): drafts keep partial answers, each within its word limit, and submitting checks the
bid is complete (every required answer, the price, the partners all in with shares adding up) while the
opportunity is still open. Only the lead's members change a bid, and only while it is a draft
(`access.may_edit_bid`). Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.core.templatetags.govuk_format import format_money, govuk_date
from commoncause.funding.access import Person, may_edit_bid
from commoncause.funding.bid_questions import Question, questions_for, tier_of, words_in
from commoncause.funding.models import (
    Bid,
    BidPartner,
    BidStatus,
    Lot,
    Opportunity,
    OpportunityStatus,
    PartnerStatus,
)
from commoncause.members.membership import is_member
from commoncause.register.models import Organisation

HUNDRED = Decimal(100)
PENNY = Decimal("0.01")
MOST_MONEY = Decimal("999999999999.99")  # what the price field holds
ROLE_LIMIT = 300
LEAD_ROLE = "Lead"


class BidError(DecisionError):
    """A bid that cannot be started or changed; `field` names the input at fault, if one is."""


class BidProblems(BidError):
    """Several problems at once, each by the field it is about (in the order found)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__(" ".join(problems.values()), field=next(iter(problems), None))
        self.problems = dict(problems)


def today() -> dt.date:
    return timezone.localdate()


def bid_questions(bid: Bid) -> tuple[Question, ...]:
    """The questions of the bid's form: its tier's."""
    return questions_for(tier_of(bid.opportunity, bid.lot))


def bid_facts(bid: Bid) -> dict[str, Any]:
    """What the audit log keeps of a bid: its state, and how long each answer is (not the answers,
    which stay with the bid)."""
    return {
        "status": bid.status,
        "opportunity": str(bid.opportunity_id),
        "lot": bid.lot.number if bid.lot else None,
        "lead": str(bid.lead_id),
        "price": str(bid.price) if bid.price is not None else None,
        "answer_words": {key: words_in(str(text)) for key, text in sorted(bid.answers.items())},
    }


def opportunity_closed_reason(opportunity: Opportunity) -> str:
    """Why bids cannot be made to the opportunity now ('' when they can)."""
    if opportunity.status != OpportunityStatus.OPEN:
        return f"{opportunity.title} is not open for bids (it is {opportunity.get_status_display().lower()})."
    if opportunity.closes is not None and today() > opportunity.closes:
        return f"{opportunity.title} closed for bids on {govuk_date(opportunity.closes)}."
    return ""


def _open_check(opportunity: Opportunity) -> None:
    reason = opportunity_closed_reason(opportunity)
    if reason:
        raise BidError(reason)


def _editor_check(user: User, bid: Bid) -> None:
    if not may_edit_bid(user, bid):
        raise BidError(
            "Only the lead organisation's members change a bid, and only while it is a draft.",
            not_allowed=True,
        )


def money_checked(value: object, field: str, label: str) -> Decimal:
    """An amount of money in pounds, 0 or more, in whole pennies."""
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        raise BidError(f"{label} must be an amount in pounds, such as 12500.", field=field) from None
    if not amount.is_finite() or amount < 0:
        raise BidError(f"{label} must be an amount in pounds, 0 or more.", field=field)
    if amount != amount.quantize(PENNY):
        raise BidError(f"{label} must be in whole pennies.", field=field)
    if amount > MOST_MONEY:
        raise BidError(f"{label} is more than this service can hold.", field=field)
    return amount.quantize(PENNY)


@transaction.atomic
def bid_start(*, user: User, opportunity: Opportunity, lead: Organisation, lot: Lot | None = None) -> Bid:
    """Start a draft bid for an open opportunity (or one of its lots), led by one of the person's
    organisations."""
    if not is_member(user, lead):
        raise BidError(f"You are not a member of {lead.name}.", field="lead", not_allowed=True)
    _open_check(opportunity)
    if lot is not None and lot.opportunity_id != opportunity.pk:
        raise BidError(f"{lot} is not a lot of {opportunity.title}.", field="lot")
    started = Bid.objects.filter(opportunity=opportunity, lot=lot, lead=lead).exclude(
        status=BidStatus.WITHDRAWN
    )
    if started.exists():
        raise BidError(f"{lead.name} has a bid for this already: carry on with that one.", field="lead")
    bid = Bid.objects.create(opportunity=opportunity, lot=lot, lead=lead, created_by=user)
    BidPartner.objects.create(
        bid=bid, organisation=lead, is_lead=True, role=LEAD_ROLE, work_share=HUNDRED,
        status=PartnerStatus.ACCEPTED, invited_by=user, answered_by=user, answered_at=timezone.now(),
    )  # fmt: skip
    audit_record(actor=user, action=AuditAction.CREATE, target=bid, after=bid_facts(bid))
    return bid


def _answers_checked(bid: Bid, answers: Mapping[str, str]) -> dict[str, str]:
    """The bid's answers with these merged in (blank ones dropped), or every problem by its field."""
    questions = {question.key: question for question in bid_questions(bid)}
    problems: dict[str, str] = {}
    merged = dict(bid.answers)
    for key, given in answers.items():
        question = questions.get(key)
        if question is None:
            problems[key] = f"{key} is not a question of this bid's form."
            continue
        text = str(given or "").strip()
        count = words_in(text)
        if count > question.word_limit:
            problems[key] = (
                f"Your answer to “{question.question}” has {count:,} words: "
                f"the limit is {question.word_limit:,}."
            )
        if text:
            merged[key] = text
        else:
            merged.pop(key, None)
    if problems:
        raise BidProblems(problems)
    return merged


@transaction.atomic
def bid_save_draft(
    *, user: User, bid: Bid, answers: Mapping[str, str], price: Decimal | str | None = None
) -> Bid:
    """Save what the lead has written so far: answers may be partial, each within its word limit."""
    _editor_check(user, bid)
    before = bid_facts(bid)
    merged = _answers_checked(bid, answers)
    bid.price = (
        None if price is None or str(price).strip() == "" else money_checked(price, "price", "The price")
    )
    bid.answers = merged
    bid.save(update_fields=["answers", "price", "updated_at"])
    partners = list(bid.partners.all())
    if len(partners) == 1 and partners[0].is_lead:  # on its own, the lead does all the work for the price
        partners[0].work_share, partners[0].money_share = HUNDRED, bid.price or Decimal(0)
        partners[0].save(update_fields=["work_share", "money_share"])
    audit_record(actor=user, action=AuditAction.UPDATE, target=bid, before=before, after=bid_facts(bid))
    return bid


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def _partner_problems(bid: Bid, price: Decimal | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    partners = list(bid.partners.select_related("organisation"))
    for partner in partners:
        if partner.status == PartnerStatus.INVITED:
            problems[f"partner-{partner.pk}"] = (
                f"{partner.organisation.name} has not accepted the invitation yet."
            )
        elif partner.status == PartnerStatus.DECLINED:
            problems[f"partner-{partner.pk}"] = (
                f"{partner.organisation.name} declined: remove it from the bid or ask it again."
            )
    work = sum((partner.work_share for partner in partners), Decimal(0))
    if work != HUNDRED:
        problems["work_shares"] = f"The partners' shares of the work add up to {_percent(work)}, not 100%."
    money = sum((partner.money_share for partner in partners), Decimal(0))
    if price is not None and money != price:
        problems["money_shares"] = (
            f"The partners' shares of the money add up to {format_money(money, pence=True)}, "
            f"not the price of {format_money(price, pence=True)}."
        )
    return problems


def bid_missing(bid: Bid) -> dict[str, str]:
    """What the bid still needs before it can be submitted, by field ({} when it is complete)."""
    problems: dict[str, str] = {}
    for question in bid_questions(bid):
        text = str(bid.answers.get(question.key) or "").strip()
        if question.required and not text:
            problems[question.key] = f"Answer “{question.question}”."
        elif words_in(text) > question.word_limit:
            problems[question.key] = (
                f"Your answer to “{question.question}” is over its limit of {question.word_limit:,} words."
            )
    if bid.price is None:
        problems["price"] = "Enter the price."
    elif bid.price <= 0:
        problems["price"] = "The price must be more than £0."
    problems.update(_partner_problems(bid, bid.price))
    return problems


@transaction.atomic
def bid_submit(*, user: User, bid: Bid) -> Bid:
    """Submit a complete bid while the opportunity is open; refused with every missing piece named."""
    _editor_check(user, bid)
    _open_check(bid.opportunity)
    problems = bid_missing(bid)
    if problems:
        raise BidProblems(problems)
    before = bid_facts(bid)
    bid.status, bid.submitted_at, bid.submitted_by = BidStatus.SUBMITTED, timezone.now(), user
    bid.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(actor=user, action=AuditAction.UPDATE, target=bid, before=before, after=bid_facts(bid),
                 note="Submitted.")  # fmt: skip
    return bid


def may_withdraw_bid(user: Person, bid: Bid) -> bool:
    """The lead's members, while the bid is a draft or submitted and not yet decided."""
    undecided = bid.status in (BidStatus.DRAFT, BidStatus.SUBMITTED)
    return undecided and user.is_authenticated and is_member(user, bid.lead)


@transaction.atomic
def bid_withdraw(*, user: User, bid: Bid) -> Bid:
    """Withdraw a bid not yet decided (the lead's members only)."""
    if not may_withdraw_bid(user, bid):
        if is_member(user, bid.lead):
            raise BidError(f"The bid is {bid.get_status_display().lower()}: it can no longer be withdrawn.")
        raise BidError("Only the lead organisation's members withdraw a bid.", not_allowed=True)
    before = bid_facts(bid)
    bid.status = BidStatus.WITHDRAWN
    bid.save(update_fields=["status", "updated_at"])
    audit_record(actor=user, action=AuditAction.UPDATE, target=bid, before=before, after=bid_facts(bid),
                 note="Withdrawn.")  # fmt: skip
    return bid
