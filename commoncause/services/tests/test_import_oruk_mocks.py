"""The ORUK validator's Default mock feed, imported once for the module: what it loads, links, places
and skips."""

from collections.abc import Iterator

import pytest

from commoncause.register.models import ImportRun, Organisation
from commoncause.services.models import (
    FeedOrganisation,
    Location,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from commoncause.services.tests.import_feeds import feed_import, mock

pytestmark = pytest.mark.django_db
SERVICE = "ac148810-d857-441c-9679-408f346de14b"


@pytest.fixture(scope="module")
def default_run(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportRun]:
    """The Default mock imported once for the module's tests."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        run = feed_import(mock("Default"))
    yield run
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        Service.objects.all().delete()
        for model in (Location, TaxonomyTerm, FeedOrganisation, Organisation, ImportRun):
            model._default_manager.all().delete()


def test_the_default_mock_loads_its_one_service_with_its_location_and_term(default_run: ImportRun) -> None:
    service = Service.objects.get()
    assert str(service.pk) == SERVICE
    assert (service.name, service.source, service.feed) == (
        "Community Counselling",
        "feed",
        "V3.0-UK-Default",
    )
    assert ServiceAtLocation.objects.get().location.name == "MyCity Civic Center"
    assert Location.objects.count() == 1
    assert TaxonomyTerm.objects.count() == 1
    assert service.versions.get().note == f"Open Referral feed V3.0-UK-Default, import run {default_run.pk}"
    assert (default_run.created, default_run.updated, default_run.rejected) == (1, 0, 0)


def test_the_default_mock_names_the_files_it_skipped(default_run: ImportRun) -> None:
    assert (
        "Not Open Referral objects, skipped: dashboard_service_details_response.json, "
        "dashboard_services_response.json." in default_run.notes
    )


def test_the_fuller_organisation_document_wins_over_a_list_item_of_the_same_id(
    default_run: ImportRun,
) -> None:
    service = Service.objects.select_related("organisation").get()
    assert service.organisation is not None
    assert service.organisation.name == "Example Organization Inc."  # the list item calls it otherwise
    linked = FeedOrganisation.objects.get(pk="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    assert linked.organisation == service.organisation
    assert linked.how.startswith("new to the register (GB-LOCAL-")
    assert service.organisation.source_records.get().source == "oruk"
    assert service.organisation.identifiers.filter(org_id="GB-COH-01234567").exists()


def test_the_default_mock_places_no_location_outside_the_uk(default_run: ImportRun) -> None:
    location = Location.objects.get()
    assert (location.latitude, location.longitude) == (100, 101)
    assert (location.point_lat, location.point_lon, location.council_code) == (None, None, "")
    assert "0 of 1 locations were placed in a council" in default_run.notes
    assert "1 gave coordinates outside the UK" in default_run.notes
