"""The public directory as an Open Referral UK 3.0 tabular data package: the standard's `datapackage.json`
(as shipped, its resources' paths kept) and one CSV per table, in the descriptor's columns, as
`import_source oruk` reads it back.

Rows are made by flattening the services' documents (`documents.services_documents`), so the package
holds exactly what the API serves, and nothing it does not (no contact's name, no assurer's email):
each nested object becomes a row of its table with its parent's id. Only what the UK profile's tables
have a column for is written: phones of a contact (not of a service or location), a language's id and
links (not its name or code), and attributes of services and locations (the table has no column to say
a row belongs to an organisation). Every taxonomy and term is written, as the API lists them all.

The tables require some cells the JSON does not, and a package the importer would refuse is no use:
a service with no organisation is left out (a service's `organization_id` is required), and an
address's `state_province`, when it has none, is its region or else its city (UK addresses seldom
give one); an address still missing a required cell is left out. Both are counted in `skipped`.

Services are read in batches, so the package of a large directory is written in bounded memory.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.db.models import QuerySet

from commoncause.services import selectors
from commoncause.services.models import Service, Taxonomy, TaxonomyTerm
from commoncause.services.oruk import documents
from commoncause.services.oruk.schemas import folder

Document = dict[str, Any]
BATCH = 500


def descriptor() -> Path:
    return folder() / "oruk-3.0" / "datapackage.json"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class Package:
    """The package's tables being written: a CSV writer and its columns per table, and the ids already
    written of tables that several services share (organisations, locations, terms)."""

    writers: dict[str, tuple[Any, list[str]]]
    written: dict[str, set[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1

    def add(self, table: str, document: Document, **links: str) -> None:
        """A row of `table` from a document's own fields and its links to its parents; once per id."""
        seen = self.written.setdefault(table, set())
        if document["id"] in seen:
            return
        seen.add(document["id"])
        writer, columns = self.writers[table]
        row = document | links
        writer.writerow([_cell(row.get(column)) for column in columns])
        self.counts[table] = self.counts.get(table, 0) + 1


def _location(package: Package, location: Document) -> None:
    for address in location.get("addresses", []):
        province = address["state_province"] or address.get("region") or address["city"]
        if all(address[name] for name in ("address_1", "city", "postal_code", "country")) and province:
            package.add("address", address | {"state_province": province}, location_id=location["id"])
        else:
            package.skip("addresses missing a required cell")
    for item in location.get("accessibility", []):
        package.add("accessibility", item, location_id=location["id"])
    _attributes(package, location)
    package.add("location", location)


def _attributes(package: Package, owner: Document) -> None:
    for attribute in owner.get("attributes", []):
        package.add("taxonomy_term", attribute["taxonomy_term"])
        package.add("attribute", attribute)


def _phones(package: Package, owner: Document, **links: str) -> None:
    for phone in owner.get("phones", []):
        package.add("phone", phone, **links)
        for language in phone.get("languages", []):
            package.add("language", language, phone_id=phone["id"])


def _service(package: Package, service: Document) -> None:
    """A fully nested service as rows of its tables."""
    if not (organisation := service.get("organization")):
        package.skip("services with no organisation")
        return
    package.add("organization", organisation)
    for identifier in organisation.get("organization_identifiers", []):
        package.add("organization_identifier", identifier, organization_id=organisation["id"])
    package.add("service", service)
    mine = {"service_id": service["id"]}
    for table, key in (
        ("schedule", "schedules"),
        ("service_area", "service_areas"),
        ("language", "languages"),
        ("funding", "funding"),
        ("cost_option", "cost_options"),
    ):
        for item in service.get(key, []):
            package.add(table, item, **mine)
    for contact in service.get("contacts", []):
        package.add("contact", contact, **mine)
        _phones(package, contact, contact_id=contact["id"])
    for sal in service.get("service_at_locations", []):
        _location(package, sal["location"])
        package.add("service_at_location", sal, location_id=sal["location"]["id"], **mine)
        for schedule in sal.get("schedules", []):
            package.add("schedule", schedule, service_at_location_id=sal["id"])
    _attributes(package, service)


def _batches(services: QuerySet[Service]) -> Iterator[list[Document]]:
    keys = list(services.values_list("pk", flat=True))
    for start in range(0, len(keys), BATCH):
        chosen = Service.objects.filter(pk__in=keys[start : start + BATCH]).order_by("name", "id")
        yield documents.services_documents(chosen, full=True)


class Exported(NamedTuple):
    rows: dict[str, int]  # per table
    skipped: dict[str, int]  # what was left out, and how many


def directory_export(target: Path) -> Exported:
    """Write the public directory into `target` (made if need be) as a tabular data package."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(descriptor(), target / "datapackage.json")
    resources = json.loads(descriptor().read_text(encoding="utf-8"))["resources"]
    with ExitStack() as files:
        writers = {}
        for resource in resources:
            handle = files.enter_context((target / resource["path"]).open("w", encoding="utf-8", newline=""))
            columns = [column["name"] for column in resource["schema"]["fields"]]
            writer = csv.writer(handle)
            writer.writerow(columns)
            writers[resource["name"]] = (writer, columns)
        package = Package(writers)
        for taxonomy in Taxonomy.objects.order_by("name", "id"):
            package.add("taxonomy", documents.taxonomy(taxonomy))
        for term in TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "id"):
            package.add("taxonomy_term", documents.taxonomy_term(term))
        for batch in _batches(selectors.services_public()):
            for service in batch:
                _service(package, service)
    return Exported(package.counts, package.skipped)
