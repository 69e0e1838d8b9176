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


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_the_grants_page_shows_grants_first_on_a_phone_and_filters_beside_them_on_a_desktop(
    page, assert_accessible, grants, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/grants/")
    expect(page.locator("#grants-count")).to_have_text("475 grants")
    funder = page.get_by_label("Funder")
    if width < 641:
        assert page.locator("#grants-count").bounding_box()["y"] < height
        expect(funder).to_be_hidden()
        page.get_by_text("Filter the grants").click()
        expect(funder).to_be_visible()
    else:
        expect(funder).to_be_visible()
        assert funder.bounding_box()["x"] < page.locator("#grants-count").bounding_box()["x"]
    assert_accessible(page)
