"""Who may see and change what in commissioning, always through who is asking.

- An opportunity is kept (drafted, changed, published, assessed, decided) by officers of its council
  and administrators; once published anyone may read it. A draft is its keepers' alone.
- A bid is seen by the members of its organisations (the lead's and every partner's, invited or in)
  and, once submitted, by the opportunity's keepers. Only the lead's members change it, and only while
  it is a draft; a partner's members answer its invitation.
- An award is public (what was given, to whom, why); its monitoring plan and returns are seen by the
  recipient's members and the opportunity's keepers, and returns are written by the recipient's members.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from commoncause.accounts.roles import ADMIN, has_role
from commoncause.funding.models import Award, Bid, BidStatus, Opportunity, OpportunityStatus
from commoncause.matching.selectors import officer_councils, organisations_of
from commoncause.members.membership import is_member

Person = User | AnonymousUser


def may_keep_opportunity(user: Person, opportunity: Opportunity) -> bool:
    """Officers of the opportunity's council, and administrators."""
    if not user.is_authenticated:
        return False
    if has_role(user, ADMIN):
        return True
    return officer_councils(user).filter(pk=opportunity.council_id).exists()


def may_see_opportunity(user: Person, opportunity: Opportunity) -> bool:
    return opportunity.status != OpportunityStatus.DRAFT or may_keep_opportunity(user, opportunity)


def may_create_opportunities(user: Person) -> bool:
    """Officers of a council (an opportunity is always a council's)."""
    return user.is_authenticated and officer_councils(user).exists()


def opportunities_for(user: Person) -> QuerySet[Opportunity]:
    """The opportunities this person may see listed: every published one, and the drafts they keep."""
    shown = Opportunity.objects.select_related("council").order_by("-created_at", "-id")
    if user.is_authenticated and has_role(user, ADMIN):
        return shown
    published = ~Q(status=OpportunityStatus.DRAFT)
    if not user.is_authenticated:
        return shown.filter(published)
    return shown.filter(published | Q(council__in=officer_councils(user)))


def bid_organisation_ids(bid: Bid) -> set[object]:
    """The lead's and every partner's organisation (invited, in or declined)."""
    return {bid.lead_id, *bid.partners.values_list("organisation_id", flat=True)}


def is_bidder(user: Person, bid: Bid) -> bool:
    """A member of one of the bid's organisations."""
    if not user.is_authenticated:
        return False
    return organisations_of(user).filter(pk__in=bid_organisation_ids(bid)).exists()


def may_see_bid(user: Person, bid: Bid) -> bool:
    """The bidders always; the opportunity's keepers once it was submitted (a draft withdrawn before it
    was ever submitted stays the bidders' alone)."""
    if is_bidder(user, bid):
        return True
    never_submitted = bid.status == BidStatus.DRAFT or (
        bid.status == BidStatus.WITHDRAWN and bid.submitted_at is None
    )
    return not never_submitted and may_keep_opportunity(user, bid.opportunity)


def may_edit_bid(user: Person, bid: Bid) -> bool:
    """The lead's members, while the bid is a draft."""
    return bid.status == BidStatus.DRAFT and user.is_authenticated and is_member(user, bid.lead)


def may_assess(user: Person, bid: Bid) -> bool:
    """The opportunity's keepers, once the bid is submitted (and after it is decided, to read)."""
    return (
        bid.status != BidStatus.DRAFT
        and bid.status != BidStatus.WITHDRAWN
        and (may_keep_opportunity(user, bid.opportunity))
    )


def bids_for(user: Person) -> QuerySet[Bid]:
    """The bids of the person's organisations, newest first."""
    if not user.is_authenticated:
        return Bid.objects.none()
    mine = organisations_of(user)
    return (
        Bid.objects.filter(Q(lead__in=mine) | Q(partners__organisation__in=mine))
        .select_related("opportunity", "lead", "lot")
        .distinct()
        .order_by("-created_at", "-id")
    )


def may_see_monitoring(user: Person, award: Award) -> bool:
    """The recipient's members and the opportunity's keepers."""
    if not user.is_authenticated:
        return False
    return is_member(user, award.organisation) or may_keep_opportunity(user, award.opportunity)


def may_write_returns(user: Person, award: Award) -> bool:
    return user.is_authenticated and is_member(user, award.organisation)
