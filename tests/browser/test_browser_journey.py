"""A person searches the register, filters the results, opens an organisation and reads its finances.

Every page on the way is checked with axe-core against WCAG 2.x A and AA.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register_with_demo_data(transactional_db) -> None:
    """The real demo register that `make run` serves, loaded the same way."""
    call_command("load_demo_data", "--no-progress", stdout=StringIO())


def test_search_filter_and_open_an_organisation(page, assert_accessible, register_with_demo_data):
    page.goto("/")
    assert page.title() == "The register of voluntary and community organisations – Common Cause"
    assert_accessible(page)

    page.get_by_label("Search the register").fill("cancer")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=cancer"))
    results = page.locator("#search-region")
    expect(results.get_by_role("link", name="Cancer Lifeline")).to_be_visible()
    assert_accessible(page)

    count_before = int(page.locator("#result-count").inner_text().split()[0].replace(",", ""))
    page.get_by_role("group", name="Income").get_by_label(re.compile(r"^Medium")).check()
    page.wait_for_url(re.compile(r"income_band=medium"))
    page.wait_for_function(
        "before => !document.querySelector('#result-count').textContent.startsWith(before + ' ')",
        arg=str(count_before),
    )
    count_after = int(page.locator("#result-count").inner_text().split()[0].replace(",", ""))
    assert 0 < count_after < count_before
    assert page.locator("#search-status").inner_text() == page.locator("#result-count").inner_text()
    medium = page.get_by_role("group", name="Income").get_by_label(re.compile(r"^Medium"))
    expect(medium).to_be_checked()
    expect(medium).to_be_focused()  # htmx keeps focus on the checkbox it replaced
    assert page.title() == "cancer – Search the register – Common Cause"
    assert_accessible(page)

    page.locator("#search-region").get_by_role("link", name="Cancer Lifeline").click()
    page.wait_for_url("**/organisations/GB-NIC-100002/")
    assert page.title() == "Cancer Lifeline – Common Cause"
    # One year of figures is told in a sentence and a table; a chart of it would show no change.
    expect(page.locator("#finances-summary")).to_have_text(
        "In the year ending 31 March 2023, income was £462,154 and spending £469,480."
    )
    expect(page.get_by_test_id("finances-chart")).to_have_count(0)
    page.get_by_text("Show the figures as a table").click()
    table = page.locator("[data-testid=finances-table]")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").first.locator("td").first.inner_text() == "£462,154"
    assert_accessible(page)


def test_filters_work_without_javascript(page_without_javascript, register_with_demo_data):
    page = page_without_javascript
    page.goto("/search/?q=cancer")
    page.get_by_role("group", name="Status").get_by_label(re.compile(r"^Registered")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"status=registered"))
    expect(page.locator("#search-region").get_by_role("link", name="Cancer Lifeline")).to_be_visible()


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, register_with_demo_data):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_unknown_organisation_page_is_accessible(page, assert_accessible, transactional_db):
    response = page.goto("/organisations/GB-NIC-999999999/")
    assert response.status == 404
    assert page.title() == "Page not found – Common Cause"
    assert_accessible(page)
