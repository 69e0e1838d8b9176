"""A feed imported again: changed services updated in place with a new version, services it no longer
has kept and marked as missing (never deleted), and the mark cleared when they come back."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from commoncause.services.models import Contact, Service, ServiceVersion
from commoncause.services.tests.import_feeds import feed_import
from commoncause.services.tests.import_rows import example

pytestmark = pytest.mark.django_db
OTHER = "0f0e7a1c-5b9d-4c1e-9a57-3d5f1c2b7e10"


def _feed(folder: Path, *services: dict[str, Any]) -> Path:
    """A feed folder named `district-services` holding these service documents."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in folder.glob("*.json"):
        file.unlink()
    for number, service in enumerate(services):
        (folder / f"service_{number}.json").write_text(json.dumps(service), encoding="utf-8")
    return folder


def _two_services() -> tuple[dict[str, Any], dict[str, Any]]:
    first = example("service_full")
    second = copy.deepcopy(first)
    second.update(id=OTHER, name="Carers' Drop-in", service_at_locations=[], attributes=[], contacts=[])
    for key in ("schedules", "service_areas", "languages", "funding", "cost_options"):
        second.pop(key)
    return first, second


def test_a_second_import_updates_changed_services_and_keeps_missing_ones(tmp_path: Path) -> None:
    folder = tmp_path / "district-services"
    first, second = _two_services()
    feed_import(_feed(folder, first, second))
    changed = copy.deepcopy(first)
    changed["name"] = "Community Counselling Service"
    changed["contacts"][0]["title"] = "Receptionist"
    run = feed_import(_feed(folder, changed))
    assert (run.created, run.updated, run.unchanged, run.removed) == (0, 1, 0, 1)
    service = Service.objects.get(pk=first["id"])
    assert service.name == "Community Counselling Service"
    assert Contact.objects.get().title == "Receptionist"
    assert service.versions.count() == 2
    missing = Service.objects.get(pk=OTHER)
    assert missing.missing_from_feed_since == run.started_at
    assert "1 services of feed district-services were not in this file: kept, marked as missing." in run.notes


def test_an_unchanged_service_is_only_marked_reviewed_and_a_returning_one_is_unmarked(tmp_path: Path) -> None:
    folder = tmp_path / "district-services"
    first, second = _two_services()
    feed_import(_feed(folder, first, second))
    feed_import(_feed(folder, first))
    run = feed_import(_feed(folder, first, second))
    assert (run.created, run.updated, run.unchanged, run.removed) == (0, 0, 2, 0)
    assert not Service.objects.filter(missing_from_feed_since__isnull=False).exists()
    assert ServiceVersion.objects.count() == 2
