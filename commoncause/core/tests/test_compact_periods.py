"""The Compact's 12 weeks for a consultation and three months' notice for ending or cutting funding,
measured on hand-worked dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from commoncause.core.compact import (
    consultation_length,
    months_after,
    notice_length,
    whole_months_between,
)

D = dt.date


def test_a_month_on_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_after(D(2026, 5, 31), 3) == D(2026, 8, 31)
    assert months_after(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert months_after(D(2027, 11, 30), 3) == D(2028, 2, 29)  # a leap year
    assert months_after(D(2026, 10, 15), 3) == D(2027, 1, 15)


def test_whole_months_count_only_full_ones() -> None:
    assert whole_months_between(D(2026, 1, 15), D(2026, 4, 14)) == 2
    assert whole_months_between(D(2026, 1, 15), D(2026, 4, 15)) == 3
    assert whole_months_between(D(2026, 1, 31), D(2026, 2, 28)) == 1  # the month's last day
    assert whole_months_between(D(2026, 4, 15), D(2026, 1, 15)) == 0


def test_a_twelve_week_consultation_meets_the_compact_and_a_nine_week_one_does_not() -> None:
    full = consultation_length(D(2026, 1, 5), D(2026, 3, 30))  # 84 days
    assert full.met
    assert full.words == "12 weeks"
    short = consultation_length(D(2026, 1, 5), D(2026, 3, 11))  # 65 days
    assert not short.met
    assert short.shortfall_days == 19
    assert short.words == "9 weeks and 2 days"


def test_three_months_notice_is_measured_in_calendar_months() -> None:
    enough = notice_length(D(2026, 11, 30), D(2027, 2, 28))
    assert enough.met
    assert enough.words == "3 months"
    short = notice_length(D(2026, 1, 15), D(2026, 4, 1))  # due by 15 April
    assert not short.met
    assert short.shortfall_days == 14
    assert short.words == "2 months and 17 days"
    assert notice_length(D(2026, 1, 15), D(2026, 1, 15)).words == "0 days"


@given(st.dates(D(2000, 1, 1), D(2100, 1, 1)), st.integers(0, 400))
def test_notice_meets_the_compact_exactly_from_three_months_on(given_on: dt.date, days: int) -> None:
    ends = given_on + dt.timedelta(days=days)
    assert notice_length(given_on, ends).met == (ends >= months_after(given_on, 3))
    assert whole_months_between(given_on, ends) <= days // 28
