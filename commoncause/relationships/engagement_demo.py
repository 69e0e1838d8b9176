"""Example entries of the demo council's engagement log, on real organisations placed in it, each
marked as an example wherever it shows (`is_example`): a meeting with a follow-up due, a consultation
that ran under 12 weeks and says why, and a notice of ending funding given with less than three
months to run. Nothing here claims an organisation said or did anything: the words are the demo's."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.places.demo import DEMO_COUNCIL, demo_council
from commoncause.places.models import OrganisationPlace
from commoncause.places.themes import themes
from commoncause.register.models import Organisation
from commoncause.relationships.engagement import today
from commoncause.relationships.models import CouncilContact, Engagement, EngagementKind

CODE = DEMO_COUNCIL[1]


def _organisations() -> list[Organisation]:
    places = OrganisationPlace.objects.filter(local_authority=CODE, organisation__merged_into__isnull=True)
    ids = list(places.order_by("organisation__name").values_list("organisation_id", flat=True)[:6])
    return sorted(Organisation.objects.filter(pk__in=ids), key=lambda org: (org.name, org.pk))


def _entry(organisations: list[Organisation], **values: object) -> Engagement:
    engagement = Engagement.objects.create(council=demo_council(), is_example=True, **values)
    engagement.organisations.set(organisations)
    audit_record(actor=None, action=AuditAction.CREATE, target=engagement, note="A demo example")
    return engagement


@transaction.atomic
def demo_engagement() -> str:
    """Run by `load_demo_data` once the demo's organisations are placed; once only."""
    if Engagement.objects.filter(is_example=True).exists():
        return "Example engagement log: already there."
    organisations = _organisations()
    if len(organisations) < 3:
        return "No example engagement log: too few organisations are placed in the demo council."
    now = today()
    meeting = _entry(
        organisations[:2], kind=EngagementKind.MEETING, title="Quarterly meeting on winter support",
        on=now - dt.timedelta(days=20),
        summary="Agreed to share the council's winter plan with the groups before it is published, and to "
                "meet again in three months.",
    )  # fmt: skip
    _entry(
        organisations[:2], kind=EngagementKind.FOLLOW_UP, title="Send the draft winter plan to the groups",
        on=now - dt.timedelta(days=20), due_on=now + dt.timedelta(days=5), follows=meeting,
    )  # fmt: skip
    consultation = _entry(
        organisations[:3], kind=EngagementKind.CONSULTATION, title="Consultation on the play strategy",
        on=now - dt.timedelta(days=120), closes_on=now - dt.timedelta(days=50),
        shorter_because="The strategy had to be agreed before the summer funding deadline.",
        other_responses=42, changed="Two more play sites in the north of the borough were added.",
    )  # fmt: skip
    consultation.respondents.set(organisations[1:3])
    _entry(
        organisations[2:3], kind=EngagementKind.FUNDING_NOTICE, title="Notice: youth activities grant ends",
        on=now - dt.timedelta(days=10), funding_ends_on=now + dt.timedelta(days=50), reduction="ends",
        reasons="The programme that paid for the grant closes at the end of the financial year.",
    )  # fmt: skip
    return "Example engagement log for Westminster: a meeting and its follow-up, a consultation and a notice."


NAMED: tuple[dict[str, object], ...] = (
    {"name": "Example Partnerships Lead", "role": "Head of Partnerships (example)",
     "email": "partnerships@example.westminster.demo", "themes": []},
    {"name": "Example Early Help Lead", "role": "Early Help and Children's Services (example)",
     "email": "early.help@example.westminster.demo", "themes": ["children", "education"]},
    {"name": "Example Adult Care Lead", "role": "Adult Social Care (example)", "phone": "020 7946 0000",
     "themes": ["older", "disabled", "care"]},
)  # fmt: skip


@transaction.atomic
def demo_named_contacts() -> str:
    """Example named contacts for the demo council, marked as examples; once only. Their names say they
    are examples, and their addresses are on a domain that receives no mail."""
    if CouncilContact.objects.filter(is_example=True).exists():
        return "Example named contacts: already there."
    council = demo_council()
    known = {theme.code for theme in themes()}
    for values in NAMED:
        chosen = [code for code in values["themes"] if code in known]  # type: ignore[attr-defined]
        contact = CouncilContact.objects.create(
            council=council, is_example=True, confirmed_on=today(), **{**values, "themes": chosen}
        )
        audit_record(actor=None, action=AuditAction.CREATE, target=contact, note="A demo example")
    return f"Example named contacts for Westminster ({len(NAMED)}), for 'who to call'."
