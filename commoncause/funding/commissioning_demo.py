"""Example commissioning for the demo council, on real organisations placed in it, each record marked as
an example wherever it shows (`is_example`) and never a real council's decision:

- a grant round, decided: three bids (one by a consortium of two small groups), scored, moderated and
  decided, two of them awarded and published as 360Giving grants, each award with its monitoring plan and
  schedule of returns, and the consortium's first return submitted;
- an earlier grant round, two years into its three: four small groups funded alone, each with its four
  six-monthly returns submitted (people reached by ward, volunteers and their hours, spend, and measures
  the outcomes framework's starter set names);
- a contract in two lots, closed and being assessed: a consortium bid led by the demo member's
  organisation (the first placed in Westminster by name), whose price is below its full cost, scored,
  and a bid not yet scored.

Organisations are chosen by their yearly income, so that small groups (under £100,000 a year) form the
consortium of the grant round. The records are made as the services make them (the services themselves
need a signed-in officer or member); each is written to the audit log with no actor. The scores need a
person: they are all by one account made for the purpose, "example-assessor" ("Example assessor"),
inactive, with no email address and an unusable password, so no one can sign in as it. The words are
the demo's own (`commissioning_demo_words`). Dates are relative to today, so the demo stays current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.utils import timezone

from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record
from commoncause.core.compact import months_after
from commoncause.funding import commissioning_demo_words as words
from commoncause.funding.assessment import criteria_of, weighted_total
from commoncause.funding.bid_full_cost import full_cost_stored
from commoncause.funding.bid_partners import partner_facts
from commoncause.funding.bids import HUNDRED, LEAD_ROLE, bid_facts, bid_questions
from commoncause.funding.commissioning.full_cost import DriverMeasure, full_cost_calculate, shipped_drivers
from commoncause.funding.fair_access import fair_access_check, fair_access_json
from commoncause.funding.models import (
    Assessment,
    Award,
    Bid,
    BidPartner,
    BidStatus,
    Lot,
    Moderation,
    MonitoringPlan,
    MonitoringReturn,
    Opportunity,
    OpportunityStatus,
    PartnerStatus,
    ReturnStatus,
    Risk,
)
from commoncause.funding.monitoring import indicators_read
from commoncause.funding.monitoring_checks import monitoring_plan_check
from commoncause.funding.monitoring_proposal import monitoring_plan_propose
from commoncause.funding.opendata.grants_out import award_grant_publish
from commoncause.matching import matcher
from commoncause.matching.engine.rank import Query
from commoncause.places.demo import DEMO_COUNCIL, demo_council
from commoncause.places.models import Area, AreaType, OrganisationPlace
from commoncause.places.themes import theme_by_code
from commoncause.register.models import Organisation

CODE = DEMO_COUNCIL[1]
NOTE = "A demo example"
ASSESSOR = "example-assessor"
SMALL = 100_000  # small groups: under £100,000 a year
SMALL_FLOOR = 20_000  # enough income to hold a share of the grant round's consortium safely
LARGER_BELOW = 1_000_000


@dataclass(frozen=True)
class Chosen:
    """The organisations of the demo: the demo member's, small groups (largest income first) and larger
    local organisations (smallest first)."""

    member: Organisation
    small: list[Organisation]
    larger: list[Organisation]


def _audit(
    record: models.Model, after: Mapping[str, Any], label: str = "", action: str = AuditAction.CREATE
) -> None:
    audit_record(actor=None, action=action, target=record, target_label=label[:300], after=dict(after),
                 note=NOTE)  # fmt: skip


def _at(day: dt.date) -> dt.datetime:
    """A working morning on the day, as a moment."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


RELEVANT = "Lunch clubs, befriending and company for older people who are lonely or live alone."


def _relevance() -> dict[Any, int]:
    """The organisations working in the demo council, in the order the matching engine ranks them for
    the demo's older people's work."""
    fits, names = matcher.area_fits([CODE])
    query = Query(text=RELEVANT, areas=fits, area_names=names, who_labels=matcher.who_labels())
    return {match.key: match.rank for match in matcher.matches(query, limit=300)}


