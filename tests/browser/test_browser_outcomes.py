"""Outcomes end to end, as their people use them: an organisation submits a return for its grant, with the
outcomes framework's indicators, people reached by ward and its volunteers' hours; the council's
dashboard goes up by exactly what was submitted; and a cut scenario shows the wards that would lose
coverage and the volunteer hours lost. The pages pass axe-core's checks.

The council and its funding are the demo's example commissioning and outcomes, made as `make run` makes
them on Westminster's real wards and the register sample's charities placed in them: the "Warm and
connected" grant round (a consortium's grant, with its first return in, and a small group's grant,
with none yet), and the "Good neighbours" round's four grants, each with two years of returns from three
wards of its own among the first twelve of the demo's wards (north, then south)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commoncause.accounts.models import Role, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import person
from commoncause.funding.commissioning_demo import demo_commissioning
from commoncause.funding.commissioning_demo_words import FIRST_RETURN, GRANT_ROUND
from commoncause.funding.models import Award, MonitoringReturn, ReturnStatus
from commoncause.matching import matcher
from commoncause.members.models import Membership, MembershipStatus
from commoncause.outcomes.demo import EARLIER_TITLE, demo_outcomes
from commoncause.places.demo import demo_council
from commoncause.places.selectors import coverage_forget
from commoncause.places.tests.westminster import DATA, load_westminster
from commoncause.register.classification import reference_codes
from commoncause.register.models import ClassificationCode
from commoncause.register.services import search_index_refresh
from tests.browser.navigation import sign_out
from tests.browser.test_browser_contacts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICER = "outcomes@westminster.example"
MEMBER = "returns@warm-and-connected.example"
# What the consortium's member reports for the period: people reached, of them in two wards, and the
# volunteers and their hours.
PEOPLE, VOLUNTEERS, HOURS = 23, 3, 180
AT_HOME = 11  # of the people, those supported to keep living at home
BY_WARD = {"St James's": 9, "West End": 7}
LIVING_AT_HOME = "People supported to keep living at home"
# The wards only the "Warm and connected" round funds work in: the earlier round's four groups work in the
# first twelve of the demo's wards (the north's ten, then Hyde Park and Knightsbridge & Belgravia), and the
# small group's grant, with no return yet, counts as working in all of Westminster's wards. Ending both of
# the round's grants leaves these six with no funded provider for older people.
WARDS_LOSING = {"Marylebone", "Pimlico North", "Pimlico South", "St James's", "Vincent Square", "West End"}


def _member(award: Award, email: str) -> None:
    user = person(email)
    VerifiedEmail.objects.create(user=user, email=email)
    Membership.objects.create(user=user, organisation=award.organisation, status=MembershipStatus.APPROVED)


@pytest.fixture
def westminster_outcomes(transactional_db):
    """The demo's example commissioning and outcomes for Westminster, an officer of the council, and a
    member of the consortium's lead organisation; the grant round's two awards, the consortium's first."""
    # The classification codes a migration loads, which an earlier transactional test may have emptied
    # with every other table: the importer keeps only the codes it knows, and coverage goes by them.
    ClassificationCode.objects.bulk_create(
        [
            ClassificationCode(scheme=s, code=c, kind=k, label=label)
            for s, c, k, label in reference_codes(DATA)
        ],
        ignore_conflicts=True,
    )
    # The matcher's and coverage's kept answers may be an earlier test's: the demo asks both.
    matcher.forget()
    coverage_forget()
    load_westminster()  # its wards, and the register sample's charities placed in them
    assert demo_commissioning().startswith("Example commissioning for Westminster")
    assert demo_outcomes().startswith("Example outcomes for Westminster")
    StaffRole.objects.create(user=person(OFFICER), role=Role.OFFICER, council=demo_council())
    consortium, small = Award.objects.filter(opportunity__title=GRANT_ROUND["title"]).order_by("-amount")
    _member(consortium, MEMBER)
    # The search index is rebuilt whole (its tables are not the models' that each test empties, so they may
    # hold an earlier test's), and the matcher's and coverage's kept answers dropped.
    search_index_refresh()
    matcher.forget()
    coverage_forget()
    yield consortium, small
    matcher.forget()
    coverage_forget()


def _number(text: str) -> Decimal:
    """The first number in the words, such as 1,234 in "1,234 (5 returns)"."""
    found = re.match(r"\s*([\d,]+(?:\.\d+)?)", text)
    assert found, f"no figure in {text!r}"
    return Decimal(found.group(1).replace(",", ""))


def _figure(page, name: str) -> Decimal:
    """A figure the page marks with `data-figure`, as a number."""
    return _number(page.locator(f"[data-figure={name}]").inner_text())


def _row(page, table, heading: str | re.Pattern[str]):
    """The table's row headed by these words."""
    return table.locator("tr", has=page.get_by_role("rowheader", name=heading, exact=True))


def _dashboard(page, assert_accessible) -> tuple[Decimal, Decimal, Decimal]:
    """The dashboard's people reached, volunteer hours, and what returns report of people supported to
    keep living at home."""
    page.goto("/outcomes/")
    expect(page.get_by_role("heading", name="Outcomes and value")).to_be_visible()
    assert_accessible(page)
    framework = page.get_by_role("table", name="The framework's indicators against what returns report")
    reported = _row(page, framework, re.compile(LIVING_AT_HOME)).get_by_role("cell").nth(2).inner_text()
    return _figure(page, "beneficiaries"), _figure(page, "volunteer-hours"), _number(reported)


