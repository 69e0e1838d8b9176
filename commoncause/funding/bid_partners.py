"""A bid's consortium: inviting partners, their answers, changing and removing them, and starting a
bid with the partners the consortium builder proposed.

The lead's members invite other organisations into a draft bid, each with its role, its share of the
work (percent) and of the money (pounds), and the wards it covers; the invited organisation's members
accept or decline, and are told by email, as the lead's members are of the answer. A partner that has
accepted and whose part is then changed is asked again. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.funding.access import Person, may_edit_bid
from commoncause.funding.bid_questions import award_value
from commoncause.funding.bids import (
    HUNDRED,
    PENNY,
    ROLE_LIMIT,
    BidError,
    bid_start,
    money_checked,
)
from commoncause.funding.consortium_builder import requirement_wards
from commoncause.funding.models import Bid, BidPartner, BidStatus, Lot, Opportunity, PartnerStatus
from commoncause.matching.selectors import members_of
from commoncause.members.membership import is_member
from commoncause.members.notifications import decision_notify
from commoncause.register.models import Organisation

MOST_WARDS = 200
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Part:
    """A partner's part in a bid: its role, shares and wards."""

    role: str = ""
    work_share: Decimal | str = Decimal(0)
    money_share: Decimal | str = Decimal(0)
    wards: Sequence[str] = ()


@dataclass(frozen=True)
class ProposedPartner:
    """An organisation the consortium builder proposed, with its share of the value (0 to 1) and the
    required wards it covers."""

    organisation: Organisation
    share: Decimal
    wards: Sequence[str] = ()


def partner_facts(partner: BidPartner) -> dict[str, Any]:
    return {
        "bid": str(partner.bid_id),
        "organisation": str(partner.organisation_id),
        "is_lead": partner.is_lead,
        "role": partner.role,
        "work_share": str(partner.work_share),
        "money_share": str(partner.money_share),
        "wards": list(partner.wards),
        "status": partner.status,
    }


def bid_link(bid: Bid) -> str:
    """The bid's page as a full address (`SITE_URL`)."""
    return f"{str(settings.SITE_URL).rstrip('/')}{reverse('funding:bid_detail', kwargs={'bid_id': bid.pk})}"


def _editor_check(user: User, bid: Bid) -> None:
    if not may_edit_bid(user, bid):
        raise BidError(
            "Only the lead organisation's members change a bid's partners, and only while it is a draft.",
            not_allowed=True,
        )


def _work_share(value: object) -> Decimal:
    try:
        share = Decimal(str(value).replace("%", "").strip() or "0")
    except InvalidOperation:
        raise BidError(
            "The share of the work must be a percentage, such as 40.", field="work_share"
        ) from None
    if not share.is_finite() or not 0 <= share <= HUNDRED:
        raise BidError("The share of the work must be from 0% to 100%.", field="work_share")
    if share != share.quantize(HUNDREDTH):
        raise BidError("The share of the work can have at most two decimal places.", field="work_share")
    return share.quantize(HUNDREDTH)


def _wards(bid: Bid, wards: Sequence[str]) -> list[str]:
    """The wards named, once each, all among those the opportunity (or lot) asks for."""
    codes = list(dict.fromkeys(code.strip().upper() for code in wards if code.strip()))
    if len(codes) > MOST_WARDS:
        raise BidError(f"Name {MOST_WARDS} wards or fewer.", field="wards")
    asked = requirement_wards(bid.opportunity, bid.lot)
    unknown = [code for code in codes if code not in asked]
    if unknown:
        raise BidError(f"The opportunity does not ask for the ward {', '.join(unknown[:5])}.", field="wards")
    return codes


def _part_checked(bid: Bid, part: Part) -> Part:
    role = part.role.strip()
    if len(role) > ROLE_LIMIT:
        raise BidError(f"The role must be {ROLE_LIMIT} characters or fewer.", field="role")
    return Part(
        role=role,
        work_share=_work_share(part.work_share),
        money_share=money_checked(part.money_share or 0, "money_share", "The share of the money"),
        wards=_wards(bid, part.wards),
    )


