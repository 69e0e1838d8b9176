"""One financial year per period a charity reported, from the annual return history and parts A and B.

The three tables share the period end. Income and spending come from the history when it has them,
else from part A, else from part B; `breakdown` keeps everything parts A and B say about the year.
History rows are `(…, end, start, income, spending, facts)`; part rows add a count, then the values.
"""

from __future__ import annotations

import orjson


def financial_years(history: list[tuple], part_a: list[tuple], part_b: list[tuple]) -> list[tuple]:
    """(start, end, income, spending, breakdown JSON) for each period, earliest first."""
    periods: dict[str, list] = {}
    for row in history:
        period = _period(periods, row)
        if period is not None:
            period[3].update(row[7])
    for rows, part in ((part_a, "parta"), (part_b, "partb")):
        for row in rows:
            period = _period(periods, row)
            if period is not None:
                period[3][part] = row[8]
    return [
        (start, end, income, spending, orjson.dumps(breakdown).decode())
        for end, (start, income, spending, breakdown) in sorted(periods.items())
    ]


def _period(periods: dict[str, list], row: tuple) -> list | None:
    """The period a row reports on, made or filled in from it; None when the row gives no period end."""
    end = row[3]
    if end is None:
        return None
    period = periods.get(end)
    if period is None:
        period = periods[end] = [row[4], row[5], row[6], {}]
        return period
    for i in range(3):
        if period[i] is None:
            period[i] = row[4 + i]
    return period


def latest_count(rows: list[tuple]) -> int | None:
    """The count (volunteers, employees) of the latest period of part A or B that gives one."""
    dated = [(row[3] or "", row[7]) for row in rows if row[7] is not None]
    return max(dated)[1] if dated else None
