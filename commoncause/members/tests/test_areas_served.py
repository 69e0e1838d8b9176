"""The areas an organisation serves are real areas, picked by name or code: councils, current wards,
regions and nations, stored on its statement as GSS codes; once a curator approves, they are its areas
of operation from its statement (the regulators' rows left alone), shown apart from its address."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.members.areas import areas_from_text, areas_resolve, areas_suggest
from commoncause.members.models import ProfileEdit
from commoncause.members.statements import (
    STATEMENT_SOURCE,
    profile_edit_decide,
    profile_edit_propose,
    statement,
)
from commoncause.members.tests.conftest import ORG
from commoncause.members.tests.test_profile_edits import _bearer
from commoncause.register.models import AreaOfOperation, Organisation
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_search

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[3] / "data"
EDIT, PAGE, API = (
    f"/organisations/{ORG}/edit/",
    f"/organisations/{ORG}/",
    f"/api/v1/organisations/{ORG}/statement",
)
BELFAST, ANTRIM_NEWTOWNABBEY, LEGONIEL, NI = "N09000003", "N09000001", "N08000336", "N92000002"


@pytest.fixture
def belfast_wards(db: None) -> None:
    """Belfast's 60 wards of today (the ONS's 2025 boundaries), and so Belfast among the councils loaded."""
    wards = DATA / "geo-ni" / "boundaries" / "wards" / "N09000003_wards.geojson"
    call_command("import_source", "wards", str(wards), no_progress=True)


def test_an_area_is_found_by_its_name_or_code_whatever_the_case(belfast_wards: None) -> None:
    found, unresolved = areas_resolve("belfast; Legoniel;n92000002; Antrim and Newtownabbey (N09000001)")

    assert [area.code for area in found] == [BELFAST, LEGONIEL, NI, ANTRIM_NEWTOWNABBEY]
    assert unresolved == []
    assert found[1].label == f"Legoniel, a ward of Belfast ({LEGONIEL})"
    assert found[2].label == f"Northern Ireland, a nation ({NI})"


def test_a_name_two_areas_share_or_no_area_has_is_not_guessed() -> None:
    found, unresolved = areas_resolve("West Midlands; Atlantis")

    assert found == []
    shared, unknown = unresolved
    assert {area.code for area in shared.candidates} == {
        "E12000005",
        "E11000005",
    }  # region, metropolitan county
    assert "E11000005" in shared.message
    assert unknown.candidates == ()
    assert "“Atlantis” is not recognised — pick the area" in unknown.message


def test_suggestions_put_the_likeliest_first_and_offer_only_todays_councils(belfast_wards: None) -> None:
    assert [area.code for area in areas_suggest("belfast")][0] == BELFAST
    assert LEGONIEL in [area.code for area in areas_suggest("legon")]
    assert [area.code for area in areas_suggest("Northumberland")] == ["E06000057"]  # not its old E06000048
    assert areas_suggest("b") == []  # too short to suggest from


def test_a_member_picks_areas_without_javascript_and_they_wait_as_codes(
    client: Client, organisation: Organisation, member: User, belfast_wards: None
) -> None:
    client.force_login(member)

    response = client.post(EDIT, {"areas_served_add": "Belfast; Legoniel"})

    assert response.status_code == 302
    assert ProfileEdit.objects.get().after["areas_served"] == [BELFAST, LEGONIEL]


def test_an_unknown_area_is_refused_naming_the_field_and_keeping_what_was_typed(
    client: Client, organisation: Organisation, member: User, belfast_wards: None
) -> None:
    client.force_login(member)

    response = client.post(EDIT, {"areas_served": [BELFAST], "areas_served_add": "Legoniel; Atlantis"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Areas it serves: “Atlantis” is not recognised — pick the area" in html
    assert 'href="#id_areas_served_add"' in html  # the error summary leads to the box
    assert 'value="Legoniel; Atlantis"' in html
    assert f'value="{BELFAST}" checked' in html  # the area already picked stays picked
    assert not ProfileEdit.objects.exists()


def test_areas_picked_show_as_boxes_to_untick_and_unticking_takes_one_off(
    client: Client, organisation: Organisation, member: User, curator: User, belfast_wards: None
) -> None:
    edit = profile_edit_propose(
        user=member, organisation=organisation, values={"areas_served": [BELFAST, LEGONIEL]}
    )
    profile_edit_decide(curator=curator, edit=edit, approve=True)
    client.force_login(member)

    html = client.get(EDIT).content.decode()
    assert f"Legoniel, a ward of Belfast ({LEGONIEL})" in html
    assert f'value="{LEGONIEL}" checked' in html

    client.post(EDIT, {"areas_served": [BELFAST], "areas_served_add": ""})
    assert ProfileEdit.objects.filter(status="pending").get().after["areas_served"] == [BELFAST]


def test_approved_areas_become_the_organisations_areas_from_its_statement_audited_and_searchable(
    client: Client, organisation: Organisation, member: User, curator: User, belfast_wards: None
) -> None:
    AreaOfOperation.objects.create(organisation=organisation, name="Belfast", gss_code=BELFAST, source="ccni")
    first = profile_edit_propose(
        user=member, organisation=organisation, values={"areas_served": [LEGONIEL, NI]}
    )
    profile_edit_decide(curator=curator, edit=first, approve=True)
    second = profile_edit_propose(user=member, organisation=organisation, values={"areas_served": [LEGONIEL]})

    profile_edit_decide(curator=curator, edit=second, approve=True)

    own = organisation.areas.filter(source=STATEMENT_SOURCE)
    assert list(own.values_list("gss_code", "name", "area_type", "parent_name")) == [
        (LEGONIEL, "Legoniel", "Ward", "Belfast")
    ]
    assert organisation.areas.filter(source="ccni", gss_code=BELFAST).exists()  # the regulator's stays
    audits = AuditEntry.objects.filter(target_type="register.organisation", target_id=str(organisation.pk))
    assert [(entry.before, entry.after) for entry in audits.order_by("pk")] == [
        ({"areas_served": []}, {"areas_served": [LEGONIEL, NI]}),
        ({"areas_served": [LEGONIEL, NI]}, {"areas_served": [LEGONIEL]}),
    ]
    hits = organisation_search(SearchQuery(q="cancer lifeline", filters={"area": (LEGONIEL,)})).items
    assert [hit.name for hit in hits] == ["Cancer Lifeline"]


def test_the_page_shows_the_areas_it_serves_by_source_apart_from_its_address(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    AreaOfOperation.objects.create(
        organisation=organisation, name="Scotland", gss_code="S92000003", source="ccew"
    )
    edit = profile_edit_propose(user=member, organisation=organisation, values={"areas_served": [BELFAST]})
    profile_edit_decide(curator=curator, edit=edit, approve=True)

    html = client.get(PAGE).content.decode()
    served = html[
        html.index('id="areas-served"') : html.index("</dl>", html.index('data-testid="areas-served"'))
    ]
    assert "From Charity Commission for England and Wales" in served
    assert "Scotland" in served
    assert "From the organisation&#x27;s own statement, checked by a curator" in served
    assert "Belfast" in served
    assert "Alliance Avenue" not in served  # the address is under Contact details


def test_the_api_takes_a_list_of_codes_and_refuses_unknown_ones_naming_the_field(
    client: Client, organisation: Organisation, member: User
) -> None:
    for areas in (["X99999999"], ["Belfast"], "Belfast"):
        response = client.post(
            API, json.dumps({"areas_served": areas}), content_type="application/json", **_bearer(member)
        )
        assert response.status_code == 422, areas
        assert "areas_served" in json.dumps(response.json())
    assert not ProfileEdit.objects.exists()

    response = client.post(
        API, {"areas_served": [BELFAST.lower()]}, content_type="application/json", **_bearer(member)
    )
    assert response.status_code == 202
    assert ProfileEdit.objects.get().after["areas_served"] == [BELFAST]


def test_the_statement_read_gives_the_codes(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    edit = profile_edit_propose(user=member, organisation=organisation, values={"areas_served": [BELFAST]})
    profile_edit_decide(curator=curator, edit=edit, approve=True)

    assert client.get(API).json()["values"]["areas_served"] == [BELFAST]


def test_free_text_from_before_keeps_what_it_cannot_place_for_the_member_to_pick(
    client: Client, organisation: Organisation, member: User, curator: User
) -> None:
    codes, rest = areas_from_text("Belfast, Antrim and Newtownabbey, North Belfast\nWest Midlands")
    assert (codes, rest) == ([BELFAST, ANTRIM_NEWTOWNABBEY], ["North Belfast", "West Midlands"])
    edit = profile_edit_propose(user=member, organisation=organisation, values={"offers": "Counselling"})
    profile_edit_decide(curator=curator, edit=edit, approve=True)
    version = statement(organisation)
    assert version is not None
    version.values |= {"areas_served": codes, "areas_served_unrecognised": rest}
    version.save()
    client.force_login(member)

    html = client.get(EDIT).content.decode()

    assert "Not recognised — pick the area: “North Belfast”, “West Midlands”" in html
    assert 'value="North Belfast; West Midlands"' in html
    assert client.post(EDIT, {"areas_served": codes, "areas_served_add": rest[0]}).status_code == 400
    assert "(not recognised — pick the area)" in client.get(PAGE).content.decode()


def test_the_htmx_picker_suggests_areas_and_adds_the_one_picked(
    client: Client, member: User, belfast_wards: None
) -> None:
    client.force_login(member)

    suggestions = client.get("/areas/suggest/", {"areas_served_add": "Belfast; legon"}).content.decode()
    assert f"Legoniel, a ward of Belfast ({LEGONIEL})" in suggestions
    assert "keep=Belfast" in suggestions

    chosen = client.get("/areas/chosen/", {"code": LEGONIEL, "keep": "Belfast"}).content.decode()
    assert f'name="areas_served" type="checkbox" value="{LEGONIEL}" checked' in chosen
    assert 'hx-swap-oob="true"' in chosen
    assert 'value="Belfast"' in chosen
    assert client.get("/areas/chosen/", {"code": "X99999999"}).status_code == 400
