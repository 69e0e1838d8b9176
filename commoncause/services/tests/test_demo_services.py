"""The demo council's example services: drawn from its real organisations' register entries, made up of
nothing the register does not hold, and marked as examples wherever they show."""

from __future__ import annotations

import pytest
from django.db.models import Value
from django.db.models.functions import Concat, Upper
from django.test import Client

from commoncause.places.models import Area
from commoncause.register.models import Organisation
from commoncause.services.demo import EXAMPLE_ALERT, example_service_id, example_services_make
from commoncause.services.models import Service, ServiceSource
from commoncause.services.oruk.documents import service_full
from commoncause.services.oruk.schemas import problems
from commoncause.services.service_pages import service_cards

pytestmark = pytest.mark.django_db


def test_each_placed_organisation_that_says_what_it_does_gets_one_marked_example(
    westminster: Area, client: Client
) -> None:
    made = example_services_make(westminster.code)
    examples = Service.objects.filter(source=ServiceSource.EXAMPLE).select_related("organisation")
    assert made == examples.count() > 20
    for service in examples:
        organisation = service.organisation
        assert organisation is not None
        assert service.pk == example_service_id(organisation)
        assert service.name == organisation.name
        location = service.service_at_locations.get().location
        assert location.postcode == organisation.postcode
        assert location.council_code == westminster.code
        assert location.ward_code.startswith("E05")
        assert not service.schedules.exists()  # the register holds no timetable: none is made up
        assert not service.contacts.exists()
        assert service.alert == EXAMPLE_ALERT
    assert example_services_make(westminster.code) == 0  # made once

    service = examples[0]
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "Example" in page
    assert "An example drawn from the organisation" in page
    found = client.get("/services/", {"q": service.name.split()[0]}).content.decode()
    assert "govuk-tag--yellow" in found


def test_the_examples_are_valid_open_referral_services(westminster: Area) -> None:
    example_services_make(westminster.code, most=5)
    for service in Service.objects.all():
        assert problems("service", service_full(service)) == []


def test_an_organisation_without_activities_or_postcode_gets_no_example(westminster: Area) -> None:
    quiet = Organisation.objects.filter(services__isnull=True).exclude(postcode="").first()
    assert quiet is not None
    Organisation.objects.filter(pk=quiet.pk).update(activities="")
    example_services_make(westminster.code)
    assert not Service.objects.filter(organisation=quiet).exists()


def test_an_example_address_starts_after_the_organisations_name(westminster: Area) -> None:
    """Register addresses often begin with the organisation's name again: the example's first line of
    address is the first that does not, and its card never says the name twice."""
    Organisation.objects.update(address=Concat(Upper("name"), Value(", 3 Example Street, London")))
    example_services_make(westminster.code, most=1)
    service = Service.objects.get()
    address = service.service_at_locations.get().location.addresses.get()
    assert address.address_1 == "3 Example Street"
    (place,) = service_cards([service.pk])[0].places
    shown = f"{place.name}, {place.address}"
    assert service.name.upper() not in shown
    assert shown.count("3 Example Street") == 1


def test_a_card_leaves_out_an_address_line_that_repeats_the_places_name(westminster: Area) -> None:
    example_services_make(westminster.code, most=1)
    service = Service.objects.get()
    location = service.service_at_locations.get().location
    location.addresses.update(address_1=location.name.lower(), city="London")
    assert [place.address for place in service_cards([service.pk])[0].places] == ["London"]
