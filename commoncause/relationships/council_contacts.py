"""A council's named contacts per theme and area, and keeping organisations' contacts current: writes.

A council's officers (and curators) name who the sector should call about a theme in an area. Each is
a person: the contact is held for their job (legitimate interests), seen only by signed-in officers,
curators and organisations' members (`who_to_call`), never the public, and removing one forgets their
details in the audit log at once. An organisation's members (and curators) confirm that a contact is
still right, which dates it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.erasure import audit_forget
from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record, email_key, email_verified
from commoncause.places.models import Area, AreaType
from commoncause.places.themes import themes
from commoncause.relationships.engagement import councils_kept_by
from commoncause.relationships.models import Contact, ContactStatus, CouncilContact
from commoncause.relationships.services import PHONE, may_change_contacts

FIELDS = ("name", "role", "email", "phone")
LIMITS = {"name": 200, "role": 200, "email": 254, "phone": 40}
STALE_AFTER = dt.timedelta(days=365)  # a contact not confirmed for a year is shown as due a check


class CouncilContactError(DecisionError):
    """A contact that cannot be saved; `field` names the one at fault, if one is."""


def may_keep_council_contacts(user: User, council: Council) -> bool:
    """The council's officers, and curators and administrators."""
    return user.is_authenticated and councils_kept_by(user).filter(pk=council.pk).exists()


def council_wards(council: Council) -> QuerySet[Area]:
    """The current wards of the council's areas, by name."""
    return Area.objects.filter(area_type=AreaType.WARD, parent_code__in=council.area_codes).order_by(
        "name", "-vintage"
    )


def _clean(council: Council, values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {field: str(values.get(field) or "").strip() for field in FIELDS}
    for field, limit in LIMITS.items():
        if len(cleaned[field]) > limit:
            raise CouncilContactError(
                f"{field.capitalize()} must be {limit} characters or fewer.", field=field
            )
    if not cleaned["name"]:
        raise CouncilContactError("Enter the person's name.", field="name")
    cleaned["email"] = email_key(cleaned["email"])
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            raise CouncilContactError(
                "Enter an email address like name@council.gov.uk.", field="email"
            ) from None
    if cleaned["phone"] and not PHONE.match(cleaned["phone"]):
        raise CouncilContactError("Enter a phone number like 020 7641 6000.", field="phone")
    if not cleaned["email"] and not cleaned["phone"]:
        raise CouncilContactError("Give an email address or a phone number.", field="email")
    known = {theme.code for theme in themes()}
    chosen = [str(code) for code in values.get("themes") or []]
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise CouncilContactError(f"There is no theme {unknown[0]!r}.", field="themes")
    cleaned["themes"] = sorted(set(chosen))
    wards = set(council_wards(council).values_list("code", flat=True))
    areas = [str(code).strip().upper() for code in values.get("areas") or [] if str(code).strip()]
    outside = [code for code in areas if code not in wards]
    if outside:
        raise CouncilContactError(f"{outside[0]} is not a ward of {council.name}.", field="areas")
    cleaned["areas"] = sorted(set(areas))
    return cleaned


def _facts(contact: CouncilContact) -> dict[str, Any]:
    return {
        **{field: getattr(contact, field) for field in FIELDS},
        "themes": contact.themes,
        "areas": contact.areas,
    }


@transaction.atomic
def council_contact_save(
    *, user: User, council: Council, values: dict[str, Any], contact: CouncilContact | None = None
) -> CouncilContact:
    """Name a contact for the council (or change one): its officers and curators only; confirmed today."""
    if not may_keep_council_contacts(user, council):
        raise CouncilContactError(
            "Only the council's officers and curators name its contacts.", not_allowed=True
        )
    if contact is not None and contact.council_id != council.pk:
        raise CouncilContactError("That contact belongs to another council.", not_allowed=True)
    cleaned = _clean(council, values)
    before = _facts(contact) if contact is not None else None
    if contact is None:
        contact = CouncilContact(council=council, created_by=user)
    for field, value in cleaned.items():
        setattr(contact, field, value)
    contact.confirmed_on = timezone.localdate()
    contact.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit_record(actor=user, action=action, target=contact, before=before, after=_facts(contact))
    return contact


def _personal(contact: CouncilContact) -> set[str]:
    return {value for value in (contact.name, contact.email, contact.phone) if value}


@transaction.atomic
def council_contact_remove(*, user: User, contact: CouncilContact) -> None:
    """Remove a council's named contact: their details go from the record and the audit log at once."""
    if not may_keep_council_contacts(user, contact.council):
        raise CouncilContactError(
            "Only the council's officers and curators name its contacts.", not_allowed=True
        )
    contact_id, kept = contact.pk, {"role": contact.role, "themes": contact.themes, "areas": contact.areas}
    values = _personal(contact)
    contact.delete()
    audit_forget(values)
    audit_record(
        actor=user, action=AuditAction.ERASE, target_type=CouncilContact._meta.label_lower,
        target_id=str(contact_id), target_label=f"Named contact at {contact.council.name}", before=kept,
        note="Named contact removed.",
    )  # fmt: skip


@transaction.atomic
def contact_confirm(*, user: User, contact: Contact) -> Contact:
    """An organisation's member (or a curator) says a checked contact is still right, dating it."""
    if not may_change_contacts(user, contact.organisation):
        raise CouncilContactError("Only the organisation's members confirm its contacts.", not_allowed=True)
    if contact.status != ContactStatus.APPROVED:
        raise CouncilContactError("A contact waiting for a curator is confirmed when the curator checks it.")
    before = {"confirmed_on": str(contact.confirmed_on or "")}
    contact.confirmed_on = timezone.localdate()
    contact.save(update_fields=["confirmed_on", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=contact,
        target_label=f"Contact at {contact.organisation.name}", before=before,
        after={"confirmed_on": str(contact.confirmed_on)}, note="Confirmed as still right.",
    )  # fmt: skip
    return contact


def is_stale(confirmed_on: dt.date | None, today: dt.date) -> bool:
    """Whether a contact is due a check: never confirmed, or not for a year."""
    return confirmed_on is None or today - confirmed_on > STALE_AFTER


def _naming(user: User) -> QuerySet[CouncilContact]:
    if not user.email or not email_verified(user):
        return CouncilContact.objects.none()
    return CouncilContact.objects.filter(email__iexact=user.email).select_related("council")


def council_contacts_export(user: User) -> list[dict[str, Any]]:
    """For the person's data download: every council's named contact giving their address."""
    return [
        {"council": contact.council.name, **_facts(contact), "confirmed": str(contact.confirmed_on or "")}
        for contact in _naming(user)
    ]


def council_contacts_erase(user: User) -> set[str]:
    """For erasing the person: delete the named contacts giving their address; the values removed."""
    values: set[str] = set()
    for contact in _naming(user):
        values |= _personal(contact)
        audit_record(
            actor=None, action=AuditAction.ERASE, target=contact,
            target_label=f"Named contact at {contact.council.name}", before={"role": contact.role},
            note="Named contact erased at the person's request.",
        )  # fmt: skip
        contact.delete()
    return values
