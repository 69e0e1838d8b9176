"""`GET /api/v1/opportunities`: the published grant rounds and contracts (never a draft), filtered,
paged, as CSV, examples marked."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from commoncause.funding.models import Lot, Opportunity, OpportunityStatus
from commoncause.funding.tests.opportunity_samples import contract_values, westminster_council

pytestmark = pytest.mark.django_db


def _made(status: str, **changed: object) -> Opportunity:
    return Opportunity.objects.create(
        council=westminster_council(), status=status, **contract_values(**changed)
    )


def test_only_published_opportunities_are_listed_with_their_lots_and_criteria(client: Client) -> None:
    contract = _made(OpportunityStatus.OPEN)
    Lot.objects.create(
        opportunity=contract, number=1, title="North", value=Decimal(900_000), areas=["E05013794"]
    )
    _made(OpportunityStatus.DRAFT, title="A draft no one else may see")
    answer = client.get("/api/v1/opportunities").json()
    assert answer["count"] == 1
    [item] = answer["items"]
    assert item["title"] == contract.title
    assert item["kind"] == "contract"
    assert item["lots"] == [{"number": 1, "title": "North", "value": "900000.00", "areas": ["E05013794"]}]
    assert sum(criterion["weight"] for criterion in item["criteria"]) == 100
    assert item["url"].endswith(f"/opportunities/{contract.pk}/")
    assert item["is_example"] is False


def test_filters_and_one_opportunity(client: Client) -> None:
    contract = _made(OpportunityStatus.OPEN)
    grant = _made(OpportunityStatus.AWARDED, kind="grant", route="strategic", title="Community grants")
    assert [i["title"] for i in client.get("/api/v1/opportunities?kind=grant").json()["items"]] == [
        grant.title
    ]
    assert client.get("/api/v1/opportunities?status=open").json()["count"] == 1
    assert client.get("/api/v1/opportunities?council=westminster").json()["count"] == 2
    assert client.get("/api/v1/opportunities?council=camden").json()["count"] == 0
    assert client.get("/api/v1/opportunities?kind=loan").status_code == 422
    # no council's name holds a NUL character (which PostgreSQL cannot compare): it matches none
    assert client.get("/api/v1/opportunities?council=west%00minster").json()["count"] == 0
    assert client.get(f"/api/v1/opportunities/{contract.pk}").json()["id"] == str(contract.pk)


def test_a_draft_is_not_found_by_its_id(client: Client) -> None:
    draft = _made(OpportunityStatus.DRAFT)
    response = client.get(f"/api/v1/opportunities/{draft.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No published opportunity has this id."}


def test_the_csv_has_every_one_and_marks_examples(client: Client) -> None:
    _made(OpportunityStatus.OPEN, title="=HYPERLINK(1)")
    Opportunity.objects.update(is_example=True)
    response = client.get("/api/v1/opportunities?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert len(rows) == 1
    assert rows[0]["title"] == "'=HYPERLINK(1)"  # a formula is text in a spreadsheet
    assert rows[0]["example"] == "yes"
