"""The lists the checker reads (data/plainenglish/, see its PROVENANCE.md), and a council's own terms.

Read once per process from `settings.DATA_DIR`; `lists_read(folder)` reads any folder of the same
files, so the checker can run without Django's settings.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from django.conf import settings

AVOID_FILE = "govuk_words_to_avoid.csv"
JARGON_FILE = "lga_jargon_terms.csv"
KNOWN_FILE = "known_abbreviations.csv"
PARTICIPLES_FILE = "irregular_participles.csv"


@dataclass(frozen=True)
class Term:
    """A word or phrase to look for, and what to say where it is found."""

    term: str  # as the list writes it
    kind: Literal["avoid", "jargon"]
    plain: str  # the plain alternative (alternatives separated by "; ")
    guidance: str = ""  # why to avoid it (GOV.UK's list), or what it means (a council's own term)
    explain_only: bool = False  # a term of the trade: explain it at its first use, do not avoid it
    source: str = ""  # "govuk", "lga" or "glossary"


@dataclass(frozen=True)
class GlossaryEntry:
    """One of a council's own terms, given to `check()` as plain data: the term, its plain alternative,
    what it means, and whether it is a term to explain (at its first use) rather than to avoid."""

    term: str
    plain: str = ""
    explanation: str = ""
    explain_only: bool = False


@dataclass(frozen=True)
class Lists:
    terms: tuple[Term, ...]  # GOV.UK's words to avoid first, then the LGA's jargon
    known_abbreviations: frozenset[str]
    participles: frozenset[str]  # irregular past participles (`taken`, `paid`)


def lists_read(folder: Path) -> Lists:
    avoid = [
        Term(row["term"], "avoid", row["plain_alternative"], row["guidance"], source="govuk")
        for row in _rows(folder / AVOID_FILE)
    ]
    jargon = [
        Term(
            row["term"],
            "jargon",
            row["plain_alternative"],
            explain_only=_yes(row["explain_not_ban"]),
            source="lga",
        )
        for row in _rows(folder / JARGON_FILE)
    ]
    known = frozenset(row["abbreviation"] for row in _rows(folder / KNOWN_FILE))
    participles = frozenset(row["participle"].lower() for row in _rows(folder / PARTICIPLES_FILE))
    return Lists(tuple(avoid + jargon), known, participles)


@lru_cache(maxsize=1)
def shipped_lists() -> Lists:
    return lists_read(Path(settings.DATA_DIR) / "plainenglish")


def glossary_terms(glossary: tuple[GlossaryEntry, ...]) -> tuple[Term, ...]:
    return tuple(
        Term(entry.term, "jargon", entry.plain, entry.explanation, entry.explain_only, source="glossary")
        for entry in glossary
        if entry.term.strip()
    )


def _yes(value: str) -> bool:
    return value.strip().lower() == "yes"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
