"""The values page: a council's officers add proxy rates for volunteer hours and alternative costs, and
remove them; refused values answer 400 naming the field and keep what was typed. The dashboard then
values the hours at the council's own rates in place of the National Living Wage, and shows the cost
avoided with its assumptions in words (figures worked by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commoncause.accounts.models import AuditEntry
from commoncause.funding.tests.monitoring_samples import officer_of, other_council
from commoncause.outcomes.models import AlternativeCost, Indicator, ProxyRate
from commoncause.outcomes.tests.page_samples import (
    ADMISSIONS,
    Funded,
    Page,
    client_of,
    csv_lines,
    funded_council,
)

pytestmark = pytest.mark.django_db

SOURCE = "Belfast City Council, volunteering strategy 2025"


@pytest.fixture
def funded() -> Funded:
    return funded_council()


def _rate(**values: str) -> dict[str, str]:
    data = {
        "form": "rate", "council": "belfast", "rate-name": "Belfast volunteer rate", "rate-per_hour": "15.00",
        "rate-source": SOURCE, "rate-year": "2025",
    }  # fmt: skip
    data.update(values)
    return data


def _cost(**values: str) -> dict[str, str]:
    data = {
        "form": "cost", "cost-name": "Support to stay well at home", "cost-cost_a_month": "1,000",
        "cost-alternative": "Unplanned hospital care", "cost-alternative_a_month": "£45,000",
        "cost-months": "1", "cost-source": "NHS reference costs and the council's own",
        "cost-assumptions": "A month in hospital each.",
    }  # fmt: skip
    data.update(values)
    return data


def test_with_no_rates_of_its_own_the_council_is_shown_the_national_living_wage(funded: Funded) -> None:
    page = Page(client_of(funded.officer).get("/outcomes/values/").content)
    assert (
        "Belfast City Council has entered no rates, so volunteer hours are valued at the National Living Wage"
        in (page.text)
    )
    assert "From 1 April 2025: £12.21 an hour From 1 April 2026: £12.71 an hour" in page.text
    assert "Source: GOV.UK, National Minimum Wage and National Living Wage rates." in page.text
    assert "None entered yet." in page.text


def test_the_dashboard_values_hours_at_the_councils_own_rates_once_it_enters_them(funded: Funded) -> None:
    client = client_of(funded.officer)
    added = client.post("/outcomes/values/", _rate())
    assert added["Location"] == "/outcomes/values/?council=belfast#rates"
    client.post("/outcomes/values/", _rate(**{"rate-per_hour": "16.50", "rate-year": "2026"}))
    first = ProxyRate.objects.get(year=2025)
    assert (first.council, first.per_hour, first.valid_from, first.source) == (
        funded.council, Decimal("15.00"), dt.date(2025, 4, 1), SOURCE,
    )  # fmt: skip
    entry = AuditEntry.objects.get(target_type="outcomes.proxyrate", target_id=str(first.pk))
    assert (entry.action, entry.actor, entry.after["per_hour"]) == ("create", funded.officer, "15.00")
    listed = Page(client.get("/outcomes/values/").content)
    rows = next(table for table in listed.tables() if table[0][0] == "Rate")
    assert [row[:4] for row in rows[1:]] == [
        ["Belfast volunteer rate", "£16.50", "1 April 2026", SOURCE],
        ["Belfast volunteer rate", "£15", "1 April 2025", SOURCE],
    ]
    # 100 hours due in May 2025 at £15.00 and 50 due in May 2026 at £16.50: £1,500 + £825 = £2,325
    page = Page(client.get("/outcomes/").content)
    assert (
        "Value of volunteers' time £2,325 Each return's hours at the rate in force when it was due: "
        in page.text
    )
    assert (
        "Belfast volunteer rate, £15 an hour from 1 April 2025; £16.50 an hour from 1 April 2026 "
        f"(source: {SOURCE})."
    ) in page.text
    assert "National Living Wage" not in page.text
    years = csv_lines(client.get("/outcomes/?format=csv&table=years").content)
    assert years[1].startswith(
        "2025 to 2026,1,5000.00,40,10,100,1500.00,Belfast volunteer rate from 1 April 2025"
    )
    assert years[3].startswith(
        "All years,2,9000.00,70,10,150,2325.00,Belfast volunteer rate from 1 April 2025; "
    )


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ({"rate-per_hour": "twelve"}, "#id_rate-per_hour Enter the rate an hour in pounds, such as 12.21."),
        ({"rate-per_hour": "0"}, "#id_rate-per_hour The rate an hour must be more than £0."),
        (
            {"rate-per_hour": "12.215"},
            "#id_rate-per_hour Enter the rate an hour in pounds and pence, to two decimal places.",
        ),
        (
            {"rate-per_hour": "1500"},
            "#id_rate-per_hour An hour of volunteering valued above £1,000 is not a proxy rate.",
        ),
        ({"rate-year": "1850"}, "#id_rate-year Enter the year as a year from 1990 to 2100, such as 2025."),
    ],
)
def test_an_impossible_rate_is_refused_by_its_field_keeping_what_was_typed(
    funded: Funded, typed: dict[str, str], error: str
) -> None:
    response = client_of(funded.officer).post("/outcomes/values/", _rate(**typed))
    page = Page(response.content)
    assert response.status_code == 400
    assert page.errors() == [error]
    for name, value in _rate(**typed).items():
        if name.startswith("rate-"):
            assert page.value(name) == value, name
    assert not ProxyRate.objects.exists()


def test_cost_avoided_shows_on_the_dashboard_with_its_assumptions_in_words(funded: Funded) -> None:
    client = client_of(funded.officer)
    indicator = Indicator.objects.get(outcome__council=funded.council, name=ADMISSIONS)
    form = Page(client.get("/outcomes/values/").content)
    assert form.value("cost-months") == "12"
    assert client.post("/outcomes/values/", _cost(**{"cost-indicator": str(indicator.pk)})).status_code == 302
    cost = AlternativeCost.objects.get()
    assert (cost.cost_a_month, cost.alternative_a_month, cost.months, cost.indicator) == (
        Decimal(1000), Decimal(45_000), 1, indicator,
    )  # fmt: skip
    assert AuditEntry.objects.get(target_type="outcomes.alternativecost").after["indicator"] == ADMISSIONS
    listed = Page(client.get("/outcomes/values/").content).text
    assert "Support to stay well at home against unplanned hospital care" in listed
    assert (
        f"A month for each person £1,000 against £45,000, for 1 month People counted by {ADMISSIONS}"
        in listed
    )
    assert "Assumptions A month in hospital each." in listed
    # the returns count 2 and then 1 admissions avoided: 3 people, a month each
    page = Page(client.get("/outcomes/").content).text
    assert (
        "Support to stay well at home against unplanned hospital care £135,000 for the alternative, against "
        "£3,000 for the service: "
        "£132,000 avoided."
    ) in page
    assert (
        "Assumptions: 3 people for 1 month at £1,000.00 a month each, against £45,000.00 a month each for "
        "the alternative. A month in hospital each."
    ) in page  # the council's own assumptions beside the worked ones
    assert "Source: NHS reference costs and the council's own." in page


def test_a_cost_not_linked_to_an_indicator_says_what_it_needs(funded: Funded) -> None:
    client = client_of(funded.officer)
    assert client.post("/outcomes/values/", _cost()).status_code == 302
    page = Page(client.get("/outcomes/").content).text
    assert (
        "Support to stay well at home against unplanned hospital care Link it to the indicator that counts "
        "the people kept from the alternative."
    ) in page
    assert "avoided." not in page


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (
            {"cost-alternative_a_month": "900"},
            "#id_cost-alternative_a_month The alternative must cost more a month than the service, or "
            "nothing is avoided.",
        ),
        ({"cost-months": "0"}, "#id_cost-months Enter the months as a whole number from 1 to 120."),
        (
            {"cost-cost_a_month": "a lot"},
            "#id_cost-cost_a_month Enter the service's cost a month in pounds, such as 12.21.",
        ),
        (
            {"cost-cost_a_month": "-5"},
            "#id_cost-cost_a_month The service's cost a month cannot be below £0.",
        ),
    ],
)
def test_an_impossible_alternative_cost_is_refused_by_its_field_keeping_what_was_typed(
    funded: Funded, typed: dict[str, str], error: str
) -> None:
    response = client_of(funded.officer).post("/outcomes/values/", _cost(**typed))
    page = Page(response.content)
    assert response.status_code == 400
    assert page.errors() == [error]
    for name, value in _cost(**typed).items():
        if name.startswith("cost-"):
            assert page.value(name) == value, name
    assert page.value("rate-name") == ""  # the other form is left as it was
    assert not AlternativeCost.objects.exists()


def test_a_value_is_removed_by_post_only_audited_and_the_dashboard_goes_back_to_the_living_wage(
    funded: Funded,
) -> None:
    client = client_of(funded.officer)
    client.post("/outcomes/values/", _rate())
    client.post("/outcomes/values/", _cost())
    rate, cost = ProxyRate.objects.get(), AlternativeCost.objects.get()
    assert client.get(f"/outcomes/values/rates/{rate.pk}/remove/").status_code == 405
    removed = client.post(f"/outcomes/values/rates/{rate.pk}/remove/")
    assert removed["Location"] == "/outcomes/values/?council=belfast#rates"
    assert not ProxyRate.objects.exists()
    entry = AuditEntry.objects.get(target_type="outcomes.proxyrate", action="delete")
    assert entry.before["name"] == "Belfast volunteer rate"
    assert client.post(f"/outcomes/values/costs/{cost.pk}/remove/").status_code == 302
    assert not AlternativeCost.objects.exists()
    assert AuditEntry.objects.filter(target_type="outcomes.alternativecost", action="delete").count() == 1
    page = Page(client.get("/outcomes/").content).text
    assert "Value of volunteers' time £1,857" in page
    assert "No alternative costs entered." in page


def test_another_councils_values_are_not_found_and_a_member_is_refused(funded: Funded) -> None:
    client_of(funded.officer).post("/outcomes/values/", _rate())
    rate = ProxyRate.objects.get()
    elsewhere = client_of(officer_of(other_council(), "officer@derry.example"))
    assert elsewhere.post(f"/outcomes/values/rates/{rate.pk}/remove/").status_code == 404
    assert elsewhere.post(f"/outcomes/values/other/{rate.pk}/remove/").status_code == 404
    assert (
        "Belfast volunteer rate" not in Page(elsewhere.get("/outcomes/values/?council=belfast").content).text
    )
    assert ProxyRate.objects.exists()
    assert client_of(funded.member).get("/outcomes/values/").status_code == 403
    assert client_of(funded.member).post("/outcomes/values/", _rate()).status_code == 403
