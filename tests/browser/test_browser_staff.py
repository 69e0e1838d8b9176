"""Register curators sign in and read the import history; both pages pass axe-core's WCAG 2.x A and AA."""

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
    expect(page.get_by_role("cell", name="ccni-charitydetails-sample.csv")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