def _chosen() -> Chosen | None:
    """The organisations placed in Westminster by income, or None when there are too few of them."""
    first = OrganisationPlace.objects.filter(local_authority=CODE).order_by("organisation__name").first()
    if first is None:  # the demo member's organisation, found as `places.demo` finds it
        return None
    ids = OrganisationPlace.objects.filter(
        local_authority=CODE, organisation__merged_into__isnull=True, organisation__identifiers__isnull=False
    ).values_list("organisation_id", flat=True)
    placed = [org for org in Organisation.objects.filter(pk__in=ids) if org.pk != first.organisation_id]
    small = [org for org in placed if org.latest_income and SMALL_FLOOR <= org.latest_income < SMALL]
    larger = [org for org in placed if org.latest_income and SMALL <= org.latest_income < LARGER_BELOW]
    # The most relevant to the demo's older people's work first (as the matching engine ranks them), so
    # the examples read as groups that would bid; the rest by income.
    rank = _relevance()
    small.sort(
        key=lambda org: (rank.get(org.pk, len(rank)), -(org.latest_income or 0), org.name, str(org.pk))
    )
    larger.sort(key=lambda org: (rank.get(org.pk, len(rank)), org.latest_income or 0, org.name, str(org.pk)))
    if len(small) < 4 or len(larger) < 2:
        return None
    return Chosen(first.organisation, small, larger)


def _assessor() -> User:
    """The one account the example scores are by: inactive, no email, an unusable password."""
    found = User.objects.filter(username=ASSESSOR).first()
    if found is not None:
        return found
    user = User(username=ASSESSOR, first_name="Example", last_name="assessor", is_active=False)
    user.set_unusable_password()
    user.save()
    _audit(user, {"username": ASSESSOR, "is_active": False}, label=ASSESSOR)
    return user


def _opportunity(council: Council, values: Mapping[str, Any], **dates: Any) -> Opportunity:
    who = [code for code in ("older",) if theme_by_code(code) is not None]
    opportunity = Opportunity.objects.create(
        council=council, is_example=True, who=who, published_at=_at(dates["opens"]), **values, **dates
    )
    _audit(opportunity, {"title": opportunity.title, "kind": opportunity.kind, "status": opportunity.status,
                         "value": str(opportunity.value)})  # fmt: skip
    return opportunity


def _lots(opportunity: Opportunity) -> list[Lot]:
    made = []
    for number, (title, value, areas, description) in enumerate(words.LOTS, start=1):
        lot = Lot.objects.create(opportunity=opportunity, number=number, title=title, value=value,
                                 areas=list(areas), description=description)  # fmt: skip
        _audit(lot, {"opportunity": str(opportunity.pk), "value": str(value), "areas": list(areas)})
        made.append(lot)
    return made


def _fair_access(opportunity: Opportunity, reason: str) -> None:
    """The fair-access check as it stood when the opportunity was published, kept as publishing keeps it."""
    check = fair_access_check(opportunity, AnonymousUser(), today=opportunity.opens)
    opportunity.fair_access = {
        **fair_access_json(check),
        "published_over_warnings": reason if check.warnings else "",
    }
    opportunity.save(update_fields=["fair_access", "updated_at"])


@dataclass(frozen=True)
class Share:
    organisation: Organisation
    role: str
    work: Decimal  # percent
    money: Decimal  # pounds
    wards: Sequence[str]


def _bid(opportunity: Opportunity, price: Decimal, shares: Sequence[Share], lot: Lot | None = None) -> Bid:
    """A submitted bid, its lead first among `shares`, every partner accepted."""
    submitted = _at(opportunity.closes - dt.timedelta(days=3)) if opportunity.closes else timezone.now()
    bid = Bid.objects.create(
        opportunity=opportunity, lot=lot, lead=shares[0].organisation, status=BidStatus.SUBMITTED,
        price=price, submitted_at=submitted, is_example=True,
    )  # fmt: skip
    bid.answers = {
        question.key: words.answer(question.key) for question in bid_questions(bid) if question.required
    }
    bid.save(update_fields=["answers"])
    _audit(bid, bid_facts(bid))
    for at, share in enumerate(shares):
        partner = BidPartner.objects.create(
            bid=bid, organisation=share.organisation, is_lead=at == 0, role=share.role,
            work_share=share.work, money_share=share.money, wards=list(share.wards),
            status=PartnerStatus.ACCEPTED, answered_at=submitted - dt.timedelta(days=7),
        )  # fmt: skip
        _audit(partner, partner_facts(partner))
    return bid


def _alone(organisation: Organisation, price: Decimal) -> list[Share]:
    ward = OrganisationPlace.objects.filter(organisation=organisation).values_list("ward", flat=True).first()
    return [Share(organisation, LEAD_ROLE, HUNDRED, price, [ward] if ward else [])]


