"""A fully nested Open Referral UK service document turned into the services app's rows, in memory.

One `ServiceRows` gathers the rows of many services (a batch of a feed, or the one service a member
changed), each kind keyed by its id, so a location or taxonomy term that several services name is
written once. The document has been checked against the standard's schema, so its ids are UUIDs and
its numbers numbers; a value that still does not fit its column (a date in another form, a text
longer than the column) is read as nothing or cut to fit and counted (`Shortened`), never refused here.
A child the document gives no id gets one derived from its parent's id and its place, so the same
document always gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

from django.db import models
from django.db.models.base import ModelState

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
    TaxonomyTerm,
)
from commoncause.sources.shortened import Shortened, text_limits
from commoncause.sources.values import is_uk_postcode, postcode_value

M = TypeVar("M", bound=models.Model)
Doc = dict[str, Any]
# Ids made for children a document gives none: stable, so a re-import makes the same ones.
CHILD_IDS = uuid.UUID("6f1d3c0e-2b1a-4c53-9a0e-0c0b0e5e7a11")
MAX_AMOUNT = Decimal("9999999999.99")  # CostOption.amount: 12 digits, 2 after the point
CHILDREN: tuple[type[models.Model], ...] = (
    Address, Accessibility, ServiceAtLocation, Schedule, ServiceArea, Contact, Phone, Language,
    Funding, CostOption, Attribute,
)  # fmt: skip


@dataclass
class ServiceRows:
    """Every row a batch of service documents becomes, each kind by id (the first given wins)."""

    shortened: Shortened = field(default_factory=Shortened)
    services: dict[UUID, Service] = field(default_factory=dict)
    locations: dict[UUID, Location] = field(default_factory=dict)
    terms: dict[UUID, TaxonomyTerm] = field(default_factory=dict)
    children: dict[type[models.Model], dict[UUID, models.Model]] = field(
        default_factory=lambda: {model: {} for model in CHILDREN}
    )
    term_names: dict[UUID, list[str]] = field(default_factory=dict)  # each service's categories

    def child(self, row: M) -> M:
        """Keep a child row (the first of its id)."""
        return self.children[type(row)].setdefault(row.pk, row)  # type: ignore[return-value]  # the dict holds rows of the key's type

    def fit(self, model: type[models.Model], name: str, value: Any, where: str) -> str:
        """A text value for `model.name`, cut to its column's length (counted)."""
        text = value if type(value) is str else "" if value is None else str(value)
        limit = _limits(model).get(name)
        if limit is None or len(text) <= limit:
            return text
        return self.shortened.fit(text, limit, field=name, where=where)


_LIMITS: dict[type[models.Model], dict[str, int]] = {}
_DEFAULTS: dict[type[models.Model], dict[str, Any]] = {}


def _limits(model: type[models.Model]) -> dict[str, int]:
    if model not in _LIMITS:
        _LIMITS[model] = text_limits(model)
    return _LIMITS[model]


def made(model: type[M], **values: Any) -> M:
    """A new row of `model` from attribute values (`service_id`, not `service`), the others their
    defaults. Made without `Model.__init__`, which costs more than writing the row does when a feed
    has hundreds of thousands of them; every value but the id (always given) is a plain default."""
    if model not in _DEFAULTS:
        _DEFAULTS[model] = {
            field.attname: None if field.primary_key else field.get_default()
            for field in model._meta.concrete_fields
        }
    row = model.__new__(model)
    row._state = ModelState()
    row.__dict__.update(_DEFAULTS[model])
    row.__dict__.update(values)
    return row


