"""Register curators sign in and read the import history, which fits a desktop window; both pages pass
axe-core's WCAG 2.x A and AA."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.register.models import ImportRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_signs_in_and_reads_the_import_history(page, assert_accessible, curator):
    started = timezone.now() - dt.timedelta(minutes=5)
    ImportRun.objects.create(
        kind="ccni",
        file_name="ccni-charitydetails-sample.csv",
        started_at=started,
        finished_at=started + dt.timedelta(seconds=4),
        created=364,
    )
    page.goto("/imports/")
    page.wait_for_url("**/accounts/sign-in/?next=/imports/")
    assert_accessible(page)

    page.get_by_label("Email address").fill("curator@cvs.example")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    expect(page.get_by_label("Email address")).to_have_value("curator@cvs.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/imports/")
    expect(page.get_by_role("rowheader", name="ccni-charitydetails-sample.csv")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_import_history_fits_a_1280_pixel_wide_window(page, assert_accessible, curator):
    started = timezone.now() - dt.timedelta(hours=2)
    ImportRun.objects.create(
        kind="companies",
        file_name="BasicCompanyData-2025-06-01-part1_7_with_the_non_profit_forms_only.csv",
        extract_date=dt.date(2025, 6, 1),
        started_at=started,
        finished_at=started + dt.timedelta(minutes=41, seconds=7),
        created=1_234_567,
        updated=456_789,
        unchanged=2_345_678,
        removed=12_345,
        rejected=1_024,
        rows_read=4_049_379,
        notes=(  # notes as the companies importer and the matcher write them, one a line
            "876,543 rows skipped, not a non-profit form: private-limited-company, public-limited-company.\n"
            "Identifiers held by another organisation, not added: GB-COH-00203645, GB-COH-01234567 and 12 "
            "more.\nOf 12,345 groups new to the register without a register's number, 1,234 were linked to "
            "an organisation already in it, 567 wait for a curator and 10,544 matched none."
        ),
    )
    ImportRun.objects.create(
        kind="360giving",
        file_name="alwf-360giving-grants-2021-02.json",
        started_at=started + dt.timedelta(hours=1),
        created=475,
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("curator@cvs.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/sign-in/"))
    page.goto("/imports/")
    expect(page.get_by_role("heading", name="Import history")).to_be_visible()
    widths = page.evaluate(
        """() => {
            const root = document.documentElement;
            const table = document.querySelector("main table");
            const box = table.parentElement;
            return {page: [root.scrollWidth, root.clientWidth], table: [box.scrollWidth, box.clientWidth]};
        }"""
    )
    page_scroll, page_width = widths["page"]
    table_scroll, table_box = widths["table"]
    assert page_scroll <= page_width, f"the page scrolls sideways: {page_scroll}px in {page_width}px"
    assert table_scroll <= table_box, f"the table scrolls sideways: {table_scroll}px in {table_box}px"
    page.get_by_text("Notes on this import").click()
    expect(page.get_by_text("567 wait for a curator")).to_be_visible()
    assert_accessible(page)