def _assess(bid: Bid, assessor: User, scored: Sequence[tuple[int, str]]) -> Assessment:
    criteria = criteria_of(bid.opportunity)
    assessment = Assessment.objects.create(
        bid=bid, assessor=assessor,
        scores={item.name: score for item, (score, _) in zip(criteria, scored, strict=True)},
        comments={item.name: said for item, (_, said) in zip(criteria, scored, strict=True)},
    )  # fmt: skip
    total = weighted_total(criteria, assessment.scores)
    _audit(assessment, {"bid": str(bid.pk), "scores": assessment.scores, "total": str(total)},
           label=f"Scores for {bid}")  # fmt: skip
    return assessment


def _moderate(assessment: Assessment, changed: Mapping[str, tuple[int, str]]) -> Moderation:
    """The agreed scores: the assessor's, with any changed and the reasons kept as moderation keeps
    them (a line per criterion, "name: reason")."""
    criteria = criteria_of(assessment.bid.opportunity)
    agreed = {
        name: changed[name][0] if name in changed else score for name, score in assessment.scores.items()
    }
    reasons = "\n".join(f"{item.name}: {changed[item.name][1]}" for item in criteria if item.name in changed)
    moderation = Moderation.objects.create(
        bid=assessment.bid, scores=agreed, reasons=reasons, total=weighted_total(criteria, agreed),
        moderated_by=assessment.assessor,
    )  # fmt: skip
    facts = {
        "bid": str(moderation.bid_id),
        "scores": agreed,
        "reasons": reasons,
        "total": str(moderation.total),
    }
    _audit(moderation, facts, label=f"Moderated scores for {assessment.bid}")
    return moderation


def _decide(bid: Bid, total: Decimal, feedback: str, on: dt.date, *, successful: bool) -> Award | None:
    """The decision on a bid with its reasons; a successful one awarded and published as a grant."""
    points = f"{total.normalize():f}"
    bid.status = BidStatus.SUCCESSFUL if successful else BidStatus.UNSUCCESSFUL
    bid.decision_reasons = (
        f"Scored {points} out of 100 against the published criteria, among the bids funded."
        if successful
        else f"Scored {points} out of 100, below the bids funded; the round's money was all awarded."
    )
    bid.feedback, bid.decided_at = feedback, _at(on)
    bid.save(update_fields=["status", "decision_reasons", "feedback", "decided_at", "updated_at"])
    decided = {"status": bid.status, "decision_reasons": bid.decision_reasons, "feedback": bid.feedback}
    _audit(bid, decided, action=AuditAction.APPROVE if successful else AuditAction.REFUSE)
    if not successful:
        return None
    starts, price = bid.opportunity.starts or on, cast(Decimal, bid.price)  # every example bid has a price
    award = Award.objects.create(
        bid=bid, opportunity=bid.opportunity, organisation=bid.lead, amount=price, award_date=on,
        starts=starts, ends=months_after(starts, bid.opportunity.duration_months) - dt.timedelta(days=1),
        reasons=bid.decision_reasons, is_example=True,
    )  # fmt: skip
    _audit(award, {"bid": str(bid.pk), "organisation": str(award.organisation_id),
                   "amount": str(award.amount), "award_date": str(award.award_date)})  # fmt: skip
    award_grant_publish(award, actor=None)
    return award


def _plan(award: Award, risk: str) -> MonitoringPlan:
    """The plan proposed for the award's tier and risk, checked on the day it was awarded, and its
    schedule of returns."""
    proposal = monitoring_plan_propose(award, risk)
    checks = monitoring_plan_check(proposal.values, award, today=award.award_date)
    plan = MonitoringPlan.objects.create(
        award=award, tier=proposal.tier.code, risk=risk, items=proposal.items_json,
        reports_per_year=proposal.reports_per_year, checks=[check.as_json() for check in checks],
    )  # fmt: skip
    returns = [{"period": entry.period, "due": entry.due.isoformat()} for entry in proposal.schedule]
    facts = {"tier": plan.tier, "risk": risk, "items": plan.items,
             "reports_per_year": str(plan.reports_per_year), "returns": returns}  # fmt: skip
    _audit(plan, facts, label=f"Monitoring plan: {award}")
    for entry in proposal.schedule:
        found = MonitoringReturn.objects.create(award=award, period=entry.period, due=entry.due)
        _audit(found, {"period": found.period, "due": found.due.isoformat(), "status": found.status},
               label=f"Return {found.period}: {award}")  # fmt: skip
    return plan


