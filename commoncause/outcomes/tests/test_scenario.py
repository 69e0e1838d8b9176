"""The disinvestment scenario's arithmetic against hand-worked cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commoncause.outcomes.scenario import (
    Cut,
    Funded,
    Impact,
    IncomeFall,
    ScenarioError,
    WardLoss,
    scenario,
    share_option,
)

LUNCH = Funded("lunch", "A", Decimal(30_000), beneficiaries=120, volunteer_hours=Decimal(2_000),
               wards=frozenset({"W1", "W2"}), themes=frozenset({"older"}))  # fmt: skip
YOUTH = Funded("youth", "B", Decimal(20_000), beneficiaries=85, volunteer_hours=Decimal(650),
               wards=frozenset({"W2"}), themes=frozenset({"children"}))  # fmt: skip
VISITS = Funded("visits", "C", Decimal(12_000), beneficiaries=40, volunteer_hours=Decimal(300),
                wards=frozenset({"W2"}), themes=frozenset({"older"}))  # fmt: skip
FUNDED = (LUNCH, YOUTH, VISITS)
PROVIDERS = {
    ("W1", "older"): frozenset({"A"}),  # A alone
    ("W2", "older"): frozenset({"A", "C"}),  # two providers
    ("W2", "children"): frozenset({"B"}),
}
INCOMES = {"A": Decimal(100_000), "B": Decimal(50_000), "C": None}
DECIDED = dt.date(2026, 11, 30)


def _run(*cuts: Cut, closure_share: str = "0.25") -> Impact:
    return scenario(
        FUNDED, cuts, PROVIDERS, INCOMES, closure_share=Decimal(closure_share), decided_on=DECIDED
    )


def test_ending_one_award_loses_its_people_hours_and_a_wards_only_provider() -> None:
    impact = _run(Cut("lunch", Decimal(1)))
    assert impact.saved_a_year == Decimal(30_000)
    assert (impact.beneficiaries_lost, impact.volunteer_hours_lost) == (120, Decimal(2_000))
    # W1 had only A for older people; W2 keeps C.
    assert impact.wards_losing_only_provider == [WardLoss("W1", "older", ("A",))]
    assert impact.wards_at_risk == []
    # £30,000 of £100,000 is 30%, over the 25% chosen.
    assert impact.closure_risk == [IncomeFall("A", Decimal(30_000), Decimal(100_000), Decimal("0.3"))]
    # Three months from 30 November is 28 February (the month's last day).
    assert impact.earliest_effect == dt.date(2027, 2, 28)


def test_a_reduction_loses_its_share_and_leaves_the_ward_at_risk_not_lost() -> None:
    impact = _run(Cut("youth", Decimal("0.4")))
    assert impact.saved_a_year == Decimal(8_000)
    assert impact.beneficiaries_lost == 34  # 40% of 85
    assert impact.volunteer_hours_lost == Decimal(260)
    assert impact.wards_losing_only_provider == []
    assert impact.wards_at_risk == [WardLoss("W2", "children", ("B",))]
    assert impact.closure_risk == []  # £8,000 of £50,000 is 16%


def test_ending_both_providers_of_a_ward_loses_it_and_an_unknown_income_is_listed_apart() -> None:
    impact = _run(Cut("lunch", Decimal(1)), Cut("visits", Decimal(1)), closure_share="0.5")
    assert [(loss.ward, loss.theme) for loss in impact.wards_losing_only_provider] == [
        ("W1", "older"), ("W2", "older"),
    ]  # fmt: skip
    assert impact.beneficiaries_lost == 160
    assert impact.closure_risk == []  # 30% is under 50%
    assert impact.income_unknown == ["C"]


def test_people_are_rounded_half_up_and_no_cut_loses_nothing() -> None:
    assert _run(Cut("visits", Decimal("0.0125"))).beneficiaries_lost == 1  # 0.5 of a person rounds up
    nothing = _run()
    assert (nothing.saved_a_year, nothing.beneficiaries_lost, nothing.earliest_effect) == (
        Decimal(0),
        0,
        None,
    )


def test_a_cut_that_cannot_be_weighed_is_refused() -> None:
    with pytest.raises(ScenarioError, match="not among"):
        _run(Cut("unknown", Decimal(1)))
    with pytest.raises(ScenarioError, match="at most 100%"):
        _run(Cut("lunch", Decimal("1.5")))
    with pytest.raises(ScenarioError):
        _run(Cut("lunch", Decimal(0)))


def test_funded_cover_lost_where_coverage_knows_others_is_told_apart_from_the_only_provider() -> None:
    # W1's older people: A is the only provider coverage knows; W2's: coverage knows D too, unfunded.
    providers = {("W1", "older"): frozenset({"A"}), ("W2", "older"): frozenset({"A", "C", "D"})}
    impact = scenario(
        FUNDED, [Cut("lunch", Decimal(1)), Cut("visits", Decimal(1))], providers, INCOMES,
        closure_share=Decimal("0.5"), decided_on=DECIDED,
    )  # fmt: skip
    assert impact.wards_losing_only_provider == [WardLoss("W1", "older", ("A",))]
    assert impact.wards_losing_funded_cover == [WardLoss("W2", "older", ("A", "C"), others=1)]
    # B's youth work in W2 is not cut, so W2's children keep it; nothing is at risk.
    assert impact.wards_at_risk == []


def test_a_funded_provider_coverage_has_not_placed_still_counts_as_a_provider() -> None:
    impact = scenario(
        FUNDED, [Cut("youth", Decimal(1))], {}, INCOMES, closure_share=Decimal(1), decided_on=DECIDED
    )
    assert impact.wards_losing_only_provider == [WardLoss("W2", "children", ("B",))]


def test_merging_services_keeps_people_and_wards_and_pays_back_its_one_off_cost() -> None:
    impact = share_option(
        FUNDED, ["lunch", "visits"], INCOMES, saving_share=Decimal("0.1"), one_off_cost=Decimal(9_000),
        years=3, closure_share=Decimal("0.02"), decided_on=DECIDED,
    )  # fmt: skip
    # 10% of £30,000 and £12,000: £4,200 a year; over 3 years £12,600, less £9,000: £3,600.
    assert impact.saved_a_year == Decimal(4_200)
    assert impact.net_saving == Decimal(3_600)
    # £9,000 at £4,200 a year is 25.7 months: paid back in the 26th.
    assert impact.payback_months == 26
    assert (impact.beneficiaries_lost, impact.volunteer_hours_lost) == (0, Decimal(0))
    assert impact.wards_losing_only_provider == []
    assert impact.wards_at_risk == []
    assert impact.wards_kept == 2  # W1 and W2 for older people
    # A loses £3,000 of £100,000 (3%, over the 2% chosen); C publishes no accounts.
    assert impact.closure_risk == [IncomeFall("A", Decimal(3_000), Decimal(100_000), Decimal("0.03"))]
    assert impact.income_unknown == ["C"]
    assert impact.earliest_effect == dt.date(2027, 2, 28)


def test_a_merge_that_cannot_be_weighed_is_refused() -> None:
    def merge(keys: list[str], **changed: object) -> Impact:
        values: dict[str, object] = {"saving_share": Decimal("0.1"), "one_off_cost": Decimal(0), "years": 3}
        values.update(changed)
        return share_option(
            FUNDED,
            keys,
            INCOMES,
            closure_share=Decimal("0.25"),
            decided_on=DECIDED,
            **values,  # type: ignore[arg-type]
        )

    with pytest.raises(ScenarioError, match="at least two"):
        merge(["lunch"])
    with pytest.raises(ScenarioError, match="less than 100%"):
        merge(["lunch", "visits"], saving_share=Decimal(1))
    with pytest.raises(ScenarioError, match="one-off cost"):
        merge(["lunch", "visits"], one_off_cost=Decimal(-1))
    with pytest.raises(ScenarioError, match="1 to 10 years"):
        merge(["lunch", "visits"], years=11)
    with pytest.raises(ScenarioError, match="not among"):
        merge(["lunch", "unknown"])
    assert merge(["lunch", "visits"], saving_share=Decimal(0)).payback_months == 0
