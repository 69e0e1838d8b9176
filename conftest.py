"""Fixtures shared by every app's tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent


@pytest.fixture
def demo_data_dir() -> Path:
    """The real open-data samples that `make run` loads."""
    return Path(settings.DATA_DIR) / "demo"


@pytest.fixture
def test_data_dir() -> Path:
    """Test-only copies of source files (see tests/data/PROVENANCE.md)."""
    return REPO / "tests" / "data"


@pytest.fixture
def officer(db):
    from commoncause.accounts.tests.cast import staff

    return staff("officer@council.example", "officer")


@pytest.fixture
def curator(db):
    from commoncause.accounts.tests.cast import staff

    return staff("curator@cvs.example", "curator")


@pytest.fixture
def admin_user(db):
    from commoncause.accounts.tests.cast import staff

    return staff("admin@service.example", "admin")


@pytest.fixture
def member(db):
    """A person with an account and no staff role (a member of an organisation, once they join one)."""
    from commoncause.accounts.tests.cast import person

    return person("member@charity.example")


@pytest.fixture(autouse=True, scope="session")
def _quick_passwords() -> Iterator[None]:
    """Accounts are made and signed in with a quick password hash. The production hash (PBKDF2, a
    million rounds) costs about a third of a second a time on a small machine, and the tests make and
    sign in hundreds of accounts; no test checks which hash is used. Processes the tests start run
    with the real settings."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _nothing_prepared_kept() -> Iterator[None]:
    """Matching prepares the register afresh in each test rather than read one another test kept on
    disk; the tests of keeping it turn this on with a directory of their own."""
    from django.test import override_settings

    with override_settings(MATCHING_KEEP_PREPARED=False):
        yield


@pytest.fixture(autouse=True, scope="session")
def _private_files_of_their_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploaded documents written by tests go to a temporary directory, never the service's var/."""
    from django.test import override_settings

    with override_settings(PRIVATE_FILES_DIR=tmp_path_factory.mktemp("private")):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, kept public pages and other cached values start empty in every test."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def charity(db):
    """A real charity (GB-NIC-100002) from the Northern Ireland register sample, with that sample loaded."""
    from django.core.management import call_command

    from commoncause.register.selectors import organisation_by_identifier
    from commoncause.register.tests.search_samples import DEMO

    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    return organisation_by_identifier("GB-NIC-100002")


@pytest.fixture
def member_of_charity(member, charity):
    """`member`, approved as a member of `charity`."""
    from commoncause.members.models import Membership, MembershipStatus

    Membership.objects.create(user=member, organisation=charity, status=MembershipStatus.APPROVED)
    return member
