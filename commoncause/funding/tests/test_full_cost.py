"""The full cost recovery arithmetic, checked against cases worked by hand."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commoncause.funding.commissioning.full_cost import (
    Amount,
    DriverMeasure,
    FullCost,
    FullCostError,
    OverheadDriver,
    driver_key,
    full_cost_calculate,
    price_check,
    shipped_drivers,
)

# The four categories as the shipped file has them, given as plain data.
DRIVERS = (
    OverheadDriver("premises_and_office", "headcount"),
    OverheadDriver("central_functions", "staff_time"),
    OverheadDriver("governance_and_strategic_development", "expenditure"),
    OverheadDriver("general_fundraising", "expenditure"),
)
D = Decimal


def test_shipped_drivers_name_each_category_and_its_driver() -> None:
    assert [(d.category, d.driver) for d in shipped_drivers()] == [(d.category, d.driver) for d in DRIVERS]
    assert "our suggestion" in shipped_drivers()[3].status


def test_driver_key_is_the_words_before_the_brackets() -> None:
    assert driver_key("staff time (share of time or FTE)") == "staff_time"
    assert driver_key("headcount (staff numbers, FTE)") == "headcount"


# Case one: a project with 2 of 10 FTE, 5 of 20 staff days and £50,000 of £200,000 direct spend.
DIRECT_ONE = D("50000.00")
OVERHEADS_ONE: dict[str, Amount] = {
    "premises_and_office": D("30000.00"),
    "central_functions": D("40000.00"),
    "governance_and_strategic_development": D("12000.00"),
    "general_fundraising": D("8000.00"),
}
MEASURES_ONE = {
    "headcount": DriverMeasure(D(10), D(2)),
    "staff_time": DriverMeasure(D(20), D(5)),
    "expenditure": DriverMeasure(D("200000"), D("50000")),
}


def case_one(
    *,
    direct_costs: Amount = DIRECT_ONE,
    overheads: Mapping[str, Amount] | None = None,
    measures: Mapping[str, DriverMeasure] | None = None,
) -> FullCost:
    """Case one, with any of its figures changed."""
    return full_cost_calculate(
        direct_costs=direct_costs,
        overheads={**OVERHEADS_ONE, **(overheads or {})},
        measures={**MEASURES_ONE, **(measures or {})},
        drivers=DRIVERS,
    )


def test_full_cost_of_a_project_with_whole_number_shares() -> None:
    # premises:    30,000 × 2/10           =  6,000.00
    # central:     40,000 × 5/20           = 10,000.00
    # governance:  12,000 × 50,000/200,000 =  3,000.00
    # fundraising:  8,000 × 50,000/200,000 =  2,000.00
    # overheads 90,000; apportioned 21,000; full cost 50,000 + 21,000 = 71,000.00
    result = case_one()
    assert [line.apportioned for line in result.lines] == [
        D("6000.00"),
        D("10000.00"),
        D("3000.00"),
        D("2000.00"),
    ]
    assert [line.share for line in result.lines] == [D("0.2"), D("0.25"), D("0.25"), D("0.25")]
    assert result.overheads_total == D("90000.00")
    assert result.apportioned_total == D("21000.00")
    assert result.full_cost == D("71000.00")
    assert result.words == (
        "Full cost £71,000: direct costs of £50,000 plus £21,000 of the organisation's £90,000 overheads."
    )
    assert result.lines[0].words == (
        "Premises and office: £30,000 shared out by headcount. The project has 2 of the organisation's 10 "
        "(20%), so £6,000 falls to it."
    )


def test_full_cost_rounds_each_category_half_up_to_the_penny() -> None:
    # premises:   1,000.00 × 1/3 = 333.333… -> 333.33
    # central:      100.00 × 2/3 =  66.666… ->  66.67
    # governance:     0.01 × 1/2 =   0.005  ->   0.01 (half up)
    # fundraising: nothing
    # apportioned 333.33 + 66.67 + 0.01 = 400.01; full cost 500.00 + 400.01 = 900.01
    result = full_cost_calculate(
        direct_costs=D("500.00"),
        overheads={
            "premises_and_office": D("1000.00"),
            "central_functions": D("100.00"),
            "governance_and_strategic_development": D("0.01"),
        },
        measures={
            "headcount": DriverMeasure(3, 1),
            "staff_time": DriverMeasure(3, 2),
            "expenditure": DriverMeasure(2, 1),
        },
        drivers=DRIVERS,
    )
    assert [line.apportioned for line in result.lines] == [D("333.33"), D("66.67"), D("0.01"), D("0.00")]
    assert result.overheads_total == D("1100.01")
    assert result.apportioned_total == D("400.01")
    assert result.full_cost == D("900.01")
    assert "(33.3%)" in result.lines[0].words
    assert result.lines[3].words == "General fundraising: no costs to share out."


def test_full_cost_with_part_time_staff_and_categories_left_out() -> None:
    # premises:  18,750.50 × 2.5/12.5 FTE    = 18,750.50 × 0.2   = 3,750.10
    # central:   24,000.00 × 120/1,600 hours = 24,000.00 × 0.075 = 1,800.00
    # governance 0 and fundraising left out, so no expenditure measure is needed
    # full cost 15,000.00 + 3,750.10 + 1,800.00 = 20,550.10
    result = full_cost_calculate(
        direct_costs=15000,
        overheads={
            "premises_and_office": D("18750.50"),
            "central_functions": D("24000"),
            "governance_and_strategic_development": 0,
        },
        measures={"headcount": DriverMeasure(D("12.5"), D("2.5")), "staff_time": DriverMeasure(1600, 120)},
        drivers=DRIVERS,
    )
    assert [line.apportioned for line in result.lines] == [D("3750.10"), D("1800.00"), D(0), D(0)]
    assert result.full_cost == D("20550.10")
    assert (
        "The project has 120 of the organisation's 1,600 (7.5%), so £1,800 falls to it."
        in result.lines[1].words
    )


def test_a_project_that_is_the_whole_organisation_carries_every_overhead() -> None:
    # one project, all 4 FTE: 7,777.77 × 4/4 = 7,777.77; full cost 1,000 + 7,777.77 = 8,777.77
    result = full_cost_calculate(
        direct_costs=1000,
        overheads={"premises_and_office": D("7777.77")},
        measures={"headcount": DriverMeasure(4, 4)},
        drivers=DRIVERS,
    )
    assert result.full_cost == D("8777.77")


def test_price_below_the_full_cost_is_the_provider_subsidising_the_council() -> None:
    # 71,000 − 65,000 = 6,000; 6,000 ÷ 71,000 = 8.4507…% -> 8.5%
    check = price_check(full_cost=D("71000.00"), price=65000)
    assert check.subsidised
    assert check.subsidy == D("6000.00")
    assert check.subsidy_percent == D("8.5")
    assert check.words == (
        "The price of £65,000 is £6,000 below the full cost of £71,000: the provider would subsidise "
        "the council by £6,000 (8.5% of the full cost)."
    )


def test_a_price_one_penny_short_is_still_a_subsidy() -> None:
    check = price_check(full_cost=D("100.00"), price=D("99.99"))
    assert check.subsidy == D("0.01")
    assert check.subsidy_percent == D("0.0")
    assert "subsidise the council by £0.01 (under 0.1% of the full cost)" in check.words


def test_price_equal_to_the_full_cost_is_no_subsidy() -> None:
    check = price_check(full_cost=D("71000.00"), price=D("71000"))
    assert not check.subsidised
    assert check.subsidy == 0
    assert check.subsidy_percent is None
    assert check.words == "The price of £71,000 meets the full cost of £71,000 exactly."


def test_price_above_the_full_cost_is_no_subsidy() -> None:
    check = price_check(full_cost=D("71000.00"), price=D("72500.50"))
    assert not check.subsidised
    assert check.subsidy == 0
    assert check.words == "The price of £72,500.50 covers the full cost of £71,000, with £1,500.50 over it."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"direct_costs": D("-1")}, "direct_costs"),
        ({"direct_costs": D("10.005")}, "direct_costs"),
        ({"overheads": {"central_functions": D("-0.01")}}, "overheads[central_functions]"),
        ({"overheads": {"catering": D("10")}}, "overheads[catering]"),
        ({"measures": {"headcount": DriverMeasure(-10, 2)}}, "measures[headcount].organisation"),
        ({"measures": {"headcount": DriverMeasure(10, -2)}}, "measures[headcount].project"),
        ({"measures": {"headcount": DriverMeasure(D("NaN"), 2)}}, "measures[headcount].organisation"),
        ({"measures": {"staff_time": DriverMeasure(20, D("20.5"))}}, "measures[staff_time].project"),
        ({"measures": {"expenditure": DriverMeasure(0, 0)}}, "measures[expenditure].organisation"),
    ],
)
def test_full_cost_refuses_bad_input_naming_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(FullCostError) as raised:
        case_one(**changes)
    assert raised.value.field == field
    assert str(raised.value).startswith(field)


def test_project_share_above_the_organisation_total_says_both() -> None:
    with pytest.raises(FullCostError, match=r"is 20\.5, more than the organisation's total of 20"):
        case_one(measures={"staff_time": DriverMeasure(20, D("20.5"))})


def test_zero_organisation_total_with_a_cost_names_the_category() -> None:
    with pytest.raises(FullCostError, match="is 0, but governance_and_strategic_development has costs of"):
        case_one(measures={"expenditure": DriverMeasure(0, 0)})


def test_zero_organisation_total_is_fine_when_the_category_costs_nothing() -> None:
    result = full_cost_calculate(
        direct_costs=100, overheads={"premises_and_office": 0}, measures={"headcount": DriverMeasure(0, 0)},
        drivers=DRIVERS,
    )  # fmt: skip
    assert result.full_cost == D("100.00")


def test_a_missing_measure_for_a_category_with_costs_names_the_driver() -> None:
    measures = {"headcount": DriverMeasure(10, 2), "staff_time": DriverMeasure(20, 5)}
    with pytest.raises(FullCostError) as raised:
        full_cost_calculate(direct_costs=1, overheads=OVERHEADS_ONE, measures=measures, drivers=DRIVERS)
    assert raised.value.field == "measures[expenditure]"


@pytest.mark.parametrize(("full_cost", "price", "field"), [(100, -1, "price"), (-100, 1, "full_cost")])
def test_price_check_refuses_negative_amounts(full_cost: int, price: int, field: str) -> None:
    with pytest.raises(FullCostError) as raised:
        price_check(full_cost=full_cost, price=price)
    assert raised.value.field == field


PENNIES = st.integers(min_value=0, max_value=10**9).map(lambda pennies: Decimal(pennies) / 100)


@st.composite
def measures(draw: st.DrawFn) -> DriverMeasure:
    """An organisation total above zero (in hundredths) and a project part no bigger than it."""
    organisation = draw(st.integers(min_value=1, max_value=10**8))
    project = draw(st.integers(min_value=0, max_value=organisation))
    return DriverMeasure(Decimal(organisation) / 100, Decimal(project) / 100)


@given(
    direct=PENNIES,
    costs=st.lists(PENNIES, min_size=4, max_size=4),
    drawn=st.fixed_dictionaries(
        {"headcount": measures(), "staff_time": measures(), "expenditure": measures()}
    ),
)
def test_shares_never_exceed_the_overheads_and_full_cost_covers_direct_costs(
    direct: Decimal, costs: list[Decimal], drawn: dict[str, DriverMeasure]
) -> None:
    overheads = {driver.category: cost for driver, cost in zip(DRIVERS, costs, strict=True)}
    result = full_cost_calculate(direct_costs=direct, overheads=overheads, measures=drawn, drivers=DRIVERS)
    assert all(0 <= line.apportioned <= line.cost for line in result.lines)
    assert result.apportioned_total <= result.overheads_total
    assert result.full_cost >= result.direct_costs
    assert result.full_cost == result.direct_costs + sum(line.apportioned for line in result.lines)
