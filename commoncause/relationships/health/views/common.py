"""What the health check's pages share: finding a council or a round, and refusing those who may not
run it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from commoncause.accounts.models import Council
from commoncause.relationships.health.library import ABOUT_LABELS, COUNCIL, PARTNERSHIP, SECTOR
from commoncause.relationships.health.models import HealthRound
from commoncause.relationships.health.selectors import may_run

ABOUTS = (COUNCIL, SECTOR, PARTNERSHIP)
T = TypeVar("T")


def council_or_404(slug: str) -> Council:
    return get_object_or_404(Council, slug=slug)


def round_or_404(round_id: int) -> HealthRound:
    return get_object_or_404(HealthRound.objects.select_related("council"), pk=round_id)


def runs_or_refuse(user: User, council: Council) -> None:
    """Officers of another council (and anyone else) are refused."""
    if not may_run(user, council):
        raise PermissionDenied("Only the council's officers and curators run its health checks.")


def by_about(items: Sequence[T], about_of: Callable[[T], str]) -> list[tuple[str, str, list[T]]]:
    """Items grouped by the side their statement is about, in order: (about, its label, items)."""
    groups = []
    for side in ABOUTS:
        found = [item for item in items if about_of(item) == side]
        if found:
            groups.append((side, ABOUT_LABELS[side], found))
    return groups
