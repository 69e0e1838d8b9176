"""Fast inserts for importers: one prepared INSERT run with `executemany`, on SQLite and PostgreSQL.

`QuerySet.bulk_create` builds a model instance per row and compiles every value through the ORM's SQL
compiler, which costs more than the database does at import sizes. Here each field is prepared once
and only the values a driver cannot take as they are (UUIDs and dates on SQLite, JSON) are converted.
No signals, no `save()`; auto-increment keys are left to the database and not read back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
BATCH = 2000


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """One of the model's own fields by name (never a reverse relation), for its column or attribute."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field of its own")
    return field


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT rows of plain values for these fields (attribute names, e.g. `organisation_id`)."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608  # nosec B608 # table and column names from the model, values are parameters
    converters = [_converter(field) for field in fields]
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(
                sql,
                [
                    [
                        value if convert is None else convert(value)
                        for value, convert in zip(row, converters, strict=True)
                    ]
                    for row in batch
                ],
            )


def insert_objects(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """INSERT these unsaved model instances (auto_now fields are filled in)."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                field.pre_save(obj, add=True)
    names = [field.attname for field in fields]
    insert_rows(model, names, ([getattr(obj, name) for name in names] for obj in objects))


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """None when the driver takes the Python value as it is; else a conversion for this database."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.UUIDField):
        return None if connection.features.has_native_uuid_field else _uuid_hex
    if isinstance(target, models.DateField) and not isinstance(target, models.DateTimeField):
        return None if connection.vendor == "postgresql" else _iso
    if isinstance(target, _AS_IS):
        return None
    if connection.vendor == "sqlite":
        if isinstance(target, models.DateTimeField):
            return _sqlite_datetime
        if isinstance(target, models.JSONField):
            return _sqlite_json
    return lambda value: field.get_db_prep_save(value, connection)


def _uuid_hex(value: Any) -> Any:
    return None if value is None else value.hex


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _sqlite_datetime(value: Any) -> Any:
    """As Django stores it on SQLite: naive UTC."""
    if value is None:
        return None
    return str(value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value)


def _sqlite_json(value: Any) -> Any:
    return None if value is None else json.dumps(value)
