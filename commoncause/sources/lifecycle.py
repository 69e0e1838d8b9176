"""The life of a source record: one set of rules for both write paths.

A source record (`SourceRecord`) is one source's record of one organisation. Each import run sees some of
the source's records: a record it sees is new, changed or unchanged (`is_unchanged`); a new or changed one
is written (`Sighting.written`), an unchanged one only confirmed (`records_confirm`); a record of the
source the run did not see has disappeared (`records_not_seen`) and is marked, never deleted
(`records_mark_disappeared`). A changed record replaces every row of its source that describes the
organisation (`REPLACED_WITH_RECORD`). `SourceWriter` (every importer but CCEW) and the CCEW fast path
both follow these rules through the functions here, so a rule changes in one place; the fast path differs
only in how it batches (and in skipping look-ups an empty register cannot answer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone

from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    OrganisationalTrustee,
    OrganisationEvent,
    OtherName,
    SourceRecord,
)
from commoncause.sources.base import ImportContext
from commoncause.sources.bulk import concrete_field

# What a new or changed record is written with, in this order (`Sighting.written`).
WRITTEN_FIELDS = (
    "record_hash",
    "disappeared_at",
    "file_name",
    "extract_date",
    "last_seen_run",
    "last_confirmed",
)
SEEN_FIELDS = WRITTEN_FIELDS[2:]  # what confirming an unchanged record sets
FILE_NAME_LENGTH = 300
# The rows a source's record of an organisation consists of, beside the organisation's own fields and its
# links: a changed record replaces all of its source's rows of these kinds.
REPLACED_WITH_RECORD: tuple[type[Model], ...] = (
    OtherName,
    Classification,
    AreaOfOperation,
    FinancialYear,
    OrganisationalTrustee,
    OrganisationEvent,
)


@dataclass(frozen=True)
class Sighting:
    """What one run records on every record of its source it sees: which run, which file, and the date
    the record's facts were confirmed (the extract date, else the day of the import)."""

    run_id: int
    file_name: str
    extract_date: dt.date | None
    last_confirmed: dt.date

    @classmethod
    def of(cls, ctx: ImportContext, file_name: str) -> Sighting:
        run = ctx.run
        return cls(run.pk, file_name[:FILE_NAME_LENGTH], run.extract_date, ctx.today)

    def seen(self) -> tuple[Any, ...]:
        """The values of `SEEN_FIELDS`."""
        return (self.file_name, self.extract_date, self.run_id, self.last_confirmed)

    def written(self, fingerprint: str) -> tuple[Any, ...]:
        """The values of `WRITTEN_FIELDS` for a new or changed record: its fingerprint, back if it had
        disappeared, seen by this run."""
        return (fingerprint, None, *self.seen())

    def fields(self, fingerprint: str) -> dict[str, Any]:
        """`written` by field attribute name (`last_seen_run_id`), for the ORM."""
        return dict(zip(attnames(WRITTEN_FIELDS), self.written(fingerprint), strict=True))


def attnames(names: Sequence[str]) -> list[str]:
    """Attribute names of `SourceRecord` fields (`last_seen_run` -> `last_seen_run_id`)."""
    return [concrete_field(SourceRecord, name).attname for name in names]


def is_unchanged(record_hash: str, disappeared: bool, fingerprint: str) -> bool:
    """True when a source's record is the one already written (its stored hash and whether it is marked
    disappeared given): the same fingerprint, and not disappeared, since a record that comes back is
    written again whatever its fingerprint."""
    return record_hash == fingerprint and not disappeared


def records_confirm(*, source: str, keys: Sequence[str], sighting: Sighting) -> int:
    """Record that this run saw these unchanged records of the source (by source key); returns how many.

    One plain UPDATE per few hundred keys: the ORM's own would spend more time preparing 430,000 keys
    than the database spends on them, when a CCEW extract is imported again."""
    meta = SourceRecord._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(
        f"{quote(concrete_field(SourceRecord, name).column)} = %s" for name in SEEN_FIELDS
    )
    update = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE source = %s AND source_key IN"  # noqa: S608  # nosec B608 # quoted model names and placeholders
    size = (connection.features.max_query_params or 5000) - len(SEEN_FIELDS) - 1
    confirmed = 0
    with connection.cursor() as cursor:
        for start in range(0, len(keys), size):
            part = list(keys[start : start + size])
            cursor.execute(f"{update} ({', '.join(['%s'] * len(part))})", [*sighting.seen(), source, *part])
            confirmed += cursor.rowcount
    return confirmed


def records_not_seen(
    *, source: str, run_id: int, scope: dict[str, Any] | None = None
) -> QuerySet[SourceRecord]:
    """What 'disappeared' means: the source's records (within `scope`, e.g. one file of many) that this
    run neither wrote nor confirmed, and that are not already marked."""
    records = SourceRecord.objects.filter(source=source, disappeared_at__isnull=True, **(scope or {}))
    return records.exclude(last_seen_run_id=run_id)


def records_mark_disappeared(*, source: str, run_id: int, scope: dict[str, Any] | None = None) -> int:
    """Mark the records this run did not see as disappeared (now), never deleting them; returns how many."""
    return records_not_seen(source=source, run_id=run_id, scope=scope).update(disappeared_at=timezone.now())
