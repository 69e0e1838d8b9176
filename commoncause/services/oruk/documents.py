"""Services as Open Referral UK 3.0 writes them: the JSON of the API's answers and of a service's versions.

Each function turns rows into one of the standard's objects, with the standard's field names. Optional
fields with no value are left out rather than sent as `null` or `""` (the schemas type most of them as
plain strings or numbers, which `null` breaks); fields the schemas require are always sent.

Two fields the standard has are never written, as they name or reach a person and the schemas do not
require them: a contact's `name` and a service's `assurer_email`. Phones (on a service, a location or a
contact) and a language's `name` and `code` are written as HSDS 3.1 writes them: the UK profile has no
place for them, and its schemas allow fields beyond their own.

The `*_full` and `*_list_items` functions take querysets and fetch what they nest in a fixed number of
queries, whatever the number of services (`prefetch_*`), so a page of 500 costs the same few queries as
a page of 5.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch, QuerySet

from commoncause.members.models import ProfileVersion
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.services.models import (
    Accessibility,
    Address,
    Attribute,
    AttributeLink,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Document = dict[str, Any]

# Identifier rows in the register have integer keys; the standard wants a UUID, the same on every call.
IDENTIFIER_NAMESPACE = uuid.UUID("5a0c1d52-6f0e-4d4b-9d55-0f1a2b3c4d5e")
IDENTIFIER_TYPES = {
    "GB-CHC": "Charity number (Charity Commission for England and Wales)",
    "GB-NIC": "Charity number (Charity Commission for Northern Ireland)",
    "GB-SC": "Charity number (Scottish Charity Regulator)",
    "GB-COH": "Company number (Companies House)",
    "GB-MPR": "Society number (Mutuals Public Register)",
    "GB-LOCAL": "Local identifier (Common Cause)",
}
ONS_AREA = "http://statistics.data.gov.uk/id/statistical-geography/"
# The address fields the schemas require, sent as "" when the row has no value.
ADDRESS_REQUIRED = ("address_1", "city", "state_province", "postal_code", "country", "address_type")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _number(value: float | Decimal | int | None) -> float | int | None:
    """A number as JSON writes it best: 12 rather than 12.0 when it is whole."""
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _when(value: dt.date | dt.time | None) -> str | None:
    return None if value is None else value.isoformat()


def timestamp(value: dt.datetime | None) -> str | None:
    """RFC 3339 in UTC to the millisecond, as the standard's examples write `last_modified`."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _email(value: str) -> str | None:
    """An email address only when it is one: the schemas check the format, and registers hold typos."""
    try:
        validate_email(value.strip())
    except ValidationError:
        return None
    return value.strip()


def _website(value: str) -> str | None:
    """A web address with its scheme: registers often write `www.example.org`. Plain http is assumed,
    as sites that have TLS redirect to it and sites that lack it fail under https."""
    value = value.strip()
    if not value:
        return None
    return value if value.lower().startswith(("http://", "https://")) else f"http://{value}"


def _compact(document: Document, *, keep: Sequence[str] = ("id",)) -> Document:
    """The document without its empty optional fields (None, "", []), keeping those in `keep`."""
    return {
        key: ("" if value is None else value) if key in keep else value
        for key, value in document.items()
        if key in keep or value not in (None, "", [])
    }


def _sorted(rows: Iterable[Any]) -> list[Any]:
    """Rows in a fixed order (by id), so the same service always reads the same."""
    return sorted(rows, key=lambda row: str(row.pk))


# -- small objects -------------------------------------------------------------------------------------


def taxonomy_term(term: TaxonomyTerm) -> Document:
    """A taxonomy term; `taxonomy` is the taxonomy's name when the term belongs to one we hold."""
    taxonomy_name = term.taxonomy_name or (term.taxonomy.name if term.taxonomy_id and term.taxonomy else "")
    return _compact(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description,
            "parent_id": _text(term.parent_id),
            "taxonomy": taxonomy_name,
            "taxonomy_id": _text(term.taxonomy_id),
            "term_uri": term.term_uri,
            "term": term.term,
        },
        keep=("id", "name", "description"),
    )


def taxonomy(row: Taxonomy, *, terms: Iterable[TaxonomyTerm] | None = None) -> Document:
    """A taxonomy; with `terms`, its terms nested as `taxonomy_terms`."""
    document = _compact(
        {
            "id": str(row.id),
            "name": row.name,
            "description": row.description,
            "uri": row.uri,
            "version": row.version,
        },
        keep=("id", "name", "description"),
    )
    if terms is not None:
        document["taxonomy_terms"] = [taxonomy_term(term) for term in terms]
    return document