def _tell(organisation: Organisation, *, subject: str, template: str, context: dict[str, Any]) -> int:
    """Email the organisation's members (those with a confirmed address); returns how many."""
    return sum(
        decision_notify(person=person, subject=subject, template=template, context=context)
        for person in members_of(organisation)
    )


def _invitation_send(partner: BidPartner) -> None:
    bid = partner.bid
    _tell(
        partner.organisation,
        subject=f"Invited to bid: {bid.opportunity.title}",
        template="funding/bids/email/partner_invited.txt",
        context={"partner": partner, "bid": bid, "link": bid_link(bid)},
    )


@transaction.atomic
def bid_partner_invite(
    *,
    user: User,
    bid: Bid,
    organisation: Organisation,
    role: str = "",
    work_share: Decimal | str = Decimal(0),
    money_share: Decimal | str = Decimal(0),
    wards: Sequence[str] = (),
) -> BidPartner:
    """Invite an organisation into a draft bid (the lead's members only); its members are emailed."""
    _editor_check(user, bid)
    if organisation.pk == bid.lead_id:
        raise BidError(f"{organisation.name} leads this bid already.", field="organisation")
    if bid.partners.filter(organisation=organisation).exists():
        raise BidError(f"{organisation.name} is in this bid already.", field="organisation")
    part = _part_checked(bid, Part(role, work_share, money_share, wards))
    partner = BidPartner.objects.create(
        bid=bid, organisation=organisation, role=part.role, work_share=part.work_share,
        money_share=part.money_share, wards=list(part.wards), invited_by=user,
    )  # fmt: skip
    audit_record(actor=user, action=AuditAction.CREATE, target=partner, after=partner_facts(partner))
    _invitation_send(partner)
    return partner


@transaction.atomic
def bid_partner_change(*, user: User, bid: Bid, partner: BidPartner, part: Part) -> BidPartner:
    """Change a partner's role, shares or wards (the lead's too). A partner that had accepted is asked
    again, as what it agreed to has changed."""
    _editor_check(user, bid)
    if partner.bid_id != bid.pk:
        raise BidError("That organisation is not in this bid.", not_allowed=True)
    checked = _part_checked(bid, part)
    before = partner_facts(partner)
    partner.role, partner.wards = checked.role, list(checked.wards)
    partner.work_share, partner.money_share = Decimal(checked.work_share), Decimal(checked.money_share)
    changed = partner_facts(partner) != before
    if changed and not partner.is_lead and partner.status == PartnerStatus.ACCEPTED:
        partner.status, partner.answered_by, partner.answered_at = PartnerStatus.INVITED, None, None
    partner.save()
    audit_record(actor=user, action=AuditAction.UPDATE, target=partner, before=before,
                 after=partner_facts(partner))  # fmt: skip
    if changed and partner.status == PartnerStatus.INVITED:
        _invitation_send(partner)
    return partner


@transaction.atomic
def bid_partner_remove(*, user: User, bid: Bid, partner: BidPartner) -> None:
    """Take a partner out of a draft bid (never the lead)."""
    _editor_check(user, bid)
    if partner.bid_id != bid.pk:
        raise BidError("That organisation is not in this bid.", not_allowed=True)
    if partner.is_lead:
        raise BidError("The lead cannot leave its own bid: withdraw the bid instead.")
    before = partner_facts(partner)
    audit_record(actor=user, action=AuditAction.DELETE, target=partner, before=before)
    partner.delete()


def may_answer(user: Person, partner: BidPartner) -> bool:
    """A member of the invited organisation, while the invitation waits and the bid is a draft."""
    return (
        user.is_authenticated
        and not partner.is_lead
        and partner.status == PartnerStatus.INVITED
        and partner.bid.status == BidStatus.DRAFT
        and is_member(user, partner.organisation)
    )


