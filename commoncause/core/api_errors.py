"""What the API's errors look like: `{"detail": ...}`, as every operation answers them."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """An error: what is wrong, and the parameter it names when it names one."""

    detail: str
    parameter: str | None = None


class InvalidOut(Schema):
    """422: a parameter or the body does not fit the description. `detail` lists each problem (where, what)
    or, for a body that is no JSON object, says so; `field` then names the body."""

    detail: str | list[dict[str, Any]]
    field: str | None = None
