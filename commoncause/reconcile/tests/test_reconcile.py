"""`/reconcile`: the Reconciliation Service API 0.2 over the demo register (real charities), every answer
checked against the API's own schemas, and the API's labelled examples behaving as labelled."""

import json
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from commoncause.members.groups import group_decide, group_propose
from commoncause.reconcile import index_cache, schemas
from commoncause.register.models import AreaOfOperation
from commoncause.register.selectors import organisation_by_identifier

EXAMPLES = Path(__file__).resolve().parents[3] / "tests/data/reconciliation/0.2/examples"
# Examples of a part of a schema, and the part. (The security-scheme examples are OpenAPI 3 schemes,
# which no 0.2 schema describes: the manifest refers to Swagger 2.0's.)
PARTS = {
    "reconciliation-candidate": (
        "reconciliation-result-batch",
        "#/patternProperties/^.*$/properties/result/items",
    ),
    "preview-metadata": ("manifest", "#/properties/preview"),
    "suggest-metadata": ("manifest", "#/properties/suggest/definitions/service_definition"),
    "data-extension-metadata": ("manifest", "#/properties/extend"),
}


def _examples() -> list[tuple[str, str, Path]]:
    found = []
    for path in sorted(EXAMPLES.glob("*/*/*.json")):
        kind, label = path.parent.parent.name, path.parent.name
        if (
            kind in PARTS
            or (Path(schemas.__file__).parents[2] / f"data/reconciliation/0.2/schemas/{kind}.json").exists()
        ):
            found.append((kind, label, path))
    return found


