"""Data extension, suggest, flyout and preview, the manifest that points to them, and the index the
service keeps between requests."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings

from commoncause.linkage.merge import organisation_link
from commoncause.reconcile import index_cache, schemas
from commoncause.register.models import Organisation
from commoncause.register.services import search_index_refresh
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
PROPERTIES = ["income", "spending", "postcode", "ward", "legal_form", "status", "date_registered", "org_ids"]


def _extend(client: Client, ids: list[str], properties: list[str]) -> dict[str, Any]:
    query = {"ids": ids, "properties": [{"id": pid} for pid in properties]}
    answer = client.post("/reconcile", {"extend": json.dumps(query)})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert schemas.problems("data-extension-response", body) == []
    return body


def test_data_extension_gives_every_property_the_register_holds(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    body = _extend(client, ["GB-NIC-100002"], PROPERTIES)
    assert body["rows"]["GB-NIC-100002"] == {
        "income": [{"int": 462154}],
        "spending": [{"int": 469480}],
        "postcode": [{"str": "BT14 7PJ"}],
        "ward": [{"id": "N08000203", "name": "Ardoyne"}, {"str": "Oldpark"}],  # not the country it works in
        "legal_form": [{"str": "Company"}],
        "status": [{"str": "Registered"}],
        "date_registered": [{"date": "2013-12-13T00:00:00Z"}],
        "org_ids": [{"str": "GB-COH-NI055010"}, {"str": "GB-NIC-100002"}],
    }
    assert [meta["name"] for meta in body["meta"]] == [
        "Latest income (£)",
        "Latest spending (£)",
        "Postcode",
        "Ward",
        "Legal form",
        "Status",
        "Date registered",
        "Org-ids",
    ]


def test_what_the_register_does_not_hold_is_an_empty_list(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    body = _extend(client, ["GB-LOCAL-3F2A1B0C9D", "GB-CHC-1017560", "GB-XX-1"], [*PROPERTIES, "nickname"])
    group = body["rows"]["GB-LOCAL-3F2A1B0C9D"]
    assert group["income"] == group["ward"] == group["date_registered"] == group["nickname"] == []
    assert group["status"] == [{"str": "Unknown"}]
    assert body["rows"]["GB-CHC-1017560"]["income"] == [{"int": 0}]  # nothing is not the same as not known
    assert body["rows"]["GB-XX-1"] == {pid: [] for pid in [*PROPERTIES, "nickname"]}
    assert body["meta"][-1] == {"id": "nickname", "name": "nickname"}


def test_an_id_is_found_whatever_its_case_and_an_old_id_leads_to_the_body(
    client: Client, small_register: dict[str, Organisation], curator: User
) -> None:
    organisation_link(curator=curator, source=small_register["group"], target=small_register["lifeline"])
    body = _extend(client, ["gb-nic-100002", "GB-LOCAL-3F2A1B0C9D"], ["postcode", "org_ids"])
    assert body["rows"]["gb-nic-100002"]["postcode"] == [{"str": "BT14 7PJ"}]
    assert body["rows"]["GB-LOCAL-3F2A1B0C9D"]["postcode"] == [{"str": "BT14 7PJ"}]
    assert {"str": "GB-LOCAL-3F2A1B0C9D"} in body["rows"]["gb-nic-100002"]["org_ids"]


def test_five_hundred_ids_are_extended_and_five_hundred_and_one_refused(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    ids = ["GB-NIC-100002", *(f"GB-NIC-9{n:05}" for n in range(499))]
    assert len(_extend(client, ids, ["postcode"])["rows"]) == 500
    query = {"ids": [*ids, "GB-NIC-1"], "properties": [{"id": "postcode"}]}
    answer = client.post("/reconcile", {"extend": json.dumps(query)})
    assert answer.status_code == 400
    assert answer.json()["message"] == "extend names 501 ids; send at most 500 at once"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{ids: []}", "extend is not JSON: "),
        (json.dumps({"ids": ["GB-NIC-100002"]}), "extend does not follow the data-extension-query schema"),
        (json.dumps({"ids": "GB-NIC-100002", "properties": []}), "extend does not follow"),
        (json.dumps({"ids": [], "properties": [{"name": "income"}]}), "extend does not follow"),
    ],
)
def test_a_bad_extension_request_gets_a_400_with_json(
    client: Client, db: None, raw: str, message: str
) -> None:
    answer = client.post("/reconcile", {"extend": raw})
    assert answer.status_code == 400
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert answer.json()["message"].startswith(message)


def test_the_manifest_names_the_services_it_offers_and_each_answers(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    manifest = client.get("/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == manifest["schemaSpace"] == "https://org-id.guide/"
    assert manifest["defaultTypes"] == [{"id": "/organisation", "name": "Organisation"}]
    assert manifest["preview"] == {
        "url": "http://testserver/reconcile/preview?id={{id}}",
        "width": 430,
        "height": 300,
    }
    services = {
        "suggest-entities-response": manifest["suggest"]["entity"],
        "suggest-types-response": manifest["suggest"]["type"],
        "suggest-properties-response": manifest["suggest"]["property"],
        "data-extension-property-proposal": manifest["extend"]["propose_properties"],
    }
    for schema, service in services.items():
        assert service["service_url"] == "http://testserver"
        answer = client.get(service["service_path"], {"prefix": "c"})
        assert answer.status_code == 200
        assert schemas.problems(schema, answer.json()) == []
    flyout = manifest["suggest"]["entity"]["flyout_service_path"].replace("${id}", "GB-NIC-100002")
    assert client.get(flyout).json()["id"] == "GB-NIC-100002"
    view = manifest["view"]["url"].replace("{{id}}", "GB-NIC-100002").removeprefix("http://testserver")
    assert client.get(view).status_code == 200


def test_suggest_offers_names_that_start_with_what_was_typed_first_then_names_holding_it(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    search_index_refresh()
    found = client.get("/reconcile/suggest/entity", {"prefix": "lifeline"}).json()["result"]
    unnumbered = str(small_register["unnumbered"].pk)
    assert [entity["id"] for entity in found] == [unnumbered, "GB-NIC-100002"]
    assert found[1] == {"id": "GB-NIC-100002", "name": "Cancer Lifeline", "description": "Company · BT14 7PJ"}
    assert client.get("/reconcile/suggest/entity", {"prefix": "  "}).json() == {"result": []}


def test_suggest_comes_a_page_at_a_time(client: Client, small_register: dict[str, Organisation]) -> None:
    for n in range(12):
        OrganisationFactory.create(name=f"Larch Street Group {n:02}")
    search_index_refresh()

    def page(**params: str) -> list[str]:
        answer = client.get("/reconcile/suggest/entity", {"prefix": "larch street", **params})
        return [entity["name"] for entity in answer.json()["result"]]

    first = page()
    assert first == [f"Larch Street Group {n:02}" for n in range(10)]  # the shortest names first
    assert page(limit="3") == first[:3]
    assert page(cursor="10") == ["Larch Street Group 10", "Larch Street Group 11", "Larch Street Lunch Club"]
    assert page(limit="0") == first  # a limit that is no number of names: the usual ten
    assert page(cursor="x") == first


def test_types_and_properties_are_suggested_by_what_was_typed(client: Client, db: None) -> None:
    def ids(path: str, prefix: str) -> list[str]:
        return [item["id"] for item in client.get(path, {"prefix": prefix}).json()["result"]]

    assert ids("/reconcile/suggest/type", "GROUP") == ["/community-group"]
    assert ids("/reconcile/suggest/type", "") == ["/organisation", "/charity", "/company", "/community-group"]
    assert ids("/reconcile/suggest/property", "post") == ["postcode"]
    assert ids("/reconcile/suggest/property", "org") == ["orgid_prefix", "org_ids"]
    assert ids("/reconcile/suggest/property", "£") == ["income", "spending"]


def test_the_properties_proposed_for_extension(client: Client, db: None) -> None:
    every = client.get("/reconcile/extend/propose").json()
    assert [prop["id"] for prop in every["properties"]] == PROPERTIES
    assert "type" not in every
    two = client.get("/reconcile/extend/propose", {"type": "/company", "limit": "2"}).json()
    assert (two["type"], two["limit"], len(two["properties"])) == ("/company", 2, 2)
    unknown = client.get("/reconcile/extend/propose", {"type": "/ship"})
    assert unknown.status_code == 400
    assert unknown.json()["message"].startswith("type '/ship' is not one of /organisation")


def test_the_flyout_and_preview_show_one_organisation_and_refuse_an_unknown_id(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    flyout = client.get("/reconcile/flyout/entity", {"id": " GB-NIC-100002 "})
    assert flyout["Access-Control-Allow-Origin"] == "*"
    body = flyout.json()
    assert body["id"] == "GB-NIC-100002"
    assert "Cancer Lifeline" in body["html"]
    assert "BT14 7PJ" in body["html"]
    assert "Latest income £462,154" in body["html"]
    missing = client.get("/reconcile/flyout/entity", {"id": "GB-NIC-0"})
    assert missing.status_code == 404
    assert missing.json() == {"status": "error", "message": "no organisation has the id 'GB-NIC-0'"}
    assert client.get("/reconcile/flyout/entity").status_code == 404
    preview = client.get("/reconcile/preview", {"id": "gb-coh-ni055010"})
    page = preview.content.decode()
    assert "GB-NIC-100002, GB-COH-NI055010" in page
    assert f"/organisations/{small_register['lifeline'].pk}/" in page
    assert "X-Frame-Options" not in preview  # shown in a frame of the reconciling tool
    missing_preview = client.get("/reconcile/preview", {"id": ""})
    assert (missing_preview.status_code, missing_preview["Content-Type"]) == (404, "text/plain")


def test_the_index_is_kept_while_the_register_is_unchanged_and_rebuilt_when_it_changes(
    small_register: dict[str, Organisation],
) -> None:
    first = index_cache.current_index()
    assert index_cache.current_index() is first
    added = OrganisationFactory.create(name="Synergy Theatre Project")
    rebuilt = index_cache.current_index()
    assert rebuilt is not first
    assert rebuilt.get(added.pk) is not None
    index_cache.forget()
    assert index_cache.current_index() is not rebuilt


def test_a_change_shows_once_the_refresh_interval_has_passed(
    small_register: dict[str, Organisation], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.RECONCILE_REFRESH_SECONDS = 30
    now = [1000.0]
    monkeypatch.setattr(index_cache.time, "monotonic", lambda: now[0])
    index_cache.forget()
    first = index_cache.current_index()
    added = OrganisationFactory.create(name="Synergy Theatre Project")
    now[0] += 29
    assert index_cache.current_index() is first  # within the interval: not even checked
    assert first.get(added.pk) is None
    now[0] += 2
    assert index_cache.current_index().get(added.pk) is not None


def test_a_request_over_the_upload_limit_gets_a_413_with_json(client: Client, db: None) -> None:
    answer = client.post("/reconcile", {"queries": "x" * (3 * 1024 * 1024)})
    assert answer.status_code == 413
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert answer.json() == {"status": "error", "message": "the request is over 2.5 MB; send fewer queries"}
