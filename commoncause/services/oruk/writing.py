"""Open Referral UK service documents written as the services app's rows, many at once.

One path for every write of a whole service: an import writes its feed's services a batch at a time
through `services_save`, and a single save (a member's approved change, an example) goes through
`service_document_save`, which is `services_save` of one. A service new to the register, or whose
document (or organisation) changed, has its children replaced by those of the new document and gets a
`ServiceVersion` holding the document; an unchanged one is only marked reviewed. New rows are written
with one prepared INSERT per table (`inserting`), so a feed of tens of thousands of services is
written in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from commoncause.register.models import Organisation
from commoncause.services.models import (
    Accessibility,
    Address,
    Attribute,
    AttributeLink,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceSource,
    ServiceVersion,
    Taxonomy,
    TaxonomyTerm,
)
from commoncause.services.oruk.checking import document_problems
from commoncause.services.oruk.inserting import rows_insert
from commoncause.services.oruk.placing import AreaNamer, LocationPlacer
from commoncause.services.oruk.rows import CHILDREN, ServiceRows, made, service_fill
from commoncause.sources.shortened import Shortened

ROWS = 1_000  # rows per INSERT
CHUNK = 500  # ids per lookup (SQLite allows 32,766 parameters)
SERVICE_FIELDS = (
    "organisation", "name", "description", "url", "email", "status", "fees", "accreditations",
    "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert", "last_modified", "source",
    "feed", "reviewed_at", "missing_from_feed_since", "search_text", "updated_at",
)  # fmt: skip
LOCATION_FIELDS = (
    "location_type", "name", "description", "latitude", "longitude", "external_identifier",
    "external_identifier_type", "postcode", "point_lat", "point_lon", "ward_code", "council_code",
    "updated_at",
)  # fmt: skip
TERM_FIELDS = ("name", "description", "parent", "taxonomy_name", "taxonomy", "term_uri", "term", "updated_at")


class ServiceDocumentInvalid(ValueError):
    """A service document the standard's schema refuses; the message names each field and why."""


@dataclass(frozen=True)
class ServiceToSave:
    """One service document and what the register keeps beside it."""

    document: dict[str, Any]
    organisation_id: UUID | None
    organisation_name: str
    source: str
    feed: str
    reviewed_at: dt.datetime
    note: str  # the version's note: the feed and run, or the approval


@dataclass
class Writer:
    """What a run's batches share: the placer and area namer (each reads places once), what was cut."""

    placer: LocationPlacer = field(default_factory=LocationPlacer)
    areas: AreaNamer = field(default_factory=AreaNamer)
    shortened: Shortened = field(default_factory=Shortened)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: list[UUID] = field(default_factory=list)  # services new or changed, in order
    # Whether the services app held no service when the run began: then a child row can be elsewhere
    # only if this run wrote it, which the ids it wrote tell without asking the database.
    first: bool | None = None
    ids_written: dict[type[models.Model], set[UUID]] = field(default_factory=dict)

    def elsewhere(self, model: type[models.Model], ids: list[UUID]) -> set[UUID]:
        """Which of these rows of `model` are written already (under another service or location)."""
        written = self.ids_written.setdefault(model, set())
        found = {pk for pk in ids if pk in written} if self.first is True else _existing(model, ids)
        written.update(ids)
        return found


def _chunks(ids: Sequence[Any]) -> Iterable[Sequence[Any]]:
    return (ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK))


def _latest_versions(ids: list[UUID]) -> dict[UUID, ServiceVersion]:
    """The newest version of each of these services that has one."""
    found: dict[UUID, ServiceVersion] = {}
    for chunk in _chunks(ids):
        numbers = (
            ServiceVersion.objects.filter(service_id__in=chunk)
            .values("service_id")
            .annotate(newest=Max("number"))
            .values_list("service_id", "newest")
        )
        newest = dict(numbers)
        for version in ServiceVersion.objects.filter(service_id__in=list(newest)):
            if newest[version.service_id] == version.number:
                found[version.service_id] = version
    return found


