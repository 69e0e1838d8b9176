"""Commissioning end to end, as its people do it: an officer of Westminster drafts a grant round and
sees its fair-access check; two small charities bid together as the consortium the builder suggests;
the officer scores, moderates and awards; the award is in the 360Giving export, which validates; and
the award's monitoring plan is the one its tier asks for. The pages pass axe-core's checks.

The charities are real ones of the register sample, placed by their postcodes in Westminster's real
wards: The Soho Recovery Centre (£95,257 a year, St James's) and the Community of S. Egidio UK (£37,352
a year, West End). £60,000 a year is more than half the income of either, so neither could hold it
alone; together they could."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.accounts.models import Council, Role, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import person
from commoncause.funding.commissioning.tiers import tier_for
from commoncause.funding.models import Award, Bid, BidStatus, MonitoringPlan
from commoncause.funding.opendata.threesixty_out import package_problems
from commoncause.funding.threesixty.schema import grant_problems
from commoncause.matching import matcher
from commoncause.matching.tests.engine_samples import SAMPLE
from commoncause.members.models import Membership, MembershipStatus
from commoncause.places.selectors import coverage_forget
from commoncause.places.services import organisations_place
from commoncause.places.tests.westminster import DATA, load_westminster
from commoncause.register.classification import reference_codes
from commoncause.register.models import ClassificationCode, Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.services import search_index_refresh
from tests.browser.navigation import from_menu, sign_out
from tests.browser.test_browser_contacts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICER = "commissioner@westminster.example"
SOHO, EGIDIO = "GB-CHC-1168812", "GB-CHC-1018867"
SOHO_MEMBER, EGIDIO_MEMBER = "sam@soho-recovery.example", "maria@santegidio.example"
TITLE = "Company and recovery for people on their own"


def _charities(folder: Path, *org_ids: str) -> list[Organisation]:
    """The charities' rows of the register sample, imported as `make run` imports the whole file (so
    they are classified, and coverage counts them where they are based)."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["org_id"] in org_ids]
        fields = reader.fieldnames or []
    path = folder / "two-charities.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_source", "csv", str(path), no_progress=True)
    return [organisation_by_identifier(org_id) for org_id in org_ids]  # type: ignore[misc]


def _member(organisation: Organisation, email: str) -> None:
    user = person(email)
    VerifiedEmail.objects.create(user=user, email=email)
    Membership.objects.create(user=user, organisation=organisation, status=MembershipStatus.APPROVED)


@pytest.fixture
def westminster_world(transactional_db, tmp_path):
    # The classification codes a migration loads, which an earlier transactional test may have emptied
    # with every other table: the importer keeps only the codes it knows, and coverage goes by them.
    ClassificationCode.objects.bulk_create(
        [
            ClassificationCode(scheme=s, code=c, kind=k, label=label)
            for s, c, k, label in reference_codes(DATA)
        ],
        ignore_conflicts=True,
    )
    load_westminster(organisations=False)  # its wards and the postcodes of the sample's charities
    soho, egidio = _charities(tmp_path, SOHO, EGIDIO)
    organisations_place()
    council = Council.objects.create(
        name="Westminster City Council", slug="westminster", area_codes=["E09000033"], org_id="GB-LAE-WSM"
    )
    StaffRole.objects.create(user=person(OFFICER), role=Role.OFFICER, council=council)
    _member(soho, SOHO_MEMBER)
    _member(egidio, EGIDIO_MEMBER)
    # The search index is rebuilt whole (its tables are not the models' that each test empties, so they may
    # hold an earlier test's), and the matcher's and coverage's kept answers dropped.
    search_index_refresh()
    matcher.forget()
    coverage_forget()
    yield soho, egidio
    matcher.forget()
    coverage_forget()


