"""The blocking index over the register: each organisation not linked into another, as the matcher sees it."""

import pytest

from commoncause.linkage.register_index import organisation_entries, organisation_entry, register_index
from commoncause.register.models import Organisation
from commoncause.register.tests.factories import OrganisationFactory, OrgIdentifierFactory, OtherNameFactory

pytestmark = pytest.mark.django_db


def test_each_organisation_is_read_with_its_names_postcode_domain_and_org_ids() -> None:
    lifeline = OrganisationFactory.create(
        name="Cancer Lifeline",
        postcode="bt14 7pj",
        website="",
        email="info@cancerlifeline.info",
        legal_form="Trust",
        status="registered",
        org_ids=["GB-NIC-100002", "GB-COH-NI070807"],
    )
    OtherNameFactory.create(organisation=lifeline, name="Lifeline Counselling")
    (entry,) = organisation_entries()
    assert entry.key == lifeline.pk  # a UUID on SQLite and on PostgreSQL alike
    assert entry.org_id == "GB-NIC-100002"
    assert entry.names == (("cancer", "lifeline"), ("lifeline", "counselling"))
    assert (entry.postcode, entry.domain, entry.kind) == ("BT147PJ", "cancerlifeline.info", "Trust")
    assert entry.extra["status"] == "registered"
    assert sorted(entry.extra["org_ids"]) == ["GB-COH-NI070807", "GB-NIC-100002"]


def test_an_organisation_without_a_primary_org_id_is_known_by_another_or_by_its_record() -> None:
    held = OrganisationFactory.create(name="Strabane Ethnic Community Association")
    OrgIdentifierFactory.create(organisation=held, org_id="GB-NIC-100003", is_primary=False)
    bare = OrganisationFactory.create(name="Larch Street Lunch Club")
    entries = {entry.key: entry for entry in organisation_entries()}
    assert entries[held.pk].org_id == "GB-NIC-100003"
    assert entries[bare.pk].org_id == str(bare.pk)
    assert entries[bare.pk].extra["org_ids"] == []


def test_a_record_linked_into_another_is_not_in_the_index() -> None:
    body = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    OrganisationFactory.create(name="Royal Birmingham Conservatoire", merged_into=body)
    index = register_index()
    assert len(index) == 1
    assert [entry.key for entry in index] == [body.pk]
    assert index.name_holders(("royal", "birmingham", "conservatoire")) == 1


def test_an_organisation_just_made_is_seen_as_it_will_be_read_back() -> None:
    made = OrganisationFactory.create(
        name="Ulster Orchestra", postcode="BT1 4LS", website="https://www.ulster-orchestra.org.uk/"
    )
    in_memory = organisation_entry(made, ["360G-ALWF-123", "GB-LOCAL-ABCDEF1234"])
    assert in_memory.org_id == "GB-LOCAL-ABCDEF1234"  # the canonical one of those given
    read_back = organisation_entries()[0]
    for field in ("key", "name", "names", "postcode", "domain", "kind"):
        assert getattr(in_memory, field) == getattr(read_back, field)
    assert organisation_entry(made, []).org_id == str(made.pk)
    assert Organisation.objects.count() == 1
