"""The records the health check's routes name, for the tests that walk every route (the permissions
matrix): the cast's council (Belfast), a round open for answers, and a closed round with an action."""

from __future__ import annotations

import datetime as dt

from commoncause.accounts.tests.cast import council
from commoncause.relationships.health.models import HealthAction, HealthRound
from commoncause.relationships.health.services import (
    health_action_save,
    health_round_close,
    health_round_create,
    health_round_open,
)

OPENS, CLOSES = dt.date(2026, 4, 1), dt.date(2026, 5, 31)


def _round(name: str, *, closed: bool) -> HealthRound:
    found = HealthRound.objects.filter(council=council(), name=name).first()
    if found is None:
        made = health_round_create(
            user=None, council=council(), name=name, opens=OPENS, closes=CLOSES, keys=["health:LA1"]
        )
        found = health_round_open(user=None, health_round=made)
        if closed:
            found = health_round_close(user=None, health_round=found)
            health_action_save(user=None, health_round=found, values={"title": "Meet", "owner": "The CVS"})
    return found


def health_path(path: str) -> str:
    """The path with the health check's parameters filled (made the first time they are asked for):
    answering takes the open round; every other page of a round, the closed one (its results show)."""
    if not path.startswith("health-checks/"):
        return path
    path = path.replace("<slug:council_slug>", council().slug)
    if "<int:round_id>" not in path:
        return path
    found = _round("Open", closed=False) if path.endswith("/answer/") else _round("Closed", closed=True)
    action = HealthAction.objects.filter(round=_round("Closed", closed=True)).first()
    path = path.replace("<int:round_id>", str(found.pk)).replace("<str:table>", "statements")
    return path.replace("<int:action_id>", str(action.pk if action else 0))
