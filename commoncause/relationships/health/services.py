"""Writes of the health check: a council's statements, rounds, responses and actions. Each checks who may
act, changes the records and writes the audit log in one transaction.

The audit log records that a person answered a round, and on which side, never what they answered: it
is read by curators, and answers are never shown one by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record
from commoncause.relationships.health.library import OWN, LibraryStatement, library_statement, statement_key
from commoncause.relationships.health.models import (
    ActionStatus,
    HealthAction,
    HealthAnswer,
    HealthResponse,
    HealthRound,
    HealthStatement,
    RoundStatement,
    RoundStatus,
    Side,
    StatementAbout,
)
from commoncause.relationships.health.selectors import (
    default_statement_keys,
    may_run,
    respondent_side,
    round_statement_keys,
    statements_offered,
)

EVIDENCE_LONGEST = 2000
Ratings = Mapping[int, tuple[int | None, str]]  # a round statement's id -> (1 to 5 or None, evidence)


class HealthCheckError(Exception):
    """A change to a health check that cannot be made; the message says why, for the person."""

    def __init__(self, message: str, *, field: str | None = None, not_allowed: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.not_allowed = not_allowed


def _runs(user: User | None, council: Council) -> None:
    """Refuse anyone but the council's officers, curators and administrators (None: the demo loader)."""
    if user is not None and not may_run(user, council):
        raise HealthCheckError(
            "Only the council's officers and curators run its health checks.", not_allowed=True
        )


# --- statements -------------------------------------------------------------------------------------


@transaction.atomic
def health_statement_add(
    *, user: User | None, council: Council, text: str, about: str, theme: str
) -> HealthStatement:
    """Add one of the council's own statements, offered to its rounds from now on."""
    _runs(user, council)
    text, theme = text.strip(), theme.strip().lower()
    if not text:
        raise HealthCheckError("Enter the statement.", field="text")
    if about not in StatementAbout.values:
        raise HealthCheckError("Choose which side the statement is about.", field="about")
    if not theme:
        raise HealthCheckError("Enter a theme, such as 'funding' or 'communication'.", field="theme")
    number = HealthStatement.objects.filter(council=council, source=OWN).count() + 1
    while HealthStatement.objects.filter(council=council, source=OWN, code=f"OWN{number}").exists():
        number += 1
    statement = HealthStatement.objects.create(
        council=council, source=OWN, code=f"OWN{number}", text=text, about=about, theme=theme, created_by=user
    )
    after = {"council": council.slug, "code": statement.code, "text": text, "about": about, "theme": theme}
    audit_record(actor=user, action=AuditAction.CREATE, target=statement, after=after)
    return statement


def _statement_row(council: Council, key: str) -> HealthStatement:
    source, _, code = key.partition(":")
    row = HealthStatement.objects.filter(council=council, source=source, code=code).first()
    if row is not None:
        return row
    shipped = library_statement(key)
    if source == OWN or shipped is None:
        raise HealthCheckError("There is no such statement.", field="statement")
    return HealthStatement(
        council=council, source=shipped.source, code=shipped.code, text=shipped.text,
        about=shipped.about, theme=shipped.theme,
    )  # fmt: skip


@transaction.atomic
def health_statement_retire(
    *, user: User | None, council: Council, key: str, retire: bool = True
) -> HealthStatement:
    """Retire a statement from the council's future rounds (or offer it again). Rounds that asked it
    keep it, in their own copy."""
    _runs(user, council)
    row = _statement_row(council, key)
    before = {"retired": row.retired_at is not None}
    row.retired_at = timezone.now() if retire else None
    row.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=row, before=before,
        after={"council": council.slug, "statement": key, "retired": retire},
    )  # fmt: skip
    return row


# --- rounds -----------------------------------------------------------------------------------------


def _facts(health_round: HealthRound) -> dict[str, Any]:
    return {
        "council": health_round.council.slug,
        "name": health_round.name,
        "opens": health_round.opens.isoformat(),
        "closes": health_round.closes.isoformat(),
        "status": health_round.status,
        "statements": round_statement_keys(health_round),
    }


def _fresh(health_round: HealthRound) -> HealthRound:
    """The round as it stands now, locked until the change is written (its status may have moved on)."""
    return HealthRound.objects.select_for_update().select_related("council").get(pk=health_round.pk)


def _dates_check(name: str, opens: dt.date, closes: dt.date) -> None:
    if not name.strip():
        raise HealthCheckError("Enter a name for the round, such as '2025 to 2026'.", field="name")
    if closes < opens:
        raise HealthCheckError("The closing date must be on or after the opening date.", field="closes")


