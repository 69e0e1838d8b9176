"""The Compact's two expectations of time, as plain functions: the engagement log checks both, and
funding measures the notice given when an award ends or falls.

- A formal written consultation runs for 12 weeks where that is suitable, and a shorter one is
  explained (`compact_self_assessment.csv`, item C2-G3).
- Ending or reducing funding is given at least three months' written notice, with reasons (item C4-G3).

Source: The Compact (HM Government and civil society, December 2010), as paraphrased in
`data/relationships/compact_self_assessment.csv` (see its PROVENANCE).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

CONSULTATION_WEEKS = 12
CONSULTATION_ITEM = "C2-G3"
NOTICE_MONTHS = 3
NOTICE_ITEM = "C4-G3"


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months on, or that month's last day when it is shorter (31 May
    + 3 months is 31 August; 30 November + 3 months is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """How many whole calendar months from `start` to `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and months_after(start, months) > end:
        months -= 1
    return months


@dataclass(frozen=True)
class Length:
    """How a period measures against what the Compact expects."""

    days: int
    expected_days: int
    shortfall_days: int  # 0 when it meets the expectation
    words: str  # "9 weeks and 2 days", "3 months and 4 days"

    @property
    def met(self) -> bool:
        return self.shortfall_days == 0


def _weeks_words(days: int) -> str:
    weeks, rest = divmod(days, 7)
    parts = [f"{weeks} week{'s' if weeks != 1 else ''}"] if weeks else []
    if rest or not parts:
        parts.append(f"{rest} day{'s' if rest != 1 else ''}")
    return " and ".join(parts)


def consultation_length(opens: dt.date, closes: dt.date) -> Length:
    """A consultation's length, counted from the day it opens to the day it closes, against 12 weeks."""
    days = max(0, (closes - opens).days)
    expected = CONSULTATION_WEEKS * 7
    return Length(days, expected, max(0, expected - days), _weeks_words(days))


def notice_length(given: dt.date, ends: dt.date) -> Length:
    """The written notice from the day it was given to the day the funding ends or falls, against
    three calendar months."""
    days = max(0, (ends - given).days)
    due = months_after(given, NOTICE_MONTHS)
    months = whole_months_between(given, ends)
    rest = (ends - months_after(given, months)).days if ends > given else 0
    parts = [f"{months} month{'s' if months != 1 else ''}"] if months else []
    if rest or not parts:
        parts.append(f"{rest} day{'s' if rest != 1 else ''}")
    return Length(days, (due - given).days, max(0, (due - ends).days), " and ".join(parts))
