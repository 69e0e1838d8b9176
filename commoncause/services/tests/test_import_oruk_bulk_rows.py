"""An import writes its rows with one prepared INSERT per table (`oruk.inserting`): the rows read back
exactly as the same rows saved through Django do, on both databases; and an import leaves garbage
collection as it found it."""

import datetime as dt
import gc
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import models

from commoncause.services.models import CostOption, Location, Schedule, Service, ServiceVersion
from commoncause.services.oruk import importer
from commoncause.services.oruk.inserting import rows_insert
from commoncause.services.oruk.rows import made
from commoncause.services.tests.import_feeds import feed_import, package_copy
from commoncause.sources.ccew.indexes import refresh_planner_statistics

pytestmark = pytest.mark.django_db
WHEN = dt.datetime(2025, 6, 30, 10, 15, 30, 250_000, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def _values(row: models.Model) -> dict[str, Any]:
    return {
        field.attname: getattr(row, field.attname)
        for field in type(row)._meta.concrete_fields
        if not field.primary_key
    }


def _both_ways(model: type[models.Model], **values: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same row written by `rows_insert` and by `Model.save`, each read back (ids apart)."""
    bulk = made(model, id=uuid.uuid4(), **values) if "id" not in values else made(model, **values)
    rows_insert(model, [bulk])
    saved = model(**values)
    saved.save(force_insert=True)
    found = list(model._default_manager.order_by())
    assert len(found) == 2
    first, second = sorted(found, key=lambda row: row.pk == saved.pk)
    return _values(first), _values(second)


def test_a_service_and_its_timestamps_read_back_as_saved() -> None:
    values = {
        "name": "Lunch Club",
        "minimum_age": 18.0,
        "assured_date": dt.date(2025, 4, 1),
        "last_modified": WHEN,
        "reviewed_at": WHEN,
        "created_at": WHEN,
        "updated_at": WHEN,
    }
    bulk, saved = _both_ways(Service, **values)
    # `save` stamps its own times (auto_now); the bulk row keeps the writer's
    assert {key: value for key, value in bulk.items() if key not in {"created_at", "updated_at"}} == {
        key: value for key, value in saved.items() if key not in {"created_at", "updated_at"}
    }
    assert bulk["created_at"] == bulk["updated_at"] == WHEN
    assert bulk["last_modified"] == WHEN


def test_a_schedule_with_dates_and_times_reads_back_as_saved() -> None:
    service = Service.objects.create(name="Drop-in")
    bulk, saved = _both_ways(
        Schedule,
        service_id=service.pk,
        valid_from=dt.date(2025, 1, 1),
        opens_at=dt.time(10, 0),
        closes_at=dt.time(14, 30, 15),
        interval=2,
        byday="MO,TU",
    )
    assert bulk == saved
    assert (bulk["opens_at"], bulk["closes_at"]) == (dt.time(10, 0), dt.time(14, 30, 15))


def test_an_amount_and_a_place_read_back_as_saved() -> None:
    service = Service.objects.create(name="Advice")
    bulk, saved = _both_ways(CostOption, service_id=service.pk, amount=Decimal("2.50"), option="Per visit")
    assert bulk == saved
    assert bulk["amount"] == Decimal("2.50")
    bulk, saved = _both_ways(
        Location,
        name="Hall",
        latitude=51.5,
        longitude=-0.1,
        point_lat=51.5,
        point_lon=-0.1,
        created_at=WHEN,
        updated_at=WHEN,
    )
    assert {key: value for key, value in bulk.items() if not key.endswith("_at")} == {
        key: value for key, value in saved.items() if not key.endswith("_at")
    }


def test_a_version_document_reads_back_as_saved_even_with_a_very_large_whole_number() -> None:
    service = Service.objects.create(name="Befriending")
    document = {"id": str(service.pk), "name": "Befriending", "minimum_age": 10**30, "nested": [{"a": 1.5}]}
    bulk = made(
        ServiceVersion,
        service_id=service.pk,
        number=1,
        document=document,
        source="feed",
        note="",
        made_at=WHEN,
    )
    rows_insert(ServiceVersion, [bulk])
    ServiceVersion.objects.create(
        service=service, number=2, document=document, source="feed", note="", made_at=WHEN
    )
    first, second = ServiceVersion.objects.order_by("number")
    assert first.document == second.document == document
    assert first.made_at == second.made_at == WHEN


def test_an_import_leaves_garbage_collection_on(tmp_path: Path) -> None:
    assert gc.isenabled()
    feed_import(package_copy(tmp_path, descriptor=True))
    assert gc.isenabled()


def test_a_large_import_tells_the_planner_of_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[list[type[models.Model]]] = []

    def recorded(written: list[type[models.Model]]) -> None:
        told.append(written)
        refresh_planner_statistics(written)  # ANALYZE on PostgreSQL; nothing on SQLite

    monkeypatch.setattr(importer, "refresh_planner_statistics", recorded)
    feed_import(package_copy(tmp_path, descriptor=True))
    assert told == []  # one service: the planner does well enough without
    monkeypatch.setattr(importer, "STATISTICS_AFTER", 1)
    Service.objects.all().delete()
    feed_import(tmp_path / "example-package")
    assert told == [list(importer.WRITTEN)]