def _first_return(award: Award, today: dt.date) -> None:
    """The first return submitted, a few days before it was due, when it is due already."""
    found = award.returns.order_by("due", "pk").first()
    if found is None or found.due >= today:
        return
    given = words.FIRST_RETURN
    found.narrative, found.spend = str(given["narrative"]), Decimal(given["spend"])
    found.beneficiaries, found.indicators = int(given["beneficiaries"]), indicators_read(given["indicators"])
    found.volunteers, found.volunteer_hours = int(given["volunteers"]), Decimal(given["volunteer_hours"])
    found.ward_beneficiaries = dict(given["ward_beneficiaries"])
    _submitted(found, award)


def _submitted(found: MonitoringReturn, award: Award) -> None:
    """A return submitted a few days before it was due, and audited as submitting records it."""
    found.status, found.submitted_at = ReturnStatus.SUBMITTED, _at(found.due - dt.timedelta(days=6))
    found.save()
    facts = {
        "period": found.period, "status": found.status, "spend": str(found.spend),
        "beneficiaries": found.beneficiaries, "indicators": found.indicators, "volunteers": found.volunteers,
        "volunteer_hours": str(found.volunteer_hours), "ward_beneficiaries": found.ward_beneficiaries,
    }  # fmt: skip
    _audit(found, facts, label=f"Return {found.period}: {award}", action=AuditAction.UPDATE)


