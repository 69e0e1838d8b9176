"""The members' service form: what it accepts and refuses, and the standard's document it becomes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from commoncause.register.models import Organisation
from commoncause.services import editing
from commoncause.services.categories import TAXONOMY_ID, theme_term_id
from commoncause.services.forms import ServiceForm
from commoncause.services.oruk.schemas import problems

FILLED: dict[str, Any] = {
    "name": "Lunch club",
    "description": "A hot two-course lunch and company, every weekday.",
    "status": "active",
    "categories": ["older", "poverty"],
    "minimum_age": "60",
    "maximum_age": "",
    "fees": "£3 a meal",
    "amount": "3",
    "place_name": "Church Street Library",
    "address_1": "Church Street",
    "city": "London",
    "postcode": "nw8 8eu",
    "accessibility": "Step-free entrance; hearing loop",
    "days": ["MO", "WE", "FR"],
    "opens_at": "12:00",
    "closes_at": "14:00",
    "when": "Not on bank holidays",
    "phone": "020 7641 1234",
    "contact_title": "Club organiser",
    "email": "lunch@example.org.uk",
    "url": "https://example.org.uk/lunch",
    "languages": "English, Bengali, English",
    "areas": "",
}


def _document(data: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    form = ServiceForm(data)
    assert form.is_valid(), form.errors
    organisation = Organisation(name="Church Street Neighbourhood Trust")
    return editing.document_from_form(
        form.cleaned_data, service_id=uuid.UUID(int=7), organisation=organisation, current=current or {}
    )


@pytest.mark.django_db
def test_a_filled_form_is_a_valid_service_of_the_standard() -> None:
    document = _document(FILLED)
    assert problems("service", document) == []
    assert problems("compiled_service", document) == []
    assert document["minimum_age"] == 60
    assert "maximum_age" not in document
    location = document["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "NW8 8EU"
    assert document["schedules"][0]["byday"] == "MO,WE,FR"
    assert document["schedules"][0]["opens_at"] == "12:00:00"
    assert [language["name"] for language in document["languages"]] == ["English", "Bengali"]
    terms = [item["taxonomy_term"] for item in document["attributes"]]
    assert {term["term"] for term in terms} == {"older", "poverty"}
    assert {term["id"] for term in terms} == {str(theme_term_id("older")), str(theme_term_id("poverty"))}
    assert {term["taxonomy_id"] for term in terms} == {str(TAXONOMY_ID)}
    assert document["contacts"][0]["phones"][0]["number"] == "020 7641 1234"


@pytest.mark.django_db
def test_the_form_reads_back_what_it_wrote() -> None:
    initial = editing.form_initial(_document(FILLED))
    assert initial["postcode"] == "NW8 8EU"
    assert initial["days"] == ["MO", "WE", "FR"]
    assert (initial["opens_at"], initial["closes_at"]) == ("12:00", "14:00")
    assert sorted(initial["categories"]) == ["older", "poverty"]
    assert initial["languages"] == "English, Bengali"
    assert initial["fees"] == "£3 a meal"
    assert initial["amount"] == 3.0


@pytest.mark.django_db
def test_changing_a_service_keeps_what_the_form_does_not_show() -> None:
    current = _document(FILLED)
    current["accreditations"] = "Food hygiene rating 5"
    current["funding"] = [{"id": str(uuid.UUID(int=9)), "source": "Westminster City Council"}]
    current["schedules"].append({"id": str(uuid.UUID(int=10)), "description": "Summer picnic"})
    changed = _document({**FILLED, "name": "Lunch and chat club"}, current)
    assert changed["name"] == "Lunch and chat club"
    assert changed["accreditations"] == "Food hygiene rating 5"
    assert changed["funding"] == current["funding"]
    assert [item["id"] for item in changed["schedules"]] == [item["id"] for item in current["schedules"]]
    assert editing.changes(current, changed)[0].label == "Name"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"postcode": "NOT A POSTCODE"}, "postcode"),
        ({"minimum_age": "70", "maximum_age": "12"}, "maximum_age"),
        ({"opens_at": "15:00", "closes_at": "14:00"}, "closes_at"),
        ({"days": []}, "days"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not an address"}, "email"),
        ({"free": "on"}, "fees"),
        ({"postcode": ""}, "postcode"),
        ({"categories": ["no-such-theme"]}, "categories"),
    ],
)
def test_the_form_names_the_field_that_is_wrong(change: dict[str, object], field: str) -> None:
    form = ServiceForm({**FILLED, **change})
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.django_db
def test_a_free_service_says_so() -> None:
    document = _document({**FILLED, "free": "on", "fees": "", "amount": ""})
    assert document["fees"] == "Free"
    assert document["cost_options"] == [{"id": editing._child_id(uuid.UUID(int=7), "cost"), "option": "Free"}]
