"""A dashboard's figures from the awards' returns, against hand-worked sums (`ledger_samples`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commoncause.accounts.models import Role
from commoncause.accounts.tests.cast import council, staff
from commoncause.funding.tests.monitoring_samples import register_loaded
from commoncause.outcomes.figures import dashboard, rates_of
from commoncause.outcomes.framework import framework_start
from commoncause.outcomes.ledger import council_awards, organisation_awards, term_months
from commoncause.outcomes.models import AlternativeCost, Indicator
from commoncause.outcomes.tests.ledger_samples import AVOIDED, E1, E2, SUPPORTED, two_awards
from commoncause.outcomes.value import ProxyRate, living_wage_rates, pounds

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def loaded() -> None:
    register_loaded()
    two_awards()


def test_an_awards_term_counts_its_first_and_last_days() -> None:
    assert term_months(dt.date(2025, 4, 1), dt.date(2028, 3, 31)) == 36
    assert term_months(dt.date(2025, 4, 1), dt.date(2025, 4, 30)) == 1
    assert term_months(dt.date(2025, 4, 1), dt.date(2025, 4, 10)) == 1  # under a month counts as one
    assert term_months(dt.date(2025, 4, 1), None) is None
    assert term_months(dt.date(2025, 4, 2), dt.date(2025, 4, 1)) is None


def test_the_ledger_reads_each_awards_year_of_returns(loaded: None) -> None:
    first, second = council_awards(council())
    assert (first.amount_a_year, second.amount_a_year) == (Decimal(12_000), Decimal(4_500))
    assert [found.due for found in first.returns] == [dt.date(2025, 9, 30), dt.date(2026, 5, 31)]
    assert len(second.returns) == 1  # its due return is not in
    # The twelve months up to the latest return hold both of A's.
    assert (first.beneficiaries_a_year(), first.volunteer_hours_a_year()) == (140, Decimal(500))
    assert first.reached_wards() == {E1, E2}
    assert second.reached_wards() == {E2}
    assert first.returns[0].indicators == {SUPPORTED.casefold(): Decimal(30), AVOIDED.casefold(): Decimal(2)}
    assert [row.id for row in organisation_awards(second.organisation_id)] == [second.id]
    # By 1 April 2027, B has run its course.
    assert [row.id for row in council_awards(council(), running_on=dt.date(2027, 4, 1))] == [first.id]


def test_the_council_dashboard_adds_up_by_year_and_values_hours_at_the_rate_in_force(loaded: None) -> None:
    framework_start(user=staff("officer@council.example", Role.OFFICER), council=council())
    indicators = list(Indicator.objects.filter(name__in=[SUPPORTED, AVOIDED]).order_by("name"))
    board = dashboard(council_awards(council()), indicators, source="The returns", today=TODAY)

    assert (board.awards, board.organisations, board.examples) == (2, 2, 0)
    assert board.funding_a_year == Decimal(16_500)
    first_year, second_year = board.years
    # 2025 to 2026: A's first (September) and B's (December), 300 hours at £12.21 (April 2025).
    assert (first_year.year, first_year.returns, first_year.spend) == ("2025 to 2026", 2, Decimal(9_500))
    assert (first_year.beneficiaries, first_year.volunteer_hours) == (105, Decimal(300))
    assert first_year.volunteer_value == Decimal("3663.00")
    # 2026 to 2027: A's second (May 2026), 300 hours at £12.71 (April 2026).
    assert (second_year.year, second_year.spend, second_year.beneficiaries) == (
        "2026 to 2027",
        Decimal(6_000),
        80,
    )
    assert second_year.volunteer_value == Decimal("3813.00")
    totals = board.totals
    assert (totals.spend, totals.beneficiaries, totals.volunteer_hours) == (
        Decimal(15_500),
        185,
        Decimal(600),
    )
    assert totals.volunteer_value == Decimal("7476.00")
    assert "£12.21 an hour from 1 April 2025; £12.71 an hour from 1 April 2026" in board.rate_source
    # £15,500 for 185 people: £83.78 each.
    assert board.cost_per_beneficiary is not None
    assert pounds(board.cost_per_beneficiary) == Decimal("83.78")
    # Cost per outcome: £15,500 of spend over the 100 people supported at home: £155.
    by_name = {row.name: row for row in board.indicators}
    assert by_name[SUPPORTED].reported == Decimal(100)
    assert by_name[SUPPORTED].returns == 3
    assert by_name[SUPPORTED].cost_per_outcome == Decimal(155)
    assert by_name[AVOIDED].reported == Decimal(3)
    assert board.wards == [(E2, E2, 95), (E1, E1, 90)]
    assert board.stamp.as_of == dt.date(2026, 5, 31)
    assert "3 returns submitted by 2 of 2 awards, due 30 September 2025 to 31 May 2026" in board.stamp.words()


def test_a_percentage_reports_its_latest_value_not_a_sum(loaded: None) -> None:
    framework_start(user=staff("officer@council.example", Role.OFFICER), council=council())
    awards = council_awards(council())
    for number, row in enumerate(awards[0].returns):
        row.indicators["adults who feel lonely often or always"] = Decimal(30 - 5 * number)
    lonely = Indicator.objects.filter(name="Adults who feel lonely often or always")
    board = dashboard(awards, list(lonely), source="The returns")
    [shown] = board.indicators
    assert (shown.reported, shown.returns, shown.cost_per_outcome) == (Decimal(25), 2, None)


def test_cost_avoided_counts_the_people_its_indicator_reports(loaded: None) -> None:
    framework_start(user=staff("officer@council.example", Role.OFFICER), council=council())
    cost = AlternativeCost.objects.create(
        council=council(), name="Support at home", cost_a_month=Decimal(1_000), alternative="Hospital care",
        alternative_a_month=Decimal(45_000), months=1, indicator=Indicator.objects.get(name=AVOIDED),
        source="The council's finance team, 2026",
    )  # fmt: skip
    unlinked = AlternativeCost.objects.create(
        council=council(), name="Day care", cost_a_month=Decimal(500), alternative="Residential care",
        alternative_a_month=Decimal(4_000), months=6, source="The council's finance team, 2026",
    )  # fmt: skip
    board = dashboard(council_awards(council()), [], costs=[cost, unlinked], source="The returns")

    linked, alone = board.avoided
    # 3 admissions avoided: £3,000 of support against £135,000 of hospital care, £132,000 avoided.
    assert linked.figure is not None
    assert (linked.people, linked.figure.service_cost, linked.figure.alternative_cost) == (
        3, Decimal(3_000), Decimal(135_000)
    )  # fmt: skip
    assert linked.figure.avoided == Decimal(132_000)
    assert "3 people for 1 month at £1,000.00 a month each" in linked.figure.assumption
    assert linked.source == "The council's finance team, 2026"
    assert alone.figure is None
    assert "Link it to the indicator" in alone.problem


def test_a_councils_own_rates_replace_the_national_living_wage(loaded: None) -> None:
    own = ProxyRate("Westminster volunteer rate", Decimal(15), "Council report, 2025", dt.date(2025, 4, 1))
    assert rates_of([own]) == (own,)
    assert rates_of([]) == living_wage_rates()
    board = dashboard(council_awards(council()), [], council_rates=[own], source="The returns")
    assert board.totals.volunteer_value == Decimal(9_000)  # 600 hours at £15
    assert (
        board.rate_source
        == "Westminster volunteer rate, £15 an hour from 1 April 2025 (source: Council report, 2025)"
    )


def test_no_returns_say_so() -> None:
    board = dashboard([], [], source="The returns")
    assert board.years == []
    assert board.cost_per_beneficiary is None
    assert board.stamp.words() == "No returns submitted yet."
