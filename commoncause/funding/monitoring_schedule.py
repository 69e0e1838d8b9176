"""When an award's returns fall due: its term, and a schedule of reporting periods and due dates.

Pure date arithmetic over plain values. Periods run a whole number of months from the award's start;
a last stretch shorter than half a period joins the period before it, so a 37-month award reported
yearly has three returns, not a fourth for one month. Each return is due a month after its period ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from commoncause.core.compact import months_after

ONE_DAY = dt.timedelta(days=1)
MOST_PER_YEAR = Decimal(12)  # monthly: no plan asks for more
DUE_AFTER_MONTHS = 1


def long_date(day: dt.date) -> str:
    """ "1 April 2026"."""
    return f"{day.day} {day:%B %Y}"


def months_between(starts: dt.date, ends: dt.date) -> int:
    """Whole months from `starts` to the day after `ends`, a part month counted as one."""
    after = ends + ONE_DAY
    months = (after.year - starts.year) * 12 + after.month - starts.month
    if months_after(starts, months) < after:
        months += 1
    return max(months, 1)


@dataclass(frozen=True)
class Term:
    """When an award runs (both days included) and how the dates were found."""

    starts: dt.date
    ends: dt.date
    source: str  # "its start and end dates", or "from the award date, for the opportunity's 36 months"

    @property
    def months(self) -> int:
        return months_between(self.starts, self.ends)

    @property
    def multi_year(self) -> bool:
        return self.months > 12


@dataclass(frozen=True)
class ScheduledReturn:
    """One return: the period it covers (both days included), what the plan calls it, when it is due."""

    period: str
    starts: dt.date
    ends: dt.date
    due: dt.date


def interval_months(reports_per_year: Decimal) -> int:
    """How many months each period covers: 12 over the reports a year, to the nearest month."""
    if not reports_per_year.is_finite() or reports_per_year <= 0:
        raise ValueError(f"reports a year must be more than 0, not {reports_per_year}")
    return max(1, int((Decimal(12) / reports_per_year).to_integral_value(rounding=ROUND_HALF_UP)))


def _periods(term: Term, months: int) -> list[tuple[dt.date, dt.date]]:
    periods: list[tuple[dt.date, dt.date]] = []
    starts = term.starts
    while starts <= term.ends:
        following = months_after(term.starts, (len(periods) + 1) * months)
        ends = min(following - ONE_DAY, term.ends)
        whole = (following - starts).days
        if periods and ends == term.ends and (ends - starts + ONE_DAY).days * 2 < whole:
            periods[-1] = (periods[-1][0], term.ends)  # a short last stretch joins the period before
        else:
            periods.append((starts, ends))
        starts = following
    return periods


def _whole_months(starts: dt.date, ends: dt.date) -> bool:
    return starts.day == 1 and (ends + ONE_DAY).day == 1


def _day(day: dt.date, *, days: bool, year: bool) -> str:
    words = f"{day.day} {day:%B}" if days else f"{day:%B}"
    return f"{words} {day.year}" if year else words


def period_label(starts: dt.date, ends: dt.date, *, number: int, yearly: bool) -> str:
    """ "Year 2" for yearly periods; otherwise "April to September 2026", "October 2026 to March 2027",
    "May 2026" for one month, with days when the period does not run in whole months."""
    if yearly:
        return f"Year {number}"
    days = not _whole_months(starts, ends)
    if not days and (starts.year, starts.month) == (ends.year, ends.month):
        return _day(ends, days=False, year=True)
    first = _day(starts, days=days, year=starts.year != ends.year)
    return f"{first} to {_day(ends, days=days, year=True)}"


def returns_schedule(term: Term, reports_per_year: Decimal) -> tuple[ScheduledReturn, ...]:
    """The returns an award owes at this many reports a year, in order."""
    months = interval_months(reports_per_year)
    yearly = months == 12
    return tuple(
        ScheduledReturn(
            period=period_label(starts, ends, number=number, yearly=yearly),
            starts=starts,
            ends=ends,
            due=months_after(ends + ONE_DAY, DUE_AFTER_MONTHS) - ONE_DAY,
        )
        for number, (starts, ends) in enumerate(_periods(term, months), start=1)
    )


def how_often_words(reports_per_year: Decimal, term: Term) -> str:
    """Reports a year in words: "once a year", "every six months", "once, at the end of the award"."""
    months = interval_months(reports_per_year)
    if len(returns_schedule(term, reports_per_year)) == 1:
        return "once, at the end of the award"
    named = {1: "every month", 3: "every three months", 6: "every six months", 12: "once a year"}
    return named.get(months, f"every {months} months")
