"""The demo council, Westminster City Council (E09000033), and — in development only — sign-ins to try it.

`load_demo_data` makes the council once its geography is in. With `DEBUG` on, and never otherwise, it
also makes three accounts: an officer of Westminster, a curator, and a member of one organisation placed
in Westminster, each with a new random password, and says them on the console (`demo_sign_ins`, run
again, gives new passwords).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from commoncause.accounts.councils import council_save
from commoncause.accounts.models import AuditAction, Council, Role, StaffRole
from commoncause.accounts.services import audit_record, staff_role_grant, user_sign_up
from commoncause.members.models import Membership, MembershipStatus
from commoncause.places.models import OrganisationPlace

DEMO_COUNCIL = ("Westminster City Council", "E09000033")
DEMO_ORG_ID = "GB-LAE-WSM"  # in the Local Authorities for England register
OFFICER_EMAIL = "officer@westminster.demo"
CURATOR_EMAIL = "curator@cvs.demo"
MEMBER_EMAIL = "member@charity.demo"


@dataclass(frozen=True)
class SignIn:
    who: str
    email: str
    password: str


def demo_council() -> Council:
    """Westminster City Council, made the first time."""
    name, code = DEMO_COUNCIL
    found = Council.objects.filter(name=name).first()
    if found is not None and not found.org_id:  # its org-id came later: the funder of the demo's grants
        return council_save(
            actor=None, council=found, name=name, area_codes=found.area_codes, org_id=DEMO_ORG_ID
        )
    return found or council_save(actor=None, name=name, area_codes=[code], org_id=DEMO_ORG_ID)


@transaction.atomic
def demo_sign_ins() -> list[SignIn]:
    """Sign-ins to try the demo, with new passwords. Development only: refused unless DEBUG is on."""
    if not settings.DEBUG:
        raise PermissionError("Demo sign-ins are made only with DEBUG on, never on a real service.")
    council = demo_council()
    made = []
    for who, email, role in (
        ("an officer of Westminster City Council", OFFICER_EMAIL, Role.OFFICER),
        ("a curator of the register", CURATOR_EMAIL, Role.CURATOR),
        ("a member of an organisation in Westminster", MEMBER_EMAIL, None),
    ):
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=email).first()
        if user is None:
            user = user_sign_up(email=email, password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            audit_record(actor=None, action=AuditAction.UPDATE, target=user, target_label=email,
                         note="A new password for the demo.")  # fmt: skip
        where = council if role == Role.OFFICER else None
        if role is not None and not StaffRole.objects.filter(user=user, role=role, council=where).exists():
            staff_role_grant(actor=None, user=user, role=role, council=where)
        elif role is None:
            who = f"{who} ({_join_one(user)})"
        made.append(SignIn(who, email, password))
    return made


def _join_one(user: User) -> str:
    """Make the member a member of the first organisation placed in Westminster; its name."""
    place = OrganisationPlace.objects.filter(local_authority=DEMO_COUNCIL[1]).select_related("organisation")
    first = place.order_by("organisation__name").first()
    if first is None:
        return "none is placed there yet"
    membership, made = Membership.objects.get_or_create(
        user=user, organisation=first.organisation, defaults={"status": MembershipStatus.APPROVED}
    )
    if made:
        facts = {"user": user.email, "organisation": first.organisation.name, "status": "approved"}
        audit_record(actor=None, action=AuditAction.CREATE, target=membership, after=facts)
    return first.organisation.name


def demo_said() -> str:
    """What `load_demo_data` says of the council and, with DEBUG on, the sign-ins."""
    council = demo_council()
    lines = [f"The demo council is {council.name} ({', '.join(council.area_codes)})."]
    if settings.DEBUG:
        lines.append("Demo sign-ins (development only; `manage.py demo_sign_ins` gives new passwords):")
        lines += [f"  {sign_in.email}  {sign_in.password}  {sign_in.who}" for sign_in in demo_sign_ins()]
    return "\n".join(lines)