@pytest.mark.parametrize(("kind", "label", "path"), _examples(), ids=lambda v: getattr(v, "name", v))
def test_the_apis_labelled_examples_pass_or_fail_as_labelled(kind, label, path):
    name, pointer = PARTS.get(kind, (kind, ""))
    errors = list(schemas.validator(name, pointer).iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    assert (not errors) == (label == "valid"), [error.message for error in errors]


def test_every_example_with_a_schema_is_checked():
    assert len(_examples()) >= 45


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo register, loaded once for this module's tests in a transaction rolled back after the
    last of them; each test's own changes roll back with its own savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo_data", stdout=StringIO())
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    index_cache.forget()


@pytest.fixture
def register(demo_loaded, db, settings):
    settings.RECONCILE_REFRESH_SECONDS = 0
    index_cache.forget()
    yield
    index_cache.forget()


def _reconcile(client, queries: dict, method: str = "post") -> dict:
    call = client.post if method == "post" else client.get
    answer = call("/reconcile", {"queries": json.dumps(queries)})
    assert answer.status_code == 200, answer.content
    assert answer["Access-Control-Allow-Origin"] == "*"
    body = answer.json()
    assert schemas.problems("reconciliation-result-batch", body) == []
    return body


def test_the_manifest_is_at_reconcile_exactly_and_follows_the_schema(client, register):
    answer = client.get("/reconcile")
    assert answer.status_code == 200
    manifest = answer.json()
    assert schemas.problems("manifest", manifest) == []
    assert manifest["view"]["url"] == "http://testserver/organisations/{{id}}/"
    assert client.get("/reconcile/").status_code == 404  # no slash added or taken away


def test_a_batch_finds_real_charities_by_name_and_postcode_with_org_ids(client, register):
    body = _reconcile(
        client,
        {
            "q0": {"query": "Cancer Lifeline", "properties": [{"pid": "postcode", "v": "BT14 7PJ"}]},
            "q1": {"query": "burnley youth theatre"},
            "q2": {"query": "Zzyzx Quilting Circle of Nowhere"},
        },
    )
    best = body["q0"]["result"][0]
    assert (best["id"], best["match"]) == ("GB-NIC-100002", True)
    assert best["score"] > 90
    assert {"id": "/charity", "name": "Registered charity"} in best["type"]
    assert body["q1"]["result"][0]["id"] == "GB-CHC-1054763"
    assert not any(candidate["match"] for candidate in body["q2"]["result"])


def test_a_postcode_elsewhere_lowers_the_score_and_takes_away_the_match(client, register):
    body = _reconcile(
        client,
        {
            "here": {"query": "Cancer Lifeline", "properties": [{"pid": "postcode", "v": "BT14 7PJ"}]},
            "elsewhere": {"query": "Cancer Lifeline", "properties": [{"pid": "postcode", "v": "TR1 1AA"}]},
        },
    )
    here, elsewhere = body["here"]["result"][0], body["elsewhere"]["result"][0]
    assert here["id"] == elsewhere["id"] == "GB-NIC-100002"
    assert elsewhere["score"] < here["score"]
    assert elsewhere["match"] is False


def test_types_and_org_id_prefixes_narrow_the_candidates(client, register):
    body = _reconcile(
        client,
        {
            "companies": {"query": "community interest company", "type": "/company", "limit": 10},
            "ni": {"query": "youth", "properties": [{"pid": "orgid_prefix", "v": "GB-NIC"}], "limit": 10},
            "nothing": {"query": "youth", "type": "/no-such-type"},
        },
    )
    assert body["companies"]["result"]
    for candidate in body["companies"]["result"]:
        assert {"id": "/company", "name": "Company"} in candidate["type"]
    assert body["ni"]["result"]
    assert all(candidate["id"].startswith("GB-NIC-") for candidate in body["ni"]["result"])
    assert len(body["ni"]["result"]) <= 10
    assert body["nothing"]["result"] == []


@pytest.mark.parametrize("path", sorted((EXAMPLES / "reconciliation-query-batch").glob("*/*.json")),
                         ids=lambda p: f"{p.parent.name}-{p.stem}")  # fmt: skip
def test_the_apis_example_batches_are_answered_or_refused_as_labelled(client, register, path):
    answer = client.post("/reconcile", {"queries": path.read_text(encoding="utf-8")})
    if path.parent.name == "valid":
        assert answer.status_code == 200
        assert schemas.problems("reconciliation-result-batch", answer.json()) == []
    else:
        assert answer.status_code == 400
        assert "reconciliation-query-batch" in answer.json()["message"]


def test_bad_queries_get_a_400_with_a_json_body(client, register):
    answer = client.post("/reconcile", {"queries": "{not json"})
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("queries is not JSON")
    answer = client.post("/reconcile", {"queries": json.dumps({"q0": {"query": "x", "limit": 0}})})
    assert answer.status_code == 400
    assert "limit" in answer.json()["message"]


def test_a_get_with_a_callback_is_answered_as_jsonp(client, register):
    answer = client.get(
        "/reconcile", {"queries": json.dumps({"q0": {"query": "Cancer Lifeline"}}), "callback": "cb"}
    )
    assert answer["Content-Type"].startswith("text/javascript")
    assert answer.content.decode().startswith("/**/cb({")


def test_data_extension_gives_income_postcode_ward_and_legal_form(client, register):
    charity = organisation_by_identifier("GB-NIC-100002")
    assert charity is not None
    AreaOfOperation.objects.create(
        organisation=charity, area_type="Ward", name="Ardoyne", gss_code="N08000203", source="test"
    )
    query: dict[str, Any] = {
        "ids": ["GB-NIC-100002", "GB-NIC-999999999"],
        "properties": [{"id": p} for p in ("income", "postcode", "ward", "legal_form", "nickname")],
    }
    answer = client.post("/reconcile", {"extend": json.dumps(query)})
    assert answer.status_code == 200
    body = answer.json()
    assert schemas.problems("data-extension-response", body) == []
    row = body["rows"]["GB-NIC-100002"]
    assert row["income"] == [{"int": charity.latest_income}]
    assert row["postcode"] == [{"str": "BT14 7PJ"}]
    assert row["ward"] == [{"id": "N08000203", "name": "Ardoyne"}]
    assert row["legal_form"] == [{"str": charity.legal_form}]
    assert row["nickname"] == []
    assert body["rows"]["GB-NIC-999999999"] == {pid["id"]: [] for pid in query["properties"]}


def test_suggest_preview_and_proposed_properties_follow_the_schemas(client, register):
    entities = client.get("/reconcile/suggest/entity", {"prefix": "cancer life"}).json()
    assert schemas.problems("suggest-entities-response", entities) == []
    assert "GB-NIC-100002" in [entity["id"] for entity in entities["result"]]
    types = client.get("/reconcile/suggest/type", {"prefix": "char"}).json()
    assert schemas.problems("suggest-types-response", types) == []
    assert [t["id"] for t in types["result"]] == ["/charity"]
    properties = client.get("/reconcile/suggest/property", {"prefix": "post"}).json()
    assert schemas.problems("suggest-properties-response", properties) == []
    proposed = client.get("/reconcile/extend/propose", {"type": "/charity"}).json()
    assert schemas.problems("data-extension-property-proposal", proposed) == []
    assert {"income", "postcode", "ward", "legal_form"} <= {p["id"] for p in proposed["properties"]}
    preview = client.get("/reconcile/preview", {"id": "GB-NIC-100002"})
    assert preview.status_code == 200
    assert "Cancer Lifeline" in preview.content.decode()
    assert "frame-ancestors *" in preview["Content-Security-Policy"]
    assert client.get("/reconcile/preview", {"id": "GB-NIC-0"}).status_code == 404
    flyout = client.get("/reconcile/flyout/entity", {"id": "GB-NIC-100002"}).json()
    assert "Cancer Lifeline" in flyout["html"]


def test_the_index_follows_changes_to_the_register(client, register, member, curator):
    def names() -> list[str]:
        found = _reconcile(client, {"q0": {"query": "Larch Street Lunch Club"}})["q0"]["result"]
        return [candidate["name"] for candidate in found]

    assert "Larch Street Lunch Club" not in names()
    proposal = group_propose(user=member, name="Larch Street Lunch Club", postcode="BT1 5GS", values={})
    group_decide(curator=curator, proposal=proposal, approve=True)
    assert names()[0] == "Larch Street Lunch Club"


def test_big_batches_are_refused_and_callers_are_rate_limited(client, register, settings):
    settings.API_RATE_ANONYMOUS = "5/min"
    queries = {f"q{n}": {"query": "Cancer Lifeline"} for n in range(101)}
    answer = client.post("/reconcile", {"queries": json.dumps(queries)})
    assert answer.status_code == 400
    assert "at most 100" in answer.json()["message"]
    extend = {"ids": [f"GB-NIC-{n}" for n in range(501)], "properties": [{"id": "income"}]}
    assert client.post("/reconcile", {"extend": json.dumps(extend)}).status_code == 400
    # Two calls made, three left this minute.
    answers = [client.post("/reconcile", {"queries": json.dumps({"q0": {"query": "x"}})}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["message"] == "too many requests"
    assert int(answers[-1]["Retry-After"]) > 0
