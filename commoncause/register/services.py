"""Writes to the register that other apps call."""

from collections.abc import Iterable
from uuid import UUID


def search_index_refresh(*, organisation_ids: Iterable[UUID] | None = None) -> None:
    """Bring the search index up to date for these organisations (all when None).

    Importers call this at the end of a run, inside the run's transaction.
    """
    from commoncause.register.search.index import index_refresh

    index_refresh(organisation_ids=organisation_ids)
