"""A curator uploads a register file from the import history; the task worker imports it while the
page waits, and the page shows the result by itself. A malformed file is refused by the worker with
its row and field, changing nothing. Every page passes axe-core's WCAG 2.x A and AA."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.register.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CCNI = Path(settings.DATA_DIR) / "demo" / "ccni-charitydetails-sample.csv"


def _sign_in(page) -> None:
    page.goto("/imports/")
    page.get_by_label("Email address").fill("curator@cvs.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/imports/")


def _worker_runs_what_is_queued() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, stdout=io.StringIO())


def test_a_curator_imports_a_file_from_the_site_and_the_page_shows_when_it_is_done(
    page, assert_accessible, curator, tmp_path
):
    _sign_in(page)
    page.get_by_role("button", name="Import a file").click()
    page.wait_for_url("**/imports/new/")
    assert_accessible(page)

    page.get_by_role("button", name="Import the file").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose what the file holds.")).to_be_visible()
    expect(page.get_by_role("link", name="Choose the file to import.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("The Charity Commission for Northern Ireland's register (CSV)").check()
    page.get_by_label("The file").set_input_files(str(CCNI))
    page.get_by_role("button", name="Import the file").click()
    page.wait_for_url("**/imports/requests/*/")
    status = page.get_by_test_id("import-request-status")
    expect(status).to_contain_text("Waiting for the worker")
    assert_accessible(page)

    _worker_runs_what_is_queued()
    expect(status).to_contain_text(
        "Imported ccni from ccni-charitydetails-sample.csv: 364 created", timeout=10_000
    )
    assert Organisation.objects.count() == 364

    rows = list(csv.reader(io.StringIO(CCNI.read_text(encoding="cp1252"))))
    rows[9][rows[0].index("Date registered")] = "31/02/2014"
    broken = tmp_path / "ccni-broken.csv"
    with broken.open("w", encoding="cp1252", newline="") as out:
        csv.writer(out).writerows(rows)
    page.goto("/imports/new/")
    page.get_by_label("The Charity Commission for Northern Ireland's register (CSV)").check()
    page.get_by_label("The file").set_input_files(str(broken))
    page.get_by_role("button", name="Import the file").click()
    page.wait_for_url("**/imports/requests/*/")
    _worker_runs_what_is_queued()
    expect(page.get_by_role("heading", name="The import failed")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("import-request-status")).to_contain_text("row 10")
    expect(page.get_by_test_id("import-request-status")).to_contain_text("Date registered")
    assert_accessible(page)
    assert Organisation.objects.count() == 364, "the failed import changed nothing"

    page.goto("/imports/")
    requests = page.get_by_test_id("import-requests")
    expect(requests).to_contain_text("ccni-broken.csv (ccni): failed, nothing was changed")
    expect(requests).to_contain_text("ccni-charitydetails-sample.csv (ccni): imported")
