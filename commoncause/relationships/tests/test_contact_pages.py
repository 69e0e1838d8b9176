"""The contact pages: the form keeps what was typed, curators decide in the queue, members remove."""

import pytest

from commoncause.relationships.models import Contact, ContactStatus
from commoncause.relationships.tests.samples import ORG, works_in_belfast

pytestmark = pytest.mark.django_db
FORM = {
    "name": "Dervla Quigg",
    "role": "Chair",
    "email": "chair@cancer-lifeline.example",
    "phone": "",
    "purpose": "partnership",
    "lawful_basis": "consent",
    "consent_note": "Asked at the AGM",
}


def test_a_refused_form_names_the_field_and_keeps_what_was_typed(client, member_of_charity, charity):
    client.force_login(member_of_charity)
    response = client.post(f"/organisations/{ORG}/contacts/new/", FORM)  # consent not ticked
    assert response.status_code == 400
    page = response.content.decode()
    assert "Confirm that the person agreed to be listed as a contact." in page
    assert 'value="Dervla Quigg"' in page
    assert 'value="Asked at the AGM"' in page
    assert Contact.objects.count() == 0


def test_member_adds_curator_approves_officer_sees_member_removes(
    client, member_of_charity, charity, curator, officer
):
    works_in_belfast(charity)
    client.force_login(member_of_charity)
    added = client.post(f"/organisations/{ORG}/contacts/new/", {**FORM, "consent_confirmed": "on"})
    assert added.status_code == 302
    contact = Contact.objects.get()
    assert contact.status == ContactStatus.PENDING
    assert "Waiting for a curator" in client.get(f"/organisations/{ORG}/contacts/").content.decode()

    client.force_login(officer)
    assert "Dervla Quigg" not in client.get(f"/organisations/{ORG}/contacts/").content.decode()
    assert f"/organisations/{ORG}/contacts/" in client.get(f"/organisations/{ORG}/").content.decode()

    client.force_login(curator)
    queue = client.get("/curation/contacts/").content.decode()
    assert "Dervla Quigg" in queue
    refused = client.post(f"/curation/contacts/{contact.pk}/", {"decision": "return", "reason": ""})
    assert refused.status_code == 400
    assert "Say why the contact is sent back" in refused.content.decode()
    assert client.post(f"/curation/contacts/{contact.pk}/", {"decision": "approve"}).status_code == 302

    client.force_login(officer)
    seen = client.get(f"/organisations/{ORG}/contacts/").content.decode()
    assert "Dervla Quigg" in seen
    assert "chair@cancer-lifeline.example" in seen
    assert "Asked at the AGM" in seen
    assert client.post(f"/organisations/{ORG}/contacts/{contact.pk}/remove/").status_code == 403

    client.force_login(member_of_charity)
    assert client.post(f"/organisations/{ORG}/contacts/{contact.pk}/remove/").status_code == 302
    assert Contact.objects.count() == 0


def test_a_contact_cannot_be_reached_through_another_organisations_address(
    client, member_of_charity, charity, curator
):
    contact = Contact.objects.create(
        organisation=charity, name="Dervla Quigg", email="x@y.example", purpose="partnership",
        lawful_basis="legitimate_interests",
    )  # fmt: skip
    client.force_login(member_of_charity)
    other = "GB-NIC-100003"
    assert client.get(f"/organisations/{other}/contacts/{contact.pk}/").status_code == 403
    assert client.post(f"/organisations/{other}/contacts/{contact.pk}/remove/").status_code == 403
    assert Contact.objects.count() == 1
