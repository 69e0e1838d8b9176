"""The demo council: `load_demo_data` makes Westminster City Council and, with DEBUG on and never
otherwise, sign-ins for its officer, a curator and a member of an organisation in Westminster."""

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pytest_django.fixtures import Settings

from commoncause.accounts.models import Council
from commoncause.accounts.roles import CURATOR, OFFICER, has_role
from commoncause.members.membership import is_member
from commoncause.members.models import Membership
from commoncause.places.demo import CURATOR_EMAIL, MEMBER_EMAIL, OFFICER_EMAIL
from commoncause.places.models import OrganisationPlace

pytestmark = pytest.mark.django_db


def signs_in(email: str, password: str) -> bool:
    response = Client().post("/accounts/sign-in/", {"username": email, "password": password})
    return response.status_code == 302


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo_data", "--no-progress", stdout=out)
    return out.getvalue()


def test_with_debug_on_the_demo_prints_sign_ins_that_work(settings: Settings) -> None:
    settings.DEBUG = True
    output = load_demo()

    assert "The demo council is Westminster City Council (E09000033)." in output
    passwords = dict(re.findall(r"^  (\S+@\S+)  (\S+)  ", output, flags=re.MULTILINE))
    assert set(passwords) == {OFFICER_EMAIL, CURATOR_EMAIL, MEMBER_EMAIL}
    for email, password in passwords.items():
        assert signs_in(email, password), email
    officer = User.objects.get(username=OFFICER_EMAIL)
    assert has_role(officer, OFFICER)
    assert officer.staff_roles.get().council == Council.objects.get(name="Westminster City Council")
    assert has_role(User.objects.get(username=CURATOR_EMAIL), CURATOR)
    membership = Membership.objects.get(user__username=MEMBER_EMAIL)
    assert is_member(membership.user, membership.organisation)
    assert OrganisationPlace.objects.get(organisation=membership.organisation).local_authority == "E09000033"


def test_new_passwords_on_asking_again_and_the_old_ones_stop_working(settings: Settings) -> None:
    settings.DEBUG = True
    first = dict(re.findall(r"^  (\S+@\S+)  (\S+)  ", load_demo(), flags=re.MULTILINE))
    out = StringIO()

    call_command("demo_sign_ins", stdout=out)

    again = dict(re.findall(r"^(\S+@\S+)  (\S+)  ", out.getvalue(), flags=re.MULTILINE))
    assert set(again) == set(first)
    assert not signs_in(OFFICER_EMAIL, first[OFFICER_EMAIL])
    assert signs_in(OFFICER_EMAIL, again[OFFICER_EMAIL])
    assert User.objects.get(username=OFFICER_EMAIL).staff_roles.count() == 1


def test_with_debug_off_there_are_no_demo_sign_ins(settings: Settings) -> None:
    settings.DEBUG = False
    output = load_demo()

    assert "The demo council is Westminster City Council" in output
    assert "Demo sign-ins" not in output
    # No one can sign in: the one account the demo makes (the example assessor's scores) is inactive.
    assert not User.objects.filter(is_active=True).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("demo_sign_ins", stdout=StringIO())


def test_the_demo_places_westminsters_own_organisations_in_their_wards(
    settings: Settings, test_data_dir: Path
) -> None:
    """The 103 organisations of the demo's files whose postcodes lie in Westminster: from the register
    sample and two trusts' grants. Five are not placed there: two recipients a grants file names only by
    the trust's own id, kept under another record; two whose regulator's address, which the register
    keeps, lies outside Westminster though their grant gives one inside; and one with no postcode."""
    settings.DEBUG = False
    load_demo()
    with (test_data_dir / "places" / "E09000033_orgs_in_existing_samples.csv").open(encoding="utf-8") as f:
        expected = {row["org_id"]: row["ward_code"] for row in csv.DictReader(f)}
    placed = dict(
        OrganisationPlace.objects.filter(
            organisation__identifiers__org_id__in=expected, local_authority="E09000033"
        ).values_list("organisation__identifiers__org_id", "ward")
    )

    assert len(expected) == 103
    assert len(placed) >= 98
    agree = sum(placed[org_id] == expected[org_id] for org_id in placed)
    assert agree / len(placed) >= 0.95
