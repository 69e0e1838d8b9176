"""Administrators add councils (the service's tenants) with the areas they cover."""

import pytest

from commoncause.accounts.councils import area_codes_parse, council_save
from commoncause.accounts.models import AuditEntry, Council
from commoncause.accounts.services import AccountError
from commoncause.accounts.tests.cast import staff

pytestmark = pytest.mark.django_db


def test_area_codes_are_read_from_a_typed_list_and_checked():
    assert area_codes_parse("n09000003, E08000035\nE08000035") == ["N09000003", "E08000035"]
    with pytest.raises(AccountError) as refused:
        area_codes_parse("N09000003 Belfast")
    assert refused.value.field == "area_codes"
    assert "BELFAST is not a local authority code" in str(refused.value)


def test_an_administrator_adds_and_changes_a_council_through_the_page(client, admin_user):
    client.force_login(admin_user)
    bad = client.post("/accounts/councils/", {"name": "Leeds City Council", "area_codes": "Leeds"})
    assert bad.status_code == 400
    assert "LEEDS is not a local authority code" in bad.content.decode()
    assert "Leeds City Council" in bad.content.decode()  # what was typed is kept
    assert (
        client.post(
            "/accounts/councils/", {"name": "Leeds City Council", "area_codes": "E08000035"}
        ).status_code
        == 302
    )
    leeds = Council.objects.get(slug="leeds-city-council")
    assert leeds.area_codes == ["E08000035"]
    client.post(
        f"/accounts/councils/{leeds.pk}/", {"name": "Leeds City Council", "area_codes": "E08000035 E08000036"}
    )
    leeds.refresh_from_db()
    assert leeds.area_codes == ["E08000035", "E08000036"]
    assert list(
        AuditEntry.objects.filter(target_type="accounts.council").values_list("action", flat=True)
    ) == [
        "update",
        "create",
    ]


def test_only_administrators_add_councils_and_names_are_unique(curator, admin_user):
    with pytest.raises(AccountError, match="Only administrators"):
        council_save(actor=curator, name="Leeds City Council", area_codes=[])
    council_save(actor=admin_user, name="Leeds City Council", area_codes=[])
    with pytest.raises(AccountError, match="already a council"):
        council_save(actor=admin_user, name="leeds city council", area_codes=[])


def test_the_command_adds_a_council_that_officers_can_then_be_given(capsys):
    from django.core.management import CommandError, call_command

    call_command("add_council", "Belfast City Council", "--area", "N09000003")
    assert "Added Belfast City Council (belfast-city-council): N09000003." in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a local authority code"):
        call_command("add_council", "Nowhere", "--area", "X1")


def test_a_councils_org_id_is_kept_checked_and_audited(client):
    client.force_login(staff("admin@service.example", "admin"))
    response = client.post(
        "/accounts/councils/",
        {"name": "Westminster City Council", "area_codes": "E09000033", "org_id": "Westminster"},
    )
    assert response.status_code == 400
    assert "not an org-id" in response.content.decode()
    assert not Council.objects.filter(name="Westminster City Council").exists()
    response = client.post(
        "/accounts/councils/",
        {"name": "Westminster City Council", "area_codes": "E09000033", "org_id": "GB-LAE-WSM"},
    )
    assert response.status_code == 302
    council = Council.objects.get(name="Westminster City Council")
    assert council.org_id == "GB-LAE-WSM"
    assert AuditEntry.objects.get(target_id=str(council.pk)).after["org_id"] == "GB-LAE-WSM"
