"""Members propose changes to their organisation's own statement; curators approve or send them back;
the public page shows the last approved version beside the regulator's facts; every version is kept."""

from typing import TypedDict

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import dateformat, timezone

from commoncause.accounts.models import AuditEntry
from commoncause.members.models import Membership, ProfileEdit
from commoncause.members.statements import (
    ProfileEditError,
    changes,
    history,
    profile_edit_decide,
    profile_edit_propose,
    statement,
)
from commoncause.members.tests.conftest import ORG
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db
PAGE = f"/organisations/{ORG}/"


def test_a_member_proposes_a_curator_approves_and_the_public_page_shows_it(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    regulator_objects = organisation.charitable_objects
    edit = profile_edit_propose(
        user=member, organisation=organisation, values={"offers": "Free counselling on Tuesdays"}
    )
    assert "Free counselling on Tuesdays" not in client.get(PAGE).content.decode()

    profile_edit_decide(curator=curator, edit=edit, approve=True)

    html = client.get(PAGE).content.decode()
    assert "Free counselling on Tuesdays" in html
    assert "In the organisation&#x27;s own words" in html or "In the organisation's own words" in html
    organisation.refresh_from_db()
    assert organisation.charitable_objects == regulator_objects  # the regulator's facts stay as given
    version = statement(organisation)
    assert version is not None
    assert (version.number, version.values["offers"]) == (1, "Free counselling on Tuesdays")
    assert version.approved_at == ProfileEdit.objects.get().decided_at
    assert list(
        AuditEntry.objects.filter(target_type="members.profileedit")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "approve"]


def test_every_version_is_kept_and_the_history_shows_what_changed(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    first = profile_edit_propose(
        user=member, organisation=organisation, values={"offers": "Counselling on Tuesdays"}
    )
    profile_edit_decide(curator=curator, edit=first, approve=True)
    second = profile_edit_propose(
        user=member, organisation=organisation, values={"offers": "Counselling on Tuesdays and Fridays"}
    )
    profile_edit_decide(curator=curator, edit=second, approve=True)

    versions = history(organisation)
    assert [version.number for version, _ in versions] == [2, 1]
    latest_change = versions[0][1][0]
    assert latest_change.diff == [("same", "Counselling on Tuesdays"), ("added", "and Fridays")]
    html = client.get(f"{PAGE}history/").content.decode()
    assert "Version 2" in html
    assert '<ins><span class="govuk-visually-hidden">added: </span>and Fridays</ins>' in html


def test_a_change_sent_back_needs_a_reason_and_changes_nothing(
    organisation: Organisation, member: User, curator: User
) -> None:
    edit = profile_edit_propose(
        user=member, organisation=organisation, values={"website": "lifeline.example"}
    )
    with pytest.raises(ProfileEditError, match="Say why"):
        profile_edit_decide(curator=curator, edit=edit, approve=False)
    profile_edit_decide(curator=curator, edit=edit, approve=False, reason="That site is not the charity's.")
    assert statement(organisation) is None
    assert ProfileEdit.objects.get().reason == "That site is not the charity's."


def test_people_who_are_not_members_cannot_propose(organisation: Organisation) -> None:
    from commoncause.accounts.tests.cast import person

    with pytest.raises(ProfileEditError, match="Only the organisation's members"):
        profile_edit_propose(
            user=person("stranger@example.org"), organisation=organisation, values={"offers": "x"}
        )


def test_one_change_waits_at_a_time_and_an_empty_change_is_refused(
    organisation: Organisation, member: User
) -> None:
    with pytest.raises(ProfileEditError, match="Nothing has changed"):
        profile_edit_propose(user=member, organisation=organisation, values={})
    profile_edit_propose(user=member, organisation=organisation, values={"offers": "Lunch club"})
    with pytest.raises(ProfileEditError, match="already waiting"):
        profile_edit_propose(
            user=member, organisation=organisation, values={"offers": "Lunch club on Mondays"}
        )


def test_the_form_names_the_field_and_keeps_what_was_typed(
    client: Client, organisation: Organisation, member: User
) -> None:
    client.force_login(member)
    response = client.post(f"{PAGE}edit/", {"offers": "Lunch club", "public_email": "not-an-address"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_public_email">' in html
    assert "Lunch club" in html
    assert 'value="not-an-address"' in html
    assert not ProfileEdit.objects.exists()


def test_the_curator_queue_compares_field_by_field_and_approves(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    client.force_login(member)
    client.post(f"{PAGE}edit/", {"who_it_helps": "People living with cancer in Belfast"})
    client.force_login(curator)
    queue = client.get("/curation/edits/").content.decode()
    assert "Who it helps" in queue
    assert "People living with cancer in Belfast" in queue
    edit = ProfileEdit.objects.get()
    assert client.post(f"/curation/edits/{edit.pk}/", {"decision": "return", "reason": ""}).status_code == 400
    assert client.post(f"/curation/edits/{edit.pk}/", {"decision": "approve"}).status_code == 302
    assert "People living with cancer in Belfast" in client.get(PAGE).content.decode()


def test_word_diff_marks_removed_and_added_words() -> None:
    found = changes({"offers": "Tea and cake"}, {"offers": "Tea and biscuits"})
    assert found[0].diff == [("same", "Tea and"), ("removed", "cake"), ("added", "biscuits")]


class BearerHeader(TypedDict):
    HTTP_AUTHORIZATION: str


def _bearer(user: User, scope: str = "write") -> BearerHeader:
    from commoncause.accounts.services import api_token_create

    _token, secret = api_token_create(user=user, name="script", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_change_proposed_over_the_api_joins_the_same_queue(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    response = client.post(
        f"/api/v1/organisations/{ORG}/statement",
        {"offers": "Lunch club on Mondays"},
        content_type="application/json",
        **_bearer(member),
    )
    assert response.status_code == 202
    assert response.json()["changed"] == ["offers"]
    edit = ProfileEdit.objects.get()
    assert edit.status == "pending"
    assert client.get(f"/api/v1/organisations/{ORG}/statement").json()["version"] is None

    profile_edit_decide(curator=curator, edit=edit, approve=True)
    published = client.get(f"/api/v1/organisations/{ORG}/statement").json()
    assert (published["version"], published["values"]["offers"]) == (1, "Lunch club on Mondays")


def test_api_writes_obey_the_same_rules(client: Client, organisation: Organisation, member: User) -> None:
    from commoncause.accounts.tests.cast import person

    url = f"/api/v1/organisations/{ORG}/statement"
    body = {"offers": "Lunch club"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    read_only = client.post(url, body, content_type="application/json", **_bearer(member, scope="read"))
    assert read_only.status_code == 403
    stranger = client.post(url, body, content_type="application/json", **_bearer(person("x@example.org")))
    assert stranger.status_code == 403
    bad = client.post(url, {"public_email": "nope"}, content_type="application/json", **_bearer(member))
    assert (bad.status_code, bad.json()["field"]) == (400, "public_email")
    assert client.post(url, body, content_type="application/json", **_bearer(member)).status_code == 202
    assert client.post(url, body, content_type="application/json", **_bearer(member)).status_code == 409
    # Refused before the body is read: no token and a malformed body still answers 401, not 422.
    assert client.post(url, "{not json", content_type="application/json").status_code == 401
    assert ProfileEdit.objects.count() == 1


def test_the_author_sees_their_waiting_change_on_the_page_and_in_their_account(
    client: Client, organisation: Organisation, member: User
) -> None:
    client.force_login(member)
    client.post(f"{PAGE}edit/", {"offers": "Lunch club on Mondays", "website": "lifeline.example"})

    for html in (client.get(PAGE).content.decode(), client.get("/accounts/").content.decode()):
        assert "Waiting for a curator to check" in html
        assert "What it offers" in html
        assert "Lunch club on Mondays" in html
        assert "lifeline.example" in html
    assert "Your change to <a" in client.get("/accounts/").content.decode()


def test_nobody_else_sees_a_waiting_change(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    from commoncause.accounts.tests.cast import person

    colleague = person("colleague@charity.example")
    Membership.objects.create(user=colleague, organisation=organisation, status="approved")
    profile_edit_propose(user=member, organisation=organisation, values={"offers": "Lunch club on Mondays"})

    assert "Lunch club on Mondays" not in client.get(PAGE).content.decode()  # the public
    for someone in (colleague, curator):
        client.force_login(someone)
        for html in (client.get(PAGE).content.decode(), client.get("/accounts/").content.decode()):
            assert "Lunch club on Mondays" not in html
            assert "Waiting for a curator to check" not in html


def test_a_decided_change_no_longer_shows_as_waiting(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    edit = profile_edit_propose(user=member, organisation=organisation, values={"offers": "Lunch club"})
    profile_edit_decide(curator=curator, edit=edit, approve=False, reason="Say which day.")
    client.force_login(member)
    assert "Waiting for a curator to check" not in client.get(PAGE).content.decode()
    assert "Waiting for a curator to check" not in client.get("/accounts/").content.decode()


def _what_it_does(html: str) -> str:
    """The "What it does" part of the organisation page, up to the next heading of its level."""
    start = html.index(">What it does</h2>")
    return html[start : html.index("<h2", start)]


def test_what_it_does_gives_the_organisations_own_description_when_the_sources_publish_none(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    assert not organisation.activities  # the regulator's record has no description of its activities
    assert "has not published a description" in _what_it_does(client.get(PAGE).content.decode())
    edit = profile_edit_propose(
        user=member,
        organisation=organisation,
        values={"description": "We support people living with cancer."},
    )
    profile_edit_decide(curator=curator, edit=edit, approve=True)

    part = _what_it_does(client.get(PAGE).content.decode())
    assert "We support people living with cancer." in part
    assert "In the organisation's own words" in part
    assert edit.decided_at is not None
    assert (
        f"last approved by a curator on {dateformat.format(timezone.localtime(edit.decided_at), 'j F Y')}"
        in part
    )
    assert "has not published a description" not in part


def test_the_sources_description_stays_and_is_never_replaced(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    organisation.activities = "Counselling and support, as the regulator records it."
    organisation.save()
    edit = profile_edit_propose(
        user=member,
        organisation=organisation,
        values={"description": "We support people living with cancer."},
    )
    profile_edit_decide(curator=curator, edit=edit, approve=True)

    html = client.get(PAGE).content.decode()
    part = _what_it_does(html)
    assert "Counselling and support, as the regulator records it." in part
    assert "We support people living with cancer." not in part
    assert "We support people living with cancer." in html  # still in the statement further down


def test_the_history_says_in_which_role_each_version_was_written_and_approved(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    by_member = profile_edit_propose(user=member, organisation=organisation, values={"offers": "Lunch club"})
    profile_edit_decide(curator=curator, edit=by_member, approve=True)
    by_curator = profile_edit_propose(user=curator, organisation=organisation, values={"offers": "Tea club"})
    profile_edit_decide(curator=curator, edit=by_curator, approve=True)

    for viewer in (None, member):  # the public, and a member of the organisation
        if viewer is not None:
            client.force_login(viewer)
        html = client.get(f"{PAGE}history/").content.decode()
        version_2, version_1 = html.split("Version 2")[1].split("Version 1")
        assert "Written by a curator and approved by a curator." in version_2
        assert "Written by a member of the organisation and approved by a curator." in version_1
        assert member.email not in html
        assert curator.email not in html


def test_curators_also_see_who_wrote_and_approved_each_version(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    edit = profile_edit_propose(user=member, organisation=organisation, values={"offers": "Lunch club"})
    profile_edit_decide(curator=curator, edit=edit, approve=True)
    client.force_login(curator)
    html = client.get(f"{PAGE}history/").content.decode()
    written, approved = f"a member of the organisation ({member.email})", f"a curator ({curator.email})"
    assert f"Written by {written} and approved by {approved}." in html


def test_the_first_version_of_an_added_group_was_written_by_the_person_who_added_it(
    client: Client, member: User, curator: User
) -> None:
    from commoncause.members.groups import group_decide, group_propose

    proposal = group_propose(user=member, name="Tea Club", postcode="BT1 5GS", values={"offers": "Tea"})
    group_decide(curator=curator, proposal=proposal, approve=True)
    proposal.refresh_from_db()
    assert proposal.organisation is not None
    html = client.get(f"/organisations/{proposal.organisation.pk}/history/").content.decode()
    assert "Written by the person who added the group to the register and approved by a curator." in html
