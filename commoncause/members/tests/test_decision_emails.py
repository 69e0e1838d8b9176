"""The person who asked hears what a curator decided: to join an organisation, a change to its
statement, a new group. One email, to them only, once the decision is saved, naming the decider by role."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.test import Client

from commoncause.accounts.erasure import person_erase
from commoncause.accounts.models import VerifiedEmail
from commoncause.accounts.tests.cast import PASSWORD, person
from commoncause.members.groups import group_decide, group_propose
from commoncause.members.membership import membership_decide, membership_request
from commoncause.members.models import GroupProposal, ProfileEdit
from commoncause.members.statements import profile_edit_decide, profile_edit_propose
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
BASE = "https://commoncause.example/"


def confirmed(user: User) -> User:
    VerifiedEmail.objects.create(user=user, email=user.email)
    return user


def only_email_to(outbox: list[EmailMessage], address: str) -> EmailMessage:
    assert [message.to for message in outbox] == [[address]]
    return outbox[0]


def test_an_approved_member_is_told_by_email_with_a_link_to_the_organisation(
    charity: Organisation, member: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    membership = membership_request(user=confirmed(member), organisation=charity, message="Trustee")
    with django_capture_on_commit_callbacks(execute=True):
        membership_decide(curator=curator, membership=membership, approve=True, base_url=BASE)

    email = only_email_to(mailoutbox, member.email)
    assert email.subject == f"Your request to join {charity.name}: approved"
    assert f"A curator has approved your request to join {charity.name}" in email.body
    assert f"{BASE}organisations/{charity.pk}/" in email.body
    assert curator.email not in email.body


def test_a_refused_member_is_told_why(
    charity: Organisation, member: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    membership = membership_request(user=confirmed(member), organisation=charity)
    with django_capture_on_commit_callbacks(execute=True):
        membership_decide(
            curator=curator, membership=membership, approve=False, reason="The charity does not know you."
        )

    email = only_email_to(mailoutbox, member.email)
    assert email.subject.endswith(": refused")
    assert "A curator has refused your request" in email.body
    assert "The curator's reason: The charity does not know you." in email.body
    assert curator.email not in email.body


def test_the_email_waits_for_the_decision_to_be_saved(
    charity: Organisation, member: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    membership = membership_request(user=confirmed(member), organisation=charity)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        membership_decide(curator=curator, membership=membership, approve=True)
    assert mailoutbox == []
    assert len(waiting) == 1


def test_the_curators_page_sends_the_decision_with_full_links(
    client: Client, charity: Organisation, member: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    membership = membership_request(user=confirmed(member), organisation=charity)
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/curation/memberships/{membership.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    email = only_email_to(mailoutbox, member.email)
    assert f"http://testserver/organisations/{charity.pk}/" in email.body


def test_a_member_hears_their_change_was_approved_or_sent_back(
    charity: Organisation, member_of_charity: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    confirmed(member_of_charity)
    edit = profile_edit_propose(user=member_of_charity, organisation=charity, values={"offers": "Lunch club"})
    with django_capture_on_commit_callbacks(execute=True):
        profile_edit_decide(
            curator=curator, edit=edit, approve=False, reason="Say which day the club meets.", base_url=BASE
        )
    email = only_email_to(mailoutbox, member_of_charity.email)
    assert email.subject == f"Your change to {charity.name}'s page: sent back"
    assert "A curator has sent back the change you proposed" in email.body
    assert "The curator's reason: Say which day the club meets." in email.body
    assert f"{BASE}organisations/{charity.pk}/" in email.body
    assert curator.email not in email.body

    mailoutbox.clear()
    edit = profile_edit_propose(
        user=member_of_charity, organisation=charity, values={"offers": "Lunch club on Mondays"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        profile_edit_decide(curator=curator, edit=edit, approve=True, base_url=BASE)
    email = only_email_to(mailoutbox, member_of_charity.email)
    assert email.subject.endswith(": approved")
    assert "A curator has approved the change you proposed" in email.body
    assert "reason" not in email.body


def test_the_person_who_proposed_a_group_hears_whether_it_was_added(
    member: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    confirmed(member)
    values = {"offers": "Hot lunches"}
    refused = group_propose(user=member, name="Larch Street Lunch Club", postcode="BT1 5GS", values=values)
    with django_capture_on_commit_callbacks(execute=True):
        group_decide(
            curator=curator,
            proposal=refused,
            approve=False,
            reason="It is a registered charity.",
            base_url=BASE,
        )
    email = only_email_to(mailoutbox, member.email)
    assert email.subject == "Larch Street Lunch Club: not added to the register"
    assert "The curator's reason: It is a registered charity." in email.body
    assert f"{BASE}accounts/" in email.body

    mailoutbox.clear()
    added = group_propose(user=member, name="Larch Street Lunch Club", postcode="BT1 5GS", values=values)
    with django_capture_on_commit_callbacks(execute=True):
        group_decide(curator=curator, proposal=added, approve=True, base_url=BASE)
    added.refresh_from_db()
    assert added.organisation is not None
    email = only_email_to(mailoutbox, member.email)
    assert email.subject == "Larch Street Lunch Club: added to the register"
    assert "A curator has added Larch Street Lunch Club to the register" in email.body
    assert f"{BASE}organisations/{added.organisation.pk}/" in email.body
    assert curator.email not in email.body


def test_no_email_to_an_address_never_confirmed(
    charity: Organisation, member_of_charity: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    stranger = person("unconfirmed@example.org")
    membership = membership_request(user=stranger, organisation=charity)
    edit = profile_edit_propose(user=member_of_charity, organisation=charity, values={"offers": "Tea"})
    proposal = group_propose(user=stranger, name="Tea Club", postcode="BT1 5GS", values={})
    with django_capture_on_commit_callbacks(execute=True):
        membership_decide(curator=curator, membership=membership, approve=True)
        profile_edit_decide(curator=curator, edit=edit, approve=True)
        group_decide(curator=curator, proposal=proposal, approve=True)
    assert mailoutbox == []


def test_no_email_to_a_person_who_erased_their_account(
    charity: Organisation, member_of_charity: User, curator: User, mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:  # fmt: skip
    confirmed(member_of_charity)
    profile_edit_propose(user=member_of_charity, organisation=charity, values={"offers": "Tea"})
    group_propose(user=member_of_charity, name="Tea Club", postcode="BT1 5GS", values={})
    person_erase(user=member_of_charity, password=PASSWORD)

    edit, proposal = ProfileEdit.objects.get(), GroupProposal.objects.get()
    assert (edit.proposed_by, proposal.proposed_by) == (None, None)  # the changes stay, the person goes
    with django_capture_on_commit_callbacks(execute=True):
        profile_edit_decide(curator=curator, edit=edit, approve=False, reason="No longer a member.")
        group_decide(curator=curator, proposal=proposal, approve=True)
    assert mailoutbox == []
