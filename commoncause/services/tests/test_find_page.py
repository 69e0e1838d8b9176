"""Find a service near you: keyword and postcode, nearest first with the distance, filters for who it is
for, cost and opening day, a shareable address and a print view; bad input names the field."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client

from commoncause.register.models import Organisation, OrganisationStatus
from commoncause.services.editing import document_from_form
from commoncause.services.forms import ServiceForm
from commoncause.services.models import Service, ServiceSource
from commoncause.services.oruk.writing import service_document_save
from commoncause.services.tests.factories import load_postcodes, organisation
from commoncause.services.tests.test_service_form import FILLED

pytestmark = pytest.mark.django_db
PAGE = "/services/"


def _service(owner: Organisation, **change: Any) -> Service:
    """A service written as a member's approved one is: through the form, then the standard's writer."""
    form = ServiceForm({**FILLED, **change})
    assert form.is_valid(), form.errors
    document = document_from_form(form.cleaned_data, service_id=uuid.uuid4(), organisation=owner, current={})
    return service_document_save(document, organisation=owner, source=ServiceSource.MEMBER, note="test")


@pytest.fixture
def services() -> dict[str, Service]:
    load_postcodes()
    trust = organisation()
    other = organisation("Soho Family Centre", org_id="GB-CHC-1099999")
    return {
        # SW1A 2AX, by Whitehall
        "lunch": _service(trust, name="Whitehall lunch club", postcode="SW1A 2AX"),
        # W1D 3JB, Soho: free, for children, on Saturdays
        "play": _service(
            other,
            name="Soho play session",
            postcode="W1D 3JB",
            categories=["children", "families"],
            minimum_age="2",
            maximum_age="11",
            free="on",
            fees="",
            amount="",
            days=["SA"],
        ),  # fmt: skip
        # W2 1EG, by Paddington
        "advice": _service(
            trust, name="Paddington advice line", postcode="W2 1EG", categories=["poverty"], minimum_age="18"
        ),
    }


def _names(html: str) -> list[str]:
    return re.findall(
        r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="/services/[^"]+/">([^<]+)</a>', html
    )


def test_near_a_postcode_the_nearest_comes_first_with_its_distance(
    client: Client, services: dict[str, Service]
) -> None:
    # SW1P 3AZ, by Westminster Abbey: Whitehall is 0.8 km away, Soho 1.9 km, Paddington 5.7 km
    html = client.get(PAGE, {"postcode": "sw1p 3az", "radius": "10"}).content.decode()
    assert _names(html) == ["Whitehall lunch club", "Soho play session", "Paddington advice line"]
    assert "3 services found within 10 km of SW1P 3AZ, nearest first" in html
    assert "0.8 km away" in html
    near = client.get(PAGE, {"postcode": "SW1P 3AZ", "radius": "2"}).content.decode()
    assert _names(near) == ["Whitehall lunch club", "Soho play session"]


def test_words_and_filters_narrow_the_results(client: Client, services: dict[str, Service]) -> None:
    assert _names(client.get(PAGE, {"q": "advice"}).content.decode()) == ["Paddington advice line"]
    assert _names(client.get(PAGE, {"category": "children"}).content.decode()) == ["Soho play session"]
    assert _names(client.get(PAGE, {"age": "7"}).content.decode()) == ["Soho play session"]
    assert _names(client.get(PAGE, {"age": "70"}).content.decode()) == [
        "Paddington advice line",
        "Whitehall lunch club",
    ]
    assert _names(client.get(PAGE, {"cost": "free"}).content.decode()) == ["Soho play session"]
    assert _names(client.get(PAGE, {"day": "SA"}).content.decode()) == ["Soho play session"]
    assert _names(client.get(PAGE, {"day": "MO"}).content.decode()) == [
        "Paddington advice line",
        "Whitehall lunch club",
    ]


def test_each_result_says_who_runs_it_where_when_cost_contact_and_review(
    client: Client, services: dict[str, Service]
) -> None:
    html = client.get(PAGE, {"q": "play"}).content.decode()
    for text in ("Soho Family Centre", "W1D 3JB", "Saturday 12:00–14:00", "Free", "020 7641 1234",
                 "Ages 2 to 11", "Last reviewed"):  # fmt: skip
        assert text in html


def test_an_unknown_postcode_is_named_and_kept(client: Client, services: dict[str, Service]) -> None:
    response = client.get(PAGE, {"postcode": "ZZ9 9ZZ", "q": "club"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ZZ9 9ZZ is not a postcode we know" in html
    assert 'href="#postcode"' in html
    assert 'value="ZZ9 9ZZ"' in html
    assert 'value="club"' in html
    bad_age = client.get(PAGE, {"age": "old"})
    assert bad_age.status_code == 400
    assert "Age must be a whole number" in bad_age.content.decode()


def test_services_of_a_removed_organisation_are_not_found(
    client: Client, services: dict[str, Service]
) -> None:
    Organisation.objects.filter(name="Soho Family Centre").update(status=OrganisationStatus.REMOVED)
    assert "Soho play session" not in client.get(PAGE).content.decode()
    assert client.get(f"/services/{services['play'].pk}/").status_code == 404


def test_the_print_view_lists_every_result_without_the_form(
    client: Client, services: dict[str, Service]
) -> None:
    html = client.get(PAGE, {"postcode": "SW1P 3AZ", "print": "1"}).content.decode()
    assert "Whitehall lunch club" in html
    assert 'id="find-form"' not in html
    assert "Back to the search" in html
    assert "print=1" not in html.split("Back to the search")[0].rsplit("href=", 1)[1]
