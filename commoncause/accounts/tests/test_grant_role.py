"""`manage.py grant_role`: staff roles given from the command line, audited."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commoncause.accounts.models import AuditEntry, StaffRole
from commoncause.accounts.roles import staff_roles
from commoncause.accounts.tests.cast import council

pytestmark = pytest.mark.django_db


def test_a_curator_role_is_granted_and_audited(member):
    out = StringIO()
    call_command("grant_role", "MEMBER@charity.example", "curator", stdout=out)
    member.refresh_from_db()
    assert staff_roles(member) == {"curator"}
    assert "member@charity.example is now register curator." in out.getvalue()
    entry = AuditEntry.objects.get(target_type="accounts.staffrole")
    assert (entry.actor_label, entry.after["role"]) == ("system", "curator")


def test_an_officer_needs_a_council(member):
    with pytest.raises(CommandError, match="--council"):
        call_command("grant_role", "member@charity.example", "officer")
    call_command("grant_role", "member@charity.example", "officer", council=council().slug, stdout=StringIO())
    granted = StaffRole.objects.select_related("council").get(user=member).council
    assert granted is not None
    assert granted.slug == "belfast"


def test_an_unknown_person_is_refused():
    with pytest.raises(CommandError, match="No account uses"):
        call_command("grant_role", "nobody@example.org", "admin")
