"""A charity member adds a senior contact with the person's consent; a curator checks it; an officer of
the council the charity works in sees it; the public never does. The pages for inviting a colleague,
linking records and erasing an account pass axe-core's checks too."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import PASSWORD, person
from commoncause.members.models import Membership
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO
from commoncause.relationships.tests.samples import works_in_belfast
from tests.browser.navigation import sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORG = "GB-NIC-100002"
ORG_PAGE = f"/organisations/{ORG}/"


@pytest.fixture
def charity_with_member(transactional_db):
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    organisation = organisation_by_identifier(ORG)
    assert organisation is not None
    works_in_belfast(organisation)
    Membership.objects.create(
        user=person("ada@cancer-lifeline.example"), organisation=organisation, status="approved"
    )
    return organisation


def sign_in(page, email: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/sign-in/"))


def test_a_contact_is_added_checked_and_seen_only_by_those_allowed(
    page, assert_accessible, charity_with_member, curator, officer
):
    sign_in(page, "ada@cancer-lifeline.example")
    page.goto(ORG_PAGE)
    page.get_by_role("link", name="Contacts at Cancer Lifeline").click()
    expect(page.get_by_role("link", name="Add a contact")).to_be_visible()  # the page has loaded
    assert_accessible(page)
    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Name").fill("Róisín Devlin")
    page.get_by_label("Role").fill("Chief Executive")
    page.get_by_label("Email address").fill("roisin@cancer-lifeline.example")
    page.get_by_label("A senior contact").check()
    page.get_by_label("Why the council may contact them").select_option("leadership")
    page.get_by_label("Basis for holding their details").select_option("consent")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm that the person agreed")
    expect(page.get_by_label("Name")).to_have_value("Róisín Devlin")
    assert_accessible(page)
    page.get_by_label("The person agreed to be listed here").check()
    page.get_by_label("How they agreed").fill("By email on 3 May")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Waiting for a curator")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{ORG_PAGE}invite/")
    assert_accessible(page)
    page.goto("/accounts/erase/")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "curator@cvs.example")
    page.goto("/curation/contacts/")
    expect(page.get_by_role("row", name="Name")).to_contain_text("Róisín Devlin")
    assert_accessible(page)
    page.get_by_role("button", name="Approve Róisín Devlin").click()
    expect(page.get_by_text("Contact at Cancer Lifeline: approved.")).to_be_visible()
    page.goto(f"{ORG_PAGE}link/")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "officer@council.example")
    page.goto(ORG_PAGE)
    page.get_by_role("link", name="Contacts at Cancer Lifeline").click()
    expect(page.get_by_text("roisin@cancer-lifeline.example")).to_be_visible()
    expect(page.get_by_text("Senior")).to_be_visible()
    sign_out(page)

    page.goto(ORG_PAGE)
    expect(page.get_by_text("Róisín Devlin")).to_have_count(0)
    expect(page.get_by_role("link", name="Contacts at Cancer Lifeline")).to_have_count(0)
