"""Community groups on no register: added by a person, checked by a curator, given a stable local id."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.members.groups import group_decide, group_propose
from commoncause.members.membership import is_member
from commoncause.members.models import GroupProposal
from commoncause.members.statements import ProfileEditError, statement
from commoncause.register.identifiers import local_org_id
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_by_identifier, organisation_search

pytestmark = pytest.mark.django_db
NAME, POSTCODE = "Larch Street Lunch Club", "BT1 5GS"


def propose(user: User, **values: str) -> GroupProposal:
    return group_propose(
        user=user,
        name=NAME,
        postcode=POSTCODE,
        values={"offers": "Hot lunches for older neighbours", **values},
    )


def test_an_approved_group_joins_the_register_with_a_stable_local_id(member: User, curator: User) -> None:
    proposal = propose(member)
    assert organisation_by_identifier(local_org_id(NAME, POSTCODE)) is None

    group_decide(curator=curator, proposal=proposal, approve=True)

    org_id = local_org_id(NAME, POSTCODE)
    assert org_id.startswith("GB-LOCAL-")
    organisation = organisation_by_identifier(org_id)
    assert organisation is not None
    assert (organisation.name, organisation.legal_form) == (NAME, "Unregistered community group")
    version = statement(organisation)
    assert version is not None
    assert version.values["offers"] == "Hot lunches for older neighbours"
    assert is_member(member, organisation)
    assert organisation_search(SearchQuery(q="larch lunch")).items[0].id == organisation.pk
    assert list(
        AuditEntry.objects.filter(target_type="members.groupproposal")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "approve"]


def test_the_same_group_cannot_be_added_twice(member: User, curator: User) -> None:
    group_decide(curator=curator, proposal=propose(member), approve=True)
    with pytest.raises(ProfileEditError, match="already holds this group"):
        group_propose(user=member, name="larch street lunch-club", postcode="bt15gs", values={})


def test_a_refusal_needs_a_reason_and_adds_nothing(member: User, curator: User) -> None:
    proposal = propose(member)
    with pytest.raises(ProfileEditError, match="Say why"):
        group_decide(curator=curator, proposal=proposal, approve=False)
    group_decide(curator=curator, proposal=proposal, approve=False, reason="This is a registered charity.")
    assert organisation_by_identifier(local_org_id(NAME, POSTCODE)) is None


def test_the_form_names_the_field_and_keeps_what_was_typed(client: Client, member: User) -> None:
    client.force_login(member)
    response = client.post("/groups/new/", {"name": NAME, "postcode": "nowhere", "offers": "Hot lunches"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_postcode">' in html
    assert f'value="{NAME}"' in html
    assert "Hot lunches" in html
    assert not GroupProposal.objects.exists()


def test_a_curator_adds_a_group_from_the_queue(client: Client, member: User, curator: User) -> None:
    client.force_login(member)
    assert client.post("/groups/new/", {"name": NAME, "postcode": POSTCODE}).status_code == 302
    client.force_login(curator)
    assert NAME in client.get("/curation/groups/").content.decode()
    proposal = GroupProposal.objects.get()
    assert client.post(f"/curation/groups/{proposal.pk}/", {"decision": "approve"}).status_code == 302
    page = client.get(f"/organisations/{local_org_id(NAME, POSTCODE)}/")
    assert page.status_code == 200
    assert NAME in page.content.decode()
