"""One service document saved as an import writes it: every nested object a row, a version kept, an
unchanged document leaving all as it was, a changed one replacing the children."""

import copy
import datetime as dt

import pytest

from commoncause.register.models import Organisation
from commoncause.services.models import (
    Attribute,
    Contact,
    Location,
    Schedule,
    Service,
    ServiceSource,
    ServiceVersion,
    TaxonomyTerm,
)
from commoncause.services.oruk.writing import ServiceDocumentInvalid, service_document_save
from commoncause.services.tests.import_rows import document_expected, example, service_read

pytestmark = pytest.mark.django_db


def test_a_saved_service_reads_back_as_its_document() -> None:
    document = example("service_full")
    organisation = Organisation.objects.create(name="Example Organization Inc.")
    service = service_document_save(
        document, organisation=organisation, source=ServiceSource.MEMBER, note="approved by a curator"
    )
    assert service_read(service) == document_expected(document)
    assert service.organisation == organisation
    assert service.last_modified == dt.datetime(2023, 3, 15, 10, 30, 45, 123000, tzinfo=dt.UTC)
    assert "community counselling" in service.search_text
    assert "example organization inc." in service.search_text
    assert TaxonomyTerm.objects.get().name in service.search_text.split()
    version = service.versions.get()
    assert (version.number, version.document, version.note) == (1, document, "approved by a curator")


def test_a_document_keeps_every_character_its_text_holds() -> None:
    """Line breaks, tabs, backslashes, quotes and letters beyond ASCII come back as written (the
    version's document is written as JSON text, through COPY on PostgreSQL)."""
    document = copy.deepcopy(example("service_full"))
    document["description"] = 'Line one\nline two\ttabbed \\ back "quoted" café – ünïcode \u2028 end'
    service = service_document_save(document, organisation=None, source=ServiceSource.MEMBER, note="x")
    assert service.versions.get().document == document
    assert service.description == document["description"]


def test_the_same_document_again_makes_no_new_version() -> None:
    document = example("service_full")
    service_document_save(document, organisation=None, source=ServiceSource.EXAMPLE, note="first")
    service = service_document_save(document, organisation=None, source=ServiceSource.EXAMPLE, note="again")
    assert service.versions.count() == 1
    assert service.organisation is None


def test_a_changed_document_replaces_the_children_and_adds_a_version() -> None:
    document = example("service_full")
    service_document_save(document, organisation=None, source=ServiceSource.MEMBER, note="first")
    changed = copy.deepcopy(document)
    changed["name"] = "Community Counselling and Support"
    changed["contacts"] = []
    changed["schedules"][0]["byday"] = "MO"
    service = service_document_save(changed, organisation=None, source=ServiceSource.MEMBER, note="second")
    assert service.name == "Community Counselling and Support"
    assert not Contact.objects.exists()
    assert Schedule.objects.get().byday == "MO"
    assert Location.objects.count() == 1
    assert Attribute.objects.count() == 1
    assert list(service.versions.values_list("number", "note")) == [(2, "second"), (1, "first")]
    assert service_read(service) == document_expected(changed)


def test_a_document_the_schema_refuses_is_not_saved() -> None:
    document = example("service_full")
    document["email"] = "email-example_com"
    with pytest.raises(ServiceDocumentInvalid, match="email"):
        service_document_save(document, organisation=None, source=ServiceSource.MEMBER, note="")
    assert not Service.objects.exists()
    assert not ServiceVersion.objects.exists()