def document_uuid(value: Any, parent: UUID, place: str) -> UUID:
    """The UUID a document gives, or a stable one made from its parent and place when it gives none."""
    try:
        return UUID(str(value))
    except ValueError:
        return uuid.uuid5(CHILD_IDS, f"{parent}/{place}")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _datetime(value: Any) -> dt.datetime | None:
    try:
        found = dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return found.replace(tzinfo=found.tzinfo or dt.UTC) if found else None


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value)).replace(tzinfo=None) if value else None
    except ValueError:
        return None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _whole(value: Any) -> int | None:
    number = _float(value)
    return int(number) if number is not None and number.is_integer() and number >= 0 else None


def _amount(value: Any) -> Decimal | None:
    number = _float(value)
    if number is None:
        return None
    try:
        amount = Decimal(str(number)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return amount if abs(amount) <= MAX_AMOUNT else None


def _items(document: Doc, key: str) -> list[Doc]:
    found = document.get(key)
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _texts(
    rows: ServiceRows, model: type[models.Model], item: Doc, names: tuple[str, ...], where: str
) -> Doc:
    """`rows.fit` of each named value, written out: a feed has millions of them."""
    limits = _limits(model)
    found: Doc = {}
    for name in names:
        value = item.get(name)
        text = value if type(value) is str else "" if value is None else str(value)
        limit = limits.get(name)
        found[name] = text if limit is None or len(text) <= limit else rows.fit(model, name, text, where)
    return found


def service_fill(rows: ServiceRows, service: Service, document: Doc) -> None:
    """Set the service's own fields from its document (its id, organisation and provenance are the
    caller's), and add its children's rows."""
    where = f"service {service.pk}"
    texts = (
        "name",
        "description",
        "url",
        "email",
        "status",
        "fees",
        "accreditations",
        "assurer_email",
        "alert",
    )
    for name, value in _texts(rows, Service, document, texts, where).items():
        setattr(service, name, value)
    service.minimum_age = _float(document.get("minimum_age"))
    service.maximum_age = _float(document.get("maximum_age"))
    service.assured_date = _date(document.get("assured_date"))
    service.last_modified = _datetime(document.get("last_modified"))
    rows.services[service.pk] = service
    rows.term_names[service.pk] = []
    _service_children(rows, service.pk, document)


def _service_children(rows: ServiceRows, service: UUID, document: Doc) -> None:
    for at, item in enumerate(_items(document, "schedules")):
        rows.child(
            _schedule(rows, item, document_uuid(item.get("id"), service, f"schedules/{at}"), service, None)
        )
    for at, item in enumerate(_items(document, "service_at_locations")):
        _service_at_location(rows, item, service, at)
    for at, item in enumerate(_items(document, "service_areas")):
        row_id = document_uuid(item.get("id"), service, f"service_areas/{at}")
        names = ("name", "extent", "extent_type", "uri", "service_area")
        rows.child(
            made(
                ServiceArea,
                id=row_id,
                service_id=service,
                **_texts(rows, ServiceArea, item, names, str(row_id)),
            )
        )
    for at, item in enumerate(_items(document, "contacts")):
        _contact(rows, item, service, at)
    for at, item in enumerate(_items(document, "phones")):
        _phone(rows, item, document_uuid(item.get("id"), service, f"phones/{at}"), service=service)
    for at, item in enumerate(_items(document, "languages")):
        _language(rows, item, document_uuid(item.get("id"), service, f"languages/{at}"), service=service)
    for at, item in enumerate(_items(document, "funding")):
        row_id = document_uuid(item.get("id"), service, f"funding/{at}")
        rows.child(
            made(
                Funding,
                id=row_id,
                service_id=service,
                source=rows.fit(Funding, "source", item.get("source"), ""),
            )
        )
    for at, item in enumerate(_items(document, "cost_options")):
        _cost_option(rows, item, document_uuid(item.get("id"), service, f"cost_options/{at}"), service)
    for at, item in enumerate(_items(document, "attributes")):
        _attribute(rows, item, service, AttributeLink.SERVICE, f"attributes/{at}", named_for=service)


def _schedule(rows: ServiceRows, item: Doc, row_id: UUID, service: UUID | None, at: UUID | None) -> Schedule:
    names = ("freq", "byday", "bymonthday", "description", "schedule_link", "attending_type", "notes")
    return made(
        Schedule,
        id=row_id,
        service_id=service,
        service_at_location_id=at,
        valid_from=_date(item.get("valid_from")),
        valid_to=_date(item.get("valid_to")),
        dtstart=_date(item.get("dtstart")),
        interval=_whole(item.get("interval")),
        opens_at=_time(item.get("opens_at")),
        closes_at=_time(item.get("closes_at")),
        **_texts(rows, Schedule, item, names, str(row_id)),
    )


def _service_at_location(rows: ServiceRows, item: Doc, service: UUID, at: int) -> None:
    row_id = document_uuid(item.get("id"), service, f"service_at_locations/{at}")
    location = item.get("location") if isinstance(item.get("location"), dict) else None
    location_id = (
        document_uuid(location.get("id"), row_id, "location")
        if location is not None
        else document_uuid(item.get("location_id"), row_id, "location")
    )
    if location is not None:
        location_add(rows, location, location_id)
    rows.child(made(ServiceAtLocation, id=row_id, service_id=service, location_id=location_id))
    for number, schedule in enumerate(_items(item, "schedules")):
        schedule_id = document_uuid(schedule.get("id"), row_id, f"schedules/{number}")
        rows.child(_schedule(rows, schedule, schedule_id, None, row_id))


def location_add(rows: ServiceRows, item: Doc, location_id: UUID) -> None:
    """A location with its addresses, accessibility, phones and attributes; its postcode is its first
    physical address's, when that is a UK postcode (places it by; see `placing`)."""
    if location_id in rows.locations:
        return
    names = ("location_type", "name", "description", "external_identifier", "external_identifier_type")
    location = made(
        Location,
        id=location_id,
        latitude=_float(item.get("latitude")),
        longitude=_float(item.get("longitude")),
        **_texts(rows, Location, item, names, f"location {location_id}"),
    )
    location.location_type = location.location_type or "physical"
    location.postcode = location_postcode(item)
    rows.locations[location_id] = location
    for at, address in enumerate(_items(item, "addresses")):
        _address(rows, address, document_uuid(address.get("id"), location_id, f"addresses/{at}"), location_id)
    for at, access in enumerate(_items(item, "accessibility")):
        row_id = document_uuid(access.get("id"), location_id, f"accessibility/{at}")
        access_names = ("description", "details", "url", "accessibility")
        rows.child(
            made(
                Accessibility,
                id=row_id,
                location_id=location_id,
                **_texts(rows, Accessibility, access, access_names, ""),
            )
        )
    for at, phone in enumerate(_items(item, "phones")):
        _phone(rows, phone, document_uuid(phone.get("id"), location_id, f"phones/{at}"), location=location_id)
    for at, attribute in enumerate(_items(item, "attributes")):
        _attribute(rows, attribute, location_id, AttributeLink.LOCATION, f"attributes/{at}", named_for=None)


def location_postcode(item: Doc) -> str:
    """A location document's postcode: its first physical address's, when that is a UK postcode (as
    cut to fit its column); '' when none is."""
    limit = _limits(Address)["postal_code"]
    for address in _items(item, "addresses"):
        if (address.get("address_type") or "physical") != "physical":
            continue
        value = address.get("postal_code")
        postcode = postcode_value(("" if value is None else str(value))[:limit])
        if is_uk_postcode(postcode):
            return postcode
    return ""


def _address(rows: ServiceRows, item: Doc, row_id: UUID, location: UUID) -> Address:
    names = (
        "attention",
        "address_1",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    )
    address = made(
        Address, id=row_id, location_id=location, **_texts(rows, Address, item, names, str(row_id))
    )
    address.address_type = address.address_type or "physical"
    return rows.child(address)


def _contact(rows: ServiceRows, item: Doc, service: UUID, at: int) -> None:
    row_id = document_uuid(item.get("id"), service, f"contacts/{at}")
    rows.child(
        made(Contact, id=row_id, service_id=service, **_texts(rows, Contact, item, ("name", "title"), ""))
    )
    for number, phone in enumerate(_items(item, "phones")):
        _phone(rows, phone, document_uuid(phone.get("id"), row_id, f"phones/{number}"), contact=row_id)


def _phone(
    rows: ServiceRows,
    item: Doc,
    row_id: UUID,
    *,
    contact: UUID | None = None,
    service: UUID | None = None,
    location: UUID | None = None,
) -> None:
    texts = _texts(rows, Phone, item, ("number", "description"), str(row_id))
    rows.child(made(Phone, id=row_id, contact_id=contact, service_id=service, location_id=location, **texts))
    for at, language in enumerate(_items(item, "languages")):
        _language(rows, language, document_uuid(language.get("id"), row_id, f"languages/{at}"), phone=row_id)


def _language(
    rows: ServiceRows, item: Doc, row_id: UUID, *, service: UUID | None = None, phone: UUID | None = None
) -> None:
    phone = phone or (document_uuid(item["phone_id"], row_id, "phone") if item.get("phone_id") else None)
    language = made(
        Language, id=row_id, service_id=service, **_texts(rows, Language, item, ("name", "code"), "")
    )
    kept = rows.child(language)
    if phone is not None and kept.phone_id is None:
        kept.phone_id = phone  # checked against the phones written (see writing)


def _cost_option(rows: ServiceRows, item: Doc, row_id: UUID, service: UUID) -> None:
    names = ("option", "amount_description")
    rows.child(
        made(
            CostOption,
            id=row_id,
            service_id=service,
            valid_from=_date(item.get("valid_from")),
            valid_to=_date(item.get("valid_to")),
            amount=_amount(item.get("amount")),
            **_texts(rows, CostOption, item, names, str(row_id)),
        )
    )


def _attribute(
    rows: ServiceRows, item: Doc, owner: UUID, entity: str, place: str, *, named_for: UUID | None
) -> None:
    """An attribute and the taxonomy term it gives (nested, or by id: kept when the term is known)."""
    row_id = document_uuid(item.get("id"), owner, place)
    nested = item.get("taxonomy_term") if isinstance(item.get("taxonomy_term"), dict) else None
    if nested is not None:
        term_id = term_add(rows, nested, document_uuid(nested.get("id"), row_id, "taxonomy_term"))
        if named_for is not None:
            rows.term_names[named_for].append(rows.terms[term_id].name)
    elif item.get("taxonomy_term_id"):
        term_id = document_uuid(item.get("taxonomy_term_id"), row_id, "taxonomy_term")
    else:
        return
    link_type = rows.fit(Attribute, "link_type", item.get("link_type"), str(row_id))
    rows.child(
        made(
            Attribute,
            id=row_id,
            link_id=owner,
            link_entity=entity,
            link_type=link_type,
            taxonomy_term_id=term_id,
        )
    )


def term_add(rows: ServiceRows, item: Doc, term_id: UUID) -> UUID:
    """A taxonomy term (the first given of its id); its parent and taxonomy ids are kept as given and
    dropped at writing when they name no term or taxonomy known."""
    if term_id in rows.terms:
        return term_id
    names = ("name", "description", "term_uri", "term")
    term = TaxonomyTerm(id=term_id, **_texts(rows, TaxonomyTerm, item, names, f"taxonomy term {term_id}"))
    term.taxonomy_name = rows.fit(TaxonomyTerm, "taxonomy_name", item.get("taxonomy"), str(term_id))
    term.parent_id = _optional_uuid(item.get("parent_id"))
    term.taxonomy_id = _optional_uuid(item.get("taxonomy_id"))
    rows.terms[term_id] = term
    return term_id


def _optional_uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None
