"""Reads of bids for their pages, always through who is asking (`funding/access.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from commoncause.funding.access import (
    bids_for,
    is_bidder,
    may_edit_bid,
    may_keep_opportunity,
    may_see_bid,
    may_see_opportunity,
)
from commoncause.funding.bid_full_cost import bid_price_check
from commoncause.funding.bid_partners import may_answer
from commoncause.funding.bid_questions import Question, tier_of, words_in
from commoncause.funding.bids import bid_missing, bid_questions, may_withdraw_bid
from commoncause.funding.models import (
    Bid,
    BidDocument,
    BidPartner,
    Lot,
    Opportunity,
    OpportunityStatus,
)
from commoncause.matching.selectors import Person, organisations_of
from commoncause.register.models import Organisation


@dataclass(frozen=True)
class Answer:
    question: Question
    text: str

    @property
    def words(self) -> int:
        return words_in(self.text)

    @property
    def over(self) -> bool:
        return self.words > self.question.word_limit


def bid_found(bid_id: UUID) -> Bid | None:
    """The bid with what its pages show of it."""
    return (
        Bid.objects.select_related("opportunity", "opportunity__council", "lot", "lead", "submitted_by")
        .filter(pk=bid_id)
        .first()
    )


def opportunity_found(opportunity_id: UUID, user: Person) -> Opportunity | None:
    """The opportunity, if this person may see it."""
    opportunity = Opportunity.objects.select_related("council").filter(pk=opportunity_id).first()
    return opportunity if opportunity is not None and may_see_opportunity(user, opportunity) else None


def is_open(opportunity: Opportunity) -> bool:
    return opportunity.status == OpportunityStatus.OPEN


def lots_of(opportunity: Opportunity) -> QuerySet[Lot]:
    return opportunity.lots.order_by("number")


def lead_choices(user: Person) -> QuerySet[Organisation]:
    """The organisations a person may lead a bid for: those they are a member of."""
    return organisations_of(user)


def partners_of(bid: Bid) -> list[BidPartner]:
    return list(bid.partners.select_related("organisation").order_by("-is_lead", "id"))


def documents_of(bid: Bid) -> list[BidDocument]:
    return list(bid.documents.order_by("uploaded_at", "id"))


def answers_of(bid: Bid) -> list[Answer]:
    return [Answer(question, str(bid.answers.get(question.key) or "")) for question in bid_questions(bid)]


def bids_listed(user: Person) -> QuerySet[Bid]:
    """The bids of the person's organisations, led or joined, newest first."""
    return bids_for(user)


def optional_url(name: str, **kwargs: object) -> str:
    """The address of a page another part of the site provides, or '' while there is none."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def opportunity_link(opportunity: Opportunity) -> str:
    """The opportunity's own page ('' while the site has none)."""
    return optional_url("funding:opportunity_detail", opportunity_id=opportunity.pk)


def problem_links(bid: Bid, problems: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each problem with where it is put right: the question or price on the draft's form, the
    partners' page for partners and shares."""
    edit = reverse("funding:bid_edit", kwargs={"bid_id": bid.pk})
    partners = reverse("funding:bid_partners", kwargs={"bid_id": bid.pk})
    links = []
    for field, message in problems.items():
        if field.startswith("partner-") or field in ("work_shares", "money_shares"):
            links.append((message, partners))
        elif field == "bid":
            links.append((message, "#main-content"))
        else:
            links.append((message, f"{edit}#id_{field}"))
    return links


def bid_page(user: Person, bid: Bid) -> dict[str, Any]:
    """What the bid's page shows this person (who may see it: `may_see_bid`)."""
    partners = partners_of(bid)
    editor = may_edit_bid(user, bid)
    keeper = may_keep_opportunity(user, bid.opportunity)
    return {
        "bid": bid,
        "opportunity": bid.opportunity,
        "opportunity_link": opportunity_link(bid.opportunity),
        "tier": tier_of(bid.opportunity, bid.lot),
        "answers": answers_of(bid),
        "partners": partners,
        "to_answer": [partner for partner in partners if may_answer(user, partner)],
        "documents": documents_of(bid),
        "price_check": bid_price_check(bid),
        "editor": editor,
        "missing": problem_links(bid, bid_missing(bid)) if editor else [],
        "may_withdraw": may_withdraw_bid(user, bid),
        "bidder": is_bidder(user, bid),
        "keeper": keeper,
        "assess_link": optional_url("funding:bid_assess", bid_id=bid.pk) if keeper else "",
    }


def may_see(user: Person, bid: Bid) -> bool:
    """`access.may_see_bid` (a bid withdrawn before it was ever submitted stays its bidders' alone)."""
    return may_see_bid(user, bid)