def services_save(items: Sequence[ServiceToSave], writer: Writer) -> None:
    """Write one batch of service documents (ids unique within it): new, changed or unchanged."""
    ids = [UUID(str(item.document["id"])) for item in items]
    if writer.first is None:
        writer.first = not Service.objects.exists()
    existing = {
        service.pk: service for chunk in _chunks(ids) for service in Service.objects.filter(pk__in=chunk)
    }
    versions = _latest_versions(list(existing))
    now = timezone.now()
    rows = ServiceRows(shortened=writer.shortened)
    changed: list[UUID] = []
    confirmed: list[Service] = []
    new_versions: list[ServiceVersion] = []
    for service_id, item in zip(ids, items, strict=True):
        old = existing.get(service_id)
        version = versions.get(service_id)
        if old is not None and _unchanged(old, version, item):
            old.reviewed_at, old.missing_from_feed_since, old.updated_at = item.reviewed_at, None, now
            confirmed.append(old)
            continue
        service = old or made(Service, id=service_id, created_at=now)
        _service_set(service, item, now)
        service_fill(rows, service, item.document)
        service.search_text = _search_text(service, item, rows.term_names[service_id])
        number = version.number + 1 if version is not None else 1
        new_versions.append(
            made(
                ServiceVersion, service_id=service_id, number=number, document=item.document,
                source=item.source, note=item.note[:300], made_at=now,
            )
        )  # fmt: skip
        if old is not None:
            changed.append(service_id)
    Service.objects.bulk_update(
        confirmed, ["reviewed_at", "missing_from_feed_since", "updated_at"], batch_size=ROWS
    )
    _rows_write(rows, changed, existing, writer, now)
    rows_insert(ServiceVersion, new_versions)
    writer.unchanged += len(confirmed)
    writer.updated += len(changed)
    writer.created += len(new_versions) - len(changed)
    writer.written += [version.service_id for version in new_versions]


def _unchanged(old: Service, version: ServiceVersion | None, item: ServiceToSave) -> bool:
    return (
        version is not None
        and version.document == item.document
        and old.organisation_id == item.organisation_id
        and old.source == item.source
        and old.feed == item.feed
    )


def _service_set(service: Service, item: ServiceToSave, now: dt.datetime) -> None:
    service.organisation_id = item.organisation_id
    service.source = item.source
    service.feed = item.feed[:300]
    service.reviewed_at = item.reviewed_at
    service.missing_from_feed_since = None
    service.updated_at = now


def _search_text(service: Service, item: ServiceToSave, terms: list[str]) -> str:
    """Its words and its categories', lower case, for finding it by any of them."""
    words = [service.name, service.description, item.organisation_name, *terms]
    return " ".join(word for word in words if word).lower()


def _rows_write(
    rows: ServiceRows, changed: list[UUID], existing: dict[UUID, Service], writer: Writer, now: dt.datetime
) -> None:
    """Write the batch's services and their children, the changed services' old children gone first."""
    _terms_write(rows, now)
    rows_insert(Service, [service for pk, service in rows.services.items() if pk not in existing])
    Service.objects.bulk_update([rows.services[pk] for pk in changed], list(SERVICE_FIELDS), batch_size=ROWS)
    known = _existing(Location, list(rows.locations))
    _children_delete(changed, sorted(known), rows, writer)
    _locations_write(rows, known, writer, now)
    writer.areas.name(rows.children[ServiceArea].values())  # type: ignore[arg-type]  # ServiceArea rows
    _dangling_drop(rows)
    for model in CHILDREN:
        rows_insert(model, list(rows.children[model].values()))


def _children_delete(services: list[UUID], locations: list[UUID], rows: ServiceRows, writer: Writer) -> None:
    """Remove what the new documents replace: the changed services' children, the known locations' own
    children, and any row of the same id elsewhere (an id names one thing: it has moved)."""
    by_service: tuple[type[models.Model], ...] = (
        ServiceAtLocation, ServiceArea, Contact, Phone, Language, Funding, CostOption, Schedule,
    )  # fmt: skip
    for chunk in _chunks(services):
        for model in by_service:
            model._default_manager.filter(service_id__in=chunk).delete()
        Attribute.objects.filter(link_entity=AttributeLink.SERVICE, link_id__in=chunk).delete()
    for chunk in _chunks(locations):
        for model in (Address, Accessibility, Phone):
            model._default_manager.filter(location_id__in=chunk).delete()
        Attribute.objects.filter(link_entity=AttributeLink.LOCATION, link_id__in=chunk).delete()
    for child in CHILDREN:
        moved = writer.elsewhere(child, list(rows.children[child]))
        for chunk in _chunks(sorted(moved)):
            child._default_manager.filter(pk__in=chunk).delete()


