"""The grants on an organisation's page and a grant's own page, as people read them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from commoncause.funding.models import Grant
from commoncause.register.models import Organisation
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

RECIPIENT = "GB-CHC-514479"
PAGE = f"/organisations/{RECIPIENT}/"


@pytest.fixture
def recipient() -> Organisation:
    return OrganisationFactory.create(name="Birmingham Royal Ballet", org_ids=[RECIPIENT])


def grant(
    recipient: Organisation, grant_id: str, amount: str, *, currency: str = "GBP", year: int = 2020
) -> Grant:
    return Grant.objects.create(
        grant_id=grant_id, title=f"Grant {grant_id}", currency=currency, amount_awarded=Decimal(amount),
        award_date=dt.date(year, 9, 1), recipient=recipient, recipient_org_id=RECIPIENT,
        recipient_name=recipient.name, funder_org_id="GB-CHC-1015648",
        funder_name="Andrew Lloyd Webber Foundation", source_file="alwf-360giving-grants-2021-02.json",
    )  # fmt: skip


def test_a_grant_in_pounds_is_shown_with_the_pound_sign(client: Client, recipient: Organisation) -> None:
    grant(recipient, "360G-ALWF-1", "15000.00")
    grant(recipient, "360G-ALWF-2", "1234.50")
    page = client.get(PAGE).content.decode()
    assert ">£15,000</td>" in page
    assert ">£1,235</td>" in page
    assert "GBP" not in page
    detail = client.get("/grants/360G-ALWF-2/").content.decode()
    assert ">£1,234.50</dd>" in detail
    assert "GBP" not in detail
    assert ">£15,000</dd>" in client.get("/grants/360G-ALWF-1/").content.decode()


def test_a_grant_in_another_currency_says_which(client: Client, recipient: Organisation) -> None:
    grant(recipient, "360G-ALWF-3", "1000.00", currency="USD")
    grant(recipient, "360G-ALWF-4", "2500.00", currency="CAD")
    page = client.get(PAGE).content.decode()
    assert ">US$1,000</td>" in page
    assert ">2,500 CAD</td>" in page
    assert ">US$1,000</dd>" in client.get("/grants/360G-ALWF-3/").content.decode()


def test_one_grant_is_told_in_a_sentence_not_drawn_as_a_chart(
    client: Client, recipient: Organisation
) -> None:
    grant(recipient, "360G-ALWF-1", "15000.00")
    page = client.get(PAGE).content.decode()
    assert (
        "Birmingham Royal Ballet received £15,000 in published grants in 2020, "
        "from Andrew Lloyd Webber Foundation."
    ) in page
    assert 'data-testid="grants-chart"' not in page
    assert "<svg" not in page
    assert 'data-testid="grants-table"' in page


def test_grants_over_two_years_or_more_are_drawn_as_a_chart(client: Client, recipient: Organisation) -> None:
    grant(recipient, "360G-ALWF-1", "15000.00", year=2019)
    grant(recipient, "360G-ALWF-2", "5000.00", year=2020)
    page = client.get(PAGE).content.decode()
    assert "received £20,000 in published grants from 2019 to 2020" in page
    assert 'data-testid="grants-chart"><svg role="img"' in page
