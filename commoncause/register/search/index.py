"""Search index maintenance (filled in by the search backends)."""

from collections.abc import Iterable
from uuid import UUID


def index_refresh(*, organisation_ids: Iterable[UUID] | None = None) -> None:
    """Refresh the search index rows of these organisations (all when None)."""
    return
