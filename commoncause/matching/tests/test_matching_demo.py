"""The demo council's example needs, fund, offers and approach: on real organisations placed in
Westminster, made once, and marked as examples wherever they show."""

from __future__ import annotations

import pytest
from django.test import Client

from commoncause.accounts.tests.cast import person
from commoncause.matching.demo import demo_matching
from commoncause.matching.models import Approach, ApproachStatus, Need, NeedKind, Offer
from commoncause.members.models import Membership
from commoncause.places.models import Area, OrganisationPlace
from commoncause.places.tests.conftest import westminster, westminster_loaded

__all__ = ["westminster", "westminster_loaded"]
pytestmark = pytest.mark.django_db


def test_the_demo_makes_examples_on_real_organisations_once(westminster: Area) -> None:
    said = demo_matching()
    assert "each marked as an example" in said
    needs = Need.objects.all()
    assert needs.count() == 4
    assert all(need.is_example and need.council is not None for need in needs)
    assert needs.filter(kind=NeedKind.FUND).count() == 1
    placed = set(
        OrganisationPlace.objects.filter(local_authority="E09000033").values_list(
            "organisation_id", flat=True
        )
    )
    offers = Offer.objects.all()
    assert offers.count() == 3
    assert all(offer.is_example and offer.organisation_id in placed for offer in offers)
    approach = Approach.objects.get()
    assert approach.status == ApproachStatus.CONTACTED
    assert approach.organisation_id in placed
    demo_matching()
    assert (Need.objects.count(), Offer.objects.count(), Approach.objects.count()) == (4, 3, 1)


def test_the_examples_are_marked_on_every_page_that_shows_them(westminster: Area, client: Client) -> None:
    demo_matching()
    need = Need.objects.get(title="Lunch and company for older people who live alone")
    assert "Example" in client.get("/needs/").content.decode()
    assert "An example need made for the demonstration" in client.get(f"/needs/{need.pk}/").content.decode()
    approach = Approach.objects.get()
    member = person("member@charity.demo")
    Membership.objects.create(user=member, organisation=approach.organisation, status="approved")
    client.force_login(member)
    assert "Example" in client.get("/approaches/").content.decode()
    offer = Offer.objects.first()
    assert offer is not None
    assert (
        "An example offer made for the demonstration"
        in client.get(f"/exchange/offers/{offer.pk}/").content.decode()
    )
