"""The Open Contracting Data Standard's release package schema (OCDS 1.1.5), shipped in
`data/reference/ocds/` (see its PROVENANCE.md): what is wrong with a package, field by field, with no
network at run time.

The release package refers to the release schema by its address; that address is mapped to the shipped
copy, patched with the Lots extension the export declares (a JSON Merge Patch, as the extension is
applied to the schema by OCDS tools).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

FOLDER = ("reference", "ocds")
VERSION = "1.1"  # the schema's version (1.1.5), as major.minor
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
)


def _read(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        Path(settings.DATA_DIR).joinpath(*FOLDER, name).read_text(encoding="utf-8")
    )
    return loaded


def merge_patch(target: Any, patch: Any) -> Any:
    """`patch` applied to `target` as RFC 7396 says: objects merged key by key, null removing a key,
    anything else replacing what was there."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


@cache
def release_schema() -> dict[str, Any]:
    """The OCDS 1.1.5 release schema with the Lots extension applied."""
    patched: dict[str, Any] = merge_patch(
        _read("release-schema.json"), _read("lots-extension-release-schema.json")
    )
    return patched


@cache
def package_validator() -> Draft4Validator:
    """The release package schema, its releases checked against the shipped (patched) release schema."""
    package = _read("release-package-schema.json")
    release = release_schema()
    resource = DRAFT4.create_resource(release)
    registry: Registry[Any] = Registry().with_resources(
        [(release["id"], resource), (package["properties"]["releases"]["items"]["$ref"], resource)]
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def package_problems(package: Any) -> list[str]:
    """'field: message' for each way a release package breaks the schema; [] for a valid one."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(package)'}: {error.message[:200]}"
        for error in package_validator().iter_errors(package)
    ]
