"""Members add and change their organisation's services; a curator approves each change before it is
public; every approved version is kept.

A change is held as the whole service as the Open Referral standard writes it (`ServiceEdit.after`), so
approving it goes through the same writer as an import of a feed, and its history compares like with
like. The form a member fills in is simpler than the standard: one place, one weekly timetable, one
phone number. A service that came from a feed with more than the form holds keeps the rest: the form
changes only what it shows (`document_from_form` starts from the service as it is).
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from commoncause.accounts.curation import DecisionError, FieldChange, decision_reason, field_changes
from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import is_curator
from commoncause.accounts.services import audit_record
from commoncause.members.membership import is_member
from commoncause.members.models import AuthorRole, EditStatus
from commoncause.members.notifications import decision_notify, organisation_link
from commoncause.register.models import Organisation
from commoncause.services.categories import LINK_TYPE, categories_ensure, category_term, theme_term_id
from commoncause.services.models import DAYS, Service, ServiceEdit, ServiceSource, ServiceVersion
from commoncause.services.oruk.writing import service_document_save

FREE = "Free"
# What a curator sees changed, in the form's words.
SHOWN_FIELDS = {
    "name": "Name",
    "description": "What it offers",
    "status": "Status",
    "categories": "Categories",
    "minimum_age": "Youngest age",
    "maximum_age": "Oldest age",
    "cost": "Cost",
    "address": "Where",
    "timetable": "When",
    "phone": "Phone",
    "email": "Email",
    "url": "Website",
    "languages": "Languages",
    "accessibility": "Accessibility",
    "areas": "Areas served",
}


class ServiceEditError(DecisionError):
    """A change that cannot be made, with the form field it concerns (if any)."""

    def __init__(self, message: str, *, not_allowed: bool = False, field: str | None = None) -> None:
        super().__init__(message, not_allowed=not_allowed)
        self.field = field


def _child_id(service_id: uuid.UUID | str, part: str) -> str:
    """A stable id for a part of a service the form makes (its place, its timetable, …)."""
    return str(uuid.uuid5(uuid.UUID(str(service_id)), part))


def _text(value: object) -> str:
    return str(value or "").strip()


def _age(value: object) -> int | None:
    return None if value in (None, "") else int(str(value))


def document_from_form(
    data: Mapping[str, Any], *, service_id: uuid.UUID, organisation: Organisation, current: Mapping[str, Any]
) -> dict[str, Any]:
    """The whole service as the standard writes it, from the form's cleaned data laid over `current` (the
    service as it is, or {} for a new one)."""
    doc: dict[str, Any] = copy.deepcopy(dict(current))
    doc.update(
        {
            "id": str(service_id),
            "organization_id": str(organisation.pk),
            "name": _text(data.get("name")),
            "description": _text(data.get("description")),
            "status": _text(data.get("status")) or "active",
            "url": _text(data.get("url")),
            "email": _text(data.get("email")),
        }
    )
    for key in ("url", "email"):
        if not doc[key]:
            doc.pop(key)
    for key in ("minimum_age", "maximum_age"):
        age = _age(data.get(key))
        if age is None:
            doc.pop(key, None)
        else:
            doc[key] = age
    doc["organization"] = {"id": str(organisation.pk), "name": organisation.name, "description": ""}
    _cost(doc, data, service_id)
    _place(doc, data, service_id)
    _timetable(doc, data, service_id)
    _phone(doc, data, service_id)
    _categories(doc, data)
    _languages(doc, data, service_id)
    _areas(doc, data, service_id)
    return doc


def _cost(doc: dict[str, Any], data: Mapping[str, Any], service_id: uuid.UUID) -> None:
    fees = _text(data.get("fees"))
    free = data.get("free") in (True, "yes", "True")
    doc["fees"] = FREE if free else fees
    amount = data.get("amount")
    option: dict[str, Any] = {
        "id": _child_id(service_id, "cost"),
        "option": FREE if free else fees or "Charged",
    }
    if not free and amount not in (None, ""):
        option["amount"] = float(str(amount))
    others = [item for item in doc.get("cost_options", []) if item.get("id") != option["id"]]
    doc["cost_options"] = [option, *others] if (free or fees or "amount" in option) else others


def _place(doc: dict[str, Any], data: Mapping[str, Any], service_id: uuid.UUID) -> None:
    address_1, city, postcode = (_text(data.get(key)) for key in ("address_1", "city", "postcode"))
    saved_id = _child_id(service_id, "at-location")
    others = [item for item in doc.get("service_at_locations", []) if item.get("id") != saved_id]
    if not (address_1 or postcode):
        doc["service_at_locations"] = others
        return
    location_id = _child_id(service_id, "location")
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "name": _text(data.get("place_name")) or address_1,
        "addresses": [
            {
                "id": _child_id(service_id, "address"),
                "location_id": location_id,
                "address_1": address_1,
                "city": city,
                "state_province": "",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }
    access = _text(data.get("accessibility"))
    if access:
        location["accessibility"] = [
            {"id": _child_id(service_id, "accessibility"), "location_id": location_id, "description": access}
        ]
    doc["service_at_locations"] = [
        {"id": saved_id, "service_id": str(service_id), "location": location},
        *others,
    ]


def _time(value: object) -> str:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return _text(value)


def _timetable(doc: dict[str, Any], data: Mapping[str, Any], service_id: uuid.UUID) -> None:
    days = [code for code, _ in DAYS if code in (data.get("days") or [])]
    saved_id = _child_id(service_id, "schedule")
    others = [item for item in doc.get("schedules", []) if item.get("id") != saved_id]
    when = _text(data.get("when"))
    if not (days or when):
        doc["schedules"] = others
        return
    schedule: dict[str, Any] = {"id": saved_id, "service_id": str(service_id), "description": when}
    if days:
        schedule.update({"freq": "WEEKLY", "interval": 1, "byday": ",".join(days)})
    for key in ("opens_at", "closes_at"):
        if data.get(key):
            schedule[key] = _time(data[key])
    doc["schedules"] = [schedule, *others]


def _phone(doc: dict[str, Any], data: Mapping[str, Any], service_id: uuid.UUID) -> None:
    number = _text(data.get("phone"))
    saved_id = _child_id(service_id, "contact")
    others = [item for item in doc.get("contacts", []) if item.get("id") != saved_id]
    if not number:
        doc["contacts"] = others
        return
    contact = {
        "id": saved_id,
        "service_id": str(service_id),
        "title": _text(data.get("contact_title")) or "Enquiries",
        "phones": [{"id": _child_id(service_id, "phone"), "contact_id": saved_id, "number": number}],
    }
    doc["contacts"] = [contact, *others]


def _categories(doc: dict[str, Any], data: Mapping[str, Any]) -> None:
    chosen = [str(code) for code in data.get("categories") or []]
    others = [item for item in doc.get("attributes", []) if item.get("link_type") != LINK_TYPE]
    doc["attributes"] = [
        *(
            {
                "id": str(uuid.uuid5(uuid.UUID(doc["id"]), f"category/{code}")),
                "link_id": doc["id"],
                "link_type": LINK_TYPE,
                "taxonomy_term_id": str(theme_term_id(code)),
                "taxonomy_term": category_term(code),
            }
            for code in chosen
        ),
        *others,
    ]


def _languages(doc: dict[str, Any], data: Mapping[str, Any], service_id: uuid.UUID) -> None:
    names = [name.strip() for name in _text(data.get("languages")).split(",") if name.strip()]
    doc["languages"] = [
        {
            "id": _child_id(service_id, f"language/{name.casefold()}"),
            "service_id": str(service_id),
            "name": name,
        }
        for name in dict.fromkeys(names)
    ]


def _areas(doc: dict[str, Any], data: Mapping[str, Any], service_id: uuid.UUID) -> None:
    """The areas it serves, each by its name and GSS code (places knows them by the code)."""
    chosen: list[tuple[str, str]] = list(data.get("area_choices") or [])
    doc["service_areas"] = [
        {
            "id": _child_id(service_id, f"area/{code}"),
            "service_id": str(service_id),
            "name": f"{name} ({code})",
            "service_area": name,
            "uri": code,
        }
        for code, name in chosen
    ]


def form_initial(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The form's fields from a service as the standard writes it (the first place, timetable, phone)."""
    initial: dict[str, Any] = {
        key: doc.get(key, "") for key in ("name", "description", "status", "url", "email")
    }
    initial.update({key: doc.get(key) for key in ("minimum_age", "maximum_age")})
    fees = _text(doc.get("fees"))
    initial["free"] = fees == FREE
    initial["fees"] = "" if fees == FREE else fees
    costs = doc.get("cost_options") or []
    if costs and costs[0].get("amount") is not None:
        initial["amount"] = costs[0]["amount"]
    places = doc.get("service_at_locations") or []
    if places:
        location = places[0].get("location") or {}
        address = (location.get("addresses") or [{}])[0]
        initial.update(
            {
                "place_name": location.get("name", ""),
                "address_1": address.get("address_1", ""),
                "city": address.get("city", ""),
                "postcode": address.get("postal_code", ""),
                "accessibility": ((location.get("accessibility") or [{}])[0]).get("description", ""),
            }
        )
    schedules = doc.get("schedules") or []
    if schedules:
        first = schedules[0]
        initial.update(
            {
                "days": [day for day in str(first.get("byday", "")).split(",") if day],
                "opens_at": str(first.get("opens_at", ""))[:5],
                "closes_at": str(first.get("closes_at", ""))[:5],
                "when": first.get("description", ""),
            }
        )
    contacts = [contact for contact in doc.get("contacts") or [] if contact.get("phones")]
    if contacts:
        initial["phone"] = contacts[0]["phones"][0].get("number", "")
        initial["contact_title"] = contacts[0].get("title", "")
    initial["categories"] = [
        (item.get("taxonomy_term") or {}).get("term", "")
        for item in doc.get("attributes") or []
        if item.get("link_type") == LINK_TYPE
    ]
    initial["languages"] = ", ".join(
        str(item.get("name", "")) for item in doc.get("languages") or [] if item.get("name")
    )
    initial["area_codes"] = [
        str(item.get("uri", "")) for item in doc.get("service_areas") or [] if item.get("uri")
    ]
    return initial