def _statements_copy(health_round: HealthRound, keys: Iterable[str]) -> None:
    """Copy the wording of the chosen statements into the round, in the library's order."""
    wanted = set(keys)
    kept = {statement_key(s.source, s.code): s for s in health_round.statements.all()}
    available: dict[str, LibraryStatement] = statements_offered(health_round.council)
    unknown = wanted - set(available) - set(kept)
    if unknown or not wanted:
        raise HealthCheckError("Choose at least one statement from the list.", field="statements")
    health_round.statements.all().delete()
    order = [key for key in available if key in wanted] + sorted(wanted - set(available))
    for position, key in enumerate(order, start=1):
        # Offered now, or asked before it was retired: then kept as the round copied it.
        chosen: LibraryStatement | RoundStatement = available.get(key) or kept[key]
        RoundStatement.objects.create(
            round=health_round, source=chosen.source, code=chosen.code, text=chosen.text,
            about=chosen.about, theme=chosen.theme, prompt=chosen.prompt, position=position,
        )  # fmt: skip


@transaction.atomic
def health_round_create(
    *,
    user: User | None,
    council: Council,
    name: str,
    opens: dt.date,
    closes: dt.date,
    keys: Iterable[str] | None = None,
    is_example: bool = False,
) -> HealthRound:
    """Set up a round (a draft), asking the statements given or, unless changed, those of the council's
    latest round (or the twenty partnership health statements for its first)."""
    _runs(user, council)
    _dates_check(name, opens, closes)
    chosen = list(keys) if keys is not None else default_statement_keys(council)
    health_round = HealthRound.objects.create(
        council=council, name=name.strip(), opens=opens, closes=closes, created_by=user, is_example=is_example
    )
    _statements_copy(health_round, chosen)
    audit_record(actor=user, action=AuditAction.CREATE, target=health_round, after=_facts(health_round))
    return health_round


@transaction.atomic
def health_round_update(
    *, user: User | None, health_round: HealthRound, name: str, opens: dt.date, closes: dt.date
) -> HealthRound:
    """Change a round's name or dates (not once it is closed)."""
    _runs(user, health_round.council)
    health_round = _fresh(health_round)
    if health_round.status == RoundStatus.CLOSED:
        raise HealthCheckError("A closed round cannot be changed.")
    _dates_check(name, opens, closes)
    before = _facts(health_round)
    health_round.name, health_round.opens, health_round.closes = name.strip(), opens, closes
    health_round.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=health_round, before=before, after=_facts(health_round)
    )
    return health_round


@transaction.atomic
def health_round_statements_set(
    *, user: User | None, health_round: HealthRound, keys: Iterable[str]
) -> HealthRound:
    """Choose the statements a round asks. Only while it is being set up: once it opens, the statements
    and their wording are fixed, so every answer is to the same words."""
    _runs(user, health_round.council)
    health_round = _fresh(health_round)
    if health_round.status != RoundStatus.DRAFT:
        raise HealthCheckError(
            "The statements are fixed once the round has opened for answers.", field="statements"
        )
    before = _facts(health_round)
    _statements_copy(health_round, keys)
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=health_round, before=before, after=_facts(health_round)
    )
    return health_round


def _status_set(user: User | None, health_round: HealthRound, status: str, note: str) -> HealthRound:
    before = _facts(health_round)
    health_round.status = status
    if status == RoundStatus.OPEN:
        health_round.opened_at = timezone.now()
    else:
        health_round.closed_at = timezone.now()
    health_round.save()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        target=health_round,
        before=before,
        after=_facts(health_round),
        note=note,
    )
    return health_round


@transaction.atomic
def health_round_open(*, user: User | None, health_round: HealthRound) -> HealthRound:
    """Open a draft round for answers; its statements are fixed from now on."""
    _runs(user, health_round.council)
    health_round = _fresh(health_round)
    if health_round.status != RoundStatus.DRAFT:
        raise HealthCheckError("Only a round being set up can be opened.")
    if not health_round.statements.exists():
        raise HealthCheckError("Choose the statements before opening the round.")
    return _status_set(user, health_round, RoundStatus.OPEN, "Opened for answers.")


@transaction.atomic
def health_round_close(*, user: User | None, health_round: HealthRound) -> HealthRound:
    """Close an open round: answers stop and its results show."""
    _runs(user, health_round.council)
    health_round = _fresh(health_round)
    if health_round.status != RoundStatus.OPEN:
        raise HealthCheckError("Only an open round can be closed.")
    return _status_set(user, health_round, RoundStatus.CLOSED, "Closed: its results show.")


# --- responses --------------------------------------------------------------------------------------


def _ratings_check(health_round: HealthRound, answers: Ratings) -> None:
    asked = set(health_round.statements.values_list("pk", flat=True))
    if set(answers) != asked:
        raise HealthCheckError("Rate every statement, from 1 to 5, or say you don't know.")
    for rating, evidence in answers.values():
        if rating is not None and not 1 <= rating <= 5:
            raise HealthCheckError("A rating is from 1 to 5.")
        if len(evidence) > EVIDENCE_LONGEST:
            raise HealthCheckError(f"Evidence is at most {EVIDENCE_LONGEST:,} characters.")


def _answers_write(response: HealthResponse, answers: Ratings) -> None:
    held = {answer.statement_id: answer for answer in response.answers.all()}
    for statement_id, (rating, evidence) in answers.items():
        answer = held.get(statement_id) or HealthAnswer(response=response, statement_id=statement_id)
        answer.rating, answer.evidence = rating, evidence.strip()
        answer.save()


