"""An officer posts a need, sees the register's organisations ranked with their reasons, shortlists
one and contacts it; the organisation's member sees the approach and accepts. The pages pass
axe-core's checks."""

import pytest
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import person
from commoncause.matching import matcher
from commoncause.matching.models import Approach
from commoncause.matching.tests.engine_samples import sample_rows
from commoncause.members.models import Membership
from commoncause.register.models import Organisation
from tests.browser.navigation import from_menu, sign_out
from tests.browser.test_browser_contacts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MEMBER = "ada@lunch-club.example"


CLUB = "Thame Senior Friendship Centre"  # GB-CHC-1039978: company and lunches for isolated older people
UNRELATED = "BOB CHAMPION CANCER TRUST"  # GB-CHC-1024664: research into testicular cancer


def _charity(org_id: str) -> Organisation:
    """A real charity of the UK-CAT sample, with its own words and income."""
    row = sample_rows()[org_id]
    return Organisation.objects.create(
        name=row["name"], activities=row["activities"], charitable_objects=row["objects"],
        latest_income=round(float(row["income"])),
    )  # fmt: skip


@pytest.fixture
def lunch_club(transactional_db):
    club = _charity("GB-CHC-1039978")
    _charity("GB-CHC-1024664")
    Membership.objects.create(user=person(MEMBER), organisation=club, status="approved")
    matcher.forget()
    yield club
    matcher.forget()


def test_an_officer_finds_contacts_and_hears_back_from_an_organisation(
    page, assert_accessible, lunch_club, officer
):
    sign_in(page, officer.email)
    from_menu(page)
    page.get_by_role("link", name="Needs and offers").click()
    page.get_by_role("link", name="Post a need").click()
    page.get_by_label("Title").fill("Lunch for older people")
    page.get_by_role("button", name="Post the need").click()
    # the mistake is named, and what was typed is kept
    expect(page.get_by_role("link", name="This field is required.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Lunch for older people")
    assert_accessible(page)
    page.get_by_label("Describe the need").fill(
        "A lunch club where older people who live alone can eat and meet."
    )
    page.get_by_role("button", name="Post the need").click()

    expect(page.get_by_role("heading", name="Lunch for older people")).to_be_visible()
    first = page.locator(".cc-match").first
    expect(first).to_contain_text(CLUB)
    expect(first).to_contain_text("Its description has:")
    expect(page.locator(".cc-matches")).not_to_contain_text(UNRELATED)
    assert_accessible(page)
    # why not the cancer research trust? it shares none of the need's words
    page.get_by_label("Organisation's name or org-id").fill("champion")
    page.get_by_role("button", name="Explain").click()
    page.get_by_role("link", name=UNRELATED).click()
    answer = page.locator("#why-not-answer")
    expect(answer).to_contain_text("Ranked 2 for this need")
    expect(answer).to_contain_text("shares none of the need's words")
    assert_accessible(page)
    page.get_by_role("button", name=f"Shortlist {CLUB}").click()
    expect(page.get_by_text(f"{CLUB} is on the shortlist.")).to_be_visible()
    page.get_by_role("button", name=f"Contact {CLUB}").click()
    expect(page.get_by_text(f"{CLUB} has been contacted")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, MEMBER)
    from_menu(page)
    page.get_by_role("link", name="Needs and offers").click()
    page.get_by_role("link", name="Approaches to your organisations").click()
    expect(page.get_by_role("heading", name="Lunch for older people")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept Lunch for older people").click()
    expect(page.get_by_text("Lunch for older people: accepted.")).to_be_visible()
    assert Approach.objects.get().status == "accepted"
