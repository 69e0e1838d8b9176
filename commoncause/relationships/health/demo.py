"""The demo council's example health checks: a closed round with example answers, results and two
actions, and an open round with a few answers so far. Both are marked as examples wherever they show
(`HealthRound.is_example`): no real officer or organisation gave these answers, which come from nobody.

The closed round has enough answers on each side to show results, and two groups of fewer than five, to
show suppression: most officers did not know about the sector's national bodies (VCS6), and most of the
sector did not rate the shared-language barrier (E4).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from commoncause.accounts.models import Council
from commoncause.places.demo import demo_council
from commoncause.relationships.health.library import BARRIERS, HEALTH, statement_key, statements_library
from commoncause.relationships.health.models import HealthRound, RoundStatement
from commoncause.relationships.health.services import (
    Ratings,
    health_action_save,
    health_example_response_add,
    health_round_close,
    health_round_create,
    health_round_open,
)

# Each statement's usual rating from the council's side and from the sector's.
LEVELS: dict[str, tuple[int, int]] = {
    "LA1": (4, 3), "LA2": (4, 2), "LA3": (3, 2), "LA4": (4, 3), "LA5": (3, 3), "LA6": (3, 2), "LA7": (3, 2),
    "LA8": (3, 2), "LA9": (2, 2), "LA10": (4, 3), "VCS1": (3, 4), "VCS2": (3, 3), "VCS3": (3, 4),
    "VCS4": (3, 4), "VCS5": (4, 4), "VCS6": (3, 3), "VCS7": (2, 3), "VCS8": (2, 3), "VCS9": (2, 2),
    "VCS10": (3, 4), "E1": (3, 2), "E2": (3, 2), "E4": (3, 3),
}  # fmt: skip
SPREAD = (0, 1, -1, 0, 1, 0, 0, -1, 1)  # how one respondent differs from the usual, in turn
# Groups left small on purpose: (code, side) -> how many of that side rate it (the rest don't know).
SMALL = {("VCS6", "council"): 3, ("E4", "sector"): 4}
EVIDENCE: dict[tuple[str, str], tuple[str, ...]] = {
    ("LA2", "council"): (
        "Sector leads were asked about the budget in November, before the options went to cabinet.",
        "The commissioning board has had a sector seat since the spring.",
    ),
    ("LA2", "sector"): (
        "We heard about the budget consultation after the options were set.",
        "The commissioning board has a sector seat now, but its papers come the night before.",
        "Invited to the health and wellbeing board once this year.",
    ),
    ("LA7", "council"): ("Contracts let since April allow for inflation from their second year.",),
    ("LA7", "sector"): (
        "Our contract has not risen with inflation for three years.",
        "We pay for part of the befriending service from our own reserves.",
    ),
    ("VCS1", "council"): ("Groups understood why the small grants programme had to shrink.",),
    ("VCS7", "sector"): ("Four groups bid together for the carers' support contract.",),
    ("VCS6", "council"): ("Only one national body has been in touch with us this year.",),  # a small group
    ("E1", "sector"): ("Officers turn up to the forum now, and stay for the whole meeting.",),
}
RESPONDENTS = {"closed": {"council": 7, "sector": 11}, "open": {"council": 4, "sector": 6}}


def _keys() -> list[str]:
    """The twenty partnership health statements and three of the barriers."""
    keys = [s.key for s in statements_library() if s.source == HEALTH]
    return keys + [statement_key(BARRIERS, code) for code in ("E1", "E2", "E4")]


def _rating(statement: RoundStatement, side: str, person: int, position: int) -> int | None:
    rates = SMALL.get((statement.code, side))
    if rates is not None and person >= rates:
        return None  # "don't know"
    usual = LEVELS[statement.code][0 if side == "council" else 1]
    return min(5, max(1, usual + SPREAD[(person + position) % len(SPREAD)]))


def _answers(health_round: HealthRound, side: str, person: int) -> Ratings:
    answers: dict[int, tuple[int | None, str]] = {}
    for position, statement in enumerate(health_round.statements.all()):
        said = EVIDENCE.get((statement.code, side), ())
        evidence = said[person] if person < len(said) else ""
        answers[statement.pk] = (_rating(statement, side, person, position), evidence)
    return answers


def _respond(health_round: HealthRound, counts: dict[str, int]) -> None:
    for side, many in counts.items():
        for person in range(many):
            health_example_response_add(
                health_round=health_round, side=side, answers=_answers(health_round, side, person)
            )


def _actions(health_round: HealthRound) -> None:
    by_code = {s.code: s.pk for s in health_round.statements.all()}
    for title, owner, days, status, codes in (
        ("Give the sector's seat on the commissioning board its papers a week ahead",
         "Head of Commissioning", 90, "in_progress", ("LA2",)),
        ("Review contract prices against inflation with the sector", "Director of Finance and the CVS", 180,
         "not_started", ("LA7", "LA6")),
    ):  # fmt: skip
        values = {
            "title": title, "owner": owner, "due": health_round.closes + dt.timedelta(days=days),
            "status": status, "statements": [by_code[code] for code in codes],
        }  # fmt: skip
        health_action_save(user=None, health_round=health_round, values=values)


def _round(council: Council, opens: dt.date, days: int) -> HealthRound:
    name = f"{opens.year} to {opens.year + 1}"
    made = health_round_create(
        user=None, council=council, name=name, opens=opens, closes=opens + dt.timedelta(days=days),
        keys=_keys(), is_example=True,
    )  # fmt: skip
    return health_round_open(user=None, health_round=made)


@transaction.atomic
def demo_health_check() -> str:
    """Run by `load_demo_data`: the demo council's example rounds, made once."""
    council = demo_council()
    if HealthRound.objects.filter(council=council, is_example=True).exists():
        return f"Example partnership health checks for {council.name}: already made."
    today = timezone.localdate()
    closed = _round(council, today - dt.timedelta(days=365), 45)
    _respond(closed, RESPONDENTS["closed"])
    closed = health_round_close(user=None, health_round=closed)
    _actions(closed)
    current = _round(council, today - dt.timedelta(days=14), 45)
    _respond(current, RESPONDENTS["open"])
    return (
        f"Example partnership health checks for {council.name}: {closed.name}, closed, with its results "
        f"and action plan, and {current.name}, open for answers (each marked as an example)."
    )
