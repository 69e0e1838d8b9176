"""A council's coverage counts services beside organisations: by their places and their service areas,
and a service's areas count as areas its organisation serves."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.test import Client

from commoncause.places.models import Area, OrganisationPlace
from commoncause.places.selectors import council_coverage
from commoncause.places.tests.westminster import CHURCH_STREET, ST_JAMESS
from commoncause.register.models import Organisation
from commoncause.services.categories import categories_ensure
from commoncause.services.editing import document_from_form
from commoncause.services.forms import ServiceForm
from commoncause.services.models import ServiceSource
from commoncause.services.oruk.writing import service_document_save
from commoncause.services.tests.test_service_form import FILLED

pytestmark = pytest.mark.django_db


def _based_in_st_jamess() -> Organisation:
    place = OrganisationPlace.objects.filter(ward=ST_JAMESS).select_related("organisation").first()
    assert place is not None
    return place.organisation


def _service(owner: Organisation, **change: object) -> None:
    categories_ensure()  # as a curator's approval does
    form = ServiceForm({**FILLED, **change})
    assert form.is_valid(), form.errors
    document = document_from_form(form.cleaned_data, service_id=uuid.uuid4(), organisation=owner, current={})
    service_document_save(document, organisation=owner, source=ServiceSource.MEMBER, note="test")


def test_a_service_counts_in_the_ward_of_its_place_and_in_the_wards_it_serves(westminster: Area) -> None:
    before = council_coverage(westminster)
    owner = _based_in_st_jamess()
    # A lunch club in Church Street ward (W2 1EG), for older people, also serving St James's.
    _service(owner, postcode="W2 1EG", categories=["older"], areas=f"St James's ({ST_JAMESS})")

    after = council_coverage(westminster)
    church, james = after.ward(CHURCH_STREET), after.ward(ST_JAMESS)
    assert church is not None
    assert james is not None
    assert church.services == before.ward(CHURCH_STREET).services + 1  # type: ignore[union-attr]
    assert james.services == before.ward(ST_JAMESS).services + 1  # type: ignore[union-attr]
    assert len(church.cells["older"].services) == 1
    assert church.cells["health"].services == ()
    assert after.services == before.services + 1


def test_an_organisations_service_area_makes_it_serve_the_ward(westminster: Area) -> None:
    # A group on no register's list of areas: its service in Church Street is all that places it there.
    owner = Organisation.objects.create(name="Church Street Lunch Club")
    before = council_coverage(westminster)
    _service(owner, postcode="SW1A 2AX", address_1="Whitehall", areas=f"Church Street ({CHURCH_STREET})")
    after = council_coverage(westminster)
    assert after.ward(CHURCH_STREET).serving == before.ward(CHURCH_STREET).serving + 1  # type: ignore[union-attr]
    assert after.ward(ST_JAMESS).serving == before.ward(ST_JAMESS).serving  # type: ignore[union-attr]
    assert after.organisations == before.organisations + 1


def test_the_coverage_table_and_api_give_the_services(westminster: Area, client: Client) -> None:
    _service(_based_in_st_jamess(), postcode="W2 1EG", categories=["older"])
    response = client.get(f"/places/{westminster.code}/coverage.csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    church = next(row for row in rows if row["ward_code"] == CHURCH_STREET)
    assert int(church["services"]) == 1
    assert int(church["older_services"]) == 1
    answer = client.get(f"/api/v1/areas/{westminster.code}/coverage").json()
    ward = next(row for row in answer["wards"] if row["code"] == CHURCH_STREET)
    assert ward["services"] == int(church["services"])
    assert answer["services"] == 1
    page = client.get(f"/places/{westminster.code}/coverage/", {"measure": "services"}).content.decode()
    assert "Services with a place in the ward or serving it" in page
