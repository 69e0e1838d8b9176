"""Who do I talk to about <theme> in <area>? Reads, always through who is asking.

For a ward or a council and a theme, the answer holds:
- the council's named contacts for that theme (or for every theme) and that ward (or the whole
  council);
- the organisations that do the theme there (placed in the ward or council by postcode, or saying they
  work across the council), each with the senior contacts the person may see under the contacts rule
  (`selectors.contacts_for`: their own organisation's for a member, checked ones in their council's
  area for an officer, all for a curator).
Only signed-in officers, curators and organisations' members ask (`may_ask`); the public never does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from commoncause.accounts.models import Council
from commoncause.accounts.roles import ADMIN, CURATOR, OFFICER, has_role
from commoncause.members.models import Membership, MembershipStatus
from commoncause.places.models import Area, AreaType, OrganisationPlace
from commoncause.places.themes import Theme, organisation_themes, theme_by_code
from commoncause.register.models import AreaOfOperation, Organisation
from commoncause.relationships.models import Contact, ContactStatus, CouncilContact
from commoncause.relationships.selectors import contacts_for

MOST_ORGANISATIONS = 30


def may_ask(user: User | AnonymousUser) -> bool:
    """Officers, curators and administrators, and members of an organisation."""
    if not user.is_authenticated:
        return False
    if has_role(user, OFFICER, CURATOR, ADMIN):
        return True
    return Membership.objects.filter(user=user, status=MembershipStatus.APPROVED).exists()


def area_for(key: str) -> Area | None:
    """A ward or a council by its GSS code or its exact name (the newest vintage)."""
    key = key.strip()
    if not key:
        return None
    found = Area.objects.filter(area_type__in=(AreaType.WARD, AreaType.LOCAL_AUTHORITY))
    return (
        found.filter(code=key.upper()).order_by("-vintage").first()
        or found.filter(name__iexact=key).order_by("area_type", "-vintage").first()
    )


@dataclass
class OrganisationRow:
    organisation: Organisation
    contacts: list[Contact]  # its checked senior contacts this person may see


@dataclass
class Answer:
    theme: Theme
    area: Area
    council_code: str
    councils: list[Council]
    council_contacts: list[CouncilContact]
    organisations: list[OrganisationRow] = field(default_factory=list)
    more: int = 0  # organisations beyond the first MOST_ORGANISATIONS


def _council_contacts(councils: list[Council], theme: Theme, area: Area) -> list[CouncilContact]:
    found = CouncilContact.objects.filter(council__in=councils).select_related("council")
    return [
        contact
        for contact in found
        if (not contact.themes or theme.code in contact.themes)
        and (area.area_type != AreaType.WARD or not contact.areas or area.code in contact.areas)
    ]


def _organisation_ids(area: Area, council_code: str) -> set[UUID]:
    if area.area_type == AreaType.WARD:
        placed = OrganisationPlace.objects.filter(ward=area.code)
        working: set[UUID] = set()
    else:
        placed = OrganisationPlace.objects.filter(local_authority=council_code)
        working = set(
            AreaOfOperation.objects.filter(gss_code=council_code).values_list("organisation_id", flat=True)
        )
    return set(placed.values_list("organisation_id", flat=True)) | working


def who_to_call(user: User, theme_code: str, area: Area) -> Answer | None:
    """The answer for this person, or None for a theme that does not exist."""
    theme = theme_by_code(theme_code)
    if theme is None:
        return None
    council_code = area.parent_code if area.area_type == AreaType.WARD else area.code
    councils = [council for council in Council.objects.all() if council_code in council.area_codes]
    answer = Answer(theme, area, council_code, councils, _council_contacts(councils, theme, area))
    ids = _organisation_ids(area, council_code)
    themed = organisation_themes(ids)
    doing = [key for key in ids if theme.code in themed.get(key, set())]
    listed = (
        Organisation.objects.listed().filter(pk__in=doing).filter(~Q(status__in=("removed", "dissolved")))
    )
    organisations = list(listed.order_by("name", "pk")[: MOST_ORGANISATIONS + 1])
    answer.more = max(0, listed.count() - MOST_ORGANISATIONS)
    for organisation in organisations[:MOST_ORGANISATIONS]:
        seen = contacts_for(user, organisation).filter(is_senior=True, status=ContactStatus.APPROVED)
        answer.organisations.append(OrganisationRow(organisation, list(seen)))
    return answer