def _attribute(row: Attribute) -> Document:
    return _compact(
        {
            "id": str(row.id),
            "link_id": str(row.link_id),
            "link_type": row.link_type,
            "taxonomy_term_id": str(row.taxonomy_term_id),
            "taxonomy_term": taxonomy_term(row.taxonomy_term),
        }
    )


def attributes_for(entity: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Document]]:
    """The attributes of many rows of one table, with their terms, in one query."""
    found: dict[uuid.UUID, list[Document]] = defaultdict(list)
    rows = (
        Attribute.objects.filter(link_entity=entity, link_id__in=list(ids))
        .select_related("taxonomy_term__taxonomy")
        .order_by("id")
    )
    for row in rows:
        found[row.link_id].append(_attribute(row))
    return found


def _language(row: Language) -> Document:
    return _compact({"id": str(row.id), "name": row.name, "code": row.code})


def _phone(row: Phone) -> Document:
    return _compact(
        {
            "id": str(row.id),
            "number": row.number,
            "description": row.description,
            "languages": [_language(language) for language in _sorted(row.languages.all())],
        }
    )


def _contact(row: Contact) -> Document:
    """A contact by their role alone: their name is personal data and is never published."""
    return _compact(
        {
            "id": str(row.id),
            "title": row.title,
            "phones": [_phone(phone) for phone in _sorted(row.phones.all())],
        }
    )


def _schedule(row: Schedule) -> Document:
    return _compact(
        {
            "id": str(row.id),
            "valid_from": _when(row.valid_from),
            "valid_to": _when(row.valid_to),
            "dtstart": _when(row.dtstart),
            "freq": row.freq,
            "interval": row.interval,
            "byday": row.byday,
            "bymonthday": row.bymonthday,
            "description": row.description,
            "opens_at": _when(row.opens_at),
            "closes_at": _when(row.closes_at),
            "schedule_link": row.schedule_link,
            "attending_type": row.attending_type,
            "notes": row.notes,
        }
    )


def _service_area(row: ServiceArea) -> Document:
    """A service area; `gss_code` (beyond the standard) names the area when it is one we know, and with
    no `uri` of its own it gets the area's ONS address, so a reader of the standard's fields alone (the
    tabular form) still finds which area it is."""
    uri = row.uri or (f"{ONS_AREA}{row.gss_code}" if row.gss_code else "")
    return _compact(
        {
            "id": str(row.id),
            "name": row.name,
            "extent": row.extent,
            "extent_type": row.extent_type,
            "uri": uri,
            "service_area": row.service_area,
            "gss_code": row.gss_code,
        }
    )


def _cost_option(row: CostOption) -> Document:
    return _compact(
        {
            "id": str(row.id),
            "valid_from": _when(row.valid_from),
            "valid_to": _when(row.valid_to),
            "option": row.option,
            "amount": _number(row.amount),
            "amount_description": row.amount_description,
        }
    )


def _address(row: Address) -> Document:
    return _compact(
        {
            "id": str(row.id),
            "attention": row.attention,
            "address_1": row.address_1,
            "city": row.city,
            "region": row.region,
            "state_province": row.state_province,
            "postal_code": row.postal_code,
            "country": row.country,
            "address_type": row.address_type,
        },
        keep=("id", *ADDRESS_REQUIRED),
    )


def _accessibility(row: Accessibility) -> Document:
    return _compact(
        {
            "id": str(row.id),
            "description": row.description,
            "details": row.details,
            "url": row.url,
            "accessibility": row.accessibility,
        }
    )


def location(row: Location, *, full: bool, attributes: dict[uuid.UUID, list[Document]]) -> Document:
    """A location; `full` adds its addresses, accessibility, phones and attributes."""
    document = _compact(
        {
            "id": str(row.id),
            "location_type": row.location_type,
            "name": row.name,
            "description": row.description,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "external_identifier": row.external_identifier,
            "external_identifier_type": row.external_identifier_type,
        },
        keep=("id", "location_type"),
    )
    if full:
        document |= _compact(
            {
                "addresses": [_address(address) for address in _sorted(row.addresses.all())],
                "accessibility": [_accessibility(item) for item in _sorted(row.accessibility.all())],
                "phones": [_phone(phone) for phone in _sorted(row.phones.all())],
                "attributes": attributes.get(row.id, []),
            },
            keep=(),
        )
    return document


# -- organisations -------------------------------------------------------------------------------------


def _identifier(row: OrgIdentifier) -> Document:
    """An org-id as the standard splits it; its id is made from the org-id, so it never changes."""
    return {
        "id": str(uuid.uuid5(IDENTIFIER_NAMESPACE, row.org_id)),
        "identifier_scheme": row.scheme,
        "identifier_type": IDENTIFIER_TYPES.get(row.scheme, row.scheme),
        "identifier": row.value,
    }


