"""The Reconciliation Service API 0.2's JSON Schemas (shipped in data/reconciliation), ready to check with.

The schemas say only `http://json-schema.org/schema#`; they are read as draft 7, each registered under its
`$id` so their references to one another (and to the OpenAPI security-scheme fragment) resolve locally.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

FILES = (
    "manifest",
    "reconciliation-query-batch",
    "reconciliation-result-batch",
    "data-extension-query",
    "data-extension-response",
    "data-extension-property-proposal",
    "suggest-entities-response",
    "suggest-properties-response",
    "suggest-types-response",
    "type",
    "openapi",
)


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "reconciliation" / "0.2" / "schemas"


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads((_folder() / f"{name}.json").read_text(encoding="utf-8")) for name in FILES}


@cache
def _registry() -> Registry:
    resources = [
        (schema["$id"].rstrip("#"), DRAFT7.create_resource(schema)) for schema in _schemas().values()
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str, pointer: str = "") -> Draft7Validator:
    """A validator for one schema file, or for the part of it at a JSON pointer (`#/properties/preview`)."""
    schema = _schemas()[name]
    if pointer:
        schema = {"$ref": schema["$id"].rstrip("#") + pointer}
    return Draft7Validator(schema, registry=_registry())


def problems(name: str, document: Any) -> list[str]:
    """What is wrong with `document` by the named schema, each as `where: what` (none when it is valid)."""
    found = sorted(validator(name).iter_errors(document), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}" for error in found]
