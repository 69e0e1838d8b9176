"""The audit log: written with each change, shown to curators and admins, never changed."""

import pytest

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.services import audit_record
from commoncause.accounts.tests.cast import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(member) -> AuditEntry:
    return audit_record(
        actor=member,
        action="update",
        target_type="register.organisation",
        target_id="42",
        target_label="Cancer Lifeline",
        before={"description": "Old words"},
        after={"description": "New words"},
    )


def test_an_entry_cannot_be_changed_or_deleted(entry):
    entry.note = "tampered"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="tampered")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_an_unknown_action_is_refused(member):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record(actor=member, action="tweak", target_type="x", target_id="1")


def test_curators_read_the_log_with_before_and_after(client, curator, entry):
    client.force_login(curator)
    html = client.get("/accounts/audit/").content.decode()
    assert "Cancer Lifeline" in html
    assert "description: Old words" in html
    assert "description: New words" in html
    assert "member@charity.example" in html


def test_the_log_filters_by_who_made_the_change(client, curator, entry):
    audit_record(actor=person("someone@else.example"), action="create", target_type="x", target_id="2")
    client.force_login(curator)
    html = client.get("/accounts/audit/", {"actor": "MEMBER@charity.example"}).content.decode()
    assert "1 entry" in html
    assert "someone@else.example" not in html


def test_the_entry_keeps_who_made_it_after_their_account_goes(entry, member):
    member.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == "member@charity.example"


def test_a_person_downloads_everything_held_about_them_and_nothing_about_others(client, member):
    from commoncause.accounts.services import api_token_create

    api_token_create(user=member, name="Grants sheet")
    other = person("other@example.org")
    api_token_create(user=other, name="Someone else's")
    client.force_login(member)

    response = client.get("/accounts/my-data.json")

    assert response["Content-Disposition"] == 'attachment; filename="common-cause-my-data.json"'
    data = response.json()
    assert data["account"]["email"] == "member@charity.example"
    assert [token["name"] for token in data["api_tokens"]] == ["Grants sheet"]
    assert len(data["changes_you_made"]) == 1
    assert data["changes_you_made"][0]["record"].startswith("Grants sheet (")
    assert data["changes_you_made"][0]["after"] == {"name": "Grants sheet", "scope": "read"}
    assert "other@example.org" not in response.content.decode()