def organisation_descriptions(organisations: Iterable[Organisation]) -> dict[uuid.UUID, str]:
    """What each organisation does, in its own words when a curator approved its statement, else in the
    regulator's (activities, then objects): the standard requires a description."""
    wanted = {organisation.pk: organisation for organisation in organisations}
    said: dict[uuid.UUID, str] = {}
    versions = ProfileVersion.objects.filter(organisation_id__in=list(wanted)).order_by(
        "organisation_id", "-number"
    )
    for version in versions.only("organisation_id", "values"):
        said.setdefault(version.organisation_id, str(version.values.get("description") or "").strip())
    return {
        key: said.get(key) or organisation.activities.strip() or organisation.charitable_objects.strip()
        for key, organisation in wanted.items()
    }


def organization(
    row: Organisation,
    *,
    description: str,
    full: bool = False,
    attributes: dict[uuid.UUID, list[Document]] | None = None,
) -> Document:
    """The register's organisation as the standard's organization; `full` adds its org-ids (prefetch
    `identifiers`) and attributes. Its `id` is the register's UUID for it."""
    document = _compact(
        {
            "id": str(row.id),
            "name": row.name,
            "description": description,
            "email": _email(row.email),
            "website": _website(row.website),
        },
        keep=("id", "name", "description"),
    )
    if full:
        document |= _compact(
            {
                "organization_identifiers": [_identifier(identifier) for identifier in row.identifiers.all()],
                "attributes": (attributes or {}).get(row.id, []),
            },
            keep=(),
        )
    return document


class _Nested:
    """What the services of one answer share, fetched once: organisations' descriptions and attributes."""

    def __init__(self, services: Sequence[Service], *, full: bool) -> None:
        organisations = {s.organisation.id: s.organisation for s in services if s.organisation is not None}
        self.descriptions = organisation_descriptions(organisations.values())
        self.full = full
        self.services: dict[uuid.UUID, list[Document]] = {}
        self.locations: dict[uuid.UUID, list[Document]] = {}
        self.organisations: dict[uuid.UUID, list[Document]] = {}
        if full:
            locations = {sal.location_id for s in services for sal in s.service_at_locations.all()}
            self.services = attributes_for(AttributeLink.SERVICE, [s.id for s in services])
            self.locations = attributes_for(AttributeLink.LOCATION, locations)
            self.organisations = attributes_for(AttributeLink.ORGANISATION, organisations)

    def organization(self, row: Organisation) -> Document:
        description = self.descriptions.get(row.id, "")
        return organization(row, description=description, full=self.full, attributes=self.organisations)


# -- services ------------------------------------------------------------------------------------------


def _locations_fetched() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.select_related("location").prefetch_related(
        "schedules", "location__addresses", "location__accessibility", "location__phones__languages"
    )


def prefetch_services(services: QuerySet[Service], *, full: bool) -> QuerySet[Service]:
    """The services with everything their documents nest, fetched in bulk."""
    found = services.select_related("organisation")
    if not full:
        return found
    return found.prefetch_related(
        "schedules",
        "service_areas",
        "languages",
        "funding",
        "cost_options",
        "phones__languages",
        "contacts__phones__languages",
        "organisation__identifiers",
        Prefetch("service_at_locations", queryset=_locations_fetched()),
    )


def _service(row: Service, nested: _Nested, *, locations: bool = True) -> Document:
    """A service; with `nested.full`, everything it holds. Never its `assurer_email` (a person's)."""
    document = _compact(
        {
            "id": str(row.id),
            "organization_id": _text(row.organisation_id),
            "name": row.name,
            "description": row.description,
            "url": row.url,
            "email": _email(row.email),
            "status": row.status,
            "fees": row.fees,
            "accreditations": row.accreditations,
            "minimum_age": _number(row.minimum_age),
            "maximum_age": _number(row.maximum_age),
            "assured_date": _when(row.assured_date),
            "alert": row.alert,
            "last_modified": timestamp(row.last_modified or row.updated_at),
        },
        keep=("id", "name", "status"),
    )
    if row.organisation is not None:
        document["organization"] = nested.organization(row.organisation)
    if not nested.full:
        return document
    sals = _sorted(row.service_at_locations.all()) if locations else []
    return document | _compact(
        {
            "schedules": [_schedule(schedule) for schedule in _sorted(row.schedules.all())],
            "service_areas": [_service_area(area) for area in _sorted(row.service_areas.all())],
            "service_at_locations": [_service_at_location(sal, nested) for sal in sals],
            "languages": [_language(language) for language in _sorted(row.languages.all())],
            "funding": [_compact({"id": str(f.id), "source": f.source}) for f in _sorted(row.funding.all())],
            "cost_options": [_cost_option(option) for option in _sorted(row.cost_options.all())],
            "contacts": [_contact(contact) for contact in _sorted(row.contacts.all())],
            "phones": [_phone(phone) for phone in _sorted(row.phones.all())],
            "attributes": nested.services.get(row.id, []),
        },
        keep=(),
    )


