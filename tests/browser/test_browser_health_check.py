"""A partnership health check from start to finish: a council officer sets up a round and opens it; the
officer and a member of an organisation in the council's area answer it in the browser (the other
respondents answer through the services, to reach five on each side); the officer closes it; the results
show each side's view and the perception gap, a group of fewer than five is shown suppressed, and an
action is added from a weak statement. Every page passes axe-core's checks."""

import re

import pytest
from playwright.sync_api import expect

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.relationships.health.models import HealthRound
from commoncause.relationships.tests.health_samples import answer, officers, sector_members
from tests.browser.navigation import from_menu, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHOSEN = ("health:LA1", "health:LA2", "health:VCS1", "health:VCS6", "barriers:E1")
MEMBER = "member0@lunch-club.example"


@pytest.fixture
def sector_member(transactional_db):
    """A member of a group that works in Belfast, the cast officer's council."""
    (member,) = sector_members(1)
    return member


def sign_in(page, email: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/sign-in/"))


def answer_in_the_browser(page, ratings: dict[str, str], evidence: dict[str, str]) -> None:
    for code, rating in ratings.items():
        page.get_by_test_id(f"statement-{code}").get_by_label(rating, exact=True).check()
    for code, said in evidence.items():
        page.get_by_label(f"Evidence for {code} (optional)").fill(said)
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()


def set_up_a_round(page, assert_accessible) -> None:
    from_menu(page)
    page.get_by_role("link", name="Health checks").click()
    page.get_by_role("link", name="Belfast City Council").click()
    page.get_by_role("link", name="The council's statements").click()
    expect(page.get_by_test_id("set-compact")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Set up a new round").click()
    page.get_by_label("Name of the round").fill("2026 to 2027")
    page.get_by_label("Opens for answers").fill("2026-06-01")
    page.get_by_label("Closes for answers").fill("2026-05-01")
    page.get_by_role("button", name="Set up the round").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The closing date must be on or after the opening date."
    )
    expect(page.get_by_label("Name of the round")).to_have_value("2026 to 2027")
    assert_accessible(page)
    page.get_by_label("Closes for answers").fill("2026-07-31")
    page.get_by_role("button", name="Set up the round").click()
    expect(page.get_by_text("Round set up.")).to_be_visible()
    page.get_by_role("link", name="Choose the statements").click()
    expect(page.get_by_role("heading", name="Choose the statements")).to_be_visible()
    for box in page.locator("input[name=statements]").all():  # start from none
        box.set_checked(False)
    for key in CHOSEN:
        page.locator(f'input[value="{key}"]').check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the statements").click()
    expect(page.get_by_text("Statements chosen.")).to_be_visible()
    page.get_by_role("button", name="Open for answers").click()
    expect(page.get_by_test_id("status")).to_contain_text("Open for answers")
    assert_accessible(page)


def test_a_health_check_round_runs_from_set_up_to_results(
    page, assert_accessible, officer, sector_member, live_server
):
    sign_in(page, "officer@council.example")
    set_up_a_round(page, assert_accessible)
    page.get_by_role("link", name="Give your own answers").click()
    expect(page.get_by_test_id("side")).to_contain_text("for the council")
    page.get_by_role("button", name="Save my answers").click()  # nothing rated: each is named
    expect(page.get_by_role("alert")).to_contain_text("Rate statement LA1, from 1 to 5, or choose don")
    assert_accessible(page)
    answer_in_the_browser(
        page,
        {"LA1": "4", "LA2": "5", "VCS1": "3", "VCS6": "2", "E1": "3"},
        {"LA1": "The leader met the forum twice this year."},
    )
    sign_out(page)

    sign_in(page, MEMBER)
    page.goto("/accounts/")
    page.get_by_role("link", name="answer it").click()
    expect(page.get_by_test_id("side")).to_contain_text("for the voluntary and community sector")
    answer_in_the_browser(
        page,
        {"LA1": "2", "LA2": "2", "VCS1": "4", "VCS6": "Don’t know", "E1": "2"},
        {"LA2": "We heard about the budget after it was set."},
    )
    page.get_by_role("link", name="Change your answers").click()
    expect(page.get_by_label("Evidence for LA2 (optional)")).to_have_value(
        "We heard about the budget after it was set."
    )
    sign_out(page)

    # Four more on each side, through the services. The officers don't know about VCS6, so the council's
    # view of it has one answer: fewer than five, and suppressed.
    health_round = HealthRound.objects.get(name="2026 to 2027")
    for user in officers(4):
        answer(user, health_round, {"LA1": 4, "LA2": 4, "VCS1": 3, "VCS6": None, "E1": 3})
    for user in sector_members(4, start=1):
        answer(user, health_round, {"LA1": 2, "LA2": 3, "VCS1": 4, "VCS6": 3, "E1": 2})

    sign_in(page, "officer@council.example")
    page.goto(f"/health-checks/rounds/{health_round.pk}/")
    expect(page.get_by_test_id("counts")).to_contain_text(
        "5 from the council's officers, 5 from the voluntary"
    )
    page.get_by_role("button", name="Close the round and show its results").click()
    expect(page.get_by_text("The round is closed. Its results show now.")).to_be_visible()
    expect(page.get_by_test_id("respondents")).to_contain_text("5 of the council's officers; 5 from")
    statements = page.get_by_test_id("figure-statements")
    # LA1: the council's own view 4.0, the sector's view of the council 2.0: a gap of +2.0.
    expect(statements.get_by_role("row", name="LA1: Leaders and senior officers")).to_contain_text("+2.0")
    # LA2: the council (5 + 4 + 4 + 4 + 4) / 5 = 4.2, the sector (2 + 3 + 3 + 3 + 3) / 5 = 2.8: +1.4.
    la2 = statements.get_by_role("row", name="LA2: The sector is involved")
    expect(la2).to_contain_text("4.2")
    expect(la2).to_contain_text("2.8")
    expect(la2).to_contain_text("+1.4")
    vcs6 = statements.get_by_role("row", name="VCS6: National membership bodies")
    expect(vcs6).to_contain_text("fewer than 5 answers")
    expect(vcs6).to_contain_text("not shown")
    expect(statements.locator("figure svg")).to_be_visible()
    expect(page.get_by_test_id("evidence-LA1")).to_contain_text("The leader met the forum twice")
    assert_accessible(page)

    page.get_by_test_id("weakest").get_by_role("link", name="Add an action for").first.click()
    page.get_by_label("What will be done").fill("Invite the sector to the budget working group")
    page.get_by_label("Owner").fill("Head of Finance")
    page.get_by_label("Due by (optional)").fill("2026-10-31")
    assert_accessible(page)
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_test_id("actions")).to_contain_text("Invite the sector to the budget working group")
    expect(page.get_by_test_id("actions")).to_contain_text("31 October 2026")
    assert_accessible(page)
    sign_out(page)

    # The member reads the closed round's results too, suppressed alike; the public reads nothing.
    sign_in(page, MEMBER)
    page.goto(f"/health-checks/rounds/{health_round.pk}/results/")
    expect(page.get_by_test_id("figure-statements").get_by_role("row", name="VCS6:")).to_contain_text(
        "fewer than 5 answers"
    )
    sign_out(page)
    page.goto(f"/health-checks/rounds/{health_round.pk}/results/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next="))