def readable(doc: Mapping[str, Any]) -> dict[str, str]:
    """A service as a curator reads it: one line per field the form shows."""
    initial = form_initial(doc) if doc else {}
    if not initial:
        return {}
    days = dict(DAYS)
    timetable = ", ".join(days.get(day, day) for day in initial.get("days", []))
    hours = "–".join(part for part in (initial.get("opens_at", ""), initial.get("closes_at", "")) if part)
    cost = (
        FREE
        if initial.get("free")
        else " ".join(
            part
            for part in (initial.get("fees", ""), f"£{initial['amount']}" if initial.get("amount") else "")
            if part
        )
    )
    return {
        "name": str(initial.get("name", "")),
        "description": str(initial.get("description", "")),
        "status": str(initial.get("status", "")),
        "categories": ", ".join(sorted(code for code in initial.get("categories", []) if code)),
        "minimum_age": "" if initial.get("minimum_age") is None else str(initial["minimum_age"]),
        "maximum_age": "" if initial.get("maximum_age") is None else str(initial["maximum_age"]),
        "cost": cost,
        "address": ", ".join(
            part for part in (initial.get(key, "") for key in ("address_1", "city", "postcode")) if part
        ),
        "timetable": " ".join(part for part in (timetable, hours, initial.get("when", "")) if part),
        "phone": str(initial.get("phone", "")),
        "email": str(initial.get("email", "")),
        "url": str(initial.get("url", "")),
        "languages": str(initial.get("languages", "")),
        "accessibility": str(initial.get("accessibility", "")),
        "areas": ", ".join(initial.get("area_codes", [])),
    }


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """What a change does, field by field, in the form's words."""
    return field_changes(readable(before), readable(after), SHOWN_FIELDS)


