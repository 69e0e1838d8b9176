"""`manage.py export_oruk`: the public directory as the standard's tabular data package, read back by
`import_source oruk` into an empty database as the same services."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from commoncause.places.models import Area
from commoncause.register.models import Organisation
from commoncause.services.models import FeedOrganisation, Location, Service, Taxonomy, TaxonomyTerm
from commoncause.services.oruk import documents
from commoncause.services.oruk.export import descriptor
from commoncause.services.tests.factories import (
    ASSURER,
    CONTACT_NAME,
    EXAMPLE,
    WEST_END,
    WESTMINSTER,
    Directory,
    directory,
)
from commoncause.services.tests.import_feeds import feed_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(db: None) -> Directory:
    return directory()


def exported(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = StringIO()
    call_command("export_oruk", str(folder), stdout=out)
    assert "service: 4" in out.getvalue()
    assert "1 services with no organisation" in out.getvalue()
    resources = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    tables = {}
    for resource in resources:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            tables[resource["name"]] = list(csv.DictReader(handle))
    return tables


def test_the_package_is_the_standards_tables_of_the_public_services(
    tmp_path: Path, services: Directory
) -> None:
    tables = exported(tmp_path)

    assert (tmp_path / "datapackage.json").read_bytes() == descriptor().read_bytes()
    assert sorted(row["name"] for row in tables["service"]) == [
        "Community Counselling", "Food bank", "Lunch club", "Youth club",
    ]  # fmt: skip
    assert {row["state_province"] for row in tables["address"]} == {"London"}
    assert [row["title"] for row in tables["contact"]] == ["Reception Manager"]
    assert tables["contact"][0]["name"] == ""
    assert {row["assurer_email"] for row in tables["service"]} == {""}
    text = "".join(path.read_text(encoding="utf-8") for path in tmp_path.glob("*.csv"))
    assert CONTACT_NAME not in text
    assert ASSURER not in text
    counselling = next(row for row in tables["service"] if row["id"] == str(EXAMPLE["service"]))
    assert counselling["organization_id"] == str(EXAMPLE["organisation"])
    assert counselling["last_modified"] == "2023-03-15T10:30:45.123Z"
    assert {row["postal_code"] for row in tables["address"]} == {"SW1A 2AX", "SW1P 3AZ", "W1D 3JB", "W2 1EG"}
    assert [row["byday"] for row in tables["schedule"] if row["service_id"] == str(EXAMPLE["service"])] == [
        "TH,FR"
    ]
    assert tables["organization_identifier"][0]["identifier_scheme"].startswith("GB-")


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    """What the standard's tables carry of a service (phones only on contacts, languages as ids, no
    organisation attributes), and not when we last changed the row. A service area's GSS code is found
    again only where its name or addresses give it (the example's gives a web address of its own)."""
    kept = {key: value for key, value in document.items() if key not in ("phones", "last_modified")}
    kept["service_areas"] = [
        {
            key: value
            for key, value in area.items()
            if key != "gss_code" or "example.com" not in area.get("uri", "")
        }
        for area in document.get("service_areas", [])
    ]
    kept["languages"] = [{"id": language["id"]} for language in document.get("languages", [])]
    for sal in kept.get("service_at_locations", []):
        sal["location"] = {key: value for key, value in sal["location"].items() if key != "phones"}
        for address in sal["location"].get("addresses", []):  # the export fills it in, as the tables need it
            address["state_province"] = address["state_province"] or address["city"]
    if "organization" in kept:  # made anew in an empty register, so by name (its feed id is kept apart)
        kept["organization"] = kept["organization"]["name"]
        kept.pop("organization_id")
    return kept


def test_a_round_trip_through_the_importer_gives_the_same_services(
    tmp_path: Path, services: Directory
) -> None:
    public = Service.objects.exclude(pk__in=[services.merged.pk, services.removed.pk, services.advice.pk])
    before = {d["id"]: _comparable(d) for d in documents.services_documents(public, full=True)}
    exported(tmp_path)
    for model in (Service, Location, TaxonomyTerm, Taxonomy, Organisation):
        model.objects.all().delete()

    for code, kind in ((WESTMINSTER, "local_authority"), (WEST_END, "ward")):  # the areas places knows
        Area.objects.create(code=code, vintage="2025", area_type=kind, name=code)

    run = feed_import(tmp_path)

    assert (run.created, run.rejected) == (4, 0), run.notes
    after = {d["id"]: _comparable(d) for d in documents.services_documents(Service.objects.all(), full=True)}
    assert set(after) == set(before)
    counselling = Service.objects.get(pk=EXAMPLE["service"])
    assert (
        FeedOrganisation.objects.get(id=EXAMPLE["organisation"]).organisation_id
        == counselling.organisation_id
    )
    for key, document in before.items():
        for field in document:
            assert after[key].get(field) == document[field], (document["name"], field)
