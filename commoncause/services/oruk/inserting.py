"""A feed's rows written with one prepared INSERT per table (COPY on PostgreSQL), each value made ready
for the driver by its column's kind alone.

`sources.bulk.insert_objects` asks each field of each row to prepare its value, which for a feed of
50,000 services (some 650,000 rows) cost as much as SQLite's own writing. The rows here are made with
every value set (`rows.made`, the writer's timestamps), so each value needs at most its column's one
conversion: a UUID's hex on SQLite, a date, time or amount as the backend adapts it, a document as JSON
text (written by orjson, several times faster than the standard library's encoder; PostgreSQL's COPY
reads a jsonb column from that text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

import orjson
from django.db import connection, models

ROWS = 2_000  # rows per executemany or COPY

Prepare = Callable[[Any], Any]


def _json_text(value: Any) -> str:
    """A document as JSON text; the standard library's encoder for what orjson refuses (an integer
    beyond 64 bits that a feed's cell held)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


def _remembered(prepare: Prepare) -> Prepare:
    """`prepare`, each distinct value prepared once: a feed's timestamps, dates, times and amounts are
    the same few values over and over (the run's own time above all), and adapting a timestamp to
    SQLite's form costs more than writing it."""
    done: dict[Any, Any] = {}

    def prepared(value: Any) -> Any:
        found = done.get(value, done)
        if found is done:
            found = done[value] = prepare(value)
        return found

    return prepared


def _preparer(field: models.Field[Any, Any]) -> Prepare | None:
    """How a value of this column is made ready for the driver (None: as it is)."""
    ops = connection.ops
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.UUIDField):
        return None if connection.features.has_native_uuid_field else attrgetter("hex")
    if isinstance(target, models.DateTimeField):
        return _remembered(ops.adapt_datetimefield_value)
    if isinstance(target, models.DateField):
        return _remembered(ops.adapt_datefield_value)
    if isinstance(target, models.TimeField):
        return _remembered(ops.adapt_timefield_value)
    if isinstance(target, models.DecimalField):
        digits, places = target.max_digits, target.decimal_places
        return _remembered(lambda value: ops.adapt_decimalfield_value(value, digits, places))
    if isinstance(target, models.JSONField):  # COPY reads jsonb from its text as SQLite stores it
        return _json_text
    return None


def rows_insert(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """INSERT these unsaved rows of `model`, every field's value as set on them (none is filled in)."""
    if not objects:
        return
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)]
    names = [field.attname for field in fields]
    values: Callable[[Any], Any] = (
        attrgetter(*names) if len(names) > 1 else lambda row: (getattr(row, names[0]),)
    )
    prepared = [(at, prepare) for at, field in enumerate(fields) if (prepare := _preparer(field))]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's own: no wrapper work per row
        for start in range(0, len(objects), ROWS):
            batch = []
            for row in objects[start : start + ROWS]:
                found = list(values(row))
                for at, prepare in prepared:
                    if found[at] is not None:
                        found[at] = prepare(found[at])
                batch.append(found)
            if connection.vendor == "postgresql":  # COPY, as the register's importers write
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for found in batch:
                        copy.write_row(found)
            else:
                marks = ", ".join(["?"] * len(fields))
                raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)  # noqa: S608  # nosec B608 # table and column names from the model, values are parameters
