"""Contacts: members propose, curators check, officers see checked ones, removal erases."""

import pytest
from django.utils import timezone

from commoncause.accounts.models import AuditEntry, Council, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import person, staff
from commoncause.places.models import OrganisationPlace
from commoncause.relationships.models import Contact, ContactStatus
from commoncause.relationships.selectors import contacts_for, contacts_waiting, may_see_contacts
from commoncause.relationships.services import (
    ContactError,
    contact_decide,
    contact_propose,
    contact_remove,
)
from commoncause.relationships.tests.samples import works_in_belfast

pytestmark = pytest.mark.django_db

CHIEF = {
    "name": "Órla McBride",
    "role": "Chief Executive",
    "email": "Orla.McBride@cancer-lifeline.example",
    "phone": "028 9035 1999",
    "is_senior": True,
    "purpose": "leadership",
    "lawful_basis": "consent",
    "consent_confirmed": True,
    "consent_note": "By email on 3 May",
}


def _audit_text() -> str:
    return " ".join(
        f"{e.actor_label} {e.target_label} {e.before} {e.after} {e.note}" for e in AuditEntry.objects.all()
    )


def test_a_members_new_contact_waits_for_a_curator_and_officers_see_it_only_once_checked(
    member_of_charity, charity, curator, officer
):
    works_in_belfast(charity)
    contact = contact_propose(user=member_of_charity, organisation=charity, values=CHIEF)
    assert contact.status == ContactStatus.PENDING
    assert contact.email == "orla.mcbride@cancer-lifeline.example"
    assert contact.consent_at is not None
    assert contact.consent_note == "By email on 3 May"
    assert list(contacts_for(member_of_charity, charity)) == [contact]
    assert list(contacts_for(officer, charity)) == []
    assert list(contacts_waiting()) == [contact]

    contact_decide(curator=curator, contact=contact, approve=True)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.APPROVED
    assert contact.decided_by == curator
    assert list(contacts_for(officer, charity)) == [contact]
    assert list(contacts_waiting()) == []
    assert AuditEntry.objects.filter(target_id=str(contact.pk), action="approve").exists()


