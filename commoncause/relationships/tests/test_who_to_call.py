"""Who to call: a council's named contacts per theme and ward, the organisations doing a theme in an
area with the senior contacts the asker may see, vCards, and confirming a contact is still right; on
the real charities of the register sample placed in Westminster's wards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from commoncause.accounts.models import AuditEntry, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import person
from commoncause.members.models import Membership
from commoncause.places.demo import demo_council
from commoncause.places.models import Area, OrganisationPlace
from commoncause.places.tests.conftest import westminster, westminster_loaded
from commoncause.places.themes import organisation_themes
from commoncause.register.models import Organisation
from commoncause.relationships import council_contacts as named
from commoncause.relationships.models import Contact, CouncilContact
from commoncause.relationships.who_to_call import area_for, who_to_call

__all__ = ["westminster", "westminster_loaded"]
pytestmark = pytest.mark.django_db

ST_JAMESS = "E05013806"  # a ward of Westminster where the sample places many charities


def _doing(theme: str, ward: str) -> list[Organisation]:
    ids = list(OrganisationPlace.objects.filter(ward=ward).values_list("organisation_id", flat=True))
    themed = organisation_themes(ids)
    return sorted(
        (org for org in Organisation.objects.filter(pk__in=ids) if theme in themed.get(org.pk, set())),
        key=lambda org: org.name,
    )


@pytest.fixture
def westminster_officer(westminster: Area) -> User:
    user = person("officer@westminster.example")
    StaffRole.objects.create(user=user, role="officer", council=demo_council())
    return user


def _name(client: Client, **values: object) -> object:
    data = {
        "name": "Priya Shah",
        "role": "Head of Education",
        "email": "p.shah@westminster.example",
        "phone": "",
    }
    data.update(values)  # type: ignore[arg-type]
    return client.post(f"/who-to-call/councils/{demo_council().slug}/", data)


def test_a_named_contact_and_the_organisations_doing_the_theme_answer_who_to_call(
    client: Client, westminster_officer: User
) -> None:
    client.force_login(westminster_officer)
    response = _name(client, themes=["education"], areas=[ST_JAMESS])
    assert response.status_code == 302  # type: ignore[attr-defined]
    contact = CouncilContact.objects.get()
    assert AuditEntry.objects.filter(target_type="relationships.councilcontact", action="create").exists()
    assert contact.confirmed_on == timezone.localdate()
    page = client.get("/who-to-call/", {"theme": "education", "area": "St James's"}).content.decode()
    assert "Priya Shah" in page
    doing = _doing("education", ST_JAMESS)
    assert doing  # the sample places charities doing education in St James's
    for organisation in doing[:5]:
        assert organisation.name in page.replace("&#x27;", "'").replace("&amp;", "&")
    other = client.get("/who-to-call/", {"theme": "arts", "area": ST_JAMESS}).content.decode()
    assert "Priya Shah" not in other  # named for education only


def test_a_contact_for_one_ward_or_theme_is_not_the_answer_for_another(westminster_officer: User) -> None:
    council = demo_council()
    wards = list(named.council_wards(council).exclude(code=ST_JAMESS).values_list("code", flat=True)[:1])
    values = {"name": "Sam Jones", "email": "s.jones@westminster.example"}
    everyone = named.council_contact_save(user=westminster_officer, council=council, values=values)
    elsewhere = named.council_contact_save(
        user=westminster_officer, council=council, values={**values, "name": "Ward Lead", "areas": wards}
    )
    st_jamess = area_for(ST_JAMESS)
    assert st_jamess is not None
    answer = who_to_call(westminster_officer, "children", st_jamess)
    assert answer is not None
    assert everyone in answer.council_contacts  # no themes, no wards: the whole council, every theme
    assert elsewhere not in answer.council_contacts
    council_area = area_for("E09000033")
    assert council_area is not None
    whole = who_to_call(westminster_officer, "children", council_area)
    assert whole is not None
    assert {everyone, elsewhere} <= set(whole.council_contacts)  # asked of the council: all its contacts


def test_a_ward_of_another_council_and_a_bad_address_are_refused_naming_the_field(
    client: Client, westminster_officer: User
) -> None:
    client.force_login(westminster_officer)
    with pytest.raises(named.CouncilContactError) as refused:
        named.council_contact_save(
            user=westminster_officer, council=demo_council(),
            values={"name": "A", "email": "a@b.example", "areas": ["E05000001"]},
        )  # fmt: skip
    assert refused.value.field == "areas"
    response = _name(client, email="not-an-address", role="Kept role")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Enter an email address like name@council.gov.uk." in html
    assert "Kept role" in html
    assert not CouncilContact.objects.exists()


def test_only_officers_curators_and_members_ask_and_the_public_never_sees_a_name(
    client: Client, westminster_officer: User
) -> None:
    named.council_contact_save(
        user=westminster_officer,
        council=demo_council(),
        values={"name": "Priya Shah", "email": "p@w.example"},
    )
    contact = CouncilContact.objects.get()
    asked = {"theme": "education", "area": ST_JAMESS}
    assert client.get("/who-to-call/", asked).status_code == 302  # to sign in
    assert client.get(f"/who-to-call/council-contacts/{contact.pk}/vcard/").status_code == 302
    client.force_login(person("nobody@example.org"))
    assert client.get("/who-to-call/", asked).status_code == 403
    assert client.get(f"/who-to-call/council-contacts/{contact.pk}/vcard/").status_code == 403
    assert client.get(f"/who-to-call/councils/{demo_council().slug}/").status_code == 403
    member = person("member@charity.example")
    Membership.objects.create(user=member, organisation=_doing("education", ST_JAMESS)[0], status="approved")
    client.force_login(member)
    assert "Priya Shah" in client.get("/who-to-call/", asked).content.decode()
    assert (
        client.get(f"/who-to-call/councils/{demo_council().slug}/").status_code == 403
    )  # members do not name


def test_senior_contacts_show_under_the_contacts_rule(client: Client, westminster_officer: User) -> None:
    first, second = _doing("education", ST_JAMESS)[:2]
    for organisation, name in ((first, "Ada First"), (second, "Ben Second")):
        Contact.objects.create(
            organisation=organisation, name=name, email=f"{name.split()[0].lower()}@charity.example",
            is_senior=True, purpose="leadership", lawful_basis="legitimate_interests", status="approved",
        )  # fmt: skip
    asked = {"theme": "education", "area": ST_JAMESS}
    member = person("member@first.example")
    Membership.objects.create(user=member, organisation=first, status="approved")
    client.force_login(member)
    page = client.get("/who-to-call/", asked).content.decode()
    assert "Ada First" in page
    assert "Ben Second" not in page  # another organisation's people: not a member's to see
    client.force_login(westminster_officer)
    page = client.get("/who-to-call/", asked).content.decode()
    assert "Ada First" in page
    assert "Ben Second" in page  # checked contacts of organisations in the officer's council


def test_a_vcard_carries_the_contact_and_only_for_those_who_may_see_them(
    client: Client, westminster_officer: User
) -> None:
    contact = named.council_contact_save(
        user=westminster_officer, council=demo_council(),
        values={"name": "Priya Shah", "role": "Head of Education, Skills; Youth", "email": "p@w.example"},
    )  # fmt: skip
    client.force_login(westminster_officer)
    response = client.get(f"/who-to-call/council-contacts/{contact.pk}/vcard/")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert 'filename="priya-shah.vcf"' in response["Content-Disposition"]
    card = response.content.decode()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "FN:Priya Shah\r\n" in card
    assert "N:Shah;Priya;;;\r\n" in card
    assert "TITLE:Head of Education\\, Skills\\; Youth\r\n" in card  # commas and semicolons escaped
    assert "EMAIL;TYPE=WORK:p@w.example\r\n" in card
    assert "ORG:Westminster City Council\r\n" in card
    organisation = _doing("education", ST_JAMESS)[0]
    theirs = Contact.objects.create(
        organisation=organisation, name="Ada First", email="ada@charity.example", purpose="leadership",
        lawful_basis="legitimate_interests", status="approved",
    )  # fmt: skip
    path = f"/organisations/{organisation.pk}/contacts/{theirs.pk}/vcard/"
    assert "FN:Ada First" in client.get(path).content.decode()
    client.force_login(person("member@elsewhere.example"))
    assert client.get(path).status_code == 404


def _audited() -> str:
    entries = AuditEntry.objects.all()
    return " ".join(f"{entry.before} {entry.after} {entry.target_label} {entry.note}" for entry in entries)


def test_removing_a_named_contact_erases_their_details_from_the_audit_log(westminster_officer: User) -> None:
    contact = named.council_contact_save(
        user=westminster_officer,
        council=demo_council(),
        values={"name": "Priya Shah", "email": "p.shah@w.example"},
    )
    assert "Priya Shah" in _audited()
    named.council_contact_remove(user=westminster_officer, contact=contact)
    assert not CouncilContact.objects.exists()
    assert "Priya Shah" not in _audited()
    assert "p.shah@w.example" not in _audited()
    assert AuditEntry.objects.filter(action="erase", target_type="relationships.councilcontact").exists()


def test_a_member_confirms_a_checked_contact_is_still_right(client: Client, westminster: Area) -> None:
    organisation = _doing("education", ST_JAMESS)[0]
    contact = Contact.objects.create(
        organisation=organisation, name="Ada First", email="ada@charity.example", purpose="leadership",
        lawful_basis="legitimate_interests", status="approved", confirmed_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    member = person("member@first.example")
    Membership.objects.create(user=member, organisation=organisation, status="approved")
    client.force_login(member)
    listed = client.get(f"/organisations/{organisation.pk}/contacts/").content.decode()
    assert "Due a check" in listed  # confirmed over a year ago
    client.post(f"/organisations/{organisation.pk}/contacts/{contact.pk}/confirm/")
    contact.refresh_from_db()
    assert contact.confirmed_on == timezone.localdate()
    assert AuditEntry.objects.filter(target_id=str(contact.pk), note="Confirmed as still right.").exists()
    assert "Due a check" not in client.get(f"/organisations/{organisation.pk}/contacts/").content.decode()
    client.force_login(person("stranger@example.org"))
    assert client.post(f"/organisations/{organisation.pk}/contacts/{contact.pk}/confirm/").status_code == 403


def test_a_person_named_as_a_council_contact_can_download_and_erase_it(westminster_officer: User) -> None:
    from commoncause.accounts.erasure import person_erase
    from commoncause.accounts.selectors import data_held_about
    from commoncause.accounts.tests.cast import PASSWORD

    named_person = person("p.shah@westminster.example")
    VerifiedEmail.objects.create(user=named_person, email=named_person.email)
    named.council_contact_save(
        user=westminster_officer, council=demo_council(),
        values={"name": "Priya Shah", "email": "p.shah@westminster.example"},
    )  # fmt: skip
    (held,) = data_held_about(named_person)["council_contacts_naming_you"]
    assert held["name"] == "Priya Shah"
    person_erase(user=named_person, password=PASSWORD)
    assert not CouncilContact.objects.exists()
