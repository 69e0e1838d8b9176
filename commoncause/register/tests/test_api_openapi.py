"""The published API description changes only on purpose: it is compared with a snapshot.

After an intended change, regenerate the snapshot with `UPDATE_SNAPSHOTS=1 pytest <this file>`.
"""

import json
import os
from pathlib import Path

from django.conf import settings

SNAPSHOT = Path(settings.BASE_DIR) / "tests" / "openapi.json"


def test_openapi_description_matches_the_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    current = response.json()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(
            json.dumps(current, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == snapshot, (
        "The API changed: if on purpose, run with UPDATE_SNAPSHOTS=1 and commit tests/openapi.json"
    )


def test_openapi_lists_the_organisation_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/organisations" in paths
    assert "/api/v1/organisations/{key}" in paths
    parameters = {p["name"] for p in paths["/api/v1/organisations"]["get"]["parameters"]}
    assert {
        "q",
        "legal_form",
        "status",
        "income_band",
        "what",
        "who",
        "how",
        "area",
        "sort",
        "page",
    } <= parameters


# Every status each operation can answer besides its success: 401 for a wrong token (sent to any
# operation), 429 beyond the rate limits, 404 where a path names a record, 422 where a parameter or body
# can be invalid, 400 and 413 where a body is read, 403 where permissions apply, 503 while an import holds
# the database (a token's last use is saved on any operation); and the operation's own.
ERRORS = {
    ("get", "/api/v1/me"): {401, 429, 503},
    ("get", "/api/v1/organisations"): {400, 401, 422, 429, 503},
    ("get", "/api/v1/organisations/{key}"): {401, 404, 429, 503},
    ("get", "/api/v1/organisations/{key}/statement"): {401, 404, 429, 503},
    ("post", "/api/v1/organisations/{key}/statement"): {400, 401, 403, 404, 409, 413, 422, 429, 503},
    ("get", "/api/v1/organisations/{key}/contacts"): {401, 403, 404, 429, 503},
    ("get", "/api/v1/grants"): {400, 401, 404, 422, 429, 503},
    ("get", "/api/v1/opportunities"): {401, 422, 429, 503},
    ("get", "/api/v1/opportunities/{opportunity_id}"): {401, 404, 422, 429, 503},
    ("get", "/api/v1/areas"): {401, 422, 429, 503},
    ("get", "/api/v1/areas/{code}"): {401, 404, 422, 429, 503},
    ("get", "/api/v1/areas/{code}/coverage"): {401, 404, 422, 429, 503},
    ("post", "/api/v1/match"): {400, 401, 413, 422, 429, 503},
    ("post", "/api/v1/plain-english"): {400, 401, 413, 422, 429, 503},
}


def _operations(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield (method, path), operation, document


def test_every_operation_documents_the_errors_it_can_answer_each_in_json(client):
    seen = set()
    for key, operation, document in _operations(client):
        seen.add(key)
        errors = {int(status) for status in operation["responses"] if int(status) >= 400}
        assert errors == ERRORS[key], key
        for status in errors:
            schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
            name = schema["$ref"].rsplit("/", 1)[-1]
            assert "detail" in document["components"]["schemas"][name]["required"], (key, status)
    assert seen == set(ERRORS)


def test_a_validation_error_is_documented_as_the_list_of_problems_it_is(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    detail = schemas["InvalidOut"]["properties"]["detail"]
    assert {"type": "string"} in detail["anyOf"]
    assert any(kind.get("type") == "array" for kind in detail["anyOf"])


def test_page_and_page_size_carry_their_limits(client):
    for (_method, path), operation, _document in _operations(client):
        parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
        if "page" in parameters:
            assert parameters["page"]["minimum"] == 1, path
            assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (1, 100), path


def test_a_list_that_downloads_as_csv_documents_it(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/organisations", "/api/v1/grants"):
        assert set(paths[path]["get"]["responses"]["200"]["content"]) == {"application/json", "text/csv"}


def test_an_organisations_contact_details_are_described_apart_from_its_contact_people(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    details = schemas["OrganisationOut"]["properties"]["contact"]["$ref"].rsplit("/", 1)[-1]
    assert {"address", "website"} <= set(schemas[details]["properties"])
    people = schemas["ContactsOut"]["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert {"name", "lawful_basis"} <= set(schemas[people]["properties"])


def test_parameters_and_bodies_describe_the_values_they_refuse(client):
    document = client.get("/api/v1/openapi.json").json()

    def parameters(path):
        return {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"]}

    search, grants = parameters("/api/v1/organisations"), parameters("/api/v1/grants")
    assert search["sort"]["enum"] == ["relevance", "name", "income", "distance"]
    assert (search["radius"]["minimum"], search["radius"]["maximum"], search["radius"]["default"]) == (
        0.1,
        50,
        2,
    )
    assert search["near"]["maxLength"] == 20
    assert search["q"]["maxLength"] == 200
    assert (grants["year"]["type"], grants["year"]["minimum"], grants["year"]["maximum"]) == (
        "integer",
        1900,
        2200,
    )
    for amount in ("min_amount", "max_amount"):  # optional, not nullable: an empty value is no amount
        assert (grants[amount]["type"], grants[amount]["minimum"]) == ("number", 0), amount
    statement = document["components"]["schemas"]["StatementIn"]["properties"]
    areas = statement.pop("areas_served")
    assert {field["pattern"] for field in statement.values()} == {"^[^\\u0000]*$"}
    assert (areas["type"], areas["maxItems"]) == ("array", 100)
    assert areas["items"]["pattern"] == "^[A-Za-z][0-9]{8}$"
