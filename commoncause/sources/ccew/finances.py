"""One financial year per period a charity reported, from the annual return history and parts A and B.

The three tables share the period end. Income and spending come from the history when it has them,
else from part A, else from part B; `breakdown` keeps everything parts A and B say about the year.
"""

from __future__ import annotations

import json

from commoncause.sources.ccew.rows import positions

H = positions("charity_annual_return_history")
A = positions("charity_annual_return_parta")
B = positions("charity_annual_return_partb")
_PERIOD = {
    "fin_period_start_date",
    "fin_period_end_date",
    "latest_fin_period_submitted_ind",
    "fin_period_order_number",
}
A_VALUES = tuple((name, at) for name, at in A.items() if name not in _PERIOD)
B_VALUES = tuple((name, at) for name, at in B.items() if name not in _PERIOD)
H_VALUES = tuple(
    (name, H[name]) for name in ("ar_cycle_reference", "date_annual_return_received", "accounts_qualified")
)


def financial_years(history: list[tuple], part_a: list[tuple], part_b: list[tuple]) -> list[tuple]:
    """(start, end, income, spending, breakdown JSON) for each period, earliest first."""
    periods: dict[str, list] = {}
    for row in history:
        period = _period(periods, row, H, "total_gross_income", "total_gross_expenditure")
        if period:
            period[3].update(_values(row, H_VALUES))
    for row in part_a:
        period = _period(periods, row, A, "total_gross_income", "total_gross_expenditure")
        if period:
            period[3]["parta"] = _values(row, A_VALUES)
    for row in part_b:
        period = _period(periods, row, B, "income_total_income_and_endowments", "expenditure_total")
        if period:
            period[3]["partb"] = _values(row, B_VALUES)
    return [
        (start, end, income, spending, json.dumps(breakdown, separators=(",", ":"), ensure_ascii=False))
        for end, (start, income, spending, breakdown) in sorted(periods.items())
    ]


def _period(
    periods: dict[str, list], row: tuple, at: dict[str, int], income: str, spending: str
) -> list | None:
    """The period a row reports on, made or filled in from it; None when the row gives no period end."""
    end = row[at["fin_period_end_date"]]
    if not end:
        return None
    period = periods.get(end)
    if period is None:
        period = periods[end] = [row[at["fin_period_start_date"]], row[at[income]], row[at[spending]], {}]
        return period
    for i, name in ((0, "fin_period_start_date"), (1, income), (2, spending)):
        if period[i] is None:
            period[i] = row[at[name]]
    return period


def _values(row: tuple, columns: tuple[tuple[str, int], ...]) -> dict:
    return {name: row[at] for name, at in columns if row[at] is not None and row[at] != ""}
