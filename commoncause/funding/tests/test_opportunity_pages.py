"""Opportunities' pages: a draft is its council's officers' alone; the form names a bad field and keeps
what was typed; the page shows the fair-access check before publishing; published ones are public."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.tests.cast import person, staff
from commoncause.funding import opportunities as services
from commoncause.funding.models import Opportunity, OpportunityStatus
from commoncause.funding.tests.opportunity_samples import (
    contract_values,
    westminster_council,
    westminster_officer,
)

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "contract",
    "route": "procurement",
    "route_reason": "A set standard of service is needed.",
    "title": "Lunch clubs and befriending for older people",
    "summary": "Lunch clubs and befriending for older people who live alone.",
    "specification": "Lunch clubs, befriending visits and advice for older people who live alone.",
    "areas": "E09000033",
    "services": "",
    "value": "900000",
    "duration_months": "36",
    "lots": "North | 500000 | Church Street\nSouth | 400000 | St James's",
    "closes": "2099-03-01",
    "criteria": "Quality | 70 | How you will run it\nValue for money | 30",
}


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_drafts_one_and_sees_the_fair_access_check(westminster: object) -> None:
    client = _signed_in(westminster_officer())
    response = client.post("/opportunities/new/", FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    opportunity = Opportunity.objects.get()
    assert [lot.title for lot in opportunity.lots.all()] == ["North", "South"]
    assert opportunity.criteria[0] == {"name": "Quality", "weight": 70, "guidance": "How you will run it"}
    page = client.get(response["Location"]).content.decode()
    assert "Fair-access check" in page
    assert "Lot 1: North" in page
    assert "Lot 2: South" in page
    assert "Organisations best placed to deliver it" in page
    assert "Plain English" in page


def test_a_bad_field_is_named_and_what_was_typed_is_kept(westminster: object) -> None:
    client = _signed_in(westminster_officer())
    response = client.post("/opportunities/new/", {**FORM, "lots": "North | 500000\nSouth | 300000"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The lots add up to £800,000.00" in page
    assert "Lunch clubs, befriending visits and advice" in page  # kept
    assert not Opportunity.objects.exists()
    response = client.post("/opportunities/new/", {**FORM, "criteria": "Quality | lots"})
    assert "Line 1: give the criterion" in response.content.decode()


def test_a_draft_is_not_public_and_the_form_is_the_officers(westminster: object) -> None:
    officer = westminster_officer()
    opportunity = services.opportunity_create(
        user=officer, council=westminster_council(), values=contract_values()
    )
    assert Client().get(f"/opportunities/{opportunity.pk}/").status_code == 404
    member = _signed_in(person("member@charity.example"))
    assert member.get(f"/opportunities/{opportunity.pk}/").status_code == 404
    assert member.get("/opportunities/new/").status_code == 403
    elsewhere = _signed_in(staff("officer@belfast.example", "officer"))
    assert elsewhere.get(f"/opportunities/{opportunity.pk}/edit/").status_code == 404
    assert opportunity.title not in Client().get("/opportunities/").content.decode()


def test_publishing_from_the_page_over_warnings_asks_why_and_keeps_it(westminster: object) -> None:
    officer = westminster_officer()
    client = _signed_in(officer)
    opportunity = services.opportunity_create(
        user=officer, council=westminster_council(), values=contract_values()
    )
    response = client.post(f"/opportunities/{opportunity.pk}/publish/", {"over_warnings": ""})
    assert response.status_code == 400
    assert "say why it goes out as it is" in response.content.decode()
    response = client.post(
        f"/opportunities/{opportunity.pk}/publish/", {"over_warnings": "One hub is needed."}
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.OPEN
    public = Client().get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert opportunity.title in public
    assert "Fair-access check" not in public  # the check is the officers'
    assert opportunity.title in Client().get("/opportunities/?kind=contract").content.decode()
    assert opportunity.title not in Client().get("/opportunities/?kind=grant").content.decode()


def test_an_example_is_marked(westminster: object) -> None:
    officer = westminster_officer()
    opportunity = services.opportunity_create(
        user=officer, council=westminster_council(), values=contract_values(value=Decimal(30_000))
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(is_example=True, status=OpportunityStatus.OPEN)
    page = Client().get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert "An example made for the demonstration" in page
    assert "Example</strong>" in Client().get("/opportunities/").content.decode()
