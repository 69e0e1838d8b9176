"""Services as the standard writes them: valid against the UK profile's schemas, with no personal data."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commoncause.services.models import Contact, Service
from commoncause.services.oruk import documents
from commoncause.services.oruk.schemas import problems
from commoncause.services.tests.factories import (
    ASSURER,
    CONTACT_NAME,
    EXAMPLE,
    SOHO,
    community_counselling,
    organisation,
    westminster_service,
)

pytestmark = pytest.mark.django_db


def test_the_profiles_example_service_is_written_fully_nested_and_valid() -> None:
    document = documents.service_full(community_counselling())

    assert problems("service", document) == []
    assert problems("compiled_service", document) == []
    assert document["id"] == str(EXAMPLE["service"])
    assert document["organization"]["id"] == str(EXAMPLE["organisation"])
    assert document["organization"]["organization_identifiers"][0] | {"id": "-"} == {
        "id": "-", "identifier_scheme": "GB-COH", "identifier_type": "Company number (Companies House)",
        "identifier": "01234567",
    }  # fmt: skip
    assert document["organization"]["website"] == "http://example.com"
    assert document["last_modified"] == "2023-03-15T10:30:45.123Z"
    assert document["minimum_age"] == 12
    assert document["cost_options"][0]["amount"] == 35
    assert document["schedules"][0]["byday"] == "TH,FR"
    assert document["schedules"][0]["opens_at"] == "10:00:00"
    location = document["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "SW1A 2AX"
    assert location["accessibility"][0]["details"] == "Switch hearing aid to T-coil."
    assert location["phones"][0]["number"] == "020 7946 0000"
    assert document["attributes"][0]["taxonomy_term"]["id"] == str(EXAMPLE["taxonomy_term"])
    assert document["contacts"][0]["title"] == "Reception Manager"
    assert document["contacts"][0]["phones"][0]["number"] == "020 7946 0001"


def test_a_contacts_name_and_the_assurers_email_are_never_written() -> None:
    service = community_counselling()
    assert Contact.objects.get(service=service).name == CONTACT_NAME

    text = json.dumps(documents.service_full(service))

    assert CONTACT_NAME not in text
    assert ASSURER not in text
    assert "assurer_email" not in text


def test_empty_optional_fields_are_left_out_rather_than_null() -> None:
    service = westminster_service("Drop-in", place=None)

    document = documents.service_full(service)

    assert problems("service", document) == []
    assert set(document) == {"id", "name", "description", "status", "last_modified"}
    assert None not in document.values()


def test_a_list_item_has_the_services_own_fields_and_its_organisation() -> None:
    runner = organisation()
    item = documents.service_list_item(westminster_service("Lunch club", by=runner, place=SOHO))

    assert problems("service_list_item", item) == []
    assert item["organization"]["id"] == str(runner.id)
    assert (
        item["organization"]["description"] == "Westminster Community Trust runs services for local people."
    )
    assert "service_at_locations" not in item


def test_a_page_of_services_costs_the_same_few_queries_however_many_there_are() -> None:
    community_counselling()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            documents.services_documents(Service.objects.all(), full=True)
        return len(captured.captured_queries)

    few = queries()
    for number in range(12):
        runner = organisation(f"Org {number}", org_id=f"GB-CHC-9{number:05}")
        service = westminster_service(f"Service {number}", by=runner, byday="MO", hours=("09:00", "12:00"))
        Contact.objects.create(service=service, name="Someone", title="Coordinator")

    assert queries() == few
