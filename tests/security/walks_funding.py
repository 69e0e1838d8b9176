"""The stored-markup walks of commissioning (`test_stored_xss.WALKS` takes them all): opportunities, bids
with their partners and documents, assessment, moderation, decisions, awards and changes of funding,
monitoring plans and returns. Every opportunity is Belfast City Council's, whose officer is the World's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commoncause.accounts.models import Council, VerifiedEmail
from commoncause.accounts.tests.cast import council, person, staff
from commoncause.funding.assessment import assessment_save
from commoncause.funding.bids import bid_questions, bid_start
from commoncause.funding.models import (
    Award,
    Bid,
    BidDocument,
    BidPartner,
    BidStatus,
    FundingChange,
    MonitoringReturn,
    Opportunity,
    OpportunityStatus,
)
from commoncause.funding.monitoring import monitoring_plan_propose, monitoring_plan_save
from commoncause.funding.opportunities import opportunity_publish
from commoncause.funding.tests.assessment_samples import bid_make, opportunity_make
from commoncause.funding.tests.monitoring_samples import award_made
from commoncause.matching import matcher
from commoncause.members.models import Membership, MembershipStatus
from commoncause.register.selectors import organisation_by_identifier
from tests.security.hostile import HOSTILE, ORG, RAW_MARKUP, SHORT, SPACED, World

PARTNER = "GB-NIC-100005"  # Supporting Communities NI, from the same register sample
BELFAST = "N09000003"


def _user(world: World, who: str) -> User:
    user = world.users[who]
    assert user is not None
    return user


def _confirmed(world: World, who: str) -> User:
    """The person's address confirmed, so what commissioning tells them is emailed."""
    user = _user(world, who)
    VerifiedEmail.objects.get_or_create(user=user, email=user.email)
    return user


def _in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


# --- opportunities ------------------------------------------------------------------------------------


def _opportunity_values(text: str, **changed: str) -> dict[str, str]:
    """Every text field of the form, lots and criteria among them, for a two-year contract in Belfast."""
    return {
        "kind": "contract", "route": "procurement", "route_reason": text, "title": text, "summary": text,
        "specification": text, "outcomes": text, "eligibility": text, "areas": BELFAST, "services": "",
        "value": "100000", "duration_months": "24", "short_term_reason": text,
        "lots": f"{text} | 60000\nNorth Belfast | 40000", "replaces_programme": text, "opens": "",
        "closes": _in_days(30), "decision_by": _in_days(60), "starts": _in_days(90),
        "criteria": f"{text} | 60 | {text}\nValue for money | 40", **changed,
    }  # fmt: skip


def _draft(world: World, **changed: str) -> Opportunity:
    matcher.forget()  # the register is this test's own: the matcher prepares it afresh
    world.post("officer", "/opportunities/new/", _opportunity_values("Lunch clubs", **changed))
    return Opportunity.objects.get()


def _opportunity_everywhere(world: World, opportunity: Opportunity) -> None:
    """Published, it shows to everyone; bid for, to its bidders; closed, on every page of assessing."""
    page = f"/opportunities/{opportunity.pk}/"
    opportunity_publish(user=_user(world, "officer"), opportunity=opportunity, over_warnings="Agreed")
    world.see("anonymous", page)
    world.see("anonymous", "/opportunities/")
    world.see("officer", page)  # with the fair-access check as it was when published
    world.see("member", page + "bids/new/")  # its lots, by title
    lot = opportunity.lots.get(number=1)
    draft = bid_start(user=_user(world, "member"), opportunity=opportunity, lead=world.charity, lot=lot)
    for shown in (f"/bids/{draft.pk}/", f"/bids/{draft.pk}/edit/", f"/bids/{draft.pk}/partners/", "/bids/"):
        world.see("member", shown)
    Opportunity.objects.filter(pk=opportunity.pk).update(status=OpportunityStatus.CLOSED)
    bid = Bid.objects.get(pk=draft.pk)
    Bid.objects.filter(pk=bid.pk).update(
        status=BidStatus.SUBMITTED, price=50_000, submitted_at=timezone.now()
    )
    world.see("officer", f"/opportunities/{opportunity.pk}/assessment/")  # its criteria and guidance
    for shown in ("", "assess/", "moderate/", "decide/"):
        world.see("officer", f"/bids/{bid.pk}/{shown}")


