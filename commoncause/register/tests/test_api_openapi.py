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
