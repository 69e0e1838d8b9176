"""A person downloads what is held about them, and erases it; the audit log keeps only what is lawful."""

import json

import pytest

from commoncause.accounts.erasure import person_erase
from commoncause.accounts.models import AuditEntry, StaffInvitation, VerifiedEmail
from commoncause.accounts.selectors import data_held_about
from commoncause.accounts.services import AccountError, api_token_create, user_sign_up
from commoncause.accounts.tests.cast import PASSWORD
from commoncause.members.membership import membership_request
from commoncause.members.models import MemberInvitation
from commoncause.relationships.models import Contact
from commoncause.relationships.services import contact_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(db):
    return user_sign_up(email="Ada.Quill@cancer-lifeline.example", password=PASSWORD, full_name="Ada Quill")


def _verify(user):
    VerifiedEmail.objects.create(user=user, email=user.email)


def _audit_text() -> str:
    return json.dumps(
        [[e.actor_label, e.target_label, e.before, e.after, e.note] for e in AuditEntry.objects.all()]
    ).lower()


def test_the_wrong_password_erases_nothing(ada):
    with pytest.raises(AccountError) as refused:
        person_erase(user=ada, password="not the password")
    assert refused.value.field == "password"
    ada.refresh_from_db()
    assert ada.is_active


def test_erasing_a_person_removes_their_account_memberships_tokens_and_contacts_and_forgets_them_in_the_log(
    ada, charity, curator
):
    _verify(ada)
    membership_request(user=ada, organisation=charity, message="Treasurer")
    MemberInvitation.objects.create(organisation=charity, email=ada.email, invited_by=curator)
    StaffInvitation.objects.create(email=ada.email, role="curator", invited_by=curator)
    assert data_held_about(ada)["invitations_to_you"][0]["organisation"] == charity.name
    api_token_create(user=ada, name="spreadsheet")
    contact_propose(
        user=curator, organisation=charity,
        values={"name": "Ada Quill", "email": "ada.quill@cancer-lifeline.example", "purpose": "funding",
                "lawful_basis": "legitimate_interests"},
    )  # fmt: skip
    other = contact_propose(
        user=curator, organisation=charity,
        values={"name": "Ben Other", "email": "ben@cancer-lifeline.example", "purpose": "funding",
                "lawful_basis": "legitimate_interests"},
    )  # fmt: skip
    assert "ada.quill@cancer-lifeline.example" in _audit_text()

    person_erase(user=ada, password=PASSWORD)
    assert list(Contact.objects.all()) == [other]
    assert not charity.memberships.exists()
    assert not MemberInvitation.objects.exists()
    assert not StaffInvitation.objects.exists()
    text = _audit_text()
    assert "ada.quill@cancer-lifeline.example" not in text
    assert "ada quill" not in text
    assert "ben other" in text  # other people's entries are untouched
    erased = AuditEntry.objects.filter(action="erase", target_type="auth.user").get()
    assert erased.after["audit_entries_redacted"] >= 3
    # What was done and when stays: the sign-up, the request, the token and the contact are all still logged.
    assert AuditEntry.objects.filter(target_label__contains="[erased]").count() >= 2


def test_contacts_naming_an_unconfirmed_address_are_neither_shown_nor_erased(ada, charity, curator):
    contact_propose(
        user=curator, organisation=charity,
        values={"name": "Ada Quill", "email": "ada.quill@cancer-lifeline.example", "purpose": "funding",
                "lawful_basis": "legitimate_interests"},
    )  # fmt: skip
    assert data_held_about(ada)["contacts_naming_you"] == []
    _verify(ada)
    assert data_held_about(ada)["contacts_naming_you"][0]["organisation"] == charity.name
    ada.email = ada.username = "someone.else@example.org"
    ada.save()
    person_erase(user=ada, password=PASSWORD)
    assert Contact.objects.count() == 1


def test_the_erase_page_asks_for_the_password_then_signs_the_person_out(client, ada):
    client.force_login(ada)
    wrong = client.post("/accounts/erase/", {"password": "nope"})
    assert wrong.status_code == 400
    assert "Enter your password to confirm it is you." in wrong.content.decode()
    done = client.post("/accounts/erase/", {"password": PASSWORD})
    assert done.status_code == 302
    assert client.get("/accounts/").status_code == 302  # signed out: sent to sign in
    assert not type(ada).objects.filter(pk=ada.pk).exists()
