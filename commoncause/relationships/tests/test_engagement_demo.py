"""The demo council's example engagement log: on real organisations placed in Westminster, made once,
marked as examples, and showing the Compact's checks."""

from __future__ import annotations

import pytest
from django.test import Client

from commoncause.accounts.models import Council, StaffRole
from commoncause.accounts.tests.cast import person
from commoncause.places.models import Area, OrganisationPlace
from commoncause.places.tests.conftest import westminster, westminster_loaded
from commoncause.relationships.engagement_demo import demo_engagement
from commoncause.relationships.models import Engagement, EngagementKind

__all__ = ["westminster", "westminster_loaded"]
pytestmark = pytest.mark.django_db


def test_the_demo_log_is_made_once_on_organisations_placed_in_westminster(westminster: Area) -> None:
    assert "Example engagement log for Westminster" in demo_engagement()
    entries = Engagement.objects.all()
    assert entries.count() == 4
    assert all(entry.is_example and entry.council.name == "Westminster City Council" for entry in entries)
    placed = set(
        OrganisationPlace.objects.filter(local_authority="E09000033").values_list(
            "organisation_id", flat=True
        )
    )
    named = {org.pk for entry in entries for org in entry.organisations.all()}
    assert named
    assert named <= placed
    follow_up = entries.get(kind=EngagementKind.FOLLOW_UP)
    assert follow_up.follows == entries.get(kind=EngagementKind.MEETING)
    demo_engagement()
    assert Engagement.objects.count() == 4


def test_the_demo_entries_are_marked_and_show_the_compacts_checks(westminster: Area, client: Client) -> None:
    demo_engagement()
    officer = person("officer@westminster.demo")
    StaffRole.objects.create(
        user=officer, role="officer", council=Council.objects.get(name="Westminster City Council")
    )
    client.force_login(officer)
    assert "Example" in client.get("/engagement/").content.decode()
    consultation = Engagement.objects.get(kind=EngagementKind.CONSULTATION)
    page = client.get(f"/engagement/{consultation.pk}/").content.decode()
    assert "An example entry of the demonstration" in page
    assert "Shorter than 12 weeks" in page  # 70 days
    notice = Engagement.objects.get(kind=EngagementKind.FUNDING_NOTICE)
    assert "Less than three months" in client.get(f"/engagement/{notice.pk}/").content.decode()


def test_the_demo_names_example_contacts_who_answer_who_to_call(westminster: Area) -> None:
    from commoncause.relationships.engagement_demo import demo_named_contacts
    from commoncause.relationships.models import CouncilContact
    from commoncause.relationships.who_to_call import area_for, who_to_call

    assert "Example named contacts for Westminster (3)" in demo_named_contacts()
    demo_named_contacts()
    assert CouncilContact.objects.filter(is_example=True).count() == 3
    area = area_for("E09000033")
    assert area is not None
    answer = who_to_call(person("officer@westminster.demo"), "children", area)
    assert answer is not None
    assert {contact.name for contact in answer.council_contacts} == {
        "Example Partnerships Lead",  # every theme
        "Example Early Help Lead",
    }
