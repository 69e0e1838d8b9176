"""The organisation page: identity, regulator links, classifications, finances, contacts and sources.

The register is filled by the real importers from the real demo samples, once for the module.
"""

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from commoncause.register.models import ClassificationCode, FinancialYear, ImportRun, Organisation
from commoncause.register.tests.page_samples import (
    CCNI_FILE,
    DEMO,
    UKCAT_FILE,
    ccni_row,
    ukcat_row,
)
from commoncause.register.tests.search_samples import clear_register

pytestmark = pytest.mark.django_db

# Synthetic rows in the regulator's own layout (tests/data/PROVENANCE.md): used here only for the
# links between main and linked charities, which the real demo samples do not have.
CCEW_TEXT = Path(settings.BASE_DIR) / "tests" / "data" / "ccew_txt"


@pytest.fixture(scope="module", autouse=True)
def imported_register(django_db_setup, django_db_blocker):
    try:
        with django_db_blocker.unblock():
            for kind, path in (("ccni", DEMO / CCNI_FILE), ("csv", DEMO / UKCAT_FILE), ("ccew", CCEW_TEXT)):
                call_command("import_source", kind, str(path), "--no-progress", stdout=StringIO())
        yield
    finally:  # leave the database empty for the next module even when an import failed
        with django_db_blocker.unblock():
            clear_register()
            ImportRun.objects.all().delete()


def _page(client, key: str) -> str:
    response = client.get(reverse("register:organisation_detail", args=[key]))
    assert response.status_code == 200
    return response.content.decode()


def test_charity_page_shows_its_name_status_and_title(client):
    html = _page(client, "GB-NIC-100002")
    assert "<title>Cancer Lifeline – Common Cause</title>" in html
    assert '<h1 class="govuk-heading-xl">Cancer Lifeline</h1>' in html
    assert '<strong class="govuk-tag govuk-tag--green">Registered</strong>' in html
    assert ccni_row("100002")["Date registered"] == "13/12/2013"
    assert "13 December 2013" in html


def test_org_id_links_to_the_regulators_public_page(client):
    html = _page(client, "GB-NIC-100002")
    assert 'href="https://www.charitycommissionni.org.uk/charity-details/?regId=100002"' in html


def test_every_identifier_links_to_its_own_register(client):
    row = ukcat_row("GB-CHC-203429")
    html = _page(client, "GB-CHC-203429")
    charity_page = "https://register-of-charities.charitycommission.gov.uk/charity-search/-/charity-details/"
    assert f'href="{charity_page}{row["reg_number"]}"' in html
    company = row["company_number"].zfill(8)
    assert f'href="https://find-and-update.company-information.service.gov.uk/company/{company}"' in html


def test_organisation_is_found_by_its_uuid_and_by_an_org_id_in_any_case(client):
    org = Organisation.objects.get(identifiers__org_id="GB-NIC-100002")
    assert "Cancer Lifeline" in _page(client, str(org.id))
    assert "Cancer Lifeline" in _page(client, "gb-nic-100002")


