"""How fresh an organisation's record is: the last time a source confirmed it.

A record is flagged when no source has confirmed it for STALE_AFTER_DAYS (a register drops a body, or
a list is not sent again), and when no register has ever confirmed it (an organisation known only from a
funder's grant file, say). Removed and dissolved organisations are flagged by their status.
"""

from __future__ import annotations

import datetime as dt

STALE_AFTER_DAYS = 365


def freshness_flag(last_confirmed: dt.date | None, *, today: dt.date | None = None) -> str:
    """'' when fresh; otherwise the words of the flag shown beside the record."""
    if last_confirmed is None:
        return "Not confirmed by any register"
    today = today or dt.date.today()
    if (today - last_confirmed).days > STALE_AFTER_DAYS:
        return f"Not confirmed since {last_confirmed.day} {last_confirmed:%B %Y}"
    return ""
