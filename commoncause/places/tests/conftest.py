"""Westminster's real geography and organisations, loaded once for a module's tests (each test's own
changes still roll back with its transaction)."""

from collections.abc import Iterator

import pytest

from commoncause.places.models import Area, AreaLookup, Deprivation, Postcode
from commoncause.places.selectors import council_of, coverage_forget
from commoncause.places.tests.westminster import WESTMINSTER, load_westminster
from commoncause.register.tests.search_samples import clear_register


@pytest.fixture(scope="module")
def westminster_loaded(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_westminster()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clear_register()
        for model in (Area, AreaLookup, Deprivation, Postcode):
            model.objects.all().delete()
        coverage_forget()


@pytest.fixture
def westminster(westminster_loaded: None, db: None) -> Area:
    """The demo council, with its wards, deprivation and the register sample's charities placed."""
    council = council_of(WESTMINSTER)
    assert council is not None
    return council


@pytest.fixture(autouse=True)
def _coverage_forgotten() -> None:
    """Each test starts with no coverage kept: one test's changes, made straight in the database and
    rolled back with it, must not leave coverage behind for the next (the services would have moved the
    search index on)."""
    coverage_forget()
