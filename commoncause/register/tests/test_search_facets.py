"""Narrowing a search by facets, with counts that match the register."""

import pytest
from django.db.models import Count, Q

from commoncause.register.income_bands import income_bands
from commoncause.register.models import Classification, Organisation
from commoncause.register.search.types import SearchParameterError, SearchQuery
from commoncause.register.selectors import organisation_search
from commoncause.register.tests.search_samples import clear_register, load_sample_register

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def sample_register(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_sample_register(with_areas=True)
    yield
    with django_db_blocker.unblock():
        clear_register()


def _counts(results, facet: str) -> dict[str, int]:
    return {fv.value: fv.count for fv in results.facets[facet]}


def _with_code(code: str) -> Q:
    ids = Classification.objects.filter(scheme="ccew", code=code).values("organisation_id")
    return Q(pk__in=ids)


def test_status_and_legal_form_counts_match_the_register():
    results = organisation_search(SearchQuery())
    for status in ("registered", "removed"):
        assert _counts(results, "status")[status] == Organisation.objects.filter(status=status).count()
    forms = Organisation.objects.exclude(legal_form="").values("legal_form").annotate(n=Count("pk"))
    assert len(forms) > 3
    assert _counts(results, "legal_form") == {row["legal_form"]: row["n"] for row in forms}


def test_income_band_counts_match_the_register_and_are_labelled():
    results = organisation_search(SearchQuery())
    counts = _counts(results, "income_band")
    for band in income_bands():
        in_band = Organisation.objects.filter(latest_income__gte=band.minimum)
        if band.maximum is not None:
            in_band = in_band.filter(latest_income__lt=band.maximum)
        assert counts.get(band.code, 0) == in_band.count()
    labels = {fv.value: fv.label for fv in results.facets["income_band"]}
    assert labels["small"] == "Small (£10,000 under £100,000)"


def test_classification_counts_match_the_register_and_are_in_words():
    results = organisation_search(SearchQuery(q="belfast"))
    matched = {hit.id for hit in organisation_search(SearchQuery(q="belfast", page_size=5000)).items}
    assert len(matched) == results.count
    what = {fv.value: fv for fv in results.facets["what"]}
    expected = Organisation.objects.filter(_with_code("102"), pk__in=matched).count()
    assert expected > 0
    assert what["102"].count == expected
    assert what["102"].label == "Education/training"  # as the Charity Commission writes it


def test_a_filter_narrows_the_results_to_that_value():
    results = organisation_search(SearchQuery(filters={"what": ("103",)}, page_size=5000))
    assert results.count == Organisation.objects.filter(_with_code("103")).count()
    assert {hit.id for hit in results.items} == set(
        Organisation.objects.filter(_with_code("103")).values_list("pk", flat=True)
    )


def test_values_of_one_facet_widen_and_facets_together_narrow():
    either = organisation_search(SearchQuery(filters={"what": ("102", "103")}))
    assert either.count == Organisation.objects.filter(_with_code("102") | _with_code("103")).count()
    both = organisation_search(SearchQuery(filters={"what": ("102", "103"), "area": ("Belfast",)}))
    in_belfast = Q(areas__name="Belfast")
    expected = (
        Organisation.objects.filter(in_belfast).filter(_with_code("102") | _with_code("103")).distinct()
    )
    assert both.count == expected.count() < either.count


def test_counts_of_a_filtered_facet_show_what_choosing_another_value_would_give():
    unfiltered = organisation_search(SearchQuery(q="community"))
    filtered = organisation_search(SearchQuery(q="community", filters={"status": ("removed",)}))
    assert _counts(filtered, "status") == _counts(unfiltered, "status")
    removed = {fv.value: fv for fv in filtered.facets["status"]}["removed"]
    assert removed.selected
    assert filtered.count == removed.count
    assert sum(_counts(filtered, "income_band").values()) <= filtered.count


def test_area_can_be_chosen_by_name_or_code():
    by_name = organisation_search(SearchQuery(filters={"area": ("surrey",)}))
    by_code = organisation_search(SearchQuery(filters={"area": ("E10000030",)}))
    in_surrey = Organisation.objects.filter(areas__gss_code="E10000030").distinct().count()
    assert by_name.count == by_code.count == in_surrey > 0
    assert {fv.label for fv in by_code.facets["area"] if fv.selected} == {"Surrey"}


def test_an_unknown_value_matches_nothing_but_stays_selected():
    results = organisation_search(SearchQuery(filters={"legal_form": ("Space station",)}))
    assert results.count == 0
    assert [fv for fv in results.facets["legal_form"] if fv.selected][0].count == 0


def test_an_unknown_facet_is_refused():
    with pytest.raises(SearchParameterError) as error:
        organisation_search(SearchQuery(filters={"colour": ("red",)}))
    assert error.value.parameter == "colour"
