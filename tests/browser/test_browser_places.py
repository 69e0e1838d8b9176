"""The demo council's officer at work on places: signs in with the demo's printed sign-in, opens
Westminster's coverage page, switches the map to a theme, opens a gap and downloads its CSV, searches near
a postcode, and sees a contact of an organisation in the council's area. A member picks a ward their
organisation serves, a curator approves it, and the council's coverage counts it. The pages pass axe-core."""

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commoncause.places.demo import OFFICER_EMAIL
from commoncause.places.models import OrganisationPlace
from commoncause.register.classification import reference_codes
from commoncause.register.models import ClassificationCode
from commoncause.relationships.models import Contact, ContactStatus
from tests.browser.navigation import from_menu, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WESTMINSTER = "E09000033"
DATA = Path(__file__).resolve().parents[2] / "data"
CHURCH_STREET = "E05013794"
CHURCH_STREET_LABEL = "Church Street, a ward of Westminster (E05013794)"


@pytest.fixture
def demo(transactional_db, settings) -> dict[str, str]:
    """The demo as `make run` loads it; the sign-ins it prints, by email."""
    settings.DEBUG = True
    # The classification codes a migration loads, which an earlier transactional test may have emptied
    # with every other table: the organisation lists' importer keeps only the codes it knows.
    ClassificationCode.objects.bulk_create(
        [
            ClassificationCode(scheme=s, code=c, kind=k, label=label)
            for s, c, k, label in reference_codes(DATA)
        ],
        ignore_conflicts=True,
    )
    out = StringIO()
    call_command("load_demo_data", "--no-progress", stdout=out)
    return dict(re.findall(r"^  (\S+@\S+)  (\S+)  ", out.getvalue(), flags=re.MULTILINE))


def test_the_demo_officer_finds_gaps_and_who_to_call_in_westminster(page, assert_accessible, demo, tmp_path):
    here = OrganisationPlace.objects.filter(local_authority=WESTMINSTER, postcode__startswith="W1").first()
    assert here is not None
    organisation = here.organisation
    Contact.objects.create(
        organisation=organisation, name="Ifeoma Adeyemi", role="Director", email="ifeoma@charity.example",
        purpose="partnership", lawful_basis="legitimate_interests", status=ContactStatus.APPROVED,
    )  # fmt: skip

    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(OFFICER_EMAIL)
    page.get_by_label("Password").fill(demo[OFFICER_EMAIL])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/sign-in/"))

    # Places takes the officer straight to their own council's coverage
    from_menu(page)
    page.get_by_role("link", name="Places").click()
    expect(page.get_by_role("heading", name="Coverage, gaps and duplication")).to_be_visible()
    assert page.url.endswith(f"/places/{WESTMINSTER}/coverage/")
    expect(page.locator("#coverage-map svg a")).to_have_count(18)
    assert_accessible(page)

    # the map switches to one theme, in place (htmx), with its table of figures beside it
    page.get_by_label("The map shows").select_option("theme")
    page.get_by_label("Theme (for the theme map)").select_option("health")
    page.get_by_role("button", name="Show on the map").click()
    expect(page.locator("#ward-map-title")).to_have_text("Organisations based in or serving the ward: health")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    assert "measure=theme" in page.url
    assert_accessible(page)

    # open a gap, and download its organisations
    gap = page.locator("#gaps a").first
    gap.click()
    expect(page.locator("#ward-theme-reason")).to_contain_text("among the council's most deprived wards")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these organisations as CSV").click()
    saved = tmp_path / "gap.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(StringIO(saved.read_text(encoding="utf-8"))))
    assert rows
    assert {row["relation"] for row in rows} == {"elsewhere"}

    # search near the organisation's postcode: it comes first, with its distance
    page.goto("/search/")
    page.get_by_label("Postcode").fill(here.postcode)
    page.get_by_label("Within").select_option("1")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_function("() => !document.querySelector('.htmx-request')")  # every search answered
    results = page.locator(".cc-results")
    expect(results).to_contain_text("km away")
    expect(results).to_contain_text(organisation.name)
    assert "near=" in page.url
    assert_accessible(page)

    # the officer sees the contact of an organisation in the council's area
    org_id = organisation.identifiers.values_list("org_id", flat=True).first()
    page.goto(f"/organisations/{org_id}/contacts/")
    expect(page.get_by_role("heading", name="Ifeoma Adeyemi")).to_be_visible()


def test_a_member_picks_the_areas_it_serves_and_the_councils_coverage_counts_them(
    page, assert_accessible, demo
):
    from commoncause.members.models import Membership
    from commoncause.places.demo import CURATOR_EMAIL, MEMBER_EMAIL

    organisation = Membership.objects.get(user__username=MEMBER_EMAIL).organisation
    org_id = organisation.identifiers.values_list("org_id", flat=True).first()

    def sign_in(email: str) -> None:
        page.goto("/accounts/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(demo[email])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: not url.endswith("/sign-in/"))

    sign_in(MEMBER_EMAIL)
    page.goto(f"/organisations/{org_id}/")
    page.get_by_role("link", name="Change the organisation's own statement").click()
    box = page.get_by_label("Add an area it serves")
    page.wait_for_load_state("load")  # htmx has set the box up
    box.press_sequentially("Church Str")  # htmx suggests the areas it may mean as they type
    page.get_by_role("button", name="Church Street, a ward of Westminster (E05013794)").click()
    expect(
        page.get_by_role("checkbox", name="Church Street, a ward of Westminster (E05013794)")
    ).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("A curator will check the change")).to_be_visible()
    sign_out(page)

    sign_in(CURATOR_EMAIL)
    page.goto("/curation/edits/")
    page.get_by_role("button", name=f"Approve {organisation.name}").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()

    page.goto(f"/organisations/{org_id}/")
    expect(page.locator("#areas-served ~ *").get_by_text("Church Street").first).to_be_visible()
    found = page.request.get(f"/api/v1/areas/{CHURCH_STREET}/coverage").json()
    assert found["wards"][0]["organisations_serving"] == 1
