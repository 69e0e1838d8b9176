"""The organisation page: identity, regulator links, classifications, finances, contacts and sources."""

import re

import pytest
from django.urls import reverse

from commoncause.register.models import ClassificationCode
from commoncause.register.tests.page_samples import (
    CCNI_FILE,
    ccni_organisation,
    ccni_row,
    company_of,
    ukcat_organisation,
    ukcat_row,
)

pytestmark = pytest.mark.django_db


def _page(client, key: str) -> str:
    response = client.get(reverse("register:organisation_detail", args=[key]))
    assert response.status_code == 200
    return response.content.decode()


def test_charity_page_shows_its_name_status_and_title(client):
    ccni_organisation("100002")
    html = _page(client, "GB-NIC-100002")
    assert "<title>Cancer Lifeline – Common Cause</title>" in html
    assert '<h1 class="govuk-heading-xl">Cancer Lifeline</h1>' in html
    assert '<strong class="govuk-tag govuk-tag--green">Registered</strong>' in html
    assert "13 December 2013" in html  # Date registered 13/12/2013 in the CCNI file


def test_org_id_links_to_the_regulators_public_page(client):
    ccni_organisation("100002")
    html = _page(client, "GB-NIC-100002")
    assert 'href="https://www.charitycommissionni.org.uk/charity-details/?regId=100002"' in html


def test_organisation_is_found_by_its_uuid_and_by_an_org_id_in_any_case(client):
    org = ccni_organisation("100002")
    assert "Cancer Lifeline" in _page(client, str(org.id))
    assert "Cancer Lifeline" in _page(client, "gb-nic-100002")


def test_unknown_organisation_gets_a_govuk_not_found_page(client):
    response = client.get(reverse("register:organisation_detail", args=["GB-NIC-999999999"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – Common Cause</title>" in html
    assert "govuk-template" in html


def test_finances_show_as_a_chart_with_a_table_of_the_published_figures(client):
    ccni_organisation("100002")
    row = ccni_row("100002")
    html = _page(client, "GB-NIC-100002")
    income, spending = int(row["Total income"]), int(row["Total spending"])
    assert (income, spending) == (462154, 469480)
    assert re.search(r'<svg role="img" focusable="false" aria-labelledby="[^"]+-title"', html)
    assert "Show the figures as a table" in html
    table = html[html.index('data-testid="finances-table"') :]
    assert ">31 March 2023</th>" in table
    assert "£462,154" in table
    assert "£469,480" in table
    assert "In the year ending 31 March 2023, income was £462,154 and spending £469,480." in html


def test_charity_with_no_published_figures_says_so_and_draws_no_chart(client):
    org = ccni_organisation("100002")
    org.financial_years.all().delete()
    org.latest_income = None
    org.save()
    html = _page(client, "GB-NIC-100002")
    assert "No financial figures have been published." in html
    assert "<svg role=" not in html


def test_classifications_are_shown_in_words_grouped_what_who_how(client):
    org = ccni_organisation("100002")
    html = _page(client, "GB-NIC-100002")
    codes = set(org.classifications.values_list("code", flat=True))
    assert codes, "the CCNI row maps onto regulator codes"
    for code in ClassificationCode.objects.filter(scheme="ccew", code__in=codes):
        assert code.label in html
    assert "What it does</h3>" in html
    assert "Who it helps</h3>" in html


def test_uk_charity_activity_tags_are_shown_in_words(client):
    ukcat_organisation("GB-CHC-203429")
    tags = ukcat_row("GB-CHC-203429")["UKCAT"].split(";")
    html = _page(client, "GB-CHC-203429")
    assert "UK Charity Activity Tags</h3>" in html
    for tag in ClassificationCode.objects.filter(scheme="ukcat", code__in=tags):
        assert tag.label in html


def test_people_are_counted_never_named(client):
    ccni_organisation("100002")
    row = ccni_row("100002")
    html = _page(client, "GB-NIC-100002")
    assert f'<dd class="govuk-summary-list__value">{row["Employed staff"]}</dd>' in html
    assert f'<dd class="govuk-summary-list__value">{row["UK and Ireland volunteers"]}</dd>' in html


def test_public_contact_details_are_shown_with_followable_links(client):
    ccni_organisation("100002")
    html = _page(client, "GB-NIC-100002")
    assert 'href="mailto:info@cancerlifeline.info"' in html
    assert 'href="https://www.cancerlifeline.info"' in html
    assert "028 90351999" in html
    assert "BT14 7PJ" in html


def test_removed_charity_is_shown_as_removed(client):
    ccni_organisation("100007")
    assert ccni_row("100007")["Status"] == "Removed"
    html = _page(client, "GB-NIC-100007")
    assert '<strong class="govuk-tag govuk-tag--red">Removed</strong>' in html


def test_charitys_company_is_linked_both_ways(client):
    charity = ukcat_organisation("GB-CHC-203429")
    company_of(charity, ukcat_row("GB-CHC-203429")["company_number"])
    html = _page(client, "GB-CHC-203429")
    assert 'href="/organisations/GB-COH-00645708/"' in html
    company_html = _page(client, "GB-COH-00645708")
    assert 'href="/organisations/GB-CHC-203429/"' in company_html
    assert (
        'href="https://find-and-update.company-information.service.gov.uk/company/00645708"' in company_html
    )


def test_sources_name_the_file_each_fact_came_from(client):
    ccni_organisation("100002")
    html = _page(client, "GB-NIC-100002")
    sources = html[html.index(">Sources</h2>") :]
    assert "Charity Commission for Northern Ireland" in sources
    assert CCNI_FILE in sources