def walk_opportunity_new(world: World) -> None:
    matcher.forget()
    world.post("officer", "/opportunities/new/", _opportunity_values(HOSTILE, areas=HOSTILE), expect=400)
    world.see_response()  # the place not known, and everything typed kept
    world.post("officer", "/opportunities/new/", _opportunity_values(HOSTILE))
    opportunity = Opportunity.objects.get()
    world.see("officer", f"/opportunities/{opportunity.pk}/")  # with the fair-access check of the draft
    world.see("officer", f"/opportunities/{opportunity.pk}/edit/")  # the form, lots and criteria as typed
    world.see("officer", "/opportunities/")  # its keepers see the draft listed
    _opportunity_everywhere(world, opportunity)


def walk_opportunity_edit(world: World) -> None:
    opportunity = _draft(world)
    edit = f"/opportunities/{opportunity.pk}/edit/"
    world.post("officer", edit, _opportunity_values(HOSTILE, criteria=f"{HOSTILE} | 50"), expect=400)
    world.see_response()  # the weights do not add up to 100, and everything typed kept
    world.post("officer", edit, _opportunity_values(HOSTILE))
    world.see("officer", f"/opportunities/{opportunity.pk}/")
    world.see("officer", edit)
    _opportunity_everywhere(world, Opportunity.objects.get(pk=opportunity.pk))


def walk_opportunity_publish(world: World) -> None:
    # A contract replacing a grant programme when no grant round is left is a warning: a reason is needed.
    cancer = "Cancer support, counselling and complementary therapies for people affected by cancer."
    opportunity = _draft(world, title=HOSTILE, summary=cancer, replaces_programme="Community grants")
    publish = f"/opportunities/{opportunity.pk}/publish/"
    _confirmed(world, "member")  # the charity is matched to it: its member is told
    Opportunity.objects.filter(pk=opportunity.pk).update(closes=timezone.localdate())
    world.post("officer", publish, {"over_warnings": HOSTILE}, expect=400)
    world.see_response()  # the closing date has come: the reason typed is kept
    Opportunity.objects.filter(pk=opportunity.pk).update(closes=_in_days(30))
    with world.on_commit(execute=True):
        world.post("officer", publish, {"over_warnings": HOSTILE})
    world.see_email(HOSTILE)  # the title, as plain text
    world.see("officer", f"/opportunities/{opportunity.pk}/")  # "published over these because: …"
    world.see("curator", "/accounts/audit/")


def walk_opportunity_withdraw(world: World) -> None:
    opportunity = _draft(world)
    world.post("officer", f"/opportunities/{opportunity.pk}/withdraw/", {"reason": HOSTILE})
    assert Opportunity.objects.get().status == OpportunityStatus.WITHDRAWN
    world.see("curator", "/accounts/audit/")  # the reason is kept in the audit log


# --- bids ---------------------------------------------------------------------------------------------


def _bid(world: World) -> Bid:
    """A draft bid by the World's charity for an open contract of Belfast's, scored on three criteria."""
    matcher.forget()
    opportunity = opportunity_make(
        status=OpportunityStatus.OPEN, closes=timezone.localdate() + dt.timedelta(30)
    )
    return bid_start(user=_user(world, "member"), opportunity=opportunity, lead=world.charity)


def walk_bid_new(world: World) -> None:
    # Stores nothing typed (the lead and lot are chosen from lists, partners checked against the register),
    # but shows the consortium builder's proposal back, in hidden fields, when it is refused.
    matcher.forget()
    opportunity = opportunity_make(
        status=OpportunityStatus.OPEN, closes=timezone.localdate() + dt.timedelta(30)
    )
    proposed = {"lead": str(world.charity.pk), "partner": HOSTILE, f"share_{HOSTILE}": HOSTILE,
                f"wards_{HOSTILE}": HOSTILE}  # fmt: skip
    world.post("member", f"/opportunities/{opportunity.pk}/bids/new/", proposed, expect=400)
    world.see_response()


def _answers(bid: Bid, text: str, price: str) -> dict[str, str]:
    """Every question of the bid's tier answered with the text, and the price."""
    return {**{question.key: text for question in bid_questions(bid)}, "price": price}


