"""A charity member signs up (confirming her address from the emailed link), asks to join the charity
and proposes a change to its page, which she sees waiting; a curator approves both, and she is emailed
each decision; the public page shows the change, its history shows the difference and who wrote and
approved it by role, and the audit log holds every step. Each page on the way passes axe-core's WCAG 2.x
A and AA checks. The live server sends email to Django's test outbox, read here through `mailoutbox`."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.register.tests.search_samples import DEMO
from tests.browser.navigation import sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORG_PAGE = "/organisations/GB-NIC-100002/"
OFFER = "Free counselling for families on Tuesday evenings"


@pytest.fixture
def charity(transactional_db) -> None:
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)


def sign_in(page, email: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/sign-in/"))


def link_in(body: str) -> str:
    """The path of the one link to this site in an email (the live server's address changes each run)."""
    found = re.search(r"https?://[^/\s]+(/\S*)", body)
    assert found is not None, body
    return found.group(1)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_member_signs_up_joins_and_changes_the_page_with_a_curators_approval(
    page, assert_accessible, charity, curator, mailoutbox, width, height
):
    page.set_viewport_size({"width": width, "height": height})  # a phone, and a desktop
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
    [confirm] = mailoutbox
    assert confirm.to == ["ada@cancer-lifeline.example"]
    page.goto(link_in(confirm.body))
    expect(page.get_by_role("heading", name="Your email address is confirmed")).to_be_visible()

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
    joined = mailoutbox[-1]
    assert (joined.to, joined.subject) == (
        ["ada@cancer-lifeline.example"],
        "Your request to join Cancer Lifeline: approved",
    )
    assert "curator@cvs.example" not in joined.body
    sign_out(page)

    sign_in(page, "ada@cancer-lifeline.example")
    page.goto(ORG_PAGE)
    page.get_by_role("link", name="Change the organisation's own statement").click()
    expect(page.get_by_label("What it offers")).to_be_visible()  # the form has loaded
    assert_accessible(page)
    page.get_by_label("What it offers").fill(OFFER)
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("A curator will check the change")).to_be_visible()
    waiting = page.get_by_test_id("waiting-edit")
    expect(waiting).to_contain_text("Waiting for a curator to check")
    expect(waiting.get_by_role("definition")).to_have_text(OFFER)
    assert_accessible(page)
    page.goto("/accounts/")
    expect(page.get_by_test_id("waiting-edit")).to_contain_text(OFFER)
    assert_accessible(page)
    sign_out(page)
    page.goto(ORG_PAGE)
    expect(page.get_by_text(OFFER)).to_have_count(0)  # the public does not see a change still waiting

    sign_in(page, "curator@cvs.example")
    page.goto("/curation/edits/")
    expect(page.get_by_role("row", name="What it offers")).to_contain_text(OFFER)
    assert_accessible(page)
    page.get_by_role("button", name="Approve Cancer Lifeline").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    approved = mailoutbox[-1]
    assert approved.to == ["ada@cancer-lifeline.example"]
    assert approved.subject == "Your change to Cancer Lifeline's page: approved"
    assert "A curator has approved the change you proposed" in approved.body
    assert "curator@cvs.example" not in approved.body
    assert [message.to for message in mailoutbox] == [["ada@cancer-lifeline.example"]] * 3

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
    expect(page.get_by_test_id("version-authorship")).to_have_text(
        "Written by a member of the organisation and approved by a curator."
    )
    assert_accessible(page)
    page.goto(link_in(approved.body))  # the email's link leads to the organisation's page
    expect(page.get_by_role("heading", name="Cancer Lifeline", level=1)).to_be_visible()