def may_edit(user: User, organisation: Organisation) -> bool:
    return bool(user.is_authenticated and (is_member(user, organisation) or is_curator(user)))


def waiting_for(service_id: uuid.UUID) -> ServiceEdit | None:
    return ServiceEdit.objects.filter(service_id=service_id, status=EditStatus.PENDING).first()


@transaction.atomic
def service_edit_propose(
    *,
    user: User,
    organisation: Organisation,
    service_id: uuid.UUID,
    before: Mapping[str, Any],
    after: dict[str, Any],
) -> ServiceEdit:
    """A member proposes a new service, or a change to one of the organisation's services, as the whole
    service should read (`after`); `before` is the approved service it was written against ({} when new)."""
    if not may_edit(user, organisation):
        raise ServiceEditError("Only the organisation's members can change its services.", not_allowed=True)
    existing = Service.objects.filter(pk=service_id).first()
    if existing is not None and existing.organisation_id != organisation.pk:
        raise ServiceEditError("That service belongs to another organisation.", not_allowed=True)
    if waiting_for(service_id) is not None:
        raise ServiceEditError("A change to this service is already waiting for a curator.")
    if before and readable(before) == readable(after):
        raise ServiceEditError("Nothing has changed.")
    role = AuthorRole.MEMBER if is_member(user, organisation) else AuthorRole.CURATOR
    edit = ServiceEdit.objects.create(
        organisation=organisation,
        service_id=service_id,
        proposed_by=user,
        proposed_as=role,
        before=dict(before),
        after=after,
    )
    shown_before, shown_after = readable(before), readable(after)
    changed = [field for field in SHOWN_FIELDS if shown_before.get(field, "") != shown_after.get(field, "")]
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        target=edit,
        target_label=f"{'Change to service' if before else 'New service'} {after.get('name', '')}"
        f" of {organisation.name}",
        before={field: shown_before.get(field, "") for field in changed},
        after={field: shown_after.get(field, "") for field in changed},
    )
    return edit