def _draft_and_publish(page, assert_accessible) -> str:
    sign_in(page, OFFICER)
    from_menu(page)
    page.get_by_role("link", name="Opportunities").click()
    page.get_by_role("link", name="Draft an opportunity").click()
    page.get_by_label("Is it a grant round or a contract?").select_option("grant")
    page.get_by_label("How it comes about").select_option("strategic")
    page.get_by_label("Why a grant or a contract?").fill(
        "Groups already do this well: we want to support them."
    )
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill(
        "Company, suppers and recovery meetings for people who are on their own."
    )
    page.get_by_label("What is sought").fill(
        "We want suppers and visits for older and homeless people who are lonely, and safe recovery meetings "
        "for people recovering from addiction, in St James's and the West End."
    )
    page.get_by_label("Where").fill("St James's; West End")
    page.get_by_label("Whole value (pounds)").fill("180000")
    page.get_by_label("Closes").fill((dt.date.today() + dt.timedelta(days=28)).isoformat())
    page.get_by_label("Criteria bids are scored against").fill(
        "Quality of the service | 60\nLocal knowledge | 50"
    )
    page.get_by_role("button", name="Save the draft").click()
    # the mistake is named, and what was typed is kept
    expect(page.get_by_role("link", name="The criteria's weights add up to 110")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    assert_accessible(page)
    page.get_by_label("Criteria bids are scored against").fill(
        "Quality of the service | 60\nLocal knowledge | 40"
    )
    page.get_by_role("button", name="Save the draft").click()

    check = page.locator("#fair-access")
    expect(check).to_contain_text("Fair-access check")
    expect(check).to_contain_text("£60,000 a year")
    expect(check).to_contain_text("could together, in a consortium")
    expect(check.locator("[data-warning=consortium_only]")).to_be_visible()
    expect(check.locator("[data-suggestion]")).to_contain_text("lots of")
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("link", name="The fair-access check has warnings")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why publish it as it is?").fill("We want groups to bid together for both wards.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published.")).to_be_visible()
    url = page.url
    sign_out(page)
    return url


def _consortium_bids(page, assert_accessible, opportunity_url: str) -> Bid:
    sign_in(page, SOHO_MEMBER)
    page.goto(opportunity_url)
    page.get_by_role("link", name="Find partners for a consortium").click()
    first = page.locator("#consortium-1")
    expect(first).to_contain_text("THE SOHO RECOVERY CENTRE")
    expect(first).to_contain_text("COMMUNITY OF S EGIDIO UK CHARITABLE TRUST")
    assert_accessible(page)
    first.get_by_role("button", name="Start a bid with these partners").click()
    expect(page.get_by_role("heading", name=f"Your bid for {TITLE}")).to_be_visible()  # its form, at once
    bid = Bid.objects.get()
    for answer in page.locator("textarea").all():
        answer.fill("Weekly suppers in the West End and daily recovery meetings in St James's.")
    page.get_by_role("spinbutton", name="Price").fill("180000")
    page.get_by_role("button", name="Save the draft").click()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, EGIDIO_MEMBER)  # the partner says yes
    page.goto(f"/bids/{bid.pk}/")
    page.get_by_role("button", name="Accept").click()
    sign_out(page)

    sign_in(page, SOHO_MEMBER)
    page.goto(f"/bids/{bid.pk}/")
    page.get_by_role("button", name="Submit the bid").click()
    expect(page.get_by_text("Your bid is submitted.")).to_be_visible()
    sign_out(page)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED
    return bid


def _score_and_award(page, assert_accessible, opportunity_url: str) -> Award:
    sign_in(page, OFFICER)
    page.goto(opportunity_url)
    page.get_by_role("button", name="Close to bids and assess").click()
    # the close is saved before going on: the next link is on the page before it too
    expect(page.get_by_text("closed to bids, ready to assess.")).to_be_visible()
    page.get_by_role("link", name="Bids and assessment").click()
    assert_accessible(page)
    page.get_by_role("link", name="Score").first.click()
    page.get_by_label("4").first.check()
    page.get_by_label("4").nth(1).check()
    page.get_by_role("button", name="Save your scores").click()
    expect(page.get_by_role("link", name="Say why you scored Quality of the service")).to_be_visible()
    page.get_by_label("Comment: Quality of the service").fill("Daily meetings and weekly suppers, well run.")
    page.get_by_label("Comment: Local knowledge").fill("Both have worked in these wards for years.")
    page.get_by_role("button", name="Save your scores").click()
    expect(page.get_by_text("Your total: 80.00 out of 100.")).to_be_visible()  # 4/5 of 60 and of 40
    page.get_by_role("link", name="All the bids for this opportunity").click()
    page.get_by_role("link", name="Moderate").first.click()
    expect(page.locator("main")).to_contain_text("Assessor 1 (commissioner@westminster.example)")
    page.get_by_label("4").first.check()
    page.get_by_label("4").nth(1).check()
    page.get_by_role("button", name="Save the agreed scores").click()
    expect(page.get_by_text("Moderated: THE SOHO RECOVERY CENTRE scores 80.00 out of 100.")).to_be_visible()
    page.get_by_role("link", name="Decide").first.click()
    page.get_by_role("radio", name="Successful", exact=True).check()
    page.get_by_label("Reasons").fill("Together they cover both wards, and they know the people there.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("heading", name="Award to THE SOHO RECOVERY CENTRE")).to_be_visible()
    assert_accessible(page)
    return Award.objects.get()


def test_an_officer_commissions_and_two_small_charities_bid_together(
    page, assert_accessible, westminster_world
):
    opportunity_url = _draft_and_publish(page, assert_accessible)
    bid = _consortium_bids(page, assert_accessible, opportunity_url)
    assert {partner.organisation.name for partner in bid.partners.all()} == {
        "THE SOHO RECOVERY CENTRE", "COMMUNITY OF S EGIDIO UK CHARITABLE TRUST",
    }  # fmt: skip
    award = _score_and_award(page, assert_accessible, opportunity_url)

    # The award is in the 360Giving export, which validates.
    package = json.loads(page.request.get("/grants/360giving.json").body())
    assert package_problems(package) == []
    assert award.grant is not None  # a grant round's award is published as a grant
    [grant] = [grant for grant in package["grants"] if grant["id"] == award.grant.grant_id]
    assert grant_problems(grant) == []
    assert grant["recipientOrganization"][0]["id"] == SOHO
    assert Decimal(str(grant["amountAwarded"])) == award.amount

    # The monitoring plan is the one the award's tier asks for.
    page.get_by_role("link", name="Monitoring").first.click()
    tier = tier_for(award.amount)
    expect(page.locator("main")).to_contain_text(f"Tier {tier.code} covers awards of {tier.band}")
    assert_accessible(page)
    page.get_by_role("button", name="Save the plan").click()
    plan = MonitoringPlan.objects.get(award=award)
    assert plan.tier == tier.code
