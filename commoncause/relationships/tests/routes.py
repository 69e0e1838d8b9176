"""The records the engagement log's and who-to-call's routes name, for the tests that walk every route
(the permissions matrix): an entry of the cast's council that names the organisation, and named
contacts of that council."""

from __future__ import annotations

import datetime as dt

from commoncause.accounts.tests.cast import council
from commoncause.register.selectors import organisation_by_identifier
from commoncause.relationships.models import CouncilContact, Engagement, GlossaryTerm


def engagement_path(path: str, org_id: str) -> str:
    """The path with `<int:engagement_id>` filled (the entry made the first time it is asked for)."""
    if "<int:engagement_id>" not in path:
        return path
    engagement = Engagement.objects.filter(title="Meeting about the winter plan").first()
    if engagement is None:
        engagement = Engagement.objects.create(
            council=council(), kind="meeting", title="Meeting about the winter plan", on=dt.date(2026, 11, 2)
        )
        organisation = organisation_by_identifier(org_id)
        assert organisation is not None
        engagement.organisations.add(organisation)
    return path.replace("<int:engagement_id>", str(engagement.pk))


def who_to_call_path(path: str) -> str:
    """The path with a named contact of the cast's council filled in for the council-contact routes
    (removing one gets a contact of its own, so the other routes still find theirs)."""
    if not path.startswith("who-to-call/"):
        return path
    path = path.replace("<slug:council_slug>", council().slug)
    if "<int:contact_id>" not in path:
        return path
    name = "Removable Officer" if path.endswith("remove/") else "Named Officer"
    contact, _ = CouncilContact.objects.get_or_create(
        council=council(), name=name, defaults={"email": "named@council.example"}
    )
    return path.replace("<int:contact_id>", str(contact.pk))


def glossary_path(path: str) -> str:
    """The path with the cast's council and a term of its glossary filled in (each remove gets its own)."""
    if not path.startswith("glossary/"):
        return path
    path = path.replace("<slug:council_slug>", council().slug)
    if "<int:term_id>" in path:
        term, _ = GlossaryTerm.objects.get_or_create(
            council=council(), term="early help", defaults={"plain": "help"}
        )
        path = path.replace("<int:term_id>", str(term.pk))
    return path
