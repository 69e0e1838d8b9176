"""Deciding bids, making awards, and ending or reducing funding with written notice.

- `bid_decide`: once an opportunity has closed, each submitted bid is decided with its reasons.
  Feedback is required for an unsuccessful bid (and offered to a successful one) and shown to the
  bidders on their bid. A successful bid becomes an `Award`, for no more than its lot or the
  opportunity is worth; a grant round's award is also published as a 360Giving grant. The bidders'
  members are emailed. When every submitted bid is decided, the opportunity is marked decided.
- `funding_change_record`: ending or reducing an award, with its reasons and the written notice given,
  measured in calendar months and days against the Compact's three months; a shorter notice says why.
  The amount awarded stays as it was: the changes are its history. The notice is announced
  (`commoncause.core.events.funding_notice_given`) so the relationship's engagement log records it,
  and the address of that record is kept on the change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.core.compact import Length, months_after, notice_length
from commoncause.core.events import funding_notice_given
from commoncause.core.templatetags.govuk_format import format_money
from commoncause.funding.access import may_keep_opportunity
from commoncause.funding.models import (
    Award,
    AwardStatus,
    Bid,
    BidStatus,
    ChangeKind,
    FundingChange,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    PartnerStatus,
)
from commoncause.matching.selectors import members_of
from commoncause.members.notifications import decision_notify
from commoncause.register.models import Organisation

NOT_KEEPER = "Only the opportunity's council officers decide its bids and change its awards."


class AwardError(DecisionError):
    """A decision or a change of funding that cannot be made; `field` names the value at fault."""


def _site_link(name: str, **kwargs: object) -> str:
    """A full address on the site for an email, or '' when the page is not there."""
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def award_amount_now(award: Award) -> Decimal:
    """What the award is worth now: the amount awarded, or the latest reduction of it."""
    latest = award.changes.filter(kind=ChangeKind.REDUCE).order_by("-notice_given_on", "-pk").first()
    return latest.new_amount if latest is not None and latest.new_amount is not None else award.amount


def _bid_facts(bid: Bid) -> dict[str, Any]:
    return {
        "status": bid.status,
        "decision_reasons": bid.decision_reasons,
        "feedback": bid.feedback,
        "decided_at": bid.decided_at.isoformat() if bid.decided_at else "",
    }


def _award_facts(award: Award) -> dict[str, Any]:
    return {
        "bid": str(award.bid_id), "organisation": str(award.organisation_id), "amount": str(award.amount),
        "award_date": str(award.award_date), "starts": str(award.starts or ""), "ends": str(award.ends or ""),
        "reasons": award.reasons, "status": award.status, "grant": str(award.grant_id or ""),
    }  # fmt: skip


def _may_decide(user: User, bid: Bid) -> None:
    if not may_keep_opportunity(user, bid.opportunity) or bid.status in (
        BidStatus.DRAFT,
        BidStatus.WITHDRAWN,
    ):
        raise AwardError(NOT_KEEPER, not_allowed=True)
    if bid.status != BidStatus.SUBMITTED:
        raise AwardError("This bid has been decided already.")
    if bid.opportunity.status != OpportunityStatus.CLOSED:
        raise AwardError(
            "Bids are decided once the opportunity has closed: it is "
            f"{bid.opportunity.get_status_display().lower()}."
        )


def _award_terms(
    bid: Bid, amount: Decimal | None, starts: dt.date | None, ends: dt.date | None
) -> tuple[Decimal, dt.date | None, dt.date | None]:
    """The amount (the bid's price unless given) and the dates (the opportunity's term unless given)."""
    amount = amount if amount is not None else bid.price
    if amount is None:
        raise AwardError("Enter the amount awarded: the bid gives no price.", field="amount")
    if amount <= 0:
        raise AwardError("Enter an amount awarded of more than £0.", field="amount")
    worth, what = (bid.lot.value, "its lot") if bid.lot else (bid.opportunity.value, "the opportunity")
    if amount > worth:
        raise AwardError(
            f"The amount awarded cannot be more than {what} is worth ({format_money(worth, pence=True)}).",
            field="amount",
        )
    opportunity = bid.opportunity
    starts = starts or opportunity.starts
    if ends is None and starts is not None:
        ends = months_after(starts, opportunity.duration_months) - dt.timedelta(days=1)
    if starts is not None and ends is not None and ends < starts:
        raise AwardError("The award must end on or after the day it starts.", field="ends")
    return amount, starts, ends


def _award_make(user: User, bid: Bid, terms: tuple[Decimal, dt.date | None, dt.date | None]) -> Award:
    amount, starts, ends = terms
    award = Award.objects.create(
        bid=bid, opportunity=bid.opportunity, organisation=bid.lead, amount=amount,
        award_date=timezone.localdate(), starts=starts, ends=ends, reasons=bid.decision_reasons,
        is_example=bid.is_example, created_by=user,
    )  # fmt: skip
    if bid.opportunity.kind == OpportunityKind.GRANT:
        # Imported here: the open-data module reads awards, and awards are made here.
        from commoncause.funding.opendata.grants_out import award_grant_publish

        grant = award_grant_publish(award, actor=user)
        if award.grant_id != grant.pk:
            award.grant = grant
            award.save(update_fields=["grant", "updated_at"])
    audit_record(actor=user, action=AuditAction.CREATE, target=award, after=_award_facts(award))
    return award


def _bidders(bid: Bid) -> list[Organisation]:
    """The lead and the partners who joined the bid."""
    joined = [
        p.organisation
        for p in bid.partners.select_related("organisation")
        if p.status == PartnerStatus.ACCEPTED
    ]
    return list({organisation.pk: organisation for organisation in [bid.lead, *joined]}.values())


def _tell_bidders(bid: Bid, award: Award | None) -> int:
    """Email every member of the bidding organisations the decision, with a link to their bid."""
    link = _site_link("funding:bid_detail", bid_id=bid.pk) or _site_link("accounts:account")
    people = {person.pk: person for organisation in _bidders(bid) for person in members_of(organisation)}
    subject = f"{'Successful' if award else 'Not successful'}: your bid for {bid.opportunity.title}"
    context = {"bid": bid, "award": award, "link": link}
    return sum(
        decision_notify(
            person=person, subject=subject, template="funding/awards/email/bid_decided.txt", context=context
        )  # fmt: skip
        for person in people.values()
    )


def _opportunity_decided(user: User, opportunity: Opportunity) -> None:
    """Mark the opportunity decided once no submitted bid waits for a decision."""
    if opportunity.bids.filter(status=BidStatus.SUBMITTED).exists():
        return
    opportunity.status = OpportunityStatus.AWARDED
    opportunity.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=opportunity,
        before={"status": OpportunityStatus.CLOSED}, after={"status": opportunity.status},
        note="Every bid is decided.",
    )  # fmt: skip


@transaction.atomic
def bid_decide(
    *,
    user: User,
    bid: Bid,
    successful: bool,
    reasons: str,
    feedback: str,
    amount: Decimal | None = None,
    starts: dt.date | None = None,
    ends: dt.date | None = None,
) -> Award | None:
    """Decide a submitted bid of a closed opportunity; returns the award when it is successful."""
    bid = (
        Bid.objects.select_for_update(of=("self",))
        .select_related("opportunity", "lot", "lead")
        .get(pk=bid.pk)
    )
    _may_decide(user, bid)
    reasons, feedback = reasons.strip(), feedback.strip()
    if not reasons:
        raise AwardError("Give the reasons for the decision.", field="reasons")
    if not successful and not feedback:
        raise AwardError(
            "Give the bidders feedback: an unsuccessful bid is always told why.", field="feedback"
        )
    terms = _award_terms(bid, amount, starts, ends) if successful else None
    before = _bid_facts(bid)
    bid.status = BidStatus.SUCCESSFUL if successful else BidStatus.UNSUCCESSFUL
    bid.decision_reasons, bid.feedback, bid.decided_at = reasons, feedback, timezone.now()
    bid.save(update_fields=["status", "decision_reasons", "feedback", "decided_at", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.APPROVE if successful else AuditAction.REFUSE, target=bid,
        before=before, after=_bid_facts(bid),
    )  # fmt: skip
    award = _award_make(user, bid, terms) if terms is not None else None
    _opportunity_decided(user, bid.opportunity)
    _tell_bidders(bid, award)
    return award


def _change_checked(
    award: Award, kind: str, new_amount: Decimal | None, given: dt.date | None, takes_effect: dt.date | None
) -> tuple[Decimal, dt.date, dt.date]:
    """The amount now, and the dates; or the first problem, naming its field."""
    if award.status == AwardStatus.ENDED:
        raise AwardError("This award has ended: its funding can no longer change.")
    if kind not in ChangeKind.values:
        raise AwardError("Choose whether the funding ends or is reduced.", field="kind")
    now = award_amount_now(award)
    if kind == ChangeKind.REDUCE:
        if new_amount is None:
            raise AwardError("Enter the amount the award is reduced to.", field="new_amount")
        if not 0 < new_amount < now:
            raise AwardError(
                f"A reduction must leave more than £0 and less than the {format_money(now, pence=True)} the "
                "award is worth now (to end it, choose 'ends').",
                field="new_amount",
            )
    if given is None:
        raise AwardError("Enter the date the written notice was given.", field="notice_given_on")
    if takes_effect is None:
        raise AwardError("Enter the date the change takes effect.", field="takes_effect_on")
    if takes_effect < given:
        raise AwardError("The change must take effect on or after the day notice is given.",
                         field="takes_effect_on")  # fmt: skip
    return now, given, takes_effect


def _change_reasons(reasons: str, shorter_because: str, notice: Length) -> str:
    """The reasons as kept, with why the notice is shorter than three months when it is."""
    reasons, shorter_because = reasons.strip(), shorter_because.strip()
    if not reasons:
        raise AwardError(
            "Give the reasons: the Compact expects written notice with reasons.", field="reasons"
        )
    if notice.met:
        return reasons
    if not shorter_because:
        short = f"{notice.shortfall_days} day{'s' if notice.shortfall_days != 1 else ''}"
        raise AwardError(
            f"The notice is {notice.words}, {short} short of the Compact's three months: say why it is "
            "shorter.",
            field="shorter_because",
        )
    return f"{reasons}\n\nWhy the notice is shorter than three months: {shorter_because}"


def _change_facts(change: FundingChange) -> dict[str, Any]:
    return {
        "award": str(change.award_id), "kind": change.kind, "new_amount": str(change.new_amount or ""),
        "notice_given_on": str(change.notice_given_on), "takes_effect_on": str(change.takes_effect_on),
        "reasons": change.reasons, "engagement_url": change.engagement_url,
    }  # fmt: skip


def _announce(user: User, change: FundingChange, before: Decimal) -> str:
    """Tell whoever records notices (the engagement log) and keep the first address it gives back."""
    award = change.award
    ending = change.kind == ChangeKind.END
    reduction = (
        "ends"
        if ending
        else f"from {format_money(before, pence=True)} to {format_money(change.new_amount, pence=True)}"
    )
    title = f"Notice: {award.opportunity.title} {'ends' if ending else 'reduced'}"
    link = _site_link("funding:award_detail", award_id=award.pk)
    responses = funding_notice_given.send(
        sender=FundingChange, council=award.opportunity.council, organisation=award.organisation,
        title=title if len(title) <= 200 else f"{title[:199]}…",
        summary=f"Notice given for the award to {award.organisation.name}: {link}",
        notice_given_on=change.notice_given_on, takes_effect_on=change.takes_effect_on, reduction=reduction,
        reasons=change.reasons, user=user, is_example=award.is_example,
    )  # fmt: skip
    return next((str(answer) for _, answer in responses if isinstance(answer, str) and answer), "")


@transaction.atomic
def funding_change_record(
    *,
    user: User,
    award: Award,
    kind: str,
    new_amount: Decimal | None,
    notice_given_on: dt.date | None,
    takes_effect_on: dt.date | None,
    reasons: str,
    shorter_because: str = "",
) -> FundingChange:
    """End or reduce an award with the written notice given and its reasons (and, when the notice is
    shorter than three months, why); recorded in the engagement log through `funding_notice_given`."""
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("opportunity__council", "organisation")
        .get(pk=award.pk)
    )
    if not may_keep_opportunity(user, award.opportunity):
        raise AwardError(NOT_KEEPER, not_allowed=True)
    before, given, takes_effect = _change_checked(award, kind, new_amount, notice_given_on, takes_effect_on)
    text = _change_reasons(reasons, shorter_because, notice_length(given, takes_effect))
    change = FundingChange.objects.create(
        award=award, kind=kind, new_amount=new_amount if kind == ChangeKind.REDUCE else None,
        notice_given_on=given, takes_effect_on=takes_effect, reasons=text, created_by=user,
    )  # fmt: skip
    change.engagement_url = _announce(user, change, before)
    if change.engagement_url:
        change.save(update_fields=["engagement_url", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.CREATE, target=change, target_label=f"Change to {award}"[:300],
        after=_change_facts(change),
    )  # fmt: skip
    status_before = award.status
    award.status = AwardStatus.ENDED if kind == ChangeKind.END else AwardStatus.REDUCED
    award.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=award,
        before={"status": status_before, "amount_now": str(before)},
        after={"status": award.status, "amount_now": str(award_amount_now(award))},
    )  # fmt: skip
    return change