def walk_bid_answers(world: World) -> None:
    bid = _bid(world)
    edit = f"/bids/{bid.pk}/edit/"
    world.post("member", edit, _answers(bid, HOSTILE, price=HOSTILE), expect=400)
    world.see_response()  # the price is not a number: every answer typed is kept
    world.post("member", edit, _answers(bid, HOSTILE, price="90000"))
    world.see("member", f"/bids/{bid.pk}/")
    world.see("member", edit)  # the form, filled
    world.post("member", f"/bids/{bid.pk}/submit/", {})
    assert Bid.objects.get().status == BidStatus.SUBMITTED
    world.see("officer", f"/bids/{bid.pk}/")  # the council's officers read it once submitted
    world.see("member", f"/bids/{bid.pk}/")  # (the assessment pages link to it rather than repeat it)


def walk_bid_partners(world: World) -> None:
    bid = _bid(world)
    partner = organisation_by_identifier(PARTNER)
    assert partner is not None
    world.users["partner"] = member = person("partner@supporting-communities.example")
    Membership.objects.create(user=member, organisation=partner, status=MembershipStatus.APPROVED)
    _confirmed(world, "partner")  # the invited organisation's members are emailed
    invite = {"action": "invite", "invite-organisation": PARTNER, "invite-role": HOSTILE,
              "invite-work_share": "20", "invite-money_share": "1000"}  # fmt: skip
    world.post("member", f"/bids/{bid.pk}/partners/", {**invite, "invite-organisation": HOSTILE}, expect=400)
    world.see_response()  # no organisation has that org-id: the role typed is kept
    with world.on_commit(execute=True):
        world.post("member", f"/bids/{bid.pk}/partners/", invite)
    world.see_email(HOSTILE)  # the role, as plain text
    world.see("partner", f"/bids/{bid.pk}/")  # the invitation, "as …"
    world.see("member", f"/bids/{bid.pk}/")
    world.see("member", f"/bids/{bid.pk}/partners/")  # the form, filled
    lead = BidPartner.objects.get(bid=bid, is_lead=True)
    change = {"action": "change", "partner": str(lead.pk), f"p{lead.pk}-role": HOSTILE,
              f"p{lead.pk}-work_share": "80", f"p{lead.pk}-money_share": "0"}  # fmt: skip
    world.post("member", f"/bids/{bid.pk}/partners/", change)
    world.see("partner", f"/bids/{bid.pk}/")


