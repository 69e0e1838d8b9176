"""A person searches the register, filters the results, opens an organisation and reads its finances.

Every page on the way is checked with axe-core against WCAG 2.x A and AA.
"""

import csv
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.register.services import search_index_refresh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register_with_demo_data(transactional_db) -> None:
    """The real demo register that `make run` serves, loaded the same way. The search index is rebuilt
    whole: its tables are not the models' that each test empties, so they may hold an earlier test's."""
    call_command("load_demo_data", "--no-progress", stdout=StringIO())
    search_index_refresh()


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
    page.get_by_text("Filter the results").click()  # folded away until asked for, without JavaScript
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


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_a_number_finds_its_organisation_and_results_download_at_phone_and_desktop_width(
    page, assert_accessible, register_with_demo_data, tmp_path, width, height
):
    """The search box's own example number goes straight to the organisation; a search's results come
    before its filters on a phone, and all of them download as CSV."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    page.get_by_label("Search the register").fill("gb-nic-100002")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/organisations/GB-NIC-100002/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancer Lifeline")
    assert_accessible(page)

    page.goto("/search/?q=trust")
    first = page.locator(".cc-result").first
    expect(first).to_be_visible()
    filters = page.get_by_role("group", name="Status")
    if width < 641:  # a phone: the first result is on the first screen, the filters folded below
        assert first.bounding_box()["y"] < height
        expect(filters).to_be_hidden()
        page.get_by_text("Filter the results").click()
        expect(filters).to_be_visible()
    else:  # a wider screen: the filters stand open to the left of the results
        expect(filters).to_be_visible()
        assert filters.bounding_box()["x"] < first.bounding_box()["x"]
    assert_accessible(page)

    count = int(page.locator("#result-count").inner_text().split()[0].replace(",", ""))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download all")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "organisations-trust.csv"
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["name", "org_id"]
    assert len(rows) == count + 1


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_an_organisations_key_facts_stand_beside_what_it_does(
    page, assert_accessible, register_with_demo_data, width, height
):
    """Two-thirds and one-third: the key facts (numbers, form, latest income with its year end) at the
    side on a wide screen, straight under the name on a phone."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/organisations/GB-NIC-100002/")
    facts = page.get_by_role("complementary", name="Key facts")
    expect(facts).to_contain_text("GB-NIC-100002")
    expect(facts.get_by_test_id("latest-income")).to_contain_text("£462,154 in the year ending 31 March 2023")
    what = page.get_by_role("heading", name="What it does", level=2)
    box, beside = facts.bounding_box(), what.bounding_box()
    if width < 641:
        assert box["y"] < beside["y"]  # under the name, before what it does
    else:
        assert box["x"] > beside["x"] + beside["width"] / 2  # in the right-hand third
        assert abs(box["y"] - beside["y"]) < 100  # level with it, not below the page's length
    assert_accessible(page)


def test_every_table_on_a_page_downloads_as_csv(page, assert_accessible, register_with_demo_data, tmp_path):
    """A table (the finances of Cancer Lifeline, the register's make-up on the home page) downloads as
    a CSV file holding what the table shows."""
    page.goto("/organisations/GB-NIC-100002/")
    page.get_by_text("Show the figures as a table").click()
    table = page.locator("[data-testid=finances-table]")
    rows_shown = table.locator("tr").all()
    shown = [[cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in rows_shown]
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download this table as CSV")).first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows == shown
    assert rows[1][1] == "£462,154"
    assert_accessible(page)

    page.goto("/")
    links = page.get_by_role("link", name=re.compile("^Download this table as CSV"))
    assert links.count() == page.locator("main table.govuk-table").count() > 0
