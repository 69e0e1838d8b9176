"""The database router: writes to the primary, reads to a read replica when one is safe to read.

Which reads may go to a replica is decided in `commoncause.core.replicas` (docs/deployment.md). With no
`DATABASE_REPLICA_URLS` set every read and write goes to `default`, as with no router at all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

from commoncause.core import replicas

# Who is asking and how often: sessions, accounts, API tokens, sign-in lockouts and the cache's
# rate-limit counters are read from the primary always, so a revoked token or a locked account is
# refused at once and a counter never lags. They are small reads by key. Their writes (a session
# saved, a token's last use noted) do not send a person's other reads to the primary.
PRIMARY_ONLY = frozenset({"sessions", "auth", "axes", "django_cache", "accounts.apitoken"})


def _primary_only(model: type[Model]) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY or f"{meta.app_label}.{meta.model_name}" in PRIMARY_ONLY


class PrimaryReplicaRouter:
    """Routes reads to the request's replica and everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if not settings.DATABASE_REPLICAS or _primary_only(model):
            return DEFAULT_DB_ALIAS
        return replicas.read_alias()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        if settings.DATABASE_REPLICAS and not _primary_only(model):
            replicas.note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        """Rows read from a replica and from the primary are the same rows, and may be related."""
        ours = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        return True if obj1._state.db in ours and obj2._state.db in ours else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        """Only the primary is migrated; replicas receive its changes by streaming."""
        return db == DEFAULT_DB_ALIAS
