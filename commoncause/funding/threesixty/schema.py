"""The 360Giving Data Standard's grant schema, shipped in `data/reference/360giving/`: what is wrong with a
grant, field by field (no network at run time)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = ("reference", "360giving")
REQUIRED = re.compile(r"^'(.+)' is a required property$")


@cache
def grant_validator() -> Draft202012Validator:
    """The 360Giving grant schema, with the package schema's reference to it resolved locally."""
    folder = Path(settings.DATA_DIR).joinpath(*SCHEMA_DIR)
    grant = json.loads((folder / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads((folder / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    # The schema names its dialect with an http:// address; read it as the 2020-12 draft it is.
    resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources(
        [(grant["$id"], resource), (package["properties"]["grants"]["items"]["$ref"], resource)]
    )
    return Draft202012Validator(grant, registry=registry, format_checker=FormatChecker())


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The errors that say what is wrong: for "one of these shapes" rules, those of the nearest shape."""
    if not error.context:
        yield error
        return
    branches: dict[Any, list[ValidationError]] = defaultdict(list)
    for sub in error.context:
        branches[sub.schema_path[0] if sub.schema_path else 0].append(sub)
    for sub in min(branches.values(), key=len):
        yield from _leaves(sub)


def grant_problems(grant: Any) -> list[tuple[str, str]]:
    """(field, message) for each way one grant breaks the standard; [] for a valid grant."""
    found: dict[tuple[str, str], None] = {}
    for top in grant_validator().iter_errors(grant):
        for error in _leaves(top):
            path = [str(part) for part in error.absolute_path]
            missing = REQUIRED.match(error.message) if error.validator == "required" else None
            if missing:
                path.append(missing.group(1))
            found[("/".join(path) or "(grant)", error.message[:200])] = None
    problems = list(found)
    if isinstance(grant, dict) and not problems and award_date(grant.get("awardDate")) is None:
        problems.append(("awardDate", f"{grant.get('awardDate')!r} is not a date"))
    return problems


def award_date(value: Any) -> dt.date | None:
    """The date an ISO date or date-time names, or None."""
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def grant_label(grant: Any) -> str:
    """A grant's id as a message names it."""
    if not isinstance(grant, dict):
        return "(not an object)"
    return str(grant.get("id", "(no id)"))
