"""A member adds a service; a curator approves it; a citizen on a phone finds it near their postcode; and
the Open Referral UK API answers with it. The pages pass axe-core's checks."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import person
from commoncause.members.models import Membership
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO
from commoncause.services.models import Service
from commoncause.services.tests.factories import POSTCODES
from tests.browser.navigation import from_menu, sign_out
from tests.browser.test_browser_contacts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORG = "GB-NIC-100002"
MEMBER = "ada@cancer-lifeline.example"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def charity_with_member(transactional_db):
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    call_command("import_source", "postcodes", str(POSTCODES), no_progress=True)
    organisation = organisation_by_identifier(ORG)
    assert organisation is not None
    Membership.objects.create(user=person(MEMBER), organisation=organisation, status="approved")
    return organisation


def test_a_members_service_is_approved_and_found_near_a_postcode_on_a_phone(
    page, assert_accessible, charity_with_member, curator
):
    sign_in(page, MEMBER)
    page.goto(f"/organisations/{ORG}/")
    page.get_by_role("link", name="Add a service").click()
    expect(page.get_by_role("heading", name="Add a service")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the service").fill("Paddington lunch club")
    page.get_by_label("What it offers").fill("A hot two-course lunch and company for older neighbours.")
    page.get_by_label("Older people").check()
    page.get_by_label("It is free").check()
    page.get_by_label("Address line").fill("Church Street Library")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("Postcode").fill("NOT A POSTCODE")
    page.get_by_label("Tuesday").check()
    page.get_by_label("Opens at").fill("12:00")
    page.get_by_label("Closes at").fill("14:00")
    page.get_by_label("Phone number").fill("020 7641 1234")
    page.get_by_role("button", name="Send for approval").click()
    # the mistake is named, and what was typed is kept
    expect(page.get_by_role("link", name="Enter a UK postcode, such as SW1A 2AA.")).to_be_visible()
    expect(page.get_by_label("Name of the service")).to_have_value("Paddington lunch club")
    assert_accessible(page)
    page.get_by_label("Postcode").fill("w2 1eg")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("A curator will check the service")).to_be_visible()
    sign_out(page)

    sign_in(page, curator.email)
    page.goto("/curation/services/")
    expect(page.get_by_text("W2 1EG")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve Paddington lunch club").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    sign_out(page)
    service = Service.objects.get(name="Paddington lunch club")

    # A citizen on a phone: no sign-in, results before the filters
    page.set_viewport_size(PHONE)
    page.goto("/")
    from_menu(page)
    page.get_by_role("link", name="Find a service").click()
    page.get_by_label("What are you looking for?").fill("lunch")
    page.get_by_label("Your postcode").fill("W2 1EG")
    page.get_by_role("button", name="Search", exact=True).click()
    first = page.locator(".cc-result").first
    expect(first).to_contain_text("Paddington lunch club")
    expect(first).to_contain_text("Under 0.1 km away")
    expect(first).to_contain_text("Tuesday 12:00–14:00")
    expect(first).to_contain_text("Free")
    assert "postcode=W2+1EG" in page.url  # the address keeps the search, to share
    results_top = page.locator("#result-count").bounding_box()
    filters_top = page.locator(".cc-filter-panel").bounding_box()
    assert results_top is not None
    assert filters_top is not None
    assert results_top["y"] < filters_top["y"]
    assert_accessible(page)
    first.get_by_role("link", name="Paddington lunch club").click()
    expect(page.get_by_text("Last reviewed")).to_be_visible()
    assert_accessible(page)

    answer = page.request.get(f"/oruk/services/{service.pk}")
    assert answer.ok
    assert answer.headers["access-control-allow-origin"] == "*"
    found = answer.json()
    assert found["name"] == "Paddington lunch club"
    assert found["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "W2 1EG"
