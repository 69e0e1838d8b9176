"""A charity member signs up, asks to join the charity and proposes a change to its page; a curator
approves both; the public page shows the change, its history shows the difference, and the audit log
holds every step. Each page on the way passes axe-core's WCAG 2.x A and AA checks."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.register.tests.search_samples import DEMO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORG_PAGE = "/organisations/GB-NIC-100002/"
OFFER = "Free counselling for families on Tuesday evenings"


@pytest.fixture
def charity(transactional_db) -> None:
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def sign_in(page, email: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/sign-in/"))


def test_member_signs_up_joins_and_changes_the_page_with_a_curators_approval(
    page, assert_accessible, charity, curator
):
    page.goto("/accounts/sign-up/")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Ada Moss")
    page.get_by_label("Email address").fill("ada@cancer-lifeline.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert_accessible(page)

    page.goto(ORG_PAGE)
    page.get_by_label("Your part in the organisation (optional)").fill("Services manager")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("You have asked to join.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "curator@cvs.example")
    page.goto("/curation/memberships/")
    expect(page.get_by_text("Services manager")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve ada@cancer-lifeline.example").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    sign_out(page)

    sign_in(page, "ada@cancer-lifeline.example")
    page.goto(ORG_PAGE)
    page.get_by_role("link", name="Change the organisation's own statement").click()
    expect(page.get_by_label("What it offers")).to_be_visible()  # the form has loaded
    assert_accessible(page)
    page.get_by_label("What it offers").fill(OFFER)
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("A curator will check the change")).to_be_visible()
    expect(page.get_by_text(OFFER)).to_have_count(0)
    sign_out(page)

    sign_in(page, "curator@cvs.example")
    page.goto("/curation/edits/")
    expect(page.get_by_role("row", name="What it offers")).to_contain_text(OFFER)
    assert_accessible(page)
    page.get_by_role("button", name="Approve Cancer Lifeline").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()

    page.goto("/accounts/audit/")
    assert_accessible(page)
    log = page.locator("table")
    expect(log).to_contain_text("Approved")
    expect(log).to_contain_text("Change to Cancer Lifeline")
    expect(log).to_contain_text("ada@cancer-lifeline.example in Cancer Lifeline")
    sign_out(page)

    page.goto(ORG_PAGE)
    expect(page.get_by_text(OFFER)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="See every version").click()
    expect(page.locator("ins")).to_contain_text(OFFER)
    assert_accessible(page)