def test_a_change_to_a_checked_contact_waits_while_the_checked_version_stays_in_use(
    member_of_charity, charity, curator, officer
):
    contact = contact_propose(user=curator, organisation=charity, values=CHIEF)
    assert contact.status == ContactStatus.APPROVED  # a curator's own entry is checked at once
    changed = contact_propose(
        user=member_of_charity,
        organisation=charity,
        contact=contact,
        values={**CHIEF, "phone": "07700 900123"},
    )
    assert changed.phone == "028 9035 1999"
    assert changed.proposed["phone"] == "07700 900123"
    assert list(contacts_waiting()) == [contact]

    with pytest.raises(ContactError, match="Say why"):
        contact_decide(curator=curator, contact=changed, approve=False)
    contact_decide(curator=curator, contact=changed, approve=False, reason="That is a personal mobile.")
    changed.refresh_from_db()
    assert changed.phone == "028 9035 1999"
    assert changed.proposed == {}
    assert changed.reason == "That is a personal mobile."

    again = contact_propose(
        user=member_of_charity, organisation=charity, contact=changed, values={**CHIEF, "role": "Director"}
    )
    contact_decide(curator=curator, contact=again, approve=True)
    again.refresh_from_db()
    assert again.role == "Director"
    assert again.proposed == {}
    with pytest.raises(ContactError, match="decided already"):
        contact_decide(curator=curator, contact=again, approve=True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "not an address"}, "email"),
        ({"phone": "call the office"}, "phone"),
        ({"email": "", "phone": ""}, "email"),
        ({"purpose": "marketing"}, "purpose"),
        ({"lawful_basis": "we felt like it"}, "lawful_basis"),
        ({"consent_confirmed": False}, "consent_confirmed"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(
    member_of_charity, charity, change, field
):
    with pytest.raises(ContactError) as refused:
        contact_propose(user=member_of_charity, organisation=charity, values={**CHIEF, **change})
    assert refused.value.field == field
    assert Contact.objects.count() == 0


def test_role_based_contacts_need_no_consent_and_keep_no_consent_date(member_of_charity, charity):
    values = {**CHIEF, "lawful_basis": "legitimate_interests", "consent_confirmed": False}
    contact = contact_propose(user=member_of_charity, organisation=charity, values=values)
    assert contact.consent_at is None
    assert contact.consent_note == ""


def test_only_members_and_curators_change_contacts(charity, officer, member):
    for outsider in (officer, member, person("someone@elsewhere.example")):
        with pytest.raises(ContactError) as refused:
            contact_propose(user=outsider, organisation=charity, values=CHIEF)
        assert refused.value.not_allowed
    assert list(contacts_for(member, charity)) == []


def test_removing_a_contact_erases_their_details_from_the_record_and_the_audit_log(
    member_of_charity, charity, curator
):
    contact = contact_propose(user=member_of_charity, organisation=charity, values=CHIEF)
    contact_decide(curator=curator, contact=contact, approve=True)
    contact_propose(
        user=member_of_charity,
        organisation=charity,
        contact=contact,
        values={**CHIEF, "phone": "07700 900123"},
    )
    assert "McBride" in _audit_text()

    contact_remove(user=member_of_charity, contact=contact)
    assert Contact.objects.count() == 0
    text = _audit_text()
    for secret in ("Órla McBride", "orla.mcbride@cancer-lifeline.example", "028 9035 1999", "07700 900123"):
        assert secret.lower() not in text.lower(), secret
    erased = AuditEntry.objects.get(action="erase")
    assert erased.before == {"role": "Chief Executive", "purpose": "leadership"}
    assert erased.actor == member_of_charity
    # The history of who did what stays: creation, approval and the change, each still there.
    assert AuditEntry.objects.filter(target_type=erased.target_type, target_id=erased.target_id).count() == 4
    assert "[erased]" in text


def test_the_audit_log_refuses_every_change_but_redaction(member_of_charity, charity):
    contact_propose(user=member_of_charity, organisation=charity, values=CHIEF)
    entry = AuditEntry.objects.get(target_type="relationships.contact")
    with pytest.raises(TypeError):
        AuditEntry.objects.update(note="changed")
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


def test_officers_see_contacts_only_of_organisations_working_in_their_councils_area(
    charity, curator, officer
):
    contact = contact_propose(user=curator, organisation=charity, values=CHIEF)
    assert not may_see_contacts(officer, charity)
    assert list(contacts_for(officer, charity)) == []
    elsewhere = Council.objects.create(name="Derry City and Strabane", slug="derry", area_codes=["N09000005"])
    StaffRole.objects.create(user=officer, role="officer", council=elsewhere)
    works_in_belfast(charity)  # the officer's first council, Belfast
    assert may_see_contacts(officer, charity)
    assert list(contacts_for(officer, charity)) == [contact]
    other_officer = staff("derry.officer@council.example", "officer")
    StaffRole.objects.filter(user=other_officer).update(council=elsewhere)
    assert not may_see_contacts(other_officer, charity)


def test_officers_see_contacts_of_organisations_placed_in_their_councils_area_by_postcode(
    charity, curator, officer
):
    contact = contact_propose(user=curator, organisation=charity, values=CHIEF)
    Council.objects.filter(slug="belfast").update(area_codes=["E09000033"])
    assert not may_see_contacts(officer, charity)
    OrganisationPlace.objects.create(
        organisation=charity, postcode="NW1 5HT", local_authority="E09000033", ward="E05013805",
        ward_vintage="2025", method="lookup", placed_at=timezone.now(),
    )  # fmt: skip

    assert may_see_contacts(officer, charity)
    assert list(contacts_for(officer, charity)) == [contact]
    Council.objects.filter(slug="belfast").update(area_codes=["E05013792"])  # another ward only
    assert not may_see_contacts(officer, charity)


def test_the_member_who_proposed_a_contact_is_emailed_the_decision_by_role_without_its_details(
    member_of_charity, charity, curator, mailoutbox, django_capture_on_commit_callbacks
):
    VerifiedEmail.objects.create(user=member_of_charity, email=member_of_charity.email)
    contact = contact_propose(user=member_of_charity, organisation=charity, values=CHIEF)
    with django_capture_on_commit_callbacks(execute=True):
        contact_decide(
            curator=curator,
            contact=contact,
            approve=False,
            reason="Say how she agreed.",
            base_url="https://cc.example/",
        )
    (email,) = mailoutbox
    assert email.to == [member_of_charity.email]
    assert email.subject == f"Your contact at {charity.name}: sent back"
    assert "A curator has sent back the contact you added" in email.body
    assert "(the Chief Executive)" in email.body
    assert "Say how she agreed." in email.body
    assert f"https://cc.example/organisations/{charity.pk}/contacts/" in email.body
    for private in (CHIEF["name"], str(CHIEF["email"]).lower(), CHIEF["phone"], curator.email):
        assert private not in email.body


def test_no_email_about_a_contact_goes_to_an_unconfirmed_address(
    member_of_charity, charity, curator, mailoutbox, django_capture_on_commit_callbacks
):
    contact = contact_propose(user=member_of_charity, organisation=charity, values=CHIEF)
    with django_capture_on_commit_callbacks(execute=True):
        contact_decide(curator=curator, contact=contact, approve=True)
    assert mailoutbox == []