def _history(award: Award, number: int, wards: Sequence[str], today: dt.date) -> None:
    """Every return of an earlier-round award already due, submitted: people reached growing a little
    each period and spread over the group's wards, its volunteers and their hours, its spend, and the
    starter set's measures as shares of the people reached."""
    due = list(award.returns.filter(due__lt=today).order_by("due", "pk"))
    for period, found in enumerate(due):
        people = 38 + 9 * number + 5 * period
        split = [people // len(wards) + (1 if at < people % len(wards) else 0) for at in range(len(wards))]
        volunteers = 8 + 3 * number + period
        found.narrative, found.beneficiaries = words.EARLIER_NARRATIVE, people
        found.spend = (award.amount / 6 - 150 * (number + period)).quantize(Decimal("0.01"))
        found.volunteers, found.volunteer_hours = volunteers, Decimal(volunteers * 26 * 2)
        found.ward_beneficiaries = dict(zip(wards, split, strict=True))
        found.indicators = indicators_read([
            {"name": name, "value": str(int(people * share)), "unit": unit}
            for name, share, unit in words.EARLIER_MEASURES
        ])  # fmt: skip
        _submitted(found, award)


def _earlier_round(council: Council, chosen: Chosen, assessor: User, today: dt.date) -> list[Award]:
    """Opened 32 months ago; its grants started 26 months ago, for three years, each reporting every six
    months, so four returns each are in. Each group works in three wards of its own."""
    starts = months_after(today.replace(day=1), -26)
    opportunity = _opportunity(
        council, {**words.EARLIER_ROUND, "areas": [CODE], "status": OpportunityStatus.AWARDED},
        opens=months_after(starts, -6), closes=months_after(starts, -4), decision_by=months_after(starts, -2),
        starts=starts,
    )  # fmt: skip
    _fair_access(opportunity, words.GRANT_OVER_WARNINGS)
    groups = chosen.small[4:8] if len(chosen.small) >= 8 else chosen.small[:4]
    every = words.NORTH + words.SOUTH
    decided_on = opportunity.decision_by - dt.timedelta(days=7) if opportunity.decision_by else today
    awards = []
    for number, (organisation, price) in enumerate(zip(groups, words.EARLIER_PRICES, strict=False)):
        wards = every[number * 3 : number * 3 + 3]
        bid = _bid(opportunity, price, [Share(organisation, LEAD_ROLE, HUNDRED, price, wards)])
        moderation = _moderate(_assess(bid, assessor, words.GRANT_SCORES["small"]), {})
        award = _decide(bid, moderation.total, words.EARLIER_FEEDBACK, decided_on, successful=True)
        if award is None:
            continue
        _plan(award, Risk.LOW)
        _history(award, number, wards, today)
        awards.append(award)
    return awards


def _grant_round(council: Council, chosen: Chosen, assessor: User, today: dt.date) -> list[Award]:
    """Opened 14 months ago, decided 9 months ago; its grants started 8 months ago."""
    starts = months_after(today.replace(day=1), -8)
    opportunity = _opportunity(
        council, {**words.GRANT_ROUND, "areas": [CODE], "status": OpportunityStatus.AWARDED},
        opens=months_after(starts, -6), closes=months_after(starts, -4), decision_by=months_after(starts, -2),
        starts=starts,
    )  # fmt: skip
    _fair_access(opportunity, words.GRANT_OVER_WARNINGS)
    lead, partner = chosen.small[:2]
    bids = {
        "consortium": _bid(
            opportunity,
            Decimal("51000.00"),
            [
                Share(lead, words.ROLES["grant_lead"], Decimal(60), Decimal("30600.00"), words.NORTH),
                Share(partner, words.ROLES["grant_partner"], Decimal(40), Decimal("20400.00"), words.SOUTH),
            ],
        ),  # fmt: skip
        "small": _bid(opportunity, Decimal("9000.00"), _alone(chosen.small[2], Decimal("9000.00"))),
        "declined": _bid(opportunity, Decimal("30000.00"), _alone(chosen.larger[0], Decimal("30000.00"))),
    }
    decided_on = opportunity.decision_by - dt.timedelta(days=7) if opportunity.decision_by else today
    awards = []
    for name, bid in bids.items():
        assessment = _assess(bid, assessor, words.GRANT_SCORES[name])
        moderation = _moderate(assessment, words.GRANT_MODERATION.get(name, {}))
        award = _decide(
            bid, moderation.total, words.GRANT_FEEDBACK[name], decided_on, successful=name != "declined"
        )
        if award is not None:
            _plan(award, Risk.MEDIUM if name == "consortium" else Risk.LOW)
            awards.append(award)
    _first_return(awards[0], today)
    return awards


def _full_cost(bid: Bid) -> None:
    """The consortium's full cost, worked out as the calculator works it out and kept as it keeps it:
    £172,000 of direct costs and £30,750 of overheads, a full cost of £202,750 against a price of
    £196,000."""
    direct, overheads = words.DIRECT_COSTS, words.OVERHEADS
    measures = {driver: DriverMeasure(*measure) for driver, measure in words.MEASURES.items()}
    result = full_cost_calculate(
        direct_costs=direct, overheads=overheads, measures=measures, drivers=shipped_drivers()
    )
    bid.full_cost = full_cost_stored(direct, overheads, measures, result)
    bid.full_cost_total = result.full_cost
    bid.save(update_fields=["full_cost", "full_cost_total", "updated_at"])
    _audit(bid, {"full_cost_total": str(result.full_cost)}, action=AuditAction.UPDATE)


def _contract(council: Council, chosen: Chosen, assessor: User, today: dt.date) -> Opportunity:
    """Opened ten weeks ago and closed two weeks ago; being assessed, to be decided in a month."""
    opportunity = _opportunity(
        council, {**words.CONTRACT, "areas": [CODE], "status": OpportunityStatus.CLOSED},
        opens=today - dt.timedelta(days=70), closes=today - dt.timedelta(days=14),
        decision_by=today + dt.timedelta(days=30), starts=months_after(today.replace(day=1), 3),
    )  # fmt: skip
    north, south = _lots(opportunity)
    _fair_access(opportunity, words.CONTRACT_OVER_WARNINGS)
    half = (len(words.SOUTH) + 1) // 2
    lead, partner = words.ROLES["contract_lead"], words.ROLES["contract_partner"]
    consortium = _bid(opportunity, Decimal("196000.00"), [
        Share(chosen.member, lead, Decimal(55), Decimal("107800.00"), words.SOUTH[:half]),
        Share(chosen.small[3], partner, Decimal(45), Decimal("88200.00"), words.SOUTH[half:]),
    ], lot=south)  # fmt: skip
    _full_cost(consortium)
    _bid(opportunity, Decimal("245000.00"), _alone(chosen.larger[1], Decimal("245000.00")), lot=north)
    _assess(consortium, assessor, words.CONTRACT_SCORES)
    return opportunity


@transaction.atomic
def demo_commissioning() -> str:
    """Run by `load_demo_data` once the demo's organisations are placed; once only."""
    if Opportunity.objects.filter(is_example=True).exists():
        return "Example commissioning: already there."
    every = words.NORTH + words.SOUTH
    wards = set(Area.objects.filter(area_type=AreaType.WARD, code__in=every).values_list("code", flat=True))
    chosen = _chosen()
    if len(wards) < len(every) or chosen is None:
        return "No example commissioning: Westminster's wards or enough of its organisations are not in yet."
    council, today, assessor = demo_council(), timezone.localdate(), _assessor()
    awards = _grant_round(council, chosen, assessor, today)
    earlier = _earlier_round(council, chosen, assessor, today)
    _contract(council, chosen, assessor, today)
    return (
        f"Example commissioning for Westminster: a grant round, decided, with 3 bids and {len(awards)} "
        f"awards published as grants; an earlier round's {len(earlier)} awards with two years of returns; "
        f"a contract in 2 lots being assessed, with a bid led by {chosen.member.name} (each marked as an "
        "example)."
    )
