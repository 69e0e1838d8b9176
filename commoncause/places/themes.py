"""Themes: who an organisation helps and what it works on, gathered from its classifications.

A council counts its coverage by theme, not by the hundreds of codes the regulators and UK-CAT use. Each
theme (`data/reference/themes.csv`) gathers CCEW what/who codes and UK-CAT tags; a UK-CAT entry that is a
category's prefix (`HE`) covers every tag under it (`HE101`, `HE102`, …). An organisation has a theme
when any of its classifications falls under it, so it can have several themes, or none.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.db.models import CharField
from django.db.models.functions import Cast

from commoncause.register.models import Classification


@dataclass(frozen=True)
class Theme:
    code: str
    label: str
    kind: str  # who (the people it helps) or what (what it works on)
    ccew: frozenset[str]
    ukcat: tuple[str, ...]

    def covers(self, scheme: str, code: str) -> bool:
        if scheme == "ccew":
            return code in self.ccew
        if scheme == "ukcat":
            return code.startswith(self.ukcat) if self.ukcat else False
        return False


@cache
def themes() -> tuple[Theme, ...]:
    """Every theme, in the file's order (who first, then what)."""
    path = Path(settings.DATA_DIR) / "reference" / "themes.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Theme(
                code=row["theme"],
                label=row["label"],
                kind=row["kind"],
                ccew=frozenset(row["ccew"].split()),
                ukcat=tuple(row["ukcat"].split()),
            )
            for row in csv.DictReader(handle)
        )


def theme_by_code(code: str) -> Theme | None:
    return next((theme for theme in themes() if theme.code == code), None)


@cache
def _themes_of(scheme: str, code: str) -> tuple[str, ...]:
    return tuple(theme.code for theme in themes() if theme.covers(scheme, code))


def themes_of_codes(codes: Iterable[tuple[str, str]]) -> set[str]:
    """The themes that any of these (scheme, code) classifications fall under."""
    found: set[str] = set()
    for scheme, code in codes:
        found.update(_themes_of(scheme, code))
    return found


def organisation_themes(organisation_ids: Iterable[UUID]) -> dict[UUID, set[str]]:
    """Each organisation's themes (only those with at least one)."""
    found = themes_by_text_id(str(pk) for pk in organisation_ids)
    return {UUID(text): found_themes for text, found_themes in found.items()}


def themes_by_text_id(organisation_ids: Iterable[str]) -> dict[str, set[str]]:
    """`organisation_themes` keyed by the organisations' ids as the database writes them in text (see
    `text_id`): reading tens of thousands of rows, making each id a UUID costs more than the query."""
    wanted = list(organisation_ids)
    found: defaultdict[str, set[str]] = defaultdict(set)
    for start in range(0, len(wanted), 5_000):  # stay well under the databases' parameter limits
        # by organisation alone, so the database reads each one's few rows by its index rather than
        # every row of a scheme
        rows = (
            Classification.objects.filter(organisation_id__in=wanted[start : start + 5_000])
            .annotate(text=text_id())
            .values_list("text", "scheme", "code")
        )
        for organisation_id, scheme, code in rows:
            themes_here = _themes_of(scheme, code)
            if themes_here:
                found[organisation_id].update(themes_here)
    return dict(found)


def text_id(field: str = "organisation_id") -> Cast:
    """An organisation's id as text, as the database writes it (32 hex digits on SQLite, with dashes on
    PostgreSQL): the same within one database, and `UUID(text)` reads either."""
    return Cast(field, output_field=CharField())
