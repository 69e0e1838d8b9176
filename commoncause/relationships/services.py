"""Writes about contacts: members propose, curators check, and removing a contact erases it.

One function per action, behind both the pages and the API: each checks who may act, writes and
audits. A contact a member adds or changes waits for a curator; one a curator adds is checked at once.
Removing a contact is never held up by a queue: the person's details go from the record and from the
audit log at once.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.curation import DecisionError, decision_reason
from commoncause.accounts.erasure import audit_forget
from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import is_curator
from commoncause.accounts.services import audit_record, email_key, email_verified
from commoncause.members.membership import is_member
from commoncause.members.notifications import decision_notify
from commoncause.register.models import Organisation
from commoncause.relationships.models import (
    CONTACT_FIELDS,
    PERSONAL_FIELDS,
    Contact,
    ContactPurpose,
    ContactStatus,
    LawfulBasis,
)

PHONE = re.compile(r"^\+?[0-9 ()\-]{6,40}$")
LIMITS = {"name": 200, "role": 200, "email": 254, "phone": 40, "consent_note": 300}


class ContactError(DecisionError):
    """A contact that cannot be added, changed or decided; the message says why."""


def may_change_contacts(user: User, organisation: Organisation) -> bool:
    """The organisation's own members and curators keep its contacts."""
    return is_member(user, organisation) or is_curator(user)


def clean_contact(values: dict[str, Any]) -> dict[str, str]:
    """The contact's fields, trimmed and checked (ContactError names a bad one).

    Returns strings keyed as CONTACT_FIELDS, plus `consent_note`; `is_senior` is "yes" or "no".
    """
    cleaned = {field: str(values.get(field) or "").strip() for field in (*CONTACT_FIELDS, "consent_note")}
    for field, limit in LIMITS.items():
        if len(cleaned[field]) > limit:
            label = CONTACT_FIELDS.get(field, "How they agreed")
            raise ContactError(f"{label} must be {limit} characters or fewer.", field=field)
    if not cleaned["name"]:
        raise ContactError("Enter the person's name.", field="name")
    cleaned["email"] = email_key(cleaned["email"])
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            raise ContactError("Enter an email address like name@example.org.", field="email") from None
    if cleaned["phone"] and not PHONE.match(cleaned["phone"]):
        raise ContactError("Enter a phone number like 028 9032 0000.", field="phone")
    if not cleaned["email"] and not cleaned["phone"]:
        raise ContactError("Give an email address or a phone number.", field="email")
    if cleaned["purpose"] not in ContactPurpose.values:
        raise ContactError("Choose why the council may contact them.", field="purpose")
    if cleaned["lawful_basis"] not in LawfulBasis.values:
        raise ContactError("Choose the basis for holding their details.", field="lawful_basis")
    senior = values.get("is_senior")
    cleaned["is_senior"] = (
        "yes" if senior is True or str(senior).lower() in {"yes", "true", "on", "1"} else "no"
    )
    if cleaned["lawful_basis"] == LawfulBasis.CONSENT and not values.get("consent_confirmed"):
        raise ContactError(
            "Confirm that the person agreed to be listed as a contact.", field="consent_confirmed"
        )
    return cleaned


def _apply(contact: Contact, values: dict[str, str]) -> None:
    for field in (*CONTACT_FIELDS, "consent_note"):
        if field in values:
            setattr(contact, field, values[field] == "yes" if field == "is_senior" else values[field])
    if values.get("lawful_basis") == LawfulBasis.CONSENT:
        recorded = values.get("consent_at")
        contact.consent_at = datetime.fromisoformat(recorded) if recorded else timezone.now()
    else:
        contact.consent_at, contact.consent_note = None, ""


def _label(contact: Contact) -> str:
    return f"Contact at {contact.organisation.name}"


@transaction.atomic
def contact_propose(
    *, user: User, organisation: Organisation, values: dict[str, Any], contact: Contact | None = None
) -> Contact:
    """Add a contact (or change one) for the organisation; members' proposals wait for a curator."""
    if not may_change_contacts(user, organisation):
        raise ContactError("Only the organisation's members can change its contacts.", not_allowed=True)
    if contact is not None and contact.organisation_id != organisation.pk:
        raise ContactError("That contact belongs to another organisation.", not_allowed=True)
    cleaned = clean_contact(values)
    if cleaned["lawful_basis"] == LawfulBasis.CONSENT:
        cleaned["consent_at"] = timezone.now().isoformat()
    before = contact.values() if contact is not None else {}
    if contact is not None and {k: cleaned[k] for k in CONTACT_FIELDS} == before and not contact.proposed:
        raise ContactError("Nothing has changed.")
    now = timezone.now()
    curator = is_curator(user)
    contact = contact or Contact(organisation=organisation)
    if curator or contact.status != ContactStatus.APPROVED:
        _apply(contact, cleaned)
        contact.proposed, contact.reason = {}, ""
        contact.status = ContactStatus.APPROVED if curator else ContactStatus.PENDING
        if curator:
            contact.decided_by, contact.decided_at = user, now
    else:
        contact.proposed = cleaned  # the checked version stays in use until a curator approves
    contact.proposed_by = user
    contact.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE if not before else AuditAction.UPDATE,
        target=contact,
        target_label=_label(contact),
        before=before,
        after={k: cleaned[k] for k in CONTACT_FIELDS} | {"status": contact.status},
    )
    return contact


