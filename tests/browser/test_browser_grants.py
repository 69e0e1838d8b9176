"""An organisation's grants, from a funder's real 360Giving file: the chart, its table and a grant's
own page pass axe-core's checks and break no content-security rule."""

import pytest
from playwright.sync_api import expect

from commoncause.sources.tests.importing import import_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def grants(transactional_db, test_data_dir):
    import_source("360giving", test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json")


def test_grants_received_are_shown_as_a_chart_a_table_and_links(page, assert_accessible, grants):
    page.goto("/organisations/GB-EDU-133843/")
    expect(page.get_by_test_id("grants-chart").locator("svg")).to_be_visible()
    page.get_by_text("Show the totals by funder and year as a table").click()
    expect(page.get_by_test_id("grants-table")).to_contain_text("Andrew Lloyd Webber Foundation")
    assert_accessible(page)
    page.get_by_role("link", name="Grant to Royal Northern College of Music").first.click()
    expect(page.get_by_role("heading", name="Grant to Royal Northern College of Music")).to_be_visible()
    assert_accessible(page)
