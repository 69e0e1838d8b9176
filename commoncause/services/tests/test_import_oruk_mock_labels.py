"""The ORUK validator's other mock feeds imported as they are labelled: Test loads (its 128 copies of
one service are one service), Warn loads with its warning, Fail is refused and leaves nothing."""

import pytest

from commoncause.register.models import ImportRun, Organisation
from commoncause.services.models import FeedOrganisation, Location, Service, ServiceVersion, TaxonomyTerm
from commoncause.services.tests.import_feeds import feed_import, mock
from commoncause.sources.base import ImportProblem

pytestmark = pytest.mark.django_db


def test_the_test_mock_s_128_copies_are_one_service() -> None:
    run = feed_import(mock("Test"))
    assert Service.objects.get().name == "Community Counselling"
    assert ServiceVersion.objects.count() == 1
    assert Location.objects.count() == 1
    assert TaxonomyTerm.objects.count() == 1
    assert "service_list_data.json: its page wrapper breaks the standard" in run.notes


def test_the_warn_mock_loads_with_its_warning() -> None:
    run = feed_import(mock("Warn"))
    assert Service.objects.count() == 1
    assert (
        "Warning: taxonomy_term.json: taxonomy term 3f7b145d-84af-42d7-8fae-eaca714b02b2 breaks the standard "
        "((top): 'description' is a required property): skipped." in run.notes
    )
    # the term itself still comes with the service's attribute, and its parent from the list of terms
    assert TaxonomyTerm.objects.get(pk="3f7b145d-84af-42d7-8fae-eaca714b02b2").parent_id is not None


def test_the_fail_mock_is_refused_naming_file_and_field_and_writes_nothing() -> None:
    with pytest.raises(ImportProblem) as refused:
        feed_import(mock("Fail"))
    assert (refused.value.file, refused.value.field) == ("api_details.json", "profile")
    for model in (Service, Location, TaxonomyTerm, Organisation, FeedOrganisation, ImportRun, ServiceVersion):
        assert not model._default_manager.exists()