def _submit_return(page, assert_accessible, award: Award, due: MonitoringReturn) -> None:
    sign_in(page, MEMBER)
    page.goto(f"/awards/{award.pk}/returns/{due.pk}/")
    expect(page.get_by_role("heading", name=f"Return for {due.period}")).to_be_visible()
    # the framework's indicators are asked for, by name
    indicators = page.locator("#indicators")
    asked = indicators.locator("tr", has=page.locator(f'input[value="{LIVING_AT_HOME}"]'))
    expect(asked).to_have_count(1)
    page.get_by_label("What happened").fill(
        "Volunteers phoned and visited people at home, and the lunch club met every week."
    )
    page.get_by_label("Spent in this period (£)").fill("7950")
    page.get_by_label("People reached in this period").fill(str(PEOPLE))
    for ward, count in BY_WARD.items():
        page.get_by_label(ward, exact=True).fill(str(count))
    page.get_by_label("Volunteers in this period").fill(str(VOLUNTEERS))
    asked.get_by_label(re.compile(r"Indicator \d+: value")).fill(str(AT_HOME))
    page.get_by_label("Volunteer hours in this period").fill("20000")  # more than 3 people have
    page.get_by_role("button", name="Submit the return").click()
    # the impossible value is named, with its field, and what was typed is kept
    problem = page.get_by_role("link", name=re.compile(r"^20,000 hours is more than 3 volunteers could give"))
    expect(problem).to_have_attribute("href", "#id_volunteer_hours")
    expect(page.get_by_label("Volunteer hours in this period")).to_have_value("20000")
    expect(page.get_by_label("People reached in this period")).to_have_value(str(PEOPLE))
    expect(page.get_by_label("St James's", exact=True)).to_have_value(str(BY_WARD["St James's"]))
    assert_accessible(page)
    page.get_by_label("Volunteer hours in this period").fill(str(HOURS))
    page.get_by_role("button", name="Submit the return").click()
    main = page.locator("main")
    expect(main).to_contain_text(f"Your return for {due.period} is submitted.")
    expect(main.locator(".govuk-tag", has_text="Submitted")).to_be_visible()
    expect(main).to_contain_text(f"{VOLUNTEERS}, giving {HOURS} hours")
    expect(main).to_contain_text("St James's: 9")
    assert_accessible(page)
    sign_out(page)


def _cut(page, assert_accessible, ended: list[Award]) -> None:
    page.goto("/outcomes/scenarios/new/?kind=cut")
    expect(page.get_by_role("heading", name="Weigh a cut")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("End the warm and connected grants")
    expect(page.get_by_label("When the decision would be made")).to_have_value(
        timezone.localdate().isoformat()
    )
    for award in ended:
        page.get_by_label(f"Cut to {award.organisation.name}: {award.opportunity.title} (%)").fill("100")
    page.get_by_role("button", name="Save and see what it means").click()
    expect(page.get_by_text("The scenario “End the warm and connected grants” is saved.")).to_be_visible()
    assert_accessible(page)


def test_a_return_moves_the_dashboard_and_a_cut_shows_the_wards_and_hours_lost(
    page, assert_accessible, westminster_outcomes
):
    consortium, small = westminster_outcomes
    due = consortium.returns.exclude(status=ReturnStatus.SUBMITTED).order_by("due", "pk").first()
    assert due is not None
    # what the hand-worked figures below rest on: the small group has reported nothing yet, and the
    # consortium once (its first return's hours)
    assert not small.returns.filter(status=ReturnStatus.SUBMITTED).exists()
    assert list(consortium.returns.filter(status=ReturnStatus.SUBMITTED).values_list("volunteer_hours")) == [
        (FIRST_RETURN["volunteer_hours"],)
    ]
    assert Award.objects.filter(opportunity__title=EARLIER_TITLE).count() == 4

    sign_in(page, OFFICER)
    people_before, hours_before, at_home_before = _dashboard(page, assert_accessible)
    by_ward = page.get_by_role("table", name="People reached by ward, where returns give it")
    expect(by_ward).to_be_visible()
    for ward in BY_WARD:  # no return has reached anyone there yet
        expect(by_ward.get_by_role("rowheader", name=ward, exact=True)).to_have_count(0)
    sign_out(page)

    _submit_return(page, assert_accessible, consortium, due)

    sign_in(page, OFFICER)
    people_after, hours_after, at_home_after = _dashboard(page, assert_accessible)
    assert people_after - people_before == PEOPLE
    assert hours_after - hours_before == HOURS
    assert at_home_after - at_home_before == AT_HOME
    for ward, count in BY_WARD.items():
        expect(_row(page, by_ward, ward).get_by_role("cell")).to_have_text(f"{count}")

    _cut(page, assert_accessible, [consortium, small])
    losing = page.locator("#wards-losing")
    expect(losing).to_be_visible()
    assert set(losing.locator("tbody th").all_inner_texts()) == WARDS_LOSING
    for ward in WARDS_LOSING:
        theme, lost = _row(page, losing, ward).get_by_role("cell").all_inner_texts()[:2]
        assert theme == "Older people"
        # the consortium's work there is the return's: the wards it reached people in
        ended = [small] if ward not in BY_WARD else [small, consortium]
        assert sorted(lost.split("; ")) == sorted(award.organisation.name for award in ended)
    # each ended grant's latest year of returns: the consortium's first return and this one; the small
    # group's none
    assert _figure(page, "hours-lost") == FIRST_RETURN["volunteer_hours"] + HOURS
    assert _figure(page, "beneficiaries-lost") == FIRST_RETURN["beneficiaries"] + PEOPLE
