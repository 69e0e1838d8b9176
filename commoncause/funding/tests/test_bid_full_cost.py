"""The full cost recovery calculator on a bid: hand-worked sums to the penny, the flag of a price below
the full cost, who may work it out and who may read it, and refusals that keep what was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.funding import bids
from commoncause.funding.bid_full_cost import bid_full_cost_save, bid_price_check, form_field
from commoncause.funding.commissioning.full_cost import DriverMeasure
from commoncause.funding.models import Bid
from commoncause.funding.tests.bid_samples import Cast, bid_cast

pytestmark = pytest.mark.django_db

# The worked example of docs/commissioning.md, as the form posts it.
WORKED = {
    "direct_costs": "50000",
    "overhead_premises_and_office": "30000", "overhead_central_functions": "40000",
    "overhead_governance_and_strategic_development": "12000", "overhead_general_fundraising": "8000",
    "measure_headcount_organisation": "10", "measure_headcount_project": "2",
    "measure_staff_time_organisation": "20", "measure_staff_time_project": "5",
    "measure_expenditure_organisation": "200000", "measure_expenditure_project": "50000",
}  # fmt: skip


@pytest.fixture
def cast() -> Cast:
    return bid_cast()


@pytest.fixture
def bid(cast: Cast) -> Bid:
    made = bids.bid_start(
        user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3)
    )
    answers = {q.key: "We will." for q in bids.bid_questions(made) if q.required}
    return bids.bid_save_draft(user=cast.lead_member, bid=made, answers=answers, price="65000")


def _page(bid: Bid) -> str:
    return f"/bids/{bid.pk}/full-cost/"


def test_the_worked_example_adds_up_to_71000_and_a_price_of_65000_subsidises_the_council(
    cast: Cast, bid: Bid
) -> None:
    result = bid_full_cost_save(
        user=cast.lead_member, bid=bid, direct_costs=Decimal(50000),
        overheads={"premises_and_office": 30000, "central_functions": 40000,
                   "governance_and_strategic_development": 12000, "general_fundraising": 8000},
        measures={"headcount": DriverMeasure(10, 2), "staff_time": DriverMeasure(20, 5),
                  "expenditure": DriverMeasure(200000, 50000)},
    )  # fmt: skip

    # premises 30,000 × 2/10 = 6,000; central 40,000 × 5/20 = 10,000; governance 12,000 × 1/4 = 3,000;
    # fundraising 8,000 × 1/4 = 2,000: 21,000 of overheads, and 71,000 in all
    assert [line.apportioned for line in result.lines] == [
        Decimal(6000),
        Decimal(10000),
        Decimal(3000),
        Decimal(2000),
    ]
    bid.refresh_from_db()
    assert bid.full_cost_total == Decimal("71000.00")
    assert bid.full_cost["apportioned_total"] == "21000.00"
    assert bid.full_cost["inputs"]["measures"]["headcount"] == {"organisation": "10", "project": "2"}
    check = bid_price_check(bid)
    assert check is not None
    assert check.subsidised
    assert (check.subsidy, check.subsidy_percent) == (Decimal("6000.00"), Decimal("8.5"))  # 6,000 / 71,000
    entry = AuditEntry.objects.get(target_id=str(bid.pk), note="Full cost worked out.")
    assert entry.after == {"full_cost_total": "71000.00"}
    assert entry.before == {"full_cost_total": None}


def test_the_breakdown_adds_up_to_the_penny_when_shares_do_not_divide_evenly(cast: Cast, bid: Bid) -> None:
    result = bid_full_cost_save(
        user=cast.lead_member, bid=bid, direct_costs=Decimal("100.00"),
        overheads={"premises_and_office": Decimal("100.00"), "central_functions": Decimal("100.00")},
        measures={"headcount": DriverMeasure(3, 1), "staff_time": DriverMeasure(3, 2)},
    )  # fmt: skip

    # 100 × 1/3 = 33.333… → £33.33; 100 × 2/3 = 66.666… → £66.67; with £100 direct: £200.00
    assert [line.apportioned for line in result.lines[:2]] == [Decimal("33.33"), Decimal("66.67")]
    bid.refresh_from_db()
    assert bid.full_cost_total == Decimal("200.00")
    shown = Decimal(bid.full_cost["direct_costs"]) + sum(
        Decimal(line["apportioned"]) for line in bid.full_cost["lines"]
    )
    assert shown == bid.full_cost_total


def test_a_price_at_or_above_the_full_cost_is_not_flagged(cast: Cast, bid: Bid) -> None:
    client = Client()
    client.force_login(cast.lead_member)
    client.post(_page(bid), WORKED)
    bids.bid_save_draft(user=cast.lead_member, bid=bid, answers={}, price="71000")

    check = bid_price_check(Bid.objects.get(pk=bid.pk))
    assert check is not None
    assert not check.subsidised
    html = client.get(f"/bids/{bid.pk}/").content.decode()
    assert "Covers full cost" in html
    assert "subsidise" not in html


def test_the_lead_works_it_out_on_the_page_and_the_bid_shows_it_beside_the_price(
    cast: Cast, bid: Bid
) -> None:
    client = Client()
    client.force_login(cast.lead_member)

    response = client.post(_page(bid), WORKED)

    assert response.status_code == 302
    page = client.get(_page(bid)).content.decode()
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">How the full cost is made up</caption>'
        in page
    )
    assert (
        "Premises and office: £30,000 shared out by headcount. The project has 2 of the "
        "organisation&#x27;s 10 (20%), so £6,000 falls to it." in page
    )
    assert "<strong>£71,000</strong>" in page
    detail = client.get(f"/bids/{bid.pk}/").content.decode()
    assert '<dd class="govuk-summary-list__value" id="price">£65,000</dd>' in detail
    assert '<dd class="govuk-summary-list__value" id="full-cost">£71,000 (' in detail
    assert (
        "Below full cost: the provider would subsidise the council by £6,000 (8.5% of the full cost)."
        in detail
    )


def test_a_bad_figure_is_refused_by_its_field_keeping_what_was_typed(cast: Cast, bid: Bid) -> None:
    client = Client()
    client.force_login(cast.lead_member)

    response = client.post(_page(bid), {**WORKED, "measure_headcount_project": "12"})

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<a href="#id_measure_headcount_project">The project&#x27;s headcount (FTE) is 12, more than' in html
    )
    assert 'name="overhead_central_functions" type="number" value="40000"' in html
    assert Bid.objects.get(pk=bid.pk).full_cost_total is None


def test_a_driver_with_costs_to_share_needs_both_figures(cast: Cast, bid: Bid) -> None:
    client = Client()
    client.force_login(cast.lead_member)
    one = {**WORKED, "measure_staff_time_project": ""}
    response = client.post(_page(bid), one)
    assert response.status_code == 400
    assert "Enter both figures for staff time, or neither." in response.content.decode()

    neither = {**WORKED, "measure_staff_time_project": "", "measure_staff_time_organisation": ""}
    response = client.post(_page(bid), neither)
    assert response.status_code == 400
    assert (
        "The measure of staff time is missing: central_functions has costs of £40,000"
        in response.content.decode()
    )
    assert form_field("measures[staff_time]") == "measure_staff_time_organisation"


def test_partners_and_keepers_read_the_full_cost_but_only_the_leads_members_change_it(
    cast: Cast, bid: Bid
) -> None:
    lead = Client()
    lead.force_login(cast.lead_member)
    lead.post(_page(bid), WORKED)
    from commoncause.funding.bid_partners import bid_partner_invite

    bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)
    partner = Client()
    partner.force_login(cast.partner_member)
    read = partner.get(_page(bid))
    assert read.status_code == 200
    assert "£71,000" in read.content.decode()
    assert "Work it out again" not in read.content.decode()
    assert partner.post(_page(bid), {**WORKED, "direct_costs": "1"}).status_code == 403
    officer = Client()
    officer.force_login(cast.officer)
    assert officer.get(_page(bid)).status_code == 404  # a draft is the bidders' alone
    other = Client()
    other.force_login(cast.other_member)
    assert other.get(_page(bid)).status_code == 404
    assert Bid.objects.get(pk=bid.pk).full_cost_total == Decimal("71000.00")


def test_the_keepers_see_the_flag_once_the_bid_is_submitted(cast: Cast, bid: Bid) -> None:
    lead = Client()
    lead.force_login(cast.lead_member)
    lead.post(_page(bid), WORKED)
    bids.bid_submit(user=cast.lead_member, bid=Bid.objects.get(pk=bid.pk))

    officer = Client()
    officer.force_login(cast.officer)
    html = officer.get(f"/bids/{bid.pk}/").content.decode()

    assert (
        "Below full cost: the provider would subsidise the council by £6,000 (8.5% of the full cost)." in html
    )
    assert officer.post(_page(bid), WORKED).status_code == 403
