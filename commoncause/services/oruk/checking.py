"""A document checked against the standard's schema quickly: the verdict of a compiled validator, and
the checker's own words (`schemas.problems`) for a document it refuses.

A feed of 50,000 services is checked in well under a second by `jsonschema_rs` (shipped with the
locked dependencies), where the pure-Python validator takes most of a minute. Only a document the fast
validator refuses is checked again by `schemas.problems`, which decides: so a document is refused only
when `schemas.problems` finds something wrong with it, and the message is the same either way. (The
fast validator checks formats at least as strictly as the other, so it passes no document the other
refuses.) Without `jsonschema_rs`, every document is checked by `schemas.problems` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from commoncause.services.oruk.schemas import Problem, page_schema, problems, schema

Valid = Callable[[Any], bool]


@cache
def _fast(kind: str) -> Valid | None:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - an install without it: the slower check alone
        return None
    validator = jsonschema_rs.validator_for(
        page_schema() if kind == "page" else schema(kind), validate_formats=True
    )
    return validator.is_valid


def document_problems(kind: str, document: Any) -> list[Problem]:
    """What is wrong with `document` as the named kind of `schemas.SCHEMAS`; [] when it is valid."""
    fast = _fast(kind)
    if fast is not None and fast(document):
        return []
    return problems(kind, document)
