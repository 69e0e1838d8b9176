"""The search page: results, facets as checkboxes with counts, sort, pages, errors, and htmx fragments."""

import csv

import pytest
from django.urls import reverse

from commoncause.register.tests.page_samples import CCNI_FILE, DEMO
from commoncause.register.tests.search_samples import clear_register, load_sample_register

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def sample_register(django_db_setup, django_db_blocker):
    try:
        with django_db_blocker.unblock():
            load_sample_register()
        yield
    finally:  # leave the database empty for the next module even when loading failed
        with django_db_blocker.unblock():
            clear_register()


def _search(client, **params):
    return client.get(reverse("register:search"), params)


def _removed_in_ccni_sample() -> int:
    with (DEMO / CCNI_FILE).open(encoding="cp1252", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if row["Status"] == "Removed")


def test_search_finds_a_charity_by_a_word_and_links_to_its_page(client):
    response = _search(client, q="cancer")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a class="govuk-link" href="/organisations/GB-NIC-100002/">Cancer Lifeline</a>' in html
    assert "Latest income £462,154" in html
    assert f"{response.context['results'].count} organisations found" in html
    assert "<title>cancer – Search the register – Common Cause</title>" in html


def test_facets_are_checkboxes_with_counts(client):
    html = _search(client).content.decode()
    removed = _removed_in_ccni_sample()
    assert removed == 36
    assert 'name="status" type="checkbox" value="removed"' in html
    assert f'Removed <span class="govuk-hint govuk-!-display-inline">({removed})</span>' in html
    assert "Income</legend>" in html


def test_ticking_a_facet_narrows_the_results(client):
    response = _search(client, status="removed", page_size="100")
    results = response.context["results"]
    assert results.count == _removed_in_ccni_sample()
    assert {hit.status for hit in results.items} == {"removed"}
    assert 'value="removed" checked' in response.content.decode()


def test_results_can_be_sorted_by_income(client):
    response = _search(client, q="cancer", sort="income")
    incomes = [hit.latest_income for hit in response.context["results"].items if hit.latest_income]
    assert incomes == sorted(incomes, reverse=True)
    assert '<option value="income" selected>' in response.content.decode()


def test_pages_keep_the_search_and_filters(client):
    response = _search(client, status="registered")
    assert response.context["results"].pages > 1
    html = response.content.decode()
    assert 'href="?status=registered&amp;page=2"' in html
    assert 'rel="next"' in html


def test_an_unknown_sort_shows_an_error_summary_not_a_server_error(client):
    response = _search(client, q="cancer", sort="size")
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert '<a href="#sort">' in html
    assert "<title>Error: cancer – Search the register – Common Cause</title>" in html


def test_a_page_that_is_not_a_number_shows_an_error_summary(client):
    response = _search(client, page="two")
    assert response.status_code == 400
    assert "Page number: " in response.content.decode()


def test_htmx_request_gets_only_the_results_region_and_the_announcement(client):
    response = client.get(reverse("register:search"), {"q": "cancer"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith("<title>cancer – Search the register – Common Cause</title>")
    assert '<div id="search-region"' in html
    count = response.context["results"].count
    assert f'<div id="search-status" hx-swap-oob="innerHTML">{count} organisations found</div>' in html


def test_search_form_works_without_javascript(client):
    html = _search(client, q="cancer").content.decode()
    assert '<form id="search-form" method="get" action="/search/"' in html
    assert "Apply filters</button>" in html
