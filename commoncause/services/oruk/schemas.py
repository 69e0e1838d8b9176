"""The Open Referral UK 3.0 schemas, shipped in `data/openreferral/`, ready to check a document with.

Two sets are read, both without network:
- the UK profile's compiled schemas (`oruk-3.0/schema/compiled/`), self-contained: a fully nested
  service, organisation or service at location, and one item of each list;
- the schemas the ORUK validator applies to an API (`oruk-validator/Schemas/V3.0-UK/`): the same objects,
  the page wrapper of each list with its items, and `api_details.json` for `GET /`.

The validator's `organization_list.json` describes one organisation, not a page (it requires `id`, `name`
and `description` of the page itself), so a page of organisations is checked as every other page is:
the page wrapper of the standard's OpenAPI description (`components/schemas/Page`), and each item against
the compiled `organization_list.json`.

Formats are checked where jsonschema can without extra packages (`uuid`, `email`, `date-time`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker

# What each kind of document is checked against: (folder, file).
COMPILED = ("oruk-3.0", "schema", "compiled")
VALIDATOR = ("oruk-validator", "Schemas", "V3.0-UK")
SCHEMAS: dict[str, tuple[tuple[str, ...], str]] = {
    "api_details": (VALIDATOR, "api_details.json"),
    "service": (VALIDATOR, "service.json"),
    "service_page": (VALIDATOR, "service_list.json"),
    "service_list_item": (COMPILED, "service_list.json"),
    "service_at_location": (VALIDATOR, "service_at_location.json"),
    "service_at_location_page": (VALIDATOR, "service_at_location_list.json"),
    "service_at_location_list_item": (COMPILED, "service_at_location_list.json"),
    "organization": (VALIDATOR, "organization.json"),
    "organization_list_item": (COMPILED, "organization_list.json"),
    "taxonomy": (VALIDATOR, "taxonomy.json"),
    "taxonomy_page": (VALIDATOR, "taxonomy_list.json"),
    "taxonomy_term": (VALIDATOR, "taxonomy_term.json"),
    "taxonomy_term_page": (VALIDATOR, "taxonomy_term_list.json"),
    "compiled_service": (COMPILED, "service.json"),
    "compiled_organization": (COMPILED, "organization.json"),
    "compiled_service_at_location": (COMPILED, "service_at_location.json"),
}
PAGE_KEYS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")


class Problem(NamedTuple):
    path: str  # where in the document: "contents/3/email", or "(top)"
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def folder() -> Path:
    return Path(settings.DATA_DIR) / "openreferral"


@cache
def schema(kind: str) -> dict[str, Any]:
    place, name = SCHEMAS[kind]
    loaded: dict[str, Any] = json.loads(folder().joinpath(*place, name).read_text(encoding="utf-8"))
    return loaded


@cache
def page_schema() -> dict[str, Any]:
    """The page wrapper of every list, from the standard's OpenAPI description."""
    openapi = json.loads((folder() / "oruk-3.0" / "schema" / "openapi.json").read_text(encoding="utf-8"))
    page: dict[str, Any] = openapi["components"]["schemas"]["Page"]
    return {**page, "required": list(PAGE_KEYS)}


@cache
def _validator(kind: str) -> Draft202012Validator:
    found = page_schema() if kind == "page" else schema(kind)
    return Draft202012Validator(found, format_checker=FormatChecker())


def _path(parts: Any) -> str:
    return "/".join(str(part) for part in parts) or "(top)"


def problems(kind: str, document: Any) -> list[Problem]:
    """What is wrong with `document` as the named kind (see SCHEMAS); [] when it is valid."""
    found = sorted(
        _validator(kind).iter_errors(document), key=lambda error: [str(p) for p in error.absolute_path]
    )
    return [Problem(_path(error.absolute_path), error.message[:300]) for error in found]


def page_problems(item_kind: str, document: Any) -> list[Problem]:
    """What is wrong with a page of a list: its wrapper, and each item as `item_kind` (such as
    `organization_list_item`), the items' paths starting `contents/<n>`."""
    found = problems("page", document)
    contents = document.get("contents") if isinstance(document, dict) else None
    if not isinstance(contents, list):
        return [*found, Problem("contents", "a page must have a list of contents")]
    for position, item in enumerate(contents):
        found += [
            Problem(f"contents/{position}" + ("" if p.path == "(top)" else f"/{p.path}"), p.message)
            for p in problems(item_kind, item)
        ]
    return found
