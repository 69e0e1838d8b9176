"""Browsing grants: filters by funder, recipient, year and amount with their totals, every grant as CSV
(page and API), and "see all" where the organisation page cuts its lists; on a funder's real file."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum
from django.test import Client

from commoncause.funding.models import Grant
from commoncause.sources.tests.importing import import_source, organisation

pytestmark = pytest.mark.django_db
PACKAGE = "alwf-360giving-grants-2021-02.json"
FUNDER = "GB-CHC-1015648"  # the Andrew Lloyd Webber Foundation


@pytest.fixture
def grants(test_data_dir: Path) -> None:
    import_source("360giving", test_data_dir / "grants" / PACKAGE)


def _csv(response: object) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(body)))


def test_the_grants_page_lists_every_grant_with_totals_and_filters_by_year_and_amount(
    grants: None, client: Client
) -> None:
    page = client.get("/grants/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "475 grants" in html
    total = Grant.objects.filter(currency="GBP").aggregate(total=Sum("amount_awarded"))["total"]
    assert f"£{total:,.0f}" in html
    assert html.count('href="/grants/360G-') == 50  # a page of them, the rest a page away
    assert 'aria-label="Page 10"' in html

    year = Grant.objects.order_by("-award_date").first().award_date.year  # type: ignore[union-attr]
    narrowed = Grant.objects.filter(
        award_date__year=year, amount_awarded__gte=10_000, amount_awarded__lte=20_000
    )
    assert narrowed.exists()
    html = client.get(
        "/grants/", {"year": year, "min_amount": "10,000", "max_amount": "£20000"}
    ).content.decode()
    assert f"{narrowed.count()} grant" in html
    assert 'href="/grants.csv?year=' in html


def test_a_funders_and_a_recipients_grants_and_their_see_all_links(grants: None, client: Client) -> None:
    funder = organisation(FUNDER)
    organisation_page = client.get(f"/organisations/{FUNDER}/").content.decode()
    assert f'href="/grants/?funder={funder.pk}">See all 475 grants made</a>' in organisation_page
    html = client.get("/grants/", {"funder": str(funder.pk)}).content.decode()
    assert "475 grants" in html
    recipient = Grant.objects.values_list("recipient", flat=True).first()
    received = Grant.objects.filter(recipient=recipient).count()
    html = client.get("/grants/", {"recipient": str(recipient)}).content.decode()
    assert f"{received} grant" in html


def test_the_grants_csv_holds_every_grant_the_filters_leave(grants: None, client: Client) -> None:
    response = client.get("/grants.csv", {"min_amount": "50000"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="grants.csv"'
    rows = _csv(response)
    expected = Grant.objects.filter(amount_awarded__gte=50_000)
    assert len(rows) == expected.count() > 0
    assert {row["id"] for row in rows} == set(expected.values_list("grant_id", flat=True))
    first = rows[0]
    assert first["url"] == f"http://testserver/grants/{first['id']}/"
    assert Decimal(first["amount_awarded"]) >= 50_000
    assert first["funder_org_id"] == FUNDER


def test_the_grants_api_filters_and_answers_csv(grants: None, client: Client) -> None:
    year = Grant.objects.order_by("award_date").first().award_date.year  # type: ignore[union-attr]
    body = client.get("/api/v1/grants", {"funder": FUNDER, "year": year}).json()
    assert body["count"] == Grant.objects.filter(award_date__year=year).count()
    as_csv = client.get("/api/v1/grants", {"year": year, "format": "csv"})
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert len(_csv(as_csv)) == body["count"]
    by_header = client.get("/api/v1/grants", {"year": year}, HTTP_ACCEPT="text/csv")
    assert len(_csv(by_header)) == body["count"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "last year"}, "year"),
        ({"min_amount": "lots"}, "min_amount"),
        ({"min_amount": "500", "max_amount": "100"}, "max_amount"),
        ({"recipient": "GB-CHC-0"}, "recipient"),
    ],
)
def test_a_filter_that_cannot_be_understood_is_named_and_what_was_typed_kept(
    grants: None, client: Client, params: dict[str, str], field: str
) -> None:
    page = client.get("/grants/", params)
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert f'href="#grants-{field}"' in html
    for value in params.values():
        assert value in html
    assert client.get("/grants.csv", params).status_code == 400


@pytest.mark.parametrize("page", ["9223372036854775807", "99999999999999999999999"])
def test_a_page_past_the_last_is_empty_not_an_error(grants: None, client: Client, page: str) -> None:
    response = client.get("/api/v1/grants", {"page": page})
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json()["items"] == []
        assert response.json()["count"] == 475
    assert client.get("/grants/", {"page": page}).status_code == 200
