"""The statement sets the health check ships with, read from data/ (never changed by a council).

Three sets, each statement with the side it is about and a theme:

- `health`: `data/relationships/partnership_health_statements.csv`, ten expectations of the council
  (`side` = `council`) and ten of the voluntary and community sector (`side` = `sector`).
- `compact`: `data/relationships/compact_self_assessment.csv`, the Compact's commitments; `who_acts` says
  who the commitment binds: `council`, `vcs` (the sector) or `both` (the partnership). Its theme is the
  Compact outcome or area it falls under, without its number.
- `barriers`: `data/matching/partnership_barriers.csv`, the barriers to joint working. A barrier belongs to
  neither side alone, so each is a statement about the partnership, and its theme is the theme of its
  remedy. It is rated, as every statement is, so that higher is better: how far the partnership has
  overcome it (1: a real barrier here, 5: not a barrier here).

A council adds its own statements and retires any (`models.HealthStatement`); a round copies the wording
of those it chose (`models.RoundStatement`), so a later change here never alters a round's results.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

HEALTH, COMPACT, BARRIERS, OWN = "health", "compact", "barriers", "own"
COUNCIL, SECTOR, PARTNERSHIP = "council", "sector", "partnership"

SOURCE_LABELS = {
    HEALTH: "Partnership health statements",
    COMPACT: "Compact self-assessment",
    BARRIERS: "Barriers to joint working",
    OWN: "The council's own statements",
}
ABOUT_LABELS = {
    COUNCIL: "About the council",
    SECTOR: "About the voluntary and community sector",
    PARTNERSHIP: "About the partnership (both sides)",
}
ABOUT_SHORT = {COUNCIL: "Council", SECTOR: "Sector", PARTNERSHIP: "Partnership"}
WHO_ACTS = {"council": COUNCIL, "vcs": SECTOR, "both": PARTNERSHIP}
BARRIER_PROMPT = (
    "How far has the partnership overcome this barrier? 1: a real barrier here, 5: not a barrier here."
)


@dataclass(frozen=True)
class LibraryStatement:
    """One statement of a shipped set, or a council's own."""

    source: str  # health, compact, barriers or own
    code: str  # its id in its set (LA1, C1-G1, E1, OWN1)
    text: str
    about: str  # council, sector or partnership
    theme: str
    prompt: str = ""  # what evidence would show, or how to rate it

    @property
    def key(self) -> str:
        """The statement's key across sets: 'health:LA1'."""
        return statement_key(self.source, self.code)


def statement_key(source: str, code: str) -> str:
    return f"{source}:{code}"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def _health(folder: Path) -> list[LibraryStatement]:
    return [
        LibraryStatement(HEALTH, row["id"], row["statement"], row["side"], row["theme"])
        for row in _rows(folder / "relationships" / "partnership_health_statements.csv")
    ]


def _compact(folder: Path) -> list[LibraryStatement]:
    return [
        LibraryStatement(
            COMPACT,
            row["id"],
            row["commitment"],
            WHO_ACTS[row["who_acts"]],
            re.sub(r"^\d+\s+", "", row["area"]),  # "1 Independent civil society": the outcome's number goes
            row["evidence_prompt"],
        )
        for row in _rows(folder / "relationships" / "compact_self_assessment.csv")
    ]


def _barriers(folder: Path) -> list[LibraryStatement]:
    return [
        LibraryStatement(
            BARRIERS, row["id"], row["barrier"], PARTNERSHIP, row["remedy_theme"], BARRIER_PROMPT
        )
        for row in _rows(folder / "matching" / "partnership_barriers.csv")
    ]


@lru_cache(maxsize=1)
def statements_library() -> tuple[LibraryStatement, ...]:
    """Every shipped statement, set by set (health, compact, barriers), in each file's order."""
    folder = Path(settings.DATA_DIR)
    return (*_health(folder), *_compact(folder), *_barriers(folder))


def library_statement(key: str) -> LibraryStatement | None:
    """A shipped statement by its key ('health:LA1'), or None."""
    return next((statement for statement in statements_library() if statement.key == key), None)