def _service_at_location(row: ServiceAtLocation, nested: _Nested) -> Document:
    """A service at a location, within its service: the location and that place's own schedules."""
    return _compact(
        {
            "id": str(row.id),
            "location": location(row.location, full=nested.full, attributes=nested.locations),
            "schedules": [_schedule(s) for s in _sorted(row.schedules.all())] if nested.full else [],
        }
    )


def services_documents(services: QuerySet[Service], *, full: bool) -> list[Document]:
    """Many services, fully nested (`full`) or as list items, in the queryset's order."""
    found = list(prefetch_services(services, full=full))
    nested = _Nested(found, full=full)
    return [_service(row, nested) for row in found]


def service_full(service: Service) -> Document:
    """One service, fully nested, as `GET /services/{id}` answers and a service's versions keep it."""
    return services_documents(Service.objects.filter(pk=service.pk), full=True)[0]


def service_list_item(service: Service) -> Document:
    """One service as a page of `GET /services` lists it: its own fields and its organisation's."""
    return services_documents(Service.objects.filter(pk=service.pk), full=False)[0]


def service_minimal(row: Service) -> Document:
    """What `minimal=true` lists: enough to tell which services changed (and what a page item needs)."""
    return {
        "id": str(row.id),
        "name": row.name,
        "status": row.status,
        "last_modified": timestamp(row.last_modified or row.updated_at),
    }


# -- services at locations -----------------------------------------------------------------------------


def service_at_locations_documents(rows: QuerySet[ServiceAtLocation], *, full: bool) -> list[Document]:
    """Services at locations: each with its location and its service (fully nested with `full`, the
    service then without its other locations, as the standard's example writes it)."""
    services = prefetch_services(Service.objects.all(), full=full)
    fetched = (_locations_fetched() if full else ServiceAtLocation.objects.select_related("location")).filter(
        pk__in=rows.values("pk")
    )
    order = {pk: position for position, pk in enumerate(rows.values_list("pk", flat=True))}
    found = sorted(
        fetched.prefetch_related(Prefetch("service", queryset=services)), key=lambda row: order[row.pk]
    )
    nested = _Nested([row.service for row in found], full=full)
    nested.locations |= (
        attributes_for(AttributeLink.LOCATION, [row.location_id for row in found]) if full else {}
    )
    return [
        _compact(
            {
                "id": str(row.id),
                "service_id": str(row.service_id),
                "location_id": str(row.location_id),
                "location": location(row.location, full=full, attributes=nested.locations),
                "schedules": [_schedule(s) for s in _sorted(row.schedules.all())] if full else [],
                "service": _service(row.service, nested, locations=False),
            }
        )
        for row in found
    ]


def service_at_location_full(row: ServiceAtLocation) -> Document:
    return service_at_locations_documents(ServiceAtLocation.objects.filter(pk=row.pk), full=True)[0]


def service_at_location_list_item(row: ServiceAtLocation) -> Document:
    return service_at_locations_documents(ServiceAtLocation.objects.filter(pk=row.pk), full=False)[0]


# -- organisations with their services -----------------------------------------------------------------


def organizations_documents(
    organisations: QuerySet[Organisation], services: QuerySet[Service], *, full: bool, full_service: bool
) -> list[Document]:
    """Organisations: list items, or (`full`) with org-ids, attributes and `services`, those of
    `services` they run, as list items or (`full_service`) fully nested."""
    full = full or full_service
    found = list(organisations.prefetch_related("identifiers") if full else organisations)
    descriptions = organisation_descriptions(found)
    attributes = attributes_for(AttributeLink.ORGANISATION, [row.id for row in found]) if full else {}
    theirs: dict[uuid.UUID, list[Document]] = defaultdict(list)
    if full:
        for document in services_documents(services.filter(organisation__in=found), full=full_service):
            theirs[uuid.UUID(document["organization_id"])].append(document)
    documents = []
    for row in found:
        document = organization(row, description=descriptions[row.id], full=full, attributes=attributes)
        if full:
            document["services"] = theirs.get(row.id, [])
        documents.append(document)
    return documents


def organization_full(
    organisation: Organisation, services: QuerySet[Service], *, full_service: bool
) -> Document:
    organisations = Organisation.objects.filter(pk=organisation.pk)
    return organizations_documents(organisations, services, full=True, full_service=full_service)[0]


def organization_list_item(organisation: Organisation) -> Document:
    description = organisation_descriptions([organisation])[organisation.id]
    return organization(organisation, description=description)