def test_unknown_organisation_gets_a_govuk_not_found_page(client):
    response = client.get(reverse("register:organisation_detail", args=["GB-NIC-999999999"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – Common Cause</title>" in html
    assert "govuk-template" in html


def test_one_year_of_finances_is_told_in_a_sentence_and_a_table_not_a_chart(client):
    row = ccni_row("100002")
    html = _page(client, "GB-NIC-100002")
    income, spending = int(row["Total income"]), int(row["Total spending"])
    assert (income, spending) == (462154, 469480)
    assert "In the year ending 31 March 2023, income was £462,154 and spending £469,480." in html
    assert 'data-testid="finances-chart"' not in html
    assert "<svg" not in html
    assert "Show the figures as a table" in html
    table = html[html.index('data-testid="finances-table"') :]
    assert ">31 March 2023</th>" in table
    assert "£462,154" in table
    assert "£469,480" in table


def test_finances_over_two_years_or_more_show_as_a_chart_with_a_table_of_the_figures(client):
    org = Organisation.objects.get(identifiers__org_id="GB-NIC-100002")
    FinancialYear.objects.create(
        organisation=org, source="ccni", period_end=dt.date(2022, 3, 31), income=401200, spending=390000
    )
    html = _page(client, "GB-NIC-100002")
    assert re.search(r'<svg role="img" focusable="false" aria-labelledby="[^"]+-title"', html)
    assert 'data-testid="finances-chart"' in html
    table = html[html.index('data-testid="finances-table"') :]
    assert ">31 March 2022</th>" in table
    assert "£401,200" in table
    assert "Over the 2 years shown, income rose from £401,200" in html


def test_the_regulators_breakdown_of_the_year_is_shown(client):
    row = ccni_row("100002")
    html = _page(client, "GB-NIC-100002")
    breakdown = html[html.index('data-testid="breakdown-table"') :]
    donations = int(row["Income from donations and legacies"])
    assert "Income from donations and legacies</th>" in breakdown
    assert f"£{donations:,}" in breakdown
    assert f"-£{-int(row['Total net assets and liabilities']):,}" in breakdown  # -£18,235


def test_charity_with_no_published_figures_says_so_and_draws_no_chart(client):
    org = Organisation.objects.get(identifiers__org_id="GB-NIC-100002")
    org.financial_years.all().delete()
    Organisation.objects.filter(pk=org.pk).update(latest_income=None)
    html = _page(client, "GB-NIC-100002")
    assert "No financial figures have been published." in html
    assert "<svg role=" not in html


def test_classifications_are_shown_in_words_grouped_what_who_how(client):
    org = Organisation.objects.get(identifiers__org_id="GB-NIC-100002")
    html = _page(client, "GB-NIC-100002")
    codes = set(org.classifications.filter(scheme="ccew").values_list("code", flat=True))
    assert codes, "the CCNI categories read across to the regulator's codes"
    for code in ClassificationCode.objects.filter(scheme="ccew", code__in=codes):
        assert code.label in html
    assert "What it does</h3>" in html
    assert "Who it helps</h3>" in html
    assert "How it works</h3>" in html


def test_uk_charity_activity_tags_are_shown_in_words(client):
    tags = ukcat_row("GB-CHC-203429")["UKCAT"].split(";")
    html = _page(client, "GB-CHC-203429")
    assert "UK Charity Activity Tags</h3>" in html
    labels = ClassificationCode.objects.filter(scheme="ukcat", code__in=tags).values_list("label", flat=True)
    assert len(labels) == len(tags)
    for label in labels:
        assert label in html


def test_people_are_counted_never_named(client):
    row = ccni_row("100002")
    html = _page(client, "GB-NIC-100002")
    assert f'<dd class="govuk-summary-list__value">{row["Employed staff"]}</dd>' in html
    assert f'<dd class="govuk-summary-list__value">{row["UK and Ireland volunteers"]}</dd>' in html


def test_public_contact_details_are_shown_with_followable_links(client):
    row = ccni_row("100002")
    html = _page(client, "GB-NIC-100002")
    assert f'href="mailto:{row["Email"]}"' in html
    assert f'href="https://{row["Website"]}"' in html
    assert row["Telephone"] in html
    assert "BT14 7PJ" in html


def test_removed_charity_is_shown_as_removed(client):
    assert ccni_row("100007")["Status"] == "Removed"
    html = _page(client, "GB-NIC-100007")
    assert '<strong class="govuk-tag govuk-tag--red">Removed</strong>' in html


def test_main_and_linked_charities_link_to_each_others_pages(client):
    linked = Organisation.objects.filter(parent__isnull=False).select_related("parent").first()
    assert linked is not None
    assert linked.parent is not None
    linked_id = linked.identifiers.get().org_id
    main_id = linked.parent.identifiers.get().org_id
    assert linked_id.startswith(main_id + "-")  # e.g. GB-CHC-220600-3 belongs to GB-CHC-220600
    html = _page(client, linked_id)
    assert '<td class="govuk-table__cell">Main charity</td>' in html
    assert f'href="/organisations/{main_id}/">{linked.parent.name}</a>' in html
    main_html = _page(client, main_id)
    assert f'href="/organisations/{linked_id}/">{linked.name}</a>' in main_html


def test_ccew_breakdown_gives_the_money_lines_of_part_b(client):
    latest_years = [
        org.financial_years.order_by("-period_end")[0]
        for org in Organisation.objects.filter(financial_years__source="ccew").distinct().order_by("name")
    ]
    year = next(y for y in latest_years if y.breakdown.get("partb", {}).get("income_donations_and_legacies"))
    html = _page(client, year.organisation.identifiers.order_by("-is_primary", "org_id")[0].org_id)
    breakdown = html[html.index('data-testid="breakdown-table"') :]
    donations = year.breakdown["partb"]["income_donations_and_legacies"]
    assert "Income from donations and legacies</th>" in breakdown
    assert f"£{donations:,}</td>" in breakdown


def test_sources_name_the_file_each_fact_came_from(client):
    html = _page(client, "GB-NIC-100002")
    sources = html[html.index(">Sources</h2>") :]
    assert "Charity Commission for Northern Ireland" in sources
    assert CCNI_FILE in sources
