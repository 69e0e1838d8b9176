"""Into a large register, a feed is read by a forked worker while the register's matching index is
built: the import comes out as it does read here, and a package the worker refuses is refused naming
its file, row and field."""

from pathlib import Path

import pytest

from commoncause.core.parallel import can_fork_workers
from commoncause.register.models import Organisation
from commoncause.services.models import Service, ServiceVersion
from commoncause.services.oruk import importer
from commoncause.services.tests.import_feeds import cell_set, feed_import, package_copy
from commoncause.services.tests.import_rows import service_read
from commoncause.sources.base import ImportProblem

pytestmark = pytest.mark.django_db
SERVICE = "ac148810-d857-441c-9679-408f346de14b"


@pytest.fixture
def large_register(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A register counted as large (one organisation is enough here); records each choice made."""
    Organisation.objects.create(name="Example Organization Inc.")
    monkeypatch.setattr(importer, "INDEX_AHEAD_ORGANISATIONS", 1)
    chosen: list[bool] = []
    wanted = importer._index_wanted

    def choose(feed: str) -> bool:
        chosen.append(wanted(feed))
        return chosen[-1]

    monkeypatch.setattr(importer, "_index_wanted", choose)
    return chosen


def test_a_feed_read_by_a_worker_is_imported_as_one_read_here(
    tmp_path: Path, large_register: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ahead").mkdir()
    (tmp_path / "here").mkdir()
    run = feed_import(package_copy(tmp_path / "ahead", descriptor=True))
    assert large_register == [can_fork_workers()]
    ahead = service_read(Service.objects.get(pk=SERVICE))
    ahead_version = ServiceVersion.objects.get().document
    Service.objects.all().delete()
    monkeypatch.setattr(importer, "INDEX_AHEAD_ORGANISATIONS", 10**9)
    again = feed_import(package_copy(tmp_path / "here", descriptor=True))
    assert large_register[-1] is False
    assert service_read(Service.objects.get(pk=SERVICE)) == ahead
    assert ServiceVersion.objects.get().document == ahead_version
    assert (run.created, again.created) == (1, 1)


def test_a_feed_imported_before_is_read_here(tmp_path: Path, large_register: list[bool]) -> None:
    folder = package_copy(tmp_path, descriptor=True)
    feed_import(folder)
    feed_import(folder)  # its organisations are linked as before, by their feed ids
    assert large_register == [can_fork_workers(), False]


def test_a_cell_the_worker_refuses_names_file_row_and_field(
    tmp_path: Path, large_register: list[bool]
) -> None:
    folder = package_copy(tmp_path, descriptor=True)
    cell_set(folder / "schedule.csv", 2, "valid_from", "31/12/2005")
    with pytest.raises(ImportProblem, match="is not a date") as refused:
        feed_import(folder)
    assert (refused.value.file, refused.value.row, refused.value.field) == ("schedule.csv", 2, "valid_from")
    assert not Service.objects.exists()
