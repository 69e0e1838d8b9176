"""Test helpers: a service read back from its rows as plain nested data, to compare with the document it
was written from (the fields the tables keep, in the standard's names)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from commoncause.services.models import Attribute, AttributeLink, Location, Service

EXAMPLES = Path(settings.DATA_DIR) / "openreferral" / "oruk-3.0" / "examples"
MOCKS = Path(settings.BASE_DIR) / "tests" / "data" / "openreferral" / "Mocks"


def example(name: str) -> dict[str, Any]:
    """One of the standard's example documents, such as `service_full`."""
    loaded: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def _plain(row: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {"id": str(row.pk)}
    for name in names:
        value = getattr(row, name)
        if value is None or value == "":
            continue
        found[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return found


def location_read(location: Location) -> dict[str, Any]:
    names = ("location_type", "name", "description", "latitude", "longitude", "external_identifier",
             "external_identifier_type")  # fmt: skip
    address = ("attention", "address_1", "city", "region", "state_province", "postal_code", "country",
               "address_type")  # fmt: skip
    return {
        **_plain(location, names),
        "addresses": [_plain(row, address) for row in location.addresses.order_by("id")],
        "accessibility": [
            _plain(row, ("description", "details", "url", "accessibility"))
            for row in location.accessibility.order_by("id")
        ],
    }


def service_read(service: Service) -> dict[str, Any]:
    """The service as nested plain data: its own fields and its children's, in id order."""
    names = ("name", "description", "url", "email", "status", "fees", "accreditations", "minimum_age",
             "maximum_age", "assured_date", "assurer_email", "alert")  # fmt: skip
    schedule = ("valid_from", "valid_to", "dtstart", "freq", "interval", "byday", "bymonthday", "description",
                "opens_at", "closes_at", "schedule_link", "attending_type", "notes")  # fmt: skip
    attributes = Attribute.objects.filter(link_entity=AttributeLink.SERVICE, link_id=service.pk)
    return {
        **_plain(service, names),
        "schedules": [_plain(row, schedule) for row in service.schedules.order_by("id")],
        "service_areas": [
            _plain(row, ("name", "extent", "extent_type", "uri", "service_area"))
            for row in service.service_areas.order_by("id")
        ],
        "service_at_locations": [
            {"id": str(row.pk), "location": location_read(row.location)}
            for row in service.service_at_locations.order_by("id")
        ],
        "languages": [{"id": str(row.pk)} for row in service.languages.order_by("id")],
        "funding": [_plain(row, ("source",)) for row in service.funding.order_by("id")],
        "cost_options": [
            _plain(row, ("valid_from", "valid_to", "option", "amount", "amount_description"))
            for row in service.cost_options.order_by("id")
        ],
        "contacts": [_plain(row, ("name", "title")) for row in service.contacts.order_by("id")],
        "attributes": [
            {"id": str(row.pk), "link_type": row.link_type, "taxonomy_term": str(row.taxonomy_term_id)}
            for row in attributes.order_by("id")
        ],
    }


def document_expected(document: dict[str, Any]) -> dict[str, Any]:
    """What `service_read` gives for a document: the same fields, times and numbers as the tables keep."""
    expected = {key: value for key, value in document.items() if key not in {"last_modified", "organization"}}
    expected["attributes"] = [
        {"id": item["id"], "link_type": item["link_type"], "taxonomy_term": item["taxonomy_term"]["id"]}
        for item in document.get("attributes", [])
    ]
    return expected
