"""The home page: what the register is, a search box, and the size and make-up of the register."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commoncause.linkage.merge import link_records
from commoncause.register.income_bands import income_band_for, income_bands
from commoncause.register.models import ImportRun
from commoncause.register.services import search_index_refresh
from commoncause.register.tests.factories import OrganisationFactory
from commoncause.register.tests.page_samples import ccni_organisation, ccni_row, ukcat_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_charities():
    return [
        ccni_organisation("100002"),  # Cancer Lifeline, registered
        ccni_organisation("100007"),  # CLOONEY SOCCER SCHOOL, removed
        ukcat_organisation("GB-CHC-203429"),  # COUNSEL AND CARE FOR THE ELDERLY
    ]


def test_home_page_says_what_the_register_is_and_offers_a_search_box(client):
    response = client.get(reverse("register:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB"' in html
    assert "<title>The register of voluntary and community organisations – Common Cause</title>" in html
    assert '<label class="govuk-label govuk-label--m" for="search-q">Search the register</label>' in html
    assert 'href="#main-content"' in html


def test_home_page_counts_organisations_by_status(client, three_charities):
    response = client.get(reverse("register:home"))
    summary = response.context["summary"]
    assert summary.total == 3
    assert {t.label: t.count for t in summary.by_status} == {"Registered": 2, "Removed": 1}
    assert "<strong>3</strong> organisations" in response.content.decode()


def test_home_page_counts_organisations_by_legal_form(client, three_charities):
    summary = client.get(reverse("register:home")).context["summary"]
    forms = {t.label: t.count for t in summary.by_legal_form}
    assert forms[ccni_row("100002")["Type of governing document"]] >= 1
    assert forms["Not known"] == 1  # the CCEW sample row gives no legal form
    assert sum(forms.values()) == 3


def test_home_page_puts_each_income_in_its_band(client, three_charities):
    summary = client.get(reverse("register:home")).context["summary"]
    counts = {t.value: t.count for t in summary.by_income_band}
    assert [t.value for t in summary.by_income_band][: len(income_bands())] == [
        b.code for b in income_bands()
    ]
    cancer_lifeline_band = income_band_for(int(ccni_row("100002")["Total income"]))
    assert cancer_lifeline_band == "medium"
    assert counts["medium"] >= 1
    assert sum(counts.values()) == 3


def test_home_page_lists_each_source_with_its_last_import(client, three_charities):
    finished = timezone.make_aware(dt.datetime(2025, 6, 5, 14, 7))
    run = ImportRun.objects.create(
        kind="ccni",
        file_name="ccni-charitydetails-sample.csv",
        extract_date=dt.date(2025, 6, 1),
        started_at=finished - dt.timedelta(seconds=3),
        finished_at=finished,
    )
    cancer_lifeline, clooney, _ = three_charities
    for org in (cancer_lifeline, clooney):
        org.source_records.update(last_seen_run=run, extract_date=run.extract_date)
    response = client.get(reverse("register:home"))
    by_source = {t.source: t for t in response.context["summary"].by_source}
    assert by_source["ccni"].count == 2
    assert by_source["ccni"].label == "Charity Commission for Northern Ireland"
    html = response.content.decode()
    assert "5 June 2025" in html
    assert "1 June 2025" in html


def test_home_page_works_on_an_empty_register(client):
    response = client.get(reverse("register:home"))
    assert response.status_code == 200
    assert "Nothing has been imported yet." in response.content.decode()


def test_the_home_page_search_and_the_api_give_one_count_when_a_record_was_linked_into_another(client):
    """A group a curator linked into the body it became is kept (so the link can be undone) but is no
    longer one of the register's organisations: no count may include it."""
    body = OrganisationFactory.create(name="Paddington Development Trust", org_ids=["GB-CHC-1078904"])
    OrganisationFactory.create(name="Westminster Befriend A Family", org_ids=["GB-CHC-1099489"])
    group = OrganisationFactory.create(
        name="Paddington Development Trust", legal_form="Unregistered community group", org_ids=[]
    )
    link_records(actor=None, source=group, target=body)
    search_index_refresh()

    summary = client.get(reverse("register:home")).context["summary"]
    searched = client.get(reverse("register:search")).context["results"].count
    api = client.get("/api/v1/organisations").json()["count"]
    assert summary.total == searched == api == 2
    assert sum(t.count for t in summary.by_status) == 2
    assert sum(t.count for t in summary.by_legal_form) == 2
    assert sum(t.count for t in summary.by_income_band) == 2
    assert "Unregistered community group" not in {t.label for t in summary.by_legal_form}