@transaction.atomic
def contact_decide(
    *, curator: User, contact: Contact, approve: bool, reason: str = "", base_url: str = ""
) -> Contact:
    """A curator approves a new contact or a change to one, or sends it back with a reason; the member
    who proposed it is emailed the decision (links start with `base_url`)."""
    reason = decision_reason(
        curator=curator,
        still_open=contact.waiting,
        approve=approve,
        reason=reason,
        subject="contacts",
        refusal="the contact is sent back",
        error=ContactError,
    )
    before = contact.values() | {"status": contact.status}
    change = bool(contact.proposed)
    if contact.proposed:
        if approve:
            _apply(contact, contact.proposed)
        contact.proposed = {}
    else:
        contact.status = ContactStatus.APPROVED if approve else ContactStatus.RETURNED
    contact.reason = reason
    contact.decided_by, contact.decided_at = curator, timezone.now()
    contact.save()
    audit_record(
        actor=curator,
        action=AuditAction.APPROVE if approve else AuditAction.REFUSE,
        target=contact,
        target_label=_label(contact),
        before=before,
        after=contact.values() | {"status": contact.status, "reason": reason},
    )
    path = reverse("relationships:contact_list", kwargs={"org_id": contact.organisation.pk})
    decision_notify(
        person=contact.proposed_by,
        subject=f"Your contact at {contact.organisation.name}: {'approved' if approve else 'sent back'}",
        template="relationships/email/contact_decided.txt",
        context={
            "approved": approve,
            "change": change,
            "organisation": contact.organisation,
            "role": contact.role,
            "reason": reason,
            "link": f"{base_url.rstrip('/')}{path}",
        },
    )
    return contact


def _personal_values(contact: Contact) -> set[str]:
    values = {getattr(contact, field) for field in PERSONAL_FIELDS}
    values |= {str(contact.proposed.get(field, "")) for field in PERSONAL_FIELDS}
    return {value for value in values if value}


@transaction.atomic
def contact_remove(*, user: User, contact: Contact) -> None:
    """Remove a contact: their details go from the record and from the audit log at once."""
    if not may_change_contacts(user, contact.organisation):
        raise ContactError("Only the organisation's members can remove its contacts.", not_allowed=True)
    contact_id, label = contact.pk, _label(contact)
    kept = {"role": contact.role, "purpose": contact.purpose}
    values = _personal_values(contact)
    contact.delete()
    audit_forget(values)
    audit_record(
        actor=user,
        action=AuditAction.ERASE,
        target_type=Contact._meta.label_lower,
        target_id=str(contact_id),
        target_label=label,
        before=kept,
        note="Contact removed; their name and details are erased from the record and from this log.",
    )


def _naming(user: User):
    """Contacts naming the person by their address, once they have shown the address is theirs."""
    if not user.email or not email_verified(user):
        return Contact.objects.none()
    return Contact.objects.filter(email__iexact=user.email).select_related("organisation")


def contacts_export(user: User) -> list[dict[str, Any]]:
    """For the person's data download: every contact record naming them."""
    return [
        {
            "organisation": contact.organisation.name,
            **contact.values(),
            "consent_recorded": contact.consent_at.isoformat() if contact.consent_at else None,
            "how_they_agreed": contact.consent_note,
            "added": contact.created_at.isoformat(),
        }
        for contact in _naming(user)
    ]


def contacts_erase(user: User) -> set[str]:
    """For erasing the person: delete contact records naming them; returns the values removed."""
    values: set[str] = set()
    for contact in _naming(user):
        values |= _personal_values(contact)
        audit_record(
            actor=None,
            action=AuditAction.ERASE,
            target=contact,
            target_label=_label(contact),
            before={"role": contact.role, "purpose": contact.purpose},
            note="Contact erased at the person's request.",
        )
        contact.delete()
    return values
