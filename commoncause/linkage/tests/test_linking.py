"""A community group that later registers: a curator links its record into the registered body's,
keeping its history, and can undo the link exactly."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import person
from commoncause.linkage.merge import LinkError, organisation_link, organisation_unlink
from commoncause.members.groups import group_decide, group_propose
from commoncause.members.membership import is_member
from commoncause.members.models import ProfileVersion
from commoncause.members.statements import profile_edit_decide, profile_edit_propose, statement
from commoncause.register.identifiers import local_org_id
from commoncause.register.models import AreaOfOperation, Organisation
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_by_identifier, organisation_search
from commoncause.relationships.models import Contact

pytestmark = pytest.mark.django_db
NAME, POSTCODE = "Larch Street Lunch Club", "BT1 5GS"
GROUP_ID = local_org_id(NAME, POSTCODE)
ORG = "GB-NIC-100002"


def _held_by(org_id: str) -> Organisation:
    found = organisation_by_identifier(org_id)
    assert found is not None
    return found


def _offers(organisation: Organisation) -> object:
    current: ProfileVersion | None = statement(organisation)
    assert current is not None
    return current.values["offers"]


@pytest.fixture
def group(curator: User) -> Organisation:
    founder = person("founder@larch.example")
    proposal = group_propose(
        user=founder, name=NAME, postcode=POSTCODE, values={"offers": "Hot lunches for older neighbours"}
    )
    group_decide(curator=curator, proposal=proposal, approve=True)
    organisation = _held_by(GROUP_ID)
    AreaOfOperation.objects.create(
        organisation=organisation, name="Belfast", gss_code="N09000003", source="x"
    )
    Contact.objects.create(
        organisation=organisation, name="Pat Larch", email="pat@larch.example", purpose="partnership",
        lawful_basis="consent", status="approved",
    )  # fmt: skip
    return organisation


@pytest.fixture
def registered(charity: Organisation, member_of_charity: User, curator: User) -> Organisation:
    edit = profile_edit_propose(
        user=member_of_charity, organisation=charity, values={"offers": "Counselling"}
    )
    profile_edit_decide(curator=curator, edit=edit, approve=True)
    return charity


def test_linking_moves_the_groups_identifier_history_members_and_contacts_to_the_registered_body(
    group: Organisation, registered: Organisation, curator: User
) -> None:
    founder = User.objects.get(email="founder@larch.example")
    merge = organisation_link(curator=curator, source=group, target=registered, reason="Registered in May")

    assert _held_by(GROUP_ID).pk == registered.pk  # the group's old address leads here
    assert _held_by(ORG).pk == registered.pk
    versions = list(registered.profile_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].values["offers"] == "Hot lunches for older neighbours"  # the group's, first
    assert versions[1].values["offers"] == "Counselling"
    assert _offers(registered) == "Counselling"  # the body's own statement stays current
    assert is_member(founder, registered)
    assert registered.contacts.get().name == "Pat Larch"
    assert registered.areas.filter(gss_code="N09000003").exists()
    group.refresh_from_db()
    assert group.merged_into == registered
    assert organisation_search(SearchQuery(q="larch lunch")).count == 0  # one body, found once
    assert registered.identifiers.get(org_id=ORG).is_primary
    assert not registered.identifiers.get(org_id=GROUP_ID).is_primary
    entry = AuditEntry.objects.get(action="merge")
    assert entry.after["reason"] == "Registered in May"
    assert entry.after["moved"]["members.membership.organisation"]

    organisation_unlink(curator=curator, merge=merge)
    group.refresh_from_db()
    assert group.merged_into is None
    assert _held_by(GROUP_ID).pk == group.pk
    assert group.identifiers.get().is_primary
    assert is_member(founder, group)
    assert not is_member(founder, registered)
    assert group.contacts.get().name == "Pat Larch"
    assert list(group.profile_versions.values_list("number", flat=True)) == [1]
    assert list(registered.profile_versions.values_list("number", flat=True)) == [1]
    assert _offers(registered) == "Counselling"
    assert organisation_search(SearchQuery(q="larch lunch")).items[0].id == group.pk
    assert AuditEntry.objects.filter(action="unmerge").count() == 1
    with pytest.raises(LinkError, match="undone already"):
        organisation_unlink(curator=curator, merge=merge)


def test_a_member_of_both_keeps_one_membership_and_nothing_is_lost(
    group: Organisation, registered: Organisation, curator: User
) -> None:
    founder = Organisation.objects.get(pk=group.pk).memberships.get().user
    registered.memberships.create(user=founder, status="approved")
    organisation_link(curator=curator, source=group, target=registered)
    assert registered.memberships.filter(user=founder).count() == 1
    assert group.memberships.filter(user=founder).count() == 1  # kept on the linked record, not deleted


def test_links_that_cannot_be_made_are_refused(
    group: Organisation, registered: Organisation, curator: User, member: User
) -> None:
    with pytest.raises(LinkError) as refused:
        organisation_link(curator=member, source=group, target=registered)
    assert refused.value.not_allowed
    with pytest.raises(LinkError, match="itself"):
        organisation_link(curator=curator, source=group, target=group)
    organisation_link(curator=curator, source=group, target=registered)
    with pytest.raises(LinkError, match="linked into another already"):
        organisation_link(curator=curator, source=group, target=registered)


def test_the_link_page_names_a_bad_identifier_and_keeps_what_was_typed(
    client: Client, group: Organisation, registered: Organisation, curator: User
) -> None:
    client.force_login(curator)
    page = client.post(f"/organisations/{GROUP_ID}/link/", {"target": "GB-CHC-999999999", "reason": "Same"})
    assert page.status_code == 400
    assert "No organisation has that identifier." in page.content.decode()
    assert 'value="GB-CHC-999999999"' in page.content.decode()
    done = client.post(f"/organisations/{GROUP_ID}/link/", {"target": ORG.lower(), "reason": "Same"})
    assert done.status_code == 302
    shown = client.get(f"/organisations/{GROUP_ID}/").content.decode()
    assert "Cancer Lifeline" in shown
    assert "Undo the link" in shown
    old = client.get(f"/organisations/{group.pk}/").content.decode()
    assert "This record is now part of" in old
