"""The demo council's example commissioning: a grant round decided and a contract being assessed, on real
organisations placed in Westminster, made once, every record marked as an example and audited, the
awards published as example grants that the 360Giving export validates, and every page saying so."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Model, Sum
from django.test import Client
from django.utils import timezone

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import person
from commoncause.core.compact import months_after
from commoncause.funding.assessment import criteria_of, moderation_reasons_by_criterion, weighted_total
from commoncause.funding.bid_full_cost import bid_price_check
from commoncause.funding.bids import bid_missing
from commoncause.funding.commissioning.tiers import tier_for
from commoncause.funding.commissioning_demo import ASSESSOR, demo_commissioning
from commoncause.funding.commissioning_demo_words import (
    EARLIER_MEASURES,
    EARLIER_PRICES,
    EARLIER_ROUND,
    GRANT_ROUND,
    NORTH,
    SOUTH,
)
from commoncause.funding.consortium_builder import requirement_wards
from commoncause.funding.models import (
    Assessment,
    Award,
    Bid,
    BidPartner,
    BidStatus,
    Grant,
    Lot,
    Moderation,
    MonitoringPlan,
    MonitoringReturn,
    Opportunity,
    OpportunityKind,
    PartnerStatus,
    ReturnStatus,
)
from commoncause.funding.monitoring_checks import FAIL
from commoncause.funding.monitoring_proposal import monitoring_plan_propose
from commoncause.funding.threesixty.schema import grant_problems
from commoncause.members.models import Membership, MembershipStatus
from commoncause.places.models import Area, OrganisationPlace
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db
WESTMINSTER = "E09000033"
MADE = (Opportunity, Lot, Bid, BidPartner, Assessment, Moderation, Award, MonitoringPlan, MonitoringReturn)


def _grant_round() -> Opportunity:
    return Opportunity.objects.get(kind=OpportunityKind.GRANT, title=GRANT_ROUND["title"])


def _earlier_round() -> Opportunity:
    return Opportunity.objects.get(kind=OpportunityKind.GRANT, title=EARLIER_ROUND["title"])


def _contract() -> Opportunity:
    return Opportunity.objects.get(kind=OpportunityKind.CONTRACT)


def _placed() -> set[object]:
    return set(
        OrganisationPlace.objects.filter(local_authority=WESTMINSTER).values_list(
            "organisation_id", flat=True
        )
    )


def _timetable(opportunity: Opportunity) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """Its opening, closing, decision and start dates, all given."""
    opens, closes, decision_by, starts = (
        opportunity.opens, opportunity.closes, opportunity.decision_by, opportunity.starts
    )  # fmt: skip
    assert opens is not None
    assert closes is not None
    assert decision_by is not None
    assert starts is not None
    return opens, closes, decision_by, starts


def _counts() -> dict[str, int]:
    models: tuple[type[Model], ...] = (*MADE, Grant, Organisation, User, AuditEntry)
    return {model.__name__: model._default_manager.count() for model in models}


def test_the_demo_makes_a_decided_grant_round_and_a_contract_being_assessed_once(westminster: Area) -> None:
    said = demo_commissioning()

    assert "Example commissioning for Westminster" in said
    today = timezone.localdate()
    grant_round, contract = _grant_round(), _contract()
    assert grant_round.title == "Warm and connected: small grants for older people's groups"
    assert (grant_round.route, grant_round.status, grant_round.value) == (
        "strategic",
        "awarded",
        Decimal(60000),
    )
    opens, closes, decision_by, starts = _timetable(grant_round)
    assert opens < closes < decision_by < starts < today
    assert contract.title == "Lunch clubs and befriending for older people"
    assert (contract.route, contract.status, contract.value) == ("procurement", "closed", Decimal(450000))
    opens, closes, decision_by, starts = _timetable(contract)
    assert opens < closes < today < decision_by < starts
    for opportunity in (grant_round, contract):
        assert opportunity.council.name == "Westminster City Council"
        assert opportunity.council.org_id == "GB-LAE-WSM"
        assert opportunity.route_reason
        assert opportunity.duration_months == 36
        assert sum(criterion["weight"] for criterion in opportunity.criteria) == 100
        assert opportunity.published_at is not None
    lots = list(contract.lots.order_by("number"))
    assert [(lot.value, tuple(lot.areas)) for lot in lots] == [
        (Decimal(250000), NORTH),
        (Decimal(200000), SOUTH),
    ]
    assert sum(lot.value for lot in lots) == contract.value
    assert (
        len(set(NORTH) | set(SOUTH)) == Area.objects.filter(area_type="ward", parent_code=WESTMINSTER).count()
    )
    # The fair-access check as it stood when each was published: no small group (under £100,000 a year)
    # can hold £83,333 or £66,667 a year alone, at most half its income.
    assert [lot["small_able"] for lot in contract.fair_access["lots"]] == [0, 0]
    assert {lot["verdict"] for lot in contract.fair_access["lots"]} <= {"consortium", "shut_out"}
    assert {"consortium_only", "shut_out"} & {warning["code"] for warning in contract.fair_access["warnings"]}
    assert contract.fair_access["published_over_warnings"].startswith("Small groups can bid together")
    assert [lot["label"] for lot in grant_round.fair_access["lots"]] == ["The whole opportunity"]
    assert grant_round.fair_access["lots"][0]["matched"] > 0

    before = _counts()
    assert demo_commissioning() == "Example commissioning: already there."
    assert _counts() == before


def test_the_grant_rounds_bids_are_scored_moderated_and_decided_with_feedback(westminster: Area) -> None:
    demo_commissioning()

    grant_round = _grant_round()
    bids = {bid.lead.name: bid for bid in grant_round.bids.all()}
    assert len(bids) == 3
    assert sorted(bid.status for bid in bids.values()) == ["successful", "successful", "unsuccessful"]
    criteria = criteria_of(grant_round)
    totals = {}
    for bid in bids.values():
        assert bid_missing(bid) == {}  # complete, as submitting checks
        assert bid.submitted_at is not None
        assert bid.decided_at is not None
        [assessment] = bid.assessments.all()
        assert assessment.assessor is not None
        assert assessment.assessor.username == ASSESSOR
        assert set(assessment.comments) == {criterion.name for criterion in criteria}
        assert all(assessment.comments.values())
        moderation = Moderation.objects.get(bid=bid)
        assert moderation.total == weighted_total(criteria, moderation.scores)
        totals[bid.status, bid.partners.count()] = moderation.total
    # Worked by hand, weights 35, 25, 25 and 15: 5, 4, 4, 4 → 35 + 20 + 20 + 12; 4, 4, 3, 5 → 28 + 20 + 15 +
    # 15; moderated 3, 2, 3, 2 → 21 + 10 + 15 + 6.
    assert totals == {
        ("successful", 2): Decimal(87), ("successful", 1): Decimal(78), ("unsuccessful", 1): Decimal(52)
    }  # fmt: skip
    declined = grant_round.bids.get(status=BidStatus.UNSUCCESSFUL)
    assert set(moderation_reasons_by_criterion(declined.moderation, criteria)) == {"Value for money"}
    assert declined.assessments.get().scores["Value for money"] == 3
    assert "say how you would find people" in declined.feedback
    assert "52 out of 100" in declined.decision_reasons
    assert not Award.objects.filter(bid=declined).exists()
    consortium = grant_round.bids.get(status=BidStatus.SUCCESSFUL, partners__is_lead=False)
    partners = list(consortium.partners.select_related("organisation"))
    assert [partner.is_lead for partner in partners] == [True, False]
    assert {partner.status for partner in partners} == {PartnerStatus.ACCEPTED}
    assert all(partner.role for partner in partners)
    assert sum(partner.work_share for partner in partners) == 100
    assert sum(partner.money_share for partner in partners) == consortium.price == Decimal(51000)
    asked = requirement_wards(grant_round, None)
    assert set(partners[0].wards) | set(partners[1].wards) == set(asked)
    for partner in partners:  # two small groups of Westminster
        assert partner.organisation_id in _placed()
        assert partner.organisation.latest_income is not None
        assert 0 < partner.organisation.latest_income < 100_000
    awarded = grant_round.awards.aggregate(total=Sum("amount"))["total"]
    assert awarded == Decimal(60000)


def test_the_awards_are_published_as_example_grants_with_plans_matching_their_tiers(
    westminster: Area,
) -> None:
    demo_commissioning()

    awards = list(Award.objects.filter(opportunity=_grant_round()).order_by("-amount"))
    assert [award.amount for award in awards] == [Decimal(51000), Decimal(9000)]
    today = timezone.localdate()
    for award in awards:
        assert award.organisation_id in _placed()
        assert award.reasons == award.bid.decision_reasons
        assert award.award_date <= _timetable(award.opportunity)[2]
        grant = award.grant
        assert grant is not None
        assert grant.is_example
        assert (grant.recipient_id, grant.amount_awarded) == (award.organisation_id, award.amount)
        assert grant.funder_org_id == "GB-LAE-WSM"
        assert grant.title.startswith("Example: ")
        assert grant_problems(grant.data) == []
        plan = award.monitoring_plan
        proposal = monitoring_plan_propose(award, plan.risk)
        assert plan.tier == tier_for(award.amount).code
        assert (plan.items, plan.reports_per_year) == (proposal.items_json, proposal.reports_per_year)
        assert plan.changed_reason == ""
        assert plan.checks
        assert FAIL not in {check["status"] for check in plan.checks}
        returns = list(award.returns.order_by("due"))
        assert [(found.period, found.due) for found in returns] == [
            (entry.period, entry.due) for entry in proposal.schedule
        ]
    assert [award.monitoring_plan.tier for award in awards] == ["T2", "T1"]
    first, *rest = awards[0].returns.order_by("due")
    assert first.status == ReturnStatus.SUBMITTED
    assert first.due < today
    assert first.narrative
    assert first.spend == Decimal("8120.50")
    assert first.beneficiaries == 64
    assert [indicator["name"] for indicator in first.indicators][:1] == ["Lunch club sessions held"]
    assert len(rest) == 5
    assert {found.status for found in rest} == {ReturnStatus.DUE}
    assert all(found.due > today for found in rest)
    [only] = awards[1].returns.all()
    assert only.status == ReturnStatus.DUE
    assert only.due > today  # one report, at the end


def test_the_earlier_round_has_two_years_of_returns_with_reach_volunteers_and_measures(
    westminster: Area,
) -> None:
    demo_commissioning()

    earlier = _earlier_round()
    today = timezone.localdate()
    assert earlier.starts is not None
    assert months_after(earlier.starts, 24) <= today < months_after(earlier.starts, 27)
    awards = list(earlier.awards.order_by("-amount"))
    assert [award.amount for award in awards] == list(EARLIER_PRICES)
    grant_round_groups = {bid.lead_id for bid in _grant_round().bids.all()}
    assert not grant_round_groups & {award.organisation_id for award in awards}  # four other groups
    wards_taken: set[str] = set()
    for number, award in enumerate(awards):
        assert award.monitoring_plan.tier == "T2"
        assert award.monitoring_plan.reports_per_year == 2
        submitted = list(award.returns.filter(status=ReturnStatus.SUBMITTED).order_by("due"))
        assert len(submitted) == 4  # every six months for two years
        assert all(found.due < today for found in submitted)
        assert not award.returns.filter(status=ReturnStatus.DUE, due__lt=today).exists()
        assert sum(found.spend or 0 for found in submitted) <= award.amount
        for period, found in enumerate(submitted):
            people = 38 + 9 * number + 5 * period
            assert found.beneficiaries == people
            assert sum(found.ward_beneficiaries.values()) == people
            assert len(found.ward_beneficiaries) == 3
            assert found.volunteers == 8 + 3 * number + period
            assert found.volunteer_hours == found.volunteers * 52  # two hours a week for 26 weeks
            given = {row["name"]: Decimal(row["value"]) for row in found.indicators}
            assert given == {name: Decimal(int(people * share)) for name, share, _ in EARLIER_MEASURES}
        wards = set(submitted[0].ward_beneficiaries)
        assert not wards & wards_taken  # each group works in wards of its own
        wards_taken |= wards
        entries = AuditEntry.objects.filter(target_type="funding.monitoringreturn", action="update")
        assert entries.filter(target_id=str(submitted[0].pk), note="A demo example").exists()
    consortium_return = MonitoringReturn.objects.filter(
        award__opportunity=_grant_round(), status=ReturnStatus.SUBMITTED
    ).get()
    assert (consortium_return.volunteers, consortium_return.volunteer_hours) == (14, Decimal(420))
    assert sum(consortium_return.ward_beneficiaries.values()) == consortium_return.beneficiaries == 64


def test_the_demo_members_organisation_leads_the_contracts_consortium_below_its_full_cost(
    westminster: Area, client: Client
) -> None:
    demo_commissioning()

    contract = _contract()
    first = (
        OrganisationPlace.objects.filter(local_authority=WESTMINSTER).order_by("organisation__name").first()
    )
    assert first is not None
    consortium = contract.bids.get(lead=first.organisation)
    assert consortium.status == BidStatus.SUBMITTED
    assert consortium.lot is not None
    partner = consortium.partners.get(is_lead=False)
    assert partner.status == PartnerStatus.ACCEPTED
    assert partner.answered_at is not None
    assert partner.organisation.latest_income is not None
    assert partner.organisation.latest_income < 100_000
    assert set(consortium.partners.values_list("wards", flat=True).first() or []) <= set(consortium.lot.areas)
    assert bid_missing(consortium) == {}
    # £172,000 direct; £45,000 × 3/12 + £54,000 × 390/1,560 + (£18,000 + £6,000) × 172,000/688,000.
    assert consortium.full_cost_total == Decimal("202750.00")
    assert consortium.full_cost["apportioned_total"] == "30750.00"
    assert sum(Decimal(line["apportioned"]) for line in consortium.full_cost["lines"]) == Decimal(30750)
    check = bid_price_check(consortium)
    assert check is not None
    assert check.subsidised
    assert (check.subsidy, check.subsidy_percent) == (Decimal(6750), Decimal("3.3"))
    assert consortium.assessments.filter(assessor__username=ASSESSOR).count() == 1
    other = contract.bids.exclude(pk=consortium.pk).get()
    assert other.status == BidStatus.SUBMITTED
    assert not other.assessments.exists()
    assert not Moderation.objects.filter(bid__opportunity=contract).exists()
    assert not contract.awards.exists()
    member = person("member@charity.demo")
    Membership.objects.create(user=member, organisation=first.organisation, status=MembershipStatus.APPROVED)
    client.force_login(member)
    assert "Example" in client.get("/bids/").content.decode()
    page = client.get(f"/bids/{consortium.pk}/").content.decode()
    assert "An example bid made for the demonstration" in page
    assert "the provider would subsidise the council by £6,750 (3.3% of the full cost)" in page


def test_everything_is_marked_as_an_example_and_audited(westminster: Area) -> None:
    demo_commissioning()

    for model in (Opportunity, Bid, Award):
        assert model.objects.exists()
        assert not model.objects.filter(is_example=False).exists()
    assert set(Grant.objects.filter(award__isnull=False).values_list("is_example", flat=True)) == {True}
    [assessor] = User.objects.filter(username=ASSESSOR)
    assert not assessor.is_active
    assert not assessor.has_usable_password()
    assert assessor.email == ""
    assert not assessor.staff_roles.exists()
    assert set(Assessment.objects.values_list("assessor", flat=True)) == {assessor.pk}
    for kind in MADE:
        label = kind._meta.label_lower
        entries = AuditEntry.objects.filter(target_type=label, note="A demo example", actor=None)
        made = {str(pk) for pk in kind._default_manager.values_list("pk", flat=True)}
        assert made, label
        assert made <= set(entries.values_list("target_id", flat=True)), label
    for grant in Grant.objects.filter(award__isnull=False):
        assert AuditEntry.objects.filter(target_type="funding.grant", target_id=str(grant.pk)).exists()


def test_the_360giving_export_validates_with_the_examples_in_it(westminster: Area, tmp_path: Path) -> None:
    demo_commissioning()
    out = tmp_path / "grants.json"

    call_command("export_360giving", str(out), stdout=StringIO())

    package = json.loads(out.read_text(encoding="utf-8"))
    assert len(package["grants"]) == 6  # two from the grant round, four from the earlier one
    for grant in package["grants"]:
        assert grant["title"].startswith("Example: ")
        assert [item["code"] for item in grant["classifications"]] == ["example"]
        assert grant["fundingOrganization"][0]["id"] == "GB-LAE-WSM"
    assert "6 of them are examples" in package["description"]
    with pytest.raises(CommandError, match="nothing to export"):
        call_command("export_360giving", str(tmp_path / "real.json"), "--no-examples", stdout=StringIO())


def test_the_pages_a_visitor_sees_say_example(westminster: Area, client: Client) -> None:
    demo_commissioning()

    assert "Example" in client.get("/opportunities/").content.decode()
    for opportunity in (_grant_round(), _contract()):
        page = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert "An example made for the demonstration" in page, opportunity.title
    award = Award.objects.filter(opportunity=_grant_round()).order_by("-amount").first()
    assert award is not None
    assert award.grant is not None
    assert (
        "An example award made for the demonstration" in client.get(f"/awards/{award.pk}/").content.decode()
    )
    grant_page = client.get(f"/grants/{award.grant.grant_id}/").content.decode()
    assert "An example grant made for the demonstration" in grant_page
    organisation_page = client.get(f"/organisations/{award.grant.recipient_org_id}/").content.decode()
    assert award.grant.title in organisation_page.replace("&#x27;", "'")
    assert '<strong class="govuk-tag govuk-tag--grey">Example</strong>' in organisation_page


def test_nothing_is_made_while_too_few_organisations_are_placed(westminster: Area) -> None:
    OrganisationPlace.objects.filter(local_authority=WESTMINSTER).delete()

    assert demo_commissioning().startswith("No example commissioning")
    assert not Opportunity.objects.exists()
    assert not User.objects.filter(username=ASSESSOR).exists()
