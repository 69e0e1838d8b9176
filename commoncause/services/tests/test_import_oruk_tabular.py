"""The standard's example CSVs as a data package, with and without its datapackage.json: the same
service as the example JSON; a malformed cell or a key to no row refused, naming file, row and field."""

from pathlib import Path

import pytest

from commoncause.services.models import Phone, Service, ServiceVersion
from commoncause.services.tests.import_feeds import cell_set, feed_import, package_copy
from commoncause.services.tests.import_rows import document_expected, example, service_read
from commoncause.sources.base import ImportProblem

pytestmark = pytest.mark.django_db
SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def _expected_from_json() -> dict[str, object]:
    expected = document_expected(example("service_full"))
    # The CSV's attribute links to no service of the package (a row of its own): it is left out.
    expected["attributes"] = []
    return expected


@pytest.mark.parametrize("descriptor", [True, False], ids=["with datapackage.json", "without"])
def test_the_example_package_loads_the_example_service(tmp_path: Path, descriptor: bool) -> None:
    run = feed_import(package_copy(tmp_path, descriptor=descriptor))
    service = Service.objects.get(pk=SERVICE)
    assert service_read(service) == _expected_from_json()
    assert service.organisation is not None
    assert service.organisation.name == "Example Organization Inc."
    assert Phone.objects.get().contact is not None  # phones.csv names the contact
    assert (run.created, service.feed, service.source) == (1, "example-package", "feed")
    assert "attribute ae58cc39-8b70-4ab1-8aea-786882e5ac8e links to f28dd44b" in run.notes
    # the example's lines end \r\r\n, so its first row is read as the file's third line
    assert "taxonomy_terms.csv, row 3, field 'taxonomy_id'" in run.notes  # a taxonomy the example lacks
    if not descriptor:
        assert "not read: addresses.csv" in run.notes


@pytest.mark.parametrize(
    ("file", "column", "value", "why"),
    [
        ("services.csv", "id", "not-a-uuid", "is not a UUID"),
        ("services.csv", "minimum_age", "twelve", "is not a number"),
        ("schedule.csv", "valid_from", "31/12/2005", "is not a date"),
        ("contacts.csv", "service_id", "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2", "is no row of services.csv"),
        ("phones.csv", "contact_id", "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2", "is no row of contacts.csv"),
    ],
)
def test_a_bad_cell_is_refused_naming_file_row_and_field(
    tmp_path: Path, file: str, column: str, value: str, why: str
) -> None:
    folder = package_copy(tmp_path, descriptor=True)
    cell_set(folder / file, 2, column, value)
    with pytest.raises(ImportProblem, match=why) as refused:
        feed_import(folder)
    assert (refused.value.file, refused.value.row, refused.value.field) == (file, 2, column)
    assert not Service.objects.exists()


def test_an_unknown_status_is_refused_naming_the_row(tmp_path: Path) -> None:
    folder = package_copy(tmp_path, descriptor=False)
    cell_set(folder / "services.csv", 2, "status", "open")
    with pytest.raises(ImportProblem, match="'open' is not one of") as refused:
        feed_import(folder)
    assert (refused.value.file, refused.value.row, refused.value.field) == ("services.csv", 2, "status")
    assert not ServiceVersion.objects.exists()
