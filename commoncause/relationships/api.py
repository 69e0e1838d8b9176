"""API for an organisation's contacts: read by officers, curators and members with a token; never public."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema, Status

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest
from commoncause.accounts.api_access import api_access
from commoncause.register.api import OrganisationKey
from commoncause.register.selectors import organisation_by_identifier
from commoncause.relationships import selectors

router = Router()


class ContactPersonOut(Schema):
    id: int
    name: str
    role: str
    email: str
    phone: str
    is_senior: bool
    purpose: str
    lawful_basis: str
    status: str
    last_checked: str | None


class ContactsOut(Schema):
    count: int
    items: list[ContactPersonOut]


class RefusalOut(Schema):
    detail: str


@router.get(
    "/{key}/contacts",
    response={200: ContactsOut, 403: RefusalOut},
    summary="The organisation's contacts (council officers, curators and its members only)",
    auth=api_access(SIGNED_IN, object_level=True),
)
def contacts_read(request: AuthenticatedHttpRequest, key: OrganisationKey) -> Status:
    organisation = organisation_by_identifier(key)
    if organisation is None:
        raise Http404(f"No organisation has the identifier {key[:80]}.")
    if not selectors.may_see_contacts(request.user, organisation):
        return Status(403, {"detail": "Only council officers, curators and the organisation's members."})
    items = [
        {
            "id": contact.pk,
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "is_senior": contact.is_senior,
            "purpose": contact.purpose,
            "lawful_basis": contact.lawful_basis,
            "status": contact.status,
            "last_checked": contact.decided_at.isoformat() if contact.decided_at else None,
        }
        for contact in selectors.contacts_for(request.user, organisation)
    ]
    return Status(200, {"count": len(items), "items": items})
