"""Reconciliation queries: each query property, types and `type_strict`, limits, and what is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from commoncause.linkage.index import MatchIndex, make_entry
from commoncause.reconcile import schemas
from commoncause.reconcile.service import reconcile_batch
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db


def _batch(client: Client, queries: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    answer = client.post("/reconcile", {"queries": json.dumps(queries)})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert schemas.problems("reconciliation-result-batch", body) == []
    return {key: value["result"] for key, value in body.items()}


def _one(client: Client, query: dict[str, Any]) -> list[dict[str, Any]]:
    return _batch(client, {"q": query})["q"]


def _ids(candidates: list[dict[str, Any]]) -> list[str]:
    return [candidate["id"] for candidate in candidates]


def _points(candidate: dict[str, Any]) -> float:
    (feature,) = candidate["features"]
    assert feature["id"] == "evidence_points"
    return float(feature["value"])


def test_a_candidate_carries_its_canonical_org_id_description_types_and_evidence(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    best = _one(client, {"query": "Cancer Lifeline"})[0]
    assert best["id"] == "GB-NIC-100002"  # the charity number, not the company number
    assert best["name"] == "Cancer Lifeline"
    assert best["description"] == "Company · BT14 7PJ · Registered"
    assert best["type"] == [
        {"id": "/charity", "name": "Registered charity"},
        {"id": "/company", "name": "Company"},
    ]
    assert _points(best) == 11.0
    assert best["match"] is True
    group = _one(client, {"query": "Larch Street Lunch Club"})[0]
    assert group["type"] == [{"id": "/community-group", "name": "Community group on no register"}]
    assert group["description"] == "Unregistered community group · BT1 5GS"  # status not known: not shown
    unnumbered = _one(client, {"query": "Lifeline Lunch Club"})[0]
    assert unnumbered["id"] == str(small_register["unnumbered"].pk)
    assert unnumbered["type"] == [{"id": "/organisation", "name": "Organisation"}]


def test_candidates_come_strongest_first_and_only_the_first_may_match(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    found = _one(client, {"query": "Lifeline", "limit": 10})
    scores = [candidate["score"] for candidate in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    assert not any(candidate["match"] for candidate in found[1:])


def test_a_postcode_adds_its_evidence_to_the_score(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    queries = {
        postcode or "none": {"query": "Cancer Lifeline", "properties": [{"pid": "postcode", "v": postcode}]}
        for postcode in ("", "bt14 7pj", "BT14 7QA", "BT14 6HT", "TR1 1AA")
    }
    points = {key: _points(result[0]) for key, result in _batch(client, queries).items()}
    assert points == {"none": 11.0, "bt14 7pj": 17.0, "BT14 7QA": 13.0, "BT14 6HT": 11.5, "TR1 1AA": 7.0}


def test_a_web_or_email_address_adds_its_evidence_and_a_shared_host_adds_none(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    def points(website: Any) -> float:
        query = {"query": "Clean Break", "properties": [{"pid": "website", "v": website}]}
        return _points(_one(client, query)[0])

    assert points("https://cleanbreak.org.uk/about") == 19.0
    assert points(["info@cleanbreak.org.uk"]) == 19.0  # a list of values: the first counts
    assert points("www.cleanbreakers.example") == 8.0
    assert points("https://www.facebook.com/cleanbreak") == 11.0
    assert points("") == 11.0


def test_a_query_may_be_a_postcode_or_web_address_alone(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    by_postcode = _one(client, {"properties": [{"pid": "postcode", "v": "BT1 5GS"}]})
    assert _ids(by_postcode)[:1] == ["GB-LOCAL-3F2A1B0C9D"]
    by_domain = _one(client, {"query": "", "properties": [{"pid": "website", "v": "cancerlifeline.info"}]})
    assert _ids(by_domain) == ["GB-NIC-100002"]


def test_an_org_id_prefix_narrows_the_candidates_however_it_is_written(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    def ids(value: Any) -> list[str]:
        return _ids(
            _one(
                client,
                {"query": "Lifeline", "limit": 10, "properties": [{"pid": "orgid_prefix", "v": value}]},
            )
        )

    assert ids("GB-NIC") == ["GB-NIC-100002"]
    assert ids("gb-coh-") == ["GB-NIC-100002"]  # it holds a company number too; its charity's is shown
    assert ids({"id": "GB-NIC", "name": "Charity Commission for Northern Ireland"}) == ["GB-NIC-100002"]
    assert ids(["GB-CHC", "GB-LOCAL"]) == []
    assert ids("GB-SC") == []
    assert ids([]) == ids("") == _ids(_one(client, {"query": "Lifeline", "limit": 10}))


def test_properties_the_service_does_not_have_are_ignored(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    plain = _one(client, {"query": "Ulster Youth Orchestra"})
    with_others = _one(
        client,
        {
            "query": "Ulster Youth Orchestra",
            "properties": [{"pid": "founded", "v": 1993}, {"pid": "P17", "v": {"id": "Q145"}}],
        },
    )
    assert with_others == plain


@pytest.mark.parametrize(
    ("types", "strict", "found"),
    [
        ("/organisation", "any", {"GB-NIC-100002", "GB-LOCAL-3F2A1B0C9D", "unnumbered"}),
        ("/charity", "any", {"GB-NIC-100002"}),
        ("/company", "any", {"GB-NIC-100002"}),
        ("/community-group", "any", {"GB-LOCAL-3F2A1B0C9D"}),
        (["/charity", "/community-group"], "any", {"GB-NIC-100002", "GB-LOCAL-3F2A1B0C9D"}),
        (["/charity", "/community-group"], "all", set()),
        (["/charity", "/company"], "all", {"GB-NIC-100002"}),
        ("/community-group", "should", {"GB-NIC-100002", "GB-LOCAL-3F2A1B0C9D", "unnumbered"}),
        ("/no-such-type", "should", {"GB-NIC-100002", "GB-LOCAL-3F2A1B0C9D", "unnumbered"}),
        ("/no-such-type", "any", set()),
        ([], "all", {"GB-NIC-100002", "GB-LOCAL-3F2A1B0C9D", "unnumbered"}),
    ],
)
def test_types_narrow_the_candidates_as_type_strict_says(
    client: Client,
    small_register: dict[str, Organisation],
    types: str | list[str],
    strict: str,
    found: set[str],
) -> None:
    query = {"query": "Lifeline Lunch Club Larch Street", "type": types, "type_strict": strict, "limit": 20}
    unnumbered = str(small_register["unnumbered"].pk)
    shown = {"unnumbered" if org_id == unnumbered else org_id for org_id in _ids(_one(client, query))}
    assert shown == found


def test_a_name_two_bodies_share_is_never_a_match_nor_is_a_closed_body(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    Organisation.objects.create(name="Clean Break", postcode="G2 3BZ")
    found = _one(client, {"query": "Clean Break"})
    assert len(found) == 2
    assert not any(candidate["match"] for candidate in found)
    closed = _one(
        client, {"query": "Clooney Soccer School", "properties": [{"pid": "postcode", "v": "BT47 2ED"}]}
    )
    assert (closed[0]["id"], closed[0]["match"]) == ("GB-NIC-100007", False)
    assert closed[0]["description"] == "BT47 2ED · Removed"


def test_a_limit_caps_the_candidates_and_five_is_the_default(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    for n in range(7):
        Organisation.objects.create(name=f"Lifeline Project {n}")
    answered = _batch(client, {"default": {"query": "Lifeline"}, "two": {"query": "Lifeline", "limit": 2}})
    assert (len(answered["default"]), len(answered["two"])) == (5, 2)
    assert len(_one(client, {"query": "Lifeline", "limit": 1000})) == 9  # every candidate, up to 100


@pytest.mark.parametrize(
    ("queries", "where"),
    [
        ({"q0": {"query": "x", "type_strict": "sometimes"}}, "q0/type_strict"),
        ({"q0": {"query": "x", "colour": "red"}}, "q0"),
        ({"q0": {"query": 7}}, "q0/query"),
        ({"q0": {"properties": []}}, "q0"),
        ({"q0": {"query": "x", "properties": [{"pid": "postcode"}]}}, "q0/properties/0"),
        ({"q0": "Cancer Lifeline"}, "q0"),
        ([{"query": "Cancer Lifeline"}], "(top)"),
    ],
)
def test_a_query_that_breaks_the_apis_schema_gets_a_400_naming_what_is_wrong(
    client: Client, small_register: dict[str, Organisation], queries: Any, where: str
) -> None:
    answer = client.post("/reconcile", {"queries": json.dumps(queries)})
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"
    body = answer.json()
    assert body["status"] == "error"
    assert body["message"] == "queries does not follow the reconciliation-query-batch schema"
    assert any(detail.startswith(f"{where}: ") for detail in body["details"])


@pytest.mark.parametrize("raw", ["", "{", "{'q0': {'query': 'x'}}", '{"q0": {"query": "x"}} trailing'])
def test_a_batch_that_is_not_json_gets_a_400_saying_where(client: Client, db: None, raw: str) -> None:
    answer = client.get("/reconcile", {"queries": raw, "callback": "cb"})
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("queries is not JSON: ")
    assert " at character " in answer.json()["message"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_limit_that_is_no_number_gets_a_400_with_json(client: Client, db: None, constant: str) -> None:
    # Python's JSON reader takes these; JSON itself has no such numbers.
    answer = client.post(
        "/reconcile", {"queries": f'{{"q0": {{"query": "Clean Break", "limit": {constant}}}}}'}
    )
    assert answer.status_code == 400
    assert answer.json()["status"] == "error"
    assert answer.json()["message"] == f"queries is not JSON: {constant} is not a JSON number"


def test_a_negative_limit_is_refused(client: Client, small_register: dict[str, Organisation]) -> None:
    answer = client.post("/reconcile", {"queries": json.dumps({"q9": {"query": "x", "limit": -3}})})
    assert answer.status_code == 400
    assert answer.json()["message"] == "q9: limit must be 1 or more"


def test_a_hundred_queries_are_answered_and_a_hundred_and_one_refused(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    hundred = {f"q{n}": {"query": "Cancer Lifeline", "limit": 1} for n in range(100)}
    assert len(_batch(client, hundred)) == 100
    answer = client.post("/reconcile", {"queries": json.dumps({**hundred, "q100": {"query": "x"}})})
    assert answer.status_code == 400
    assert answer.json() == {
        "status": "error",
        "message": "queries holds 101 queries; send at most 100 at once",
    }


def test_get_and_post_give_the_same_answers(client: Client, small_register: dict[str, Organisation]) -> None:
    queries = json.dumps({"q0": {"query": "Ulster Youth Orchestra", "type": "/charity"}})
    posted = client.post("/reconcile", {"queries": queries}).json()
    assert client.get("/reconcile", {"queries": queries}).json() == posted
    assert posted["q0"]["result"][0]["id"] == "GB-NIC-101104"


def test_a_callback_that_is_not_a_plain_name_gets_plain_json(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    queries = json.dumps({"q0": {"query": "Clean Break"}})
    for callback in ("alert(1)//", "a b", "9lives", "x" * 101):
        answer = client.get("/reconcile", {"queries": queries, "callback": callback})
        assert answer["Content-Type"] == "application/json"
        assert answer.json()["q0"]["result"][0]["id"] == "GB-CHC-1017560"
    jsonp = client.get("/reconcile", {"queries": queries, "callback": "jQuery.cb_1$"}).content.decode()
    assert jsonp.startswith("/**/jQuery.cb_1$(")
    assert jsonp.endswith(");")


def test_a_browser_may_ask_first_from_any_page(client: Client, db: None) -> None:
    answer = client.options("/reconcile")
    assert answer.status_code == 204
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert answer["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert answer["Access-Control-Allow-Headers"] == "Content-Type"
    assert client.put("/reconcile").status_code == 405


def test_each_person_signed_in_has_their_own_limit_and_each_address_its_own(
    client: Client, small_register: dict[str, Organisation], settings: Settings, member: User
) -> None:
    settings.API_RATE_ANONYMOUS, settings.API_RATE_SIGNED_IN = "2/min", "3/min"
    queries = {"queries": json.dumps({"q0": {"query": "Clean Break"}})}
    anonymous = [client.post("/reconcile", queries).status_code for _ in range(3)]
    assert anonymous == [200, 200, 429]
    assert client.post("/reconcile", queries, REMOTE_ADDR="192.0.2.7").status_code == 200
    client.force_login(member)
    signed_in = [client.post("/reconcile", queries) for _ in range(4)]
    assert [answer.status_code for answer in signed_in] == [200, 200, 200, 429]
    refused = signed_in[-1]
    assert refused.json() == {"status": "error", "message": "too many requests"}
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert 0 < int(refused["Retry-After"]) <= 60
    suggest = client.get("/reconcile/suggest/entity", {"prefix": "clean"})
    assert suggest.status_code == 429  # typing ahead counts too


# Batches as the API's schema allows them, over the real bodies above kept in memory.
INDEX = MatchIndex(
    [
        make_entry(
            key=1,
            org_id="GB-NIC-100002",
            name="Cancer Lifeline",
            postcode="BT14 7PJ",
            org_ids=["GB-NIC-100002", "GB-COH-NI055010"],
        ),
        make_entry(key=2, org_id="GB-NIC-101104", name="The Ulster Youth Orchestra", postcode="BT1 1FF"),
        make_entry(
            key=3,
            org_id="GB-CHC-1017560",
            name="Clean Break",
            website="cleanbreak.org.uk",
            status="registered",
        ),
        make_entry(key=4, org_id="GB-LOCAL-3F2A1B0C9D", name="Larch Street Lunch Club", status="unknown"),
    ]
)
WORDS = st.sampled_from(
    ["cancer", "lifeline", "ulster", "youth", "orchestra", "clean", "break", "lunch", "club", "x"]
)
VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.builds(lambda org_id: {"id": org_id}, st.text(max_size=10)),
)
PROPERTY = st.fixed_dictionaries(
    {
        "pid": st.sampled_from(["postcode", "website", "orgid_prefix", "other"]),
        "v": st.one_of(VALUES, st.lists(VALUES, max_size=3)),
    }
)
QUERY = st.fixed_dictionaries(
    {"query": st.lists(WORDS, max_size=4).map(" ".join)},
    optional={
        "type": st.one_of(
            st.sampled_from(["/organisation", "/charity", "/company", "/community-group", "/other"]),
            st.lists(st.sampled_from(["/charity", "/company", "/community-group"]), max_size=2),
        ),
        "type_strict": st.sampled_from(["any", "should", "all"]),
        "limit": st.integers(min_value=1, max_value=150),
        "properties": st.lists(PROPERTY, max_size=3),
    },
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text(min_size=1, max_size=4), QUERY, max_size=4))
def test_every_batch_the_schema_allows_is_answered_as_the_schema_says(queries: dict[str, Any]) -> None:
    assert schemas.problems("reconciliation-query-batch", queries) == []
    answer = reconcile_batch(INDEX, queries)
    assert schemas.problems("reconciliation-result-batch", answer) == []
    assert set(answer) == set(queries)
    for key, query in queries.items():
        found = answer[key]["result"]
        assert len(found) <= min(query.get("limit", 5), 100)
        assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
        assert sum(candidate["match"] for candidate in found) <= 1


@pytest.mark.parametrize("typed", ["GB-NIC-100002", "gb-nic-100002", "100002", "NIC100002", "NI055010"])
def test_a_number_in_any_usual_form_gives_its_organisation_first_as_a_match(
    client: Client, small_register: dict[str, Organisation], typed: str
) -> None:
    best, *others = _one(client, {"query": typed})
    assert (best["id"], best["name"], best["score"], best["match"]) == (
        "GB-NIC-100002",
        "Cancer Lifeline",
        100.0,
        True,
    )
    assert "GB-NIC-100002" not in _ids(others)  # given once
    assert not any(candidate["match"] for candidate in others)


def test_a_number_found_is_still_held_to_the_types_asked_for(
    client: Client, small_register: dict[str, Organisation]
) -> None:
    groups_only = {"query": "GB-NIC-100002", "type": "/community-group", "type_strict": "all"}
    assert "GB-NIC-100002" not in _ids(_one(client, groups_only))
    assert _ids(_one(client, {"query": "GB-NIC-100002", "type": "/company"}))[0] == "GB-NIC-100002"


def test_a_number_nobody_holds_is_no_match(client: Client, small_register: dict[str, Organisation]) -> None:
    assert not any(candidate["match"] for candidate in _one(client, {"query": "GB-CHC-9999999"}))
