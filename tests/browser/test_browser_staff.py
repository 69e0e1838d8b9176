"""Register staff sign in and read the import history; both pages pass axe-core's WCAG 2.x A and AA."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commoncause.sources.models import ImportRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user("curator", password="a-long-test-password", is_staff=True)


def test_staff_sign_in_and_read_the_import_history(page, assert_accessible, curator):
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

    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/imports/")
    expect(page.get_by_role("cell", name="ccni-charitydetails-sample.csv")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
