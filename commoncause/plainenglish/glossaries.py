"""Where a council's own glossary comes from: apps above this one (which may know councils and people)
register a source at start-up; the checker's page and the pages that check what a council publishes ask
for the terms that apply to a person. This app imports only core, so it never reads councils itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from commoncause.plainenglish.checker import GlossaryEntry

GlossarySource = Callable[[Any], Iterable[GlossaryEntry]]  # (the person asking) → their council's terms
_SOURCES: list[GlossarySource] = []


def glossary_source_add(source: GlossarySource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def glossary_for(user: Any) -> list[GlossaryEntry]:
    """Every registered source's terms for this person (none for the public), each term once."""
    found: dict[str, GlossaryEntry] = {}
    for source in _SOURCES:
        for entry in source(user):
            found.setdefault(entry.term.casefold(), entry)
    return list(found.values())