@transaction.atomic
def bid_partner_answer(*, user: User, bid: Bid, partner: BidPartner, accept: bool) -> BidPartner:
    """Accept or decline an invitation into a bid (the invited organisation's members); the lead's
    members are emailed the answer."""
    if partner.bid_id != bid.pk or not is_member(user, partner.organisation) or partner.is_lead:
        raise BidError(f"Only {partner.organisation.name}'s members answer its invitation.", not_allowed=True)
    if bid.status != BidStatus.DRAFT:
        raise BidError(
            f"The bid is {bid.get_status_display().lower()}: the invitation can no longer be answered."
        )
    if partner.status != PartnerStatus.INVITED:
        raise BidError(f"{partner.organisation.name} has {partner.get_status_display().lower()} already.")
    before = partner_facts(partner)
    partner.status = PartnerStatus.ACCEPTED if accept else PartnerStatus.DECLINED
    partner.answered_by, partner.answered_at = user, timezone.now()
    partner.save(update_fields=["status", "answered_by", "answered_at"])
    action = AuditAction.APPROVE if accept else AuditAction.REFUSE
    audit_record(actor=user, action=action, target=partner, before=before, after=partner_facts(partner))
    _tell(
        bid.lead,
        subject=f"{partner.organisation.name} {partner.get_status_display().lower()}: "
        f"{bid.opportunity.title}",
        template="funding/bids/email/partner_answered.txt",
        context={"partner": partner, "bid": bid, "link": bid_link(bid)},
    )
    return partner


def apportion(total: Decimal, fractions: Sequence[Decimal], unit: Decimal) -> list[Decimal]:
    """`total` shared in proportion to `fractions`, in whole `unit`s adding up to it exactly: each part
    rounded down, then the units left over given to the largest remainders (the first among equals)."""
    weight = sum(fractions, Decimal(0))
    if weight <= 0:
        return [total if at == 0 else Decimal(0) for at in range(len(fractions))]
    exact = [total * fraction / weight for fraction in fractions]
    parts = [(value / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for value in exact]
    left = int(((total - sum(parts, Decimal(0))) / unit).to_integral_value())
    for at in sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))[:left]:
        parts[at] += unit
    return parts


@transaction.atomic
def bid_start_consortium(
    *,
    user: User,
    opportunity: Opportunity,
    lot: Lot | None,
    lead: Organisation,
    partners: Sequence[ProposedPartner],
) -> Bid:
    """Start a draft bid led by one of the person's organisations and invite the proposed partners,
    with shares of the work and of the award's value in proportion to the builder's shares (the lead
    takes its own share if proposed, else none)."""
    bid = bid_start(user=user, opportunity=opportunity, lead=lead, lot=lot)
    proposed = {partner.organisation.pk: partner for partner in partners}
    ordered = [proposed.get(lead.pk), *(p for p in proposed.values() if p.organisation.pk != lead.pk)]
    fractions = [max(p.share, Decimal(0)) if p is not None else Decimal(0) for p in ordered]
    works = apportion(HUNDRED, fractions, HUNDREDTH)
    moneys = apportion(award_value(opportunity, lot), fractions, PENNY)
    lead_row = bid.partners.get(is_lead=True)
    lead_wards = list(ordered[0].wards) if ordered[0] is not None else []
    bid_partner_change(
        user=user, bid=bid, partner=lead_row,
        part=Part(role=lead_row.role, work_share=works[0], money_share=moneys[0], wards=lead_wards),
    )  # fmt: skip
    for at, partner in enumerate(ordered[1:], start=1):
        if partner is not None:
            bid_partner_invite(
                user=user, bid=bid, organisation=partner.organisation, role="Partner",
                work_share=works[at], money_share=moneys[at], wards=list(partner.wards),
            )  # fmt: skip
    return bid