@transaction.atomic
def health_response_save(*, user: User, health_round: HealthRound, answers: Ratings) -> HealthResponse:
    """Keep a person's answers to an open round: one response per person, changed as often as they like
    while the round is open, on the side they answer for."""
    health_round = _fresh(health_round)
    if health_round.status != RoundStatus.OPEN:
        raise HealthCheckError("This round is not open for answers.", not_allowed=True)
    side = respondent_side(user, health_round.council)
    if side is None:
        raise HealthCheckError(
            "Only the council's officers and members of organisations in its area answer its health checks.",
            not_allowed=True,
        )
    _ratings_check(health_round, answers)
    response, made = HealthResponse.objects.get_or_create(
        round=health_round, respondent=user, defaults={"side": side}
    )
    if response.side != side:
        response.side = side
        response.save(update_fields=["side", "updated_at"])
    _answers_write(response, answers)
    audit_record(
        actor=user,
        action=AuditAction.CREATE if made else AuditAction.UPDATE,
        target=response,
        target_label=f"A response to {health_round}",
        after={"round": health_round.pk, "side": side, "statements": len(answers)},
        note="Who answered and on which side; what they answered is never recorded here.",
    )
    return response


@transaction.atomic
def health_example_response_add(*, health_round: HealthRound, side: str, answers: Ratings) -> HealthResponse:
    """An example response of the demo's, from nobody (only to a round marked as an example)."""
    if not health_round.is_example or side not in Side.values:
        raise HealthCheckError("Example answers go only to an example round.")
    _ratings_check(health_round, answers)
    response = HealthResponse.objects.create(round=health_round, respondent=None, side=side)
    _answers_write(response, answers)
    return response


# --- actions ----------------------------------------------------------------------------------------


def _action_facts(action: HealthAction) -> dict[str, Any]:
    return {
        "title": action.title,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else "",
        "status": action.status,
        "notes": action.notes,
        "statements": sorted(action.statements.values_list("code", flat=True)),
    }


def _action_values_check(health_round: HealthRound, values: Mapping[str, Any]) -> list[int]:
    if not str(values.get("title", "")).strip():
        raise HealthCheckError("Enter what will be done.", field="title")
    if not str(values.get("owner", "")).strip():
        raise HealthCheckError("Enter who owns the action: a name or a role.", field="owner")
    if values.get("status", ActionStatus.NOT_STARTED) not in ActionStatus.values:
        raise HealthCheckError("Choose the action's status.", field="status")
    ids = [int(found) for found in values.get("statements", [])]
    if set(ids) - set(health_round.statements.values_list("pk", flat=True)):
        raise HealthCheckError("Choose statements of this round.", field="statements")
    return ids


@transaction.atomic
def health_action_save(
    *,
    user: User | None,
    health_round: HealthRound,
    values: Mapping[str, Any],
    action: HealthAction | None = None,
) -> HealthAction:
    """Add an action to a round's plan, or change one: title, owner, due date, status, notes and the
    statements it answers."""
    _runs(user, health_round.council)
    if action is not None and action.round_id != health_round.pk:
        raise HealthCheckError("That action belongs to another round.", not_allowed=True)
    ids = _action_values_check(health_round, values)
    before = _action_facts(action) if action is not None else {}
    action = action or HealthAction(round=health_round, created_by=user)
    action.title, action.owner = str(values["title"]).strip(), str(values["owner"]).strip()
    action.due = values.get("due") or None
    action.status = values.get("status") or ActionStatus.NOT_STARTED
    action.notes = str(values.get("notes", "")).strip()
    action.save()
    action.statements.set(ids)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        target=action,
        before=before,
        after={"round": health_round.pk, **_action_facts(action)},
    )
    return action


# --- a person's data --------------------------------------------------------------------------------


def health_answers_export(user: User) -> list[dict[str, Any]]:
    """For the person's data download: their own responses, each answer with its statement."""
    responses = HealthResponse.objects.filter(respondent=user).select_related("round__council")
    return [
        {
            "council": response.round.council.name,
            "round": response.round.name,
            "side": response.side,
            "answered": response.updated_at.isoformat(),
            "answers": [
                {
                    "statement": answer.statement.code,
                    "text": answer.statement.text,
                    "rating": answer.rating,
                    "evidence": answer.evidence,
                }
                for answer in response.answers.select_related("statement").order_by("statement__position")
            ],
        }
        for response in responses
    ]


def health_answers_erase(user: User) -> set[str]:
    """For erasing the person: their evidence goes; their ratings stay, from nobody, so a closed round's
    results do not change. Nothing of theirs is in the audit log but their address, which the erasure
    forgets anyway."""
    for response in HealthResponse.objects.filter(respondent=user):
        response.answers.update(evidence="")
        response.respondent = None
        response.save(update_fields=["respondent", "updated_at"])
        audit_record(
            actor=None,
            action=AuditAction.ERASE,
            target=response,
            target_label=f"A response to {response.round}",
            note="Its respondent erased their account: the evidence went; the ratings stay, from nobody.",
        )
    return set()
