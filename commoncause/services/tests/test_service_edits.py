"""Members add and change their organisation's services; a curator approves each before it is public;
every approved version is kept, and the member hears of the decision."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.members.models import EditStatus
from commoncause.register.models import Organisation
from commoncause.services import editing
from commoncause.services.models import Service, ServiceEdit, ServiceSource
from commoncause.services.oruk.schemas import problems
from commoncause.services.tests.test_service_form import FILLED

pytestmark = pytest.mark.django_db


def _form(**change: Any) -> dict[str, Any]:
    """The form as a browser posts it."""
    return {key: value for key, value in {**FILLED, **change}.items() if value not in (None, "")}


def _added(client: Client, charity: Organisation, **change: Any) -> ServiceEdit:
    response = client.post(f"/organisations/{charity.pk}/services/new/", _form(**change))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ServiceEdit.objects.get(organisation=charity, status=EditStatus.PENDING)


def test_a_members_new_service_is_public_only_once_a_curator_approves_it(
    client: Client, charity: Organisation, member_of_charity: User, curator: User
) -> None:
    client.force_login(member_of_charity)
    edit = _added(client, charity)
    assert not Service.objects.exists()
    assert problems("service", edit.after) == []
    assert client.get(f"/services/{edit.service_id}/").status_code == 404

    client.force_login(curator)
    queue = client.get("/curation/services/").content.decode()
    assert "Lunch club" in queue
    assert "Church Street" in queue
    response = client.post(f"/curation/services/{edit.pk}/", {"decision": "approve"})
    assert response.status_code == 302

    service = Service.objects.get(pk=edit.service_id)
    assert service.organisation == charity
    assert service.source == ServiceSource.MEMBER
    assert service.reviewed_at is not None
    version = service.versions.get()
    assert version.edit == ServiceEdit.objects.get(pk=edit.pk)
    client.logout()
    page = client.get(f"/services/{service.pk}/").content.decode()
    shown = ("Lunch club", "Church Street Library", "NW8 8EU", "Monday, Wednesday, Friday 12:00–14:00",
             "020 7641 1234", "Club organiser", "Ages 60 and over", "£3 a meal", "Last reviewed")  # fmt: skip
    for text in shown:
        assert text in page
    assert "Lunch club" in client.get(f"/organisations/{charity.pk}/").content.decode()


def test_a_change_is_proposed_against_the_approved_service_and_the_curator_sees_the_difference(
    client: Client, charity: Organisation, member_of_charity: User, curator: User
) -> None:
    client.force_login(member_of_charity)
    first = _added(client, charity)
    editing.service_edit_decide(curator=curator, edit=first, approve=True)
    form = client.get(f"/services/{first.service_id}/edit/").content.decode()
    assert 'value="Church Street Library"' in form

    response = client.post(f"/services/{first.service_id}/edit/", _form(name="Lunch and chat club", phone=""))
    assert response.status_code == 302
    change = ServiceEdit.objects.get(status=EditStatus.PENDING)
    labels = {item.label for item in editing.changes(change.before, change.after)}
    assert labels == {"Name", "Phone"}
    assert Service.objects.get(pk=first.service_id).name == "Lunch club"  # not before approval

    editing.service_edit_decide(curator=curator, edit=change, approve=True)
    service = Service.objects.get(pk=first.service_id)
    assert service.name == "Lunch and chat club"
    assert not service.contacts.exists()
    assert [version.number for version in service.versions.all()] == [2, 1]


def test_a_curator_sends_a_service_back_with_a_reason_and_nothing_is_published(
    client: Client, charity: Organisation, member_of_charity: User, curator: User
) -> None:
    client.force_login(member_of_charity)
    edit = _added(client, charity)
    client.force_login(curator)
    refused = client.post(f"/curation/services/{edit.pk}/", {"decision": "return", "reason": ""})
    assert refused.status_code == 400  # a reason is needed
    client.post(f"/curation/services/{edit.pk}/", {"decision": "return", "reason": "Add the opening days"})
    edit.refresh_from_db()
    assert edit.status == EditStatus.RETURNED
    assert edit.reason == "Add the opening days"
    assert not Service.objects.exists()
    assert AuditEntry.objects.filter(target_label__contains="Lunch club").count() == 2


def test_only_members_and_curators_may_add_or_change_services(
    client: Client, charity: Organisation, member: User
) -> None:
    client.force_login(member)  # signed in, not a member of the charity
    assert client.get(f"/organisations/{charity.pk}/services/new/").status_code == 403
    assert client.post(f"/organisations/{charity.pk}/services/new/", _form()).status_code == 403
    assert not ServiceEdit.objects.exists()
    client.logout()
    response = client.get(f"/organisations/{charity.pk}/services/new/")
    assert response.status_code == 302  # to sign in
    with pytest.raises(editing.ServiceEditError):
        editing.service_edit_propose(
            user=member, organisation=charity, service_id=uuid.uuid4(), before={}, after={"name": "x"}
        )


def test_a_form_with_a_mistake_names_the_field_and_keeps_what_was_typed(
    client: Client, charity: Organisation, member_of_charity: User
) -> None:
    client.force_login(member_of_charity)
    response = client.post(f"/organisations/{charity.pk}/services/new/", _form(postcode="NOWHERE 1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a UK postcode" in html
    assert 'href="#id_postcode"' in html
    assert 'value="Church Street Library"' in html
    assert not ServiceEdit.objects.exists()


def test_one_change_waits_at_a_time(client: Client, charity: Organisation, member_of_charity: User) -> None:
    client.force_login(member_of_charity)
    edit = _added(client, charity)
    again = client.post(
        f"/organisations/{charity.pk}/services/new/", {**_form(), "service_id": str(edit.service_id)}
    )
    assert again.status_code == 400
    assert "already waiting" in again.content.decode()
    assert ServiceEdit.objects.count() == 1


def test_the_organisation_page_offers_members_a_way_to_add_a_service(
    client: Client, charity: Organisation, member_of_charity: User
) -> None:
    page = client.get(f"/organisations/{charity.pk}/").content.decode()
    assert "No services are listed" in page
    assert "Add a service" not in page
    client.force_login(member_of_charity)
    assert "Add a service" in client.get(f"/organisations/{charity.pk}/").content.decode()


def test_every_approved_version_is_kept_and_shown_with_what_it_changed(
    client: Client, charity: Organisation, member_of_charity: User, curator: User
) -> None:
    client.force_login(member_of_charity)
    first = _added(client, charity)
    editing.service_edit_decide(curator=curator, edit=first, approve=True)
    client.post(f"/services/{first.service_id}/edit/", _form(name="Lunch and chat club"))
    editing.service_edit_decide(
        curator=curator, edit=ServiceEdit.objects.get(status=EditStatus.PENDING), approve=True
    )
    client.logout()
    page = client.get(f"/services/{first.service_id}/history/").content.decode()
    assert page.index("Version 2") < page.index("Version 1")
    assert "Lunch and chat club" in page
    assert "The first version." in page
    assert "approved by a curator" in page
    assert client.get(f"/services/{uuid.uuid4()}/history/").status_code == 404
