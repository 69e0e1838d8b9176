"""The stored-markup walks of the partnership health check (`test_stored_xss.WALKS` takes them all): a
round's name, a council's own statement, evidence and actions, read back from every page that shows them,
the results' charts and tables among them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commoncause.accounts.tests.cast import council
from commoncause.relationships.health.models import HealthAction, HealthRound
from commoncause.relationships.health.services import (
    health_action_save,
    health_round_close,
    health_round_create,
    health_round_open,
)
from commoncause.relationships.tests.health_samples import CLOSES, OPENS, answer, officers, sector_members
from tests.security.hostile import HOSTILE, SHORT, World

ROUNDS = "/health-checks/rounds"


def _round(name: str, keys: tuple[str, ...] = ("health:LA1",), year: int = 2026) -> HealthRound:
    opens, closes = OPENS.replace(year=year), CLOSES.replace(year=year)
    made = health_round_create(user=None, council=council(), name=name, opens=opens, closes=closes, keys=keys)
    return health_round_open(user=None, health_round=made)


def _answered_by_five(health_round: HealthRound, evidence: str = "") -> HealthRound:
    """Five on each side answer (4 everywhere), so the round's results show; then it closes."""
    start = HealthRound.objects.count() * 10  # new people for each round
    codes = [s.code for s in health_round.statements.all()]
    for user in officers(5, start=start) + sector_members(5, start=start):
        answer(user, health_round, dict.fromkeys(codes, 4), dict.fromkeys(codes, evidence))
    return health_round_close(user=None, health_round=health_round)


def _results(world: World, health_round: HealthRound) -> None:
    world.see("officer", f"{ROUNDS}/{health_round.pk}/results/")
    world.see("member", f"{ROUNDS}/{health_round.pk}/results/")


def walk_health_round_new(world: World) -> None:
    _answered_by_five(_round("2025", year=2025))  # an earlier round: the trend chart names both
    typed = {"name": HOSTILE, "opens": "2026-05-01", "closes": "2026-04-01"}
    world.post("officer", "/health-checks/belfast/new/", typed, expect=400)
    world.see_response()
    world.post(
        "officer", "/health-checks/belfast/new/", {**typed, "opens": "2026-04-01", "closes": "2026-05-01"}
    )
    made = HealthRound.objects.get(name=HOSTILE)
    world.see("officer", f"{ROUNDS}/{made.pk}/")
    world.see("officer", "/health-checks/belfast/")
    world.see("officer", f"{ROUNDS}/{made.pk}/edit/")  # the form, filled
    made = health_round_open(user=None, health_round=made)
    world.see("member", "/health-checks/")
    world.see("member", "/accounts/")
    world.see("member", f"{ROUNDS}/{made.pk}/answer/")
    world.see("member", f"{ROUNDS}/{made.pk}/results/")  # "the results show once it closes"
    _results(world, _answered_by_five(made))
    world.see("member", f"{ROUNDS}/{made.pk}/actions/")


def walk_health_round_edit(world: World) -> None:
    made = _round("Spring")
    world.post(
        "officer",
        f"{ROUNDS}/{made.pk}/edit/",
        {"name": HOSTILE, "opens": "2026-04-01", "closes": "2026-05-01"},
    )
    world.see("officer", f"{ROUNDS}/{made.pk}/")
    _results(world, _answered_by_five(made))


def walk_health_statement_new(world: World) -> None:
    world.post(
        "officer",
        "/health-checks/belfast/statements/new/",
        {"text": HOSTILE, "about": "council", "theme": SHORT},
    )
    world.see("officer", "/health-checks/belfast/statements/")
    draft = health_round_create(
        user=None, council=council(), name="Own", opens=OPENS, closes=CLOSES, keys=["own:OWN1"]
    )
    world.see("officer", f"{ROUNDS}/{draft.pk}/statements/")
    world.see("officer", f"{ROUNDS}/{draft.pk}/")
    made = health_round_open(user=None, health_round=draft)
    world.see("member", f"{ROUNDS}/{made.pk}/answer/")
    closed = _answered_by_five(made)
    _results(world, closed)
    world.see("officer", f"{ROUNDS}/{closed.pk}/actions/new/")  # the statements to link, by their words


def walk_health_answer(world: World) -> None:
    made = _round("Autumn")
    statement = made.statements.get()
    typed = {f"evidence_{statement.pk}": HOSTILE}  # no rating: the form comes back with the evidence kept
    world.post("officer", f"{ROUNDS}/{made.pk}/answer/", typed, expect=400)
    world.see_response()
    world.post("officer", f"{ROUNDS}/{made.pk}/answer/", {**typed, f"rating_{statement.pk}": "2"})
    world.see("officer", f"{ROUNDS}/{made.pk}/answer/")  # their own answers, to change
    _results(world, _answered_by_five(made, evidence="We met twice"))


def _action(text: str) -> dict[str, Any]:
    return {"title": text, "owner": text, "due": "2026-09-30", "status": "in_progress", "notes": text}


def walk_health_action_new(world: World) -> None:
    closed = _answered_by_five(_round("Summer"))
    world.post("officer", f"{ROUNDS}/{closed.pk}/actions/new/", _action(HOSTILE))
    world.see("officer", f"{ROUNDS}/{closed.pk}/actions/")
    world.see("member", f"{ROUNDS}/{closed.pk}/actions/")
    action = HealthAction.objects.get()
    world.see("officer", f"{ROUNDS}/{closed.pk}/actions/{action.pk}/")  # the form, filled
    _results(world, closed)


def walk_health_action_edit(world: World) -> None:
    closed = _answered_by_five(_round("Winter"))
    action = health_action_save(user=None, health_round=closed, values={"title": "Meet", "owner": "The CVS"})
    world.post("curator", f"{ROUNDS}/{closed.pk}/actions/{action.pk}/", _action(HOSTILE))
    world.see("member", f"{ROUNDS}/{closed.pk}/actions/")
    world.see("curator", f"{ROUNDS}/{closed.pk}/results/")


HEALTH_WALKS: dict[str, Callable[[World], None]] = {
    "health-checks/<slug:council_slug>/new/": walk_health_round_new,
    "health-checks/rounds/<int:round_id>/edit/": walk_health_round_edit,
    "health-checks/<slug:council_slug>/statements/new/": walk_health_statement_new,
    "health-checks/rounds/<int:round_id>/answer/": walk_health_answer,
    "health-checks/rounds/<int:round_id>/actions/new/": walk_health_action_new,
    "health-checks/rounds/<int:round_id>/actions/<int:action_id>/": walk_health_action_edit,
}
HEALTH_STORES_NOTHING_SHOWN = {
    "health-checks/<slug:council_slug>/statements/": "no text: retires a statement (or offers it again)",
    "health-checks/rounds/<int:round_id>/statements/": "no text: chooses statements from the list, by key",
    "health-checks/rounds/<int:round_id>/status/": "no text: opens or closes the round",
}
