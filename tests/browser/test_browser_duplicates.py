"""A curator resolves a pair the matcher queued from a funder's real 360Giving file: tries to keep them
apart without a reason, links them, finds the link among the decided pairs and splits it again. Every
page passes axe-core's checks."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.linkage.models import LinkCandidate, LinkStatus
from commoncause.sources.tests.importing import import_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued(transactional_db, test_data_dir):
    call_command("load_demo_data", stdout=StringIO())
    import_source("360giving", test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json")
    return LinkCandidate.objects.get(source__name="Ulster Orchestra", status=LinkStatus.PENDING)


def test_a_curator_resolves_a_queued_pair_and_splits_it_again(page, assert_accessible, curator, queued):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("curator@cvs.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    waiting = LinkCandidate.objects.filter(status=LinkStatus.PENDING).count()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name=re.compile(r"^Curation"))).to_contain_text(f"{waiting} waiting")
    menu.get_by_role("link", name=re.compile(r"^Curation")).click()
    queues = page.get_by_role("table", name="Queues")
    expect(queues.get_by_role("row", name=re.compile("Possible duplicates"))).to_contain_text(str(waiting))
    assert_accessible(page)
    queues.get_by_role("link", name="Possible duplicates").click()
    card = page.locator(f"#pair-{queued.pk}")
    expect(card).to_contain_text("one name is part of the other")
    expect(card.get_by_role("cell", name="BT1 4LS")).to_be_visible()
    expect(card.get_by_role("cell", name="BT1 1FF")).to_be_visible()
    assert_accessible(page)

    card.get_by_role("button", name="Different bodies: keep apart").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    card = page.locator(f"#pair-{queued.pk}")
    card.get_by_label("Reason").fill("The orchestra's website names the Youth Orchestra as its own.")
    card.get_by_role("button", name="Same body: link them").click()
    expect(
        page.get_by_text("Ulster Orchestra and Ulster Youth Orchestra: linked as one body.")
    ).to_be_visible()
    expect(page.locator(f"#pair-{queued.pk}")).to_have_count(0)

    page.get_by_role("link", name="Decided").click()
    card = page.locator(f"#pair-{queued.pk}")
    expect(card).to_contain_text("Linked by a curator by curator@cvs.example")
    assert_accessible(page)
    card.get_by_role("button", name="Split them").click()
    expect(page.get_by_text("are separate records again")).to_be_visible()
    queued.refresh_from_db()
    assert queued.status == LinkStatus.SPLIT
    assert queued.source.merged_into_id is None