def edits_waiting() -> QuerySet[ServiceEdit]:
    return (
        ServiceEdit.objects.filter(status=EditStatus.PENDING)
        .select_related("organisation", "proposed_by")
        .order_by("proposed_at")
    )


def edits_waiting_count() -> int:
    return ServiceEdit.objects.filter(status=EditStatus.PENDING).count()


@transaction.atomic
def service_edit_decide(
    *, curator: User, edit: ServiceEdit, approve: bool, reason: str = "", base_url: str = ""
) -> ServiceEdit:
    """A curator approves a proposed service or change (it is written and becomes the next version, and
    public) or sends it back with a reason; the member is emailed the decision."""
    reason = decision_reason(
        curator=curator,
        still_open=edit.status == EditStatus.PENDING,
        approve=approve,
        reason=reason,
        subject="services",
        refusal="the change is sent back",
        error=ServiceEditError,
    )
    now = timezone.now()
    edit.status = EditStatus.APPROVED if approve else EditStatus.RETURNED
    edit.decided_by, edit.decided_at, edit.reason = curator, now, reason
    edit.save()
    name = str(edit.after.get("name", ""))
    if approve:
        categories_ensure()
        service = service_document_save(
            edit.after,
            organisation=edit.organisation,
            source=ServiceSource.MEMBER,
            note=f"A change by {AuthorRole(edit.proposed_as).label}, approved by a curator",
            reviewed_at=now,
        )
        service.versions.filter(pk=service.versions.values("pk")[:1]).update(edit=edit)
    audit_record(
        actor=curator,
        action=AuditAction.APPROVE if approve else AuditAction.REFUSE,
        target=edit,
        target_label=f"Service {name} of {edit.organisation.name}",
        before={"status": EditStatus.PENDING},
        after={"status": edit.status, "reason": edit.reason},
    )
    decision_notify(
        person=edit.proposed_by,
        subject=f"Your change to the service {name}: {'approved' if approve else 'sent back'}",
        template="services/email/service_decided.txt",
        context={
            "approved": approve,
            "organisation": edit.organisation,
            "service_name": name,
            "reason": reason,
            "link": organisation_link(edit.organisation, base_url=base_url),
        },
    )
    return edit


def history(service: Service) -> list[tuple[ServiceVersion, list[FieldChange]]]:
    """Every version of the service, newest first, each with what it changed from the one before."""
    versions = list(service.versions.order_by("number"))
    found: list[tuple[ServiceVersion, list[FieldChange]]] = []
    previous: dict[str, Any] = {}
    for version in versions:
        found.append((version, changes(previous, version.document) if previous else []))
        previous = version.document
    return found[::-1]