def _locations_write(rows: ServiceRows, known: set[UUID], writer: Writer, now: dt.datetime) -> None:
    locations = list(rows.locations.values())
    writer.placer.place(locations)
    for location in locations:
        location.updated_at = now
        if location.pk not in known:
            location.created_at = now
    rows_insert(Location, [location for location in locations if location.pk not in known])
    Location.objects.bulk_update(
        [location for location in locations if location.pk in known], list(LOCATION_FIELDS), batch_size=ROWS
    )


def _terms_write(rows: ServiceRows, now: dt.datetime) -> None:
    """Add the taxonomy terms new to the register and bring the others up to date."""
    terms_save(list(rows.terms.values()), now=now)


def terms_save(terms: list[TaxonomyTerm], *, now: dt.datetime) -> None:
    """Write these taxonomy terms (new or changed), each parent and taxonomy kept only when it is a
    term or taxonomy known (given here or already in the register)."""
    ids = [term.pk for term in terms]
    known_terms = set(ids) | _existing(TaxonomyTerm, [t.parent_id for t in terms if t.parent_id])
    known_taxonomies = _existing(Taxonomy, [t.taxonomy_id for t in terms if t.taxonomy_id])
    existing = {
        pk: term for chunk in _chunks(ids) for pk, term in TaxonomyTerm.objects.in_bulk(list(chunk)).items()
    }
    new, changed = [], []
    for term in terms:
        term.parent_id = term.parent_id if term.parent_id in known_terms else None
        term.taxonomy_id = term.taxonomy_id if term.taxonomy_id in known_taxonomies else None
        term.updated_at = now
        old = existing.get(term.pk)
        if old is None:
            term.created_at = now
            new.append(term)
        elif any(getattr(old, name) != getattr(term, name) for name in ("name", "description", "parent_id",
                 "taxonomy_name", "taxonomy_id", "term_uri", "term")):  # fmt: skip
            changed.append(term)
    TaxonomyTerm.objects.bulk_create(new, batch_size=ROWS)
    TaxonomyTerm.objects.bulk_update(changed, list(TERM_FIELDS), batch_size=ROWS)


def _existing(model: type[models.Model], ids: list[UUID]) -> set[UUID]:
    wanted = sorted(set(ids))
    return {
        pk
        for chunk in _chunks(wanted)
        for pk in model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True)
    }


def _dangling_drop(rows: ServiceRows) -> None:
    """Leave out what would point at nothing: an attribute of a term that is nowhere, a language's
    phone that is not written (the language stays, as the service's)."""
    terms = set(rows.terms) | _existing(
        TaxonomyTerm,
        [row.taxonomy_term_id for row in rows.children[Attribute].values() if isinstance(row, Attribute)],
    )
    attributes = rows.children[Attribute]
    for pk in [
        pk
        for pk, row in attributes.items()
        if isinstance(row, Attribute) and row.taxonomy_term_id not in terms
    ]:
        del attributes[pk]
    phones = set(rows.children[Phone])
    for row in rows.children[Language].values():
        if isinstance(row, Language) and row.phone_id is not None and row.phone_id not in phones:
            row.phone_id = None


@transaction.atomic
def service_document_save(
    document: dict[str, Any],
    *,
    organisation: Organisation | None,
    source: str,
    note: str,
    feed: str = "",
    reviewed_at: dt.datetime | None = None,
) -> Service:
    """Write one fully nested service document as an import does (`services_save` of one), with a
    `ServiceVersion` when it is new or changed. Raises `ServiceDocumentInvalid` for a document the
    standard's schema refuses, naming each field."""
    if problems := document_problems("service", document):
        raise ServiceDocumentInvalid("; ".join(str(problem) for problem in problems))
    item = ServiceToSave(
        document=document,
        organisation_id=organisation.pk if organisation is not None else None,
        organisation_name=organisation.name if organisation is not None else "",
        source=source or ServiceSource.MEMBER,
        feed=feed,
        reviewed_at=reviewed_at or timezone.now(),
        note=note,
    )
    services_save([item], Writer())
    return Service.objects.get(pk=UUID(str(document["id"])))