def walk_bid_document(world: World) -> None:
    # An uploaded name holds no folder (a slash starts one), so the spaced markup stands in for it.
    bid = _bid(world)
    upload = f"/bids/{bid.pk}/documents/"
    binary = SimpleUploadedFile(f"plan{SPACED}.exe", b"\x00\x01\x02 not a document")
    world.post("member", upload, {"file": binary}, expect=400)
    world.see_response(SPACED)  # refused by its name, shown escaped
    world.post("member", upload, {"file": SimpleUploadedFile(f"plan{SPACED}.html", b"<p>Our plan</p>")})
    world.see("member", f"/bids/{bid.pk}/", SPACED)
    document = BidDocument.objects.get()
    response = world.client("member").get(f"/bids/{bid.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert not {"\r", "\n"} & set(disposition)  # nothing that could start another header
    for raw in RAW_MARKUP:
        assert raw not in disposition, f"the download's name carries {raw!r} raw: {disposition}"
    world.seen.append(f"download: {disposition}")


# --- assessing and deciding ----------------------------------------------------------------------------


def _submitted(world: World, **opportunity: Any) -> Bid:
    """A submitted bid by the World's charity for a closed opportunity of Belfast's."""
    return bid_make(opportunity_make(**opportunity), ORG, price="90000", full_cost="100000")


def _scores(values: tuple[str, ...], text: str) -> dict[str, str]:
    """A score for each criterion, in order, and the same comment on each."""
    scored = {f"score_{index}": value for index, value in enumerate(values)}
    return scored | {f"comment_{index}": text for index in range(len(values))}


def walk_bid_assess(world: World) -> None:
    bid = _submitted(world)
    assess = f"/bids/{bid.pk}/assess/"
    world.post("officer", assess, _scores(("4", "9", "3"), HOSTILE), expect=400)
    world.see_response()  # a score out of range: the comments typed are kept
    world.post("officer", assess, _scores(("4", "3", "5"), HOSTILE))
    world.see("officer", assess)  # the form, filled
    world.users["second"] = staff("second@council.example", "officer")
    assessment_save(user=_user(world, "second"), bid=bid, scores=dict.fromkeys(_names(bid), 1),
                    comments=dict.fromkeys(_names(bid), "Thin"))  # fmt: skip
    world.see("second", assess)  # once scored, the others' comments show
    world.see("officer", f"/bids/{bid.pk}/moderate/")  # each assessor's comments, by criterion


def _names(bid: Bid) -> list[str]:
    return [str(criterion["name"]) for criterion in bid.opportunity.criteria]


def walk_bid_moderate(world: World) -> None:
    bid = _submitted(world)
    second = staff("second@council.example", "officer")
    for assessor, score in ((_user(world, "officer"), 1), (second, 4)):  # 3 apart: a reason is needed
        assessment_save(user=assessor, bid=bid, scores=dict.fromkeys(_names(bid), score),
                        comments=dict.fromkeys(_names(bid), "As the bid shows."))  # fmt: skip
    moderate = f"/bids/{bid.pk}/moderate/"
    agreed = {f"score_{index}": "3" for index in range(3)} | {
        f"reason_{index}": HOSTILE for index in range(3)
    }
    world.post("officer", moderate, {**agreed, "reason_2": ""}, expect=400)
    world.see_response()  # the third criterion needs a reason: the others typed are kept
    world.post("officer", moderate, agreed)
    world.see("officer", moderate)  # the form, filled with the reasons
    world.see("curator", "/accounts/audit/")


def walk_bid_decide(world: World) -> None:
    # A grant round's award is published as a 360Giving grant named after it: the council needs an org-id.
    Council.objects.filter(pk=council().pk).update(org_id="GB-LANI-BELFAST")
    bid = _submitted(world, kind="grant", route="strategic", title=f"Small grants{SPACED}")
    _confirmed(world, "member")  # the bidders are emailed the decision
    decide = f"/bids/{bid.pk}/decide/"
    typed = {"outcome": "unsuccessful", "reasons": HOSTILE, "feedback": ""}
    world.post("officer", decide, typed, expect=400)
    world.see_response()  # an unsuccessful bid is always given feedback: the reasons typed are kept
    with world.on_commit(execute=True):
        world.post("officer", decide, {**typed, "outcome": "successful", "feedback": HOSTILE})
    world.see_email(HOSTILE)  # the reasons and feedback, as plain text
    award = Award.objects.get()
    world.see("member", f"/bids/{bid.pk}/")
    world.see("officer", decide)  # the decision, with its reasons and feedback
    world.see("anonymous", f"/awards/{award.pk}/")  # the reasons for the award are public
    assert award.grant is not None
    world.see("anonymous", f"/grants/{award.grant.grant_id}/", SPACED)  # the grant, named after the round
    world.see("anonymous", f"/organisations/{ORG}/", SPACED)  # among the charity's grants


def walk_award_change(world: World) -> None:
    award = award_made()
    change = f"/awards/{award.pk}/change/"
    typed = {"kind": "reduce", "new_amount": "30000", "notice_given_on": "2026-01-15",
             "takes_effect_on": "2026-04-01", "reasons": HOSTILE, "shorter_because": ""}  # fmt: skip
    world.post("officer", change, typed, expect=400)
    world.see_response()  # notice shorter than three months needs saying why: the reasons are kept
    world.post("officer", change, {**typed, "shorter_because": HOSTILE})
    world.see("anonymous", f"/awards/{award.pk}/")
    world.see("member", f"/awards/{award.pk}/")
    logged = FundingChange.objects.get().engagement_url
    assert logged.startswith("/engagement/")
    world.see("officer", logged)  # the notice, recorded in the council's engagement log
    world.see("member", logged)  # which names the charity


# --- monitoring ---------------------------------------------------------------------------------------


def _plan_values(text: str, **changed: str) -> dict[str, str]:
    item = {"item_0_what": text, "item_0_how_often": text, "item_0_evidence": text, "item_0_unit": SHORT}
    return {"risk": "medium", "reports_per_year": "2", **item, "changed_reason": text, **changed}


def walk_monitoring_plan(world: World) -> None:
    award = award_made()
    plan = f"/awards/{award.pk}/monitoring/"
    world.post("officer", plan, _plan_values(HOSTILE, changed_reason=""), expect=400)
    world.see_response()  # a change from the proposal needs a reason: the items typed are kept
    world.post("officer", plan, _plan_values(HOSTILE))
    world.see("officer", plan)
    world.see("member", plan)
    first = MonitoringReturn.objects.filter(award=award).order_by("due").first()
    assert first is not None
    world.see("member", f"/awards/{award.pk}/returns/{first.pk}/")  # the plan's measure, an indicator


def _first_return(world: World, **award: Any) -> MonitoringReturn:
    """The first return of an award to the World's charity, its plan as proposed."""
    made = award_made(**award)
    proposal = monitoring_plan_propose(made, "medium")
    monitoring_plan_save(
        user=_user(world, "officer"), award=made, risk="medium",
        items=[item.as_json() for item in proposal.items], reports_per_year=proposal.reports_per_year,
    )  # fmt: skip
    first = MonitoringReturn.objects.filter(award=made).order_by("due").first()
    assert first is not None
    return first


def _return_values(text: str, **changed: str) -> dict[str, str]:
    indicator = {"indicator_0_name": text, "indicator_0_value": "12", "indicator_0_unit": SHORT}
    return {"narrative": text, "spend": "100", "beneficiaries": "40", **indicator, **changed}


def walk_return(world: World) -> None:
    found = _first_return(world)
    page = f"/awards/{found.award_id}/returns/{found.pk}/"
    world.post("member", page, _return_values(HOSTILE, indicator_0_value="many"), expect=400)
    world.see_response()  # the indicator's value is not a number: everything typed is kept
    world.post("member", page, {**_return_values(HOSTILE), "action": "save"})
    world.see("member", page)  # the draft, filled
    world.post("member", page, {**_return_values(HOSTILE), "action": "submit"})
    world.see("member", page)
    world.see("officer", page)  # the council's officers read it once submitted
    # Report once: another award's return starts from this one, its narrative and indicators copied.
    other = _first_return(world, title="Befriending")
    again = f"/awards/{other.award_id}/returns/{other.pk}/"
    world.post("member", again, {"action": "reuse", "source": str(found.pk)})
    world.see("member", again)


FUNDING_WALKS: dict[str, Callable[[World], None]] = {
    "opportunities/new/": walk_opportunity_new,
    "opportunities/<uuid:opportunity_id>/edit/": walk_opportunity_edit,
    "opportunities/<uuid:opportunity_id>/publish/": walk_opportunity_publish,
    "opportunities/<uuid:opportunity_id>/withdraw/": walk_opportunity_withdraw,
    "opportunities/<uuid:opportunity_id>/bids/new/": walk_bid_new,
    "bids/<uuid:bid_id>/edit/": walk_bid_answers,
    "bids/<uuid:bid_id>/partners/": walk_bid_partners,
    "bids/<uuid:bid_id>/documents/": walk_bid_document,
    "bids/<uuid:bid_id>/assess/": walk_bid_assess,
    "bids/<uuid:bid_id>/moderate/": walk_bid_moderate,
    "bids/<uuid:bid_id>/decide/": walk_bid_decide,
    "awards/<uuid:award_id>/change/": walk_award_change,
    "awards/<uuid:award_id>/monitoring/": walk_monitoring_plan,
    "awards/<uuid:award_id>/returns/<int:return_id>/": walk_return,
}
FUNDING_STORES_NOTHING_SHOWN = {
    "opportunities/<uuid:opportunity_id>/close/": "no text: closes the opportunity in the address",
    "bids/<uuid:bid_id>/submit/": "no text: submits the bid in the address",
    "bids/<uuid:bid_id>/withdraw/": "no text: withdraws the bid in the address",
    "bids/<uuid:bid_id>/partners/<int:partner_id>/answer/": "no text: accepts or declines the invitation",
    "bids/<uuid:bid_id>/documents/<int:document_id>/remove/": "no text: removes the document in the address",
    "bids/<uuid:bid_id>/full-cost/": "numbers only: costs, overheads and measures, checked as decimals",
}
