"""What the public pages show of a service, read in bulk: who runs it, where, when, what it costs, how to
get in touch, and when it was last reviewed. A contact's name is never read here: the public sees a
role ("Reception") and a number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from commoncause.register.models import Organisation
from commoncause.services.editing import FREE
from commoncause.services.models import (
    DAYS,
    Attribute,
    AttributeLink,
    Contact,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceSource,
    ServiceStatus,
)

DAY_NAMES = dict(DAYS)


@dataclass
class Place:
    name: str
    address: str
    postcode: str
    accessibility: list[str]
    ward_code: str = ""


@dataclass
class ServiceCard:
    id: UUID
    name: str
    description: str
    status: str
    status_label: str
    organisation_id: UUID | None
    organisation_name: str
    is_example: bool
    source_label: str
    reviewed_at: dt.datetime | None
    places: list[Place] = field(default_factory=list)
    timetable: list[str] = field(default_factory=list)
    cost: str = ""
    ages: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (who answers, number)
    email: str = ""
    url: str = ""
    languages: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    alert: str = ""
    distance_km: float | None = None

    @property
    def running(self) -> bool:
        return self.status == ServiceStatus.ACTIVE


def current_document(service: Service) -> dict[str, Any]:
    """The service as last approved or imported, as the standard writes it ({} if it has no version)."""
    version = service.versions.order_by("-number").first()
    return dict(version.document) if version else {}


def _hours(schedule: Schedule) -> str:
    times = "–".join(moment.strftime("%H:%M") for moment in (schedule.opens_at, schedule.closes_at) if moment)
    days = [DAY_NAMES.get(day.strip()[-2:], day.strip()) for day in schedule.byday.split(",") if day.strip()]
    if schedule.freq == "MONTHLY" and schedule.byday:
        days = [f"{day} (monthly)" for day in days]
    parts = [", ".join(days), times, schedule.description.strip()]
    return " ".join(part for part in parts if part)


def _ages(service: Service) -> str:
    young, old = service.minimum_age, service.maximum_age
    if young is None and old is None:
        return ""
    if young is not None and old is not None:
        return f"Ages {young:g} to {old:g}"
    return f"Ages {young:g} and over" if young is not None else f"Up to age {old:g}"


def _address(name: str, *lines: str) -> str:
    """An address's lines joined, leaving out one that only repeats the place's name (as many feeds
    and register entries write it: 'Age UK Westminster, Age UK Westminster, 3 High Street')."""
    same = name.strip().casefold()
    return ", ".join(line for line in lines if line.strip() and line.strip().casefold() != same)


def _cost(service: Service) -> str:
    if service.fees.strip() == FREE:
        return FREE
    options = [
        " ".join(
            part
            for part in (
                option.option if option.option != service.fees else "",
                f"£{option.amount:,.2f}" if option.amount is not None else "",
                option.amount_description,
            )
            if part
        )
        for option in service.cost_options.all()
    ]
    return "; ".join(part for part in [service.fees.strip(), *options] if part)


def _loaded(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        "schedules",
        "cost_options",
        "languages",
        "service_areas",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "location__addresses", "location__accessibility", "location__phones"
            ),
        ),
        Prefetch(
            "contacts", queryset=Contact.objects.only("id", "service_id", "title").prefetch_related("phones")
        ),
        "phones",
    )


def _categories(service_ids: Sequence[UUID]) -> dict[UUID, list[str]]:
    found: dict[UUID, list[str]] = {}
    rows = (
        Attribute.objects.filter(link_entity=AttributeLink.SERVICE, link_id__in=list(service_ids))
        .values_list("link_id", "taxonomy_term__name")
        .order_by("taxonomy_term__name")
    )
    for link_id, name in rows:
        found.setdefault(link_id, []).append(name)
    return found


def _card(service: Service, categories: list[str]) -> ServiceCard:
    card = ServiceCard(
        id=service.pk,
        name=service.name,
        description=service.description,
        status=service.status,
        status_label=ServiceStatus(service.status).label
        if service.status in ServiceStatus.values
        else service.status,
        organisation_id=service.organisation_id,
        organisation_name=service.organisation.name if service.organisation else "",
        is_example=service.source == ServiceSource.EXAMPLE,
        source_label=ServiceSource(service.source).label if service.source in ServiceSource.values else "",
        reviewed_at=service.reviewed_at,
        cost=_cost(service),
        ages=_ages(service),
        email=service.email,
        url=service.url,
        alert=service.alert,
        categories=categories,
    )
    for at in service.service_at_locations.all():
        location = at.location
        addresses = list(location.addresses.all())
        address = addresses[0] if addresses else None
        card.places.append(
            Place(
                name=location.name,
                address=_address(location.name, address.address_1, address.city) if address else "",
                postcode=(address.postal_code if address else "") or location.postcode,
                accessibility=[
                    item.description or item.accessibility for item in location.accessibility.all()
                ],
                ward_code=location.ward_code,
            )
        )
        card.phones += [("", phone.number) for phone in location.phones.all()]
    card.timetable = [_hours(schedule) for schedule in service.schedules.all()]
    card.phones = [("", phone.number) for phone in service.phones.all()] + card.phones
    for contact in service.contacts.all():
        card.phones += [(contact.title, phone.number) for phone in contact.phones.all()]
    card.languages = [
        language.name or language.code
        for language in service.languages.all()
        if language.name or language.code
    ]
    card.areas = [area.service_area or area.name for area in service.service_areas.all()]
    return card


def service_cards(services: QuerySet[Service] | Iterable[UUID]) -> list[ServiceCard]:
    """The cards of these services (a queryset, or ids in the order wanted), read in a few queries."""
    if isinstance(services, QuerySet):
        loaded = list(_loaded(services))
    else:
        wanted = list(services)
        by_id = {service.pk: service for service in _loaded(Service.objects.filter(pk__in=wanted))}
        loaded = [by_id[pk] for pk in wanted if pk in by_id]
    categories = _categories([service.pk for service in loaded])
    return [_card(service, categories.get(service.pk, [])) for service in loaded]


def organisation_services(organisation: Organisation) -> list[ServiceCard]:
    return service_cards(Service.objects.filter(organisation=organisation).order_by("name"))
