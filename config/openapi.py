"""The OpenAPI description tells every status an operation can answer, not only its success.

Most errors follow from what an operation is, so they are added here rather than on each operation:
401 for a token that is wrong (any operation reads one), 429 beyond the rate limits, 404 where the path
names a record, 422 where a parameter or the body can be invalid, 400 and 413 where a body is read,
403 where permissions apply, and 503 while an import holds the database (any operation may save). Errors
only one operation gives (a search parameter it cannot understand) are declared on that operation.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel

from commoncause.accounts.access import SIGNED_IN
from commoncause.accounts.api_access import SAFE_METHODS, ApiAccess
from commoncause.accounts.roles import PUBLIC
from commoncause.core.api_errors import ErrorOut, InvalidOut
from commoncause.core.errors import upload_limit

# A string parameter with no limits takes any value: it cannot make a request invalid.
_ANY_STRING = {"type", "title", "default", "description", "example", "examples"}


def _reads_body(details: dict[str, Any]) -> bool:
    return "requestBody" in details


def _may_be_invalid(details: dict[str, Any]) -> bool:
    """Whether some parameter (or the body) can hold a value the operation refuses with 422."""
    if _reads_body(details):
        return True
    for parameter in details["parameters"]:
        schema = parameter["schema"]
        kind = schema.get("items", {}) if schema.get("type") == "array" else schema
        if kind.get("type") != "string" or set(kind) - _ANY_STRING:
            return True
    return False


def _is_public(operation: Operation) -> bool:
    return any(isinstance(a, ApiAccess) and PUBLIC in a.access_rule.allowed for a in operation.auth_callbacks)


def _may_refuse(operation: Operation) -> bool:
    """Whether a known caller can be refused: a rule naming roles, or a change (a read token may not)."""
    for auth in operation.auth_callbacks:
        if isinstance(auth, ApiAccess):
            allowed = auth.access_rule.allowed
            if PUBLIC not in allowed and (allowed - {SIGNED_IN} or set(operation.methods) - SAFE_METHODS):
                return True
    return False


def operation_errors(operation: Operation, details: dict[str, Any]) -> dict[int, str]:
    """The error statuses this operation can answer, each with what it means."""
    errors: dict[int, str] = {}
    if _reads_body(details):
        errors[400] = "The body is not JSON."
        errors[413] = f"The body is over {upload_limit()}."
    if operation.auth_callbacks:
        errors[401] = (
            "The token sent is malformed, unknown or revoked (none is needed)."
            if _is_public(operation)
            else "No API token was sent, or the one sent is malformed, unknown or revoked."
        )
    if _may_refuse(operation):
        errors[403] = "The caller may not do this (a read token may not change anything)."
    if "{" in operation.path:
        errors[404] = "No such record."
    if _may_be_invalid(details):
        errors[422] = "A parameter or the body does not fit this description (each problem is listed)."
    if operation.throttle_objects:
        errors[429] = "Too many calls: try again after the seconds in Retry-After."
    if operation.auth_callbacks:  # a token's last use is saved, which waits while an import writes
        errors[503] = "The register is busy with an update: try again after the seconds in Retry-After."
    return errors


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON Schema, made as django-ninja makes those of the operations' own responses."""
    return model.model_json_schema(
        ref_template=REF_TEMPLATE,
        by_alias=True,
        schema_generator=NinjaGenerateJsonSchema,
        mode="serialization",
    )


def _json_answer(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}}


class _Description(OpenAPISchema):
    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details = super().operation_details(operation)
        responses = details["responses"]
        for status, meaning in operation_errors(operation, details).items():
            model = InvalidOut if status == 422 else ErrorOut
            responses.setdefault(status, {"description": meaning, "content": _json_answer(model)})
        if any(p["name"] == "format" and "csv" in p["schema"].get("enum", []) for p in details["parameters"]):
            responses[200]["content"]["text/csv"] = {"schema": {"type": "string"}}
        return details

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        for model in (ErrorOut, InvalidOut):
            components["schemas"].setdefault(model.__name__, _model_schema(model))
        return components


class DescribedApi(NinjaAPI):
    """django-ninja's API, whose OpenAPI description also lists the errors of each operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _Description(self, path_prefix)
