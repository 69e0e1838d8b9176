"""API for an organisation's own statement: propose a change (the same service and queue as the pages)."""

from __future__ import annotations

import json
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field as Described
from pydantic import StringConstraints

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest
from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.api_errors import InvalidOut
from commoncause.core.text import CheckedText
from commoncause.members import statements
from commoncause.members.areas import MAX_AREAS
from commoncause.members.models import AREAS_SERVED
from commoncause.register.api import OrganisationKey
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

router = Router()


# The description says what CheckedText refuses where JSON Schema can: a NUL (a lone surrogate it cannot).
Field = Annotated[
    CheckedText,
    StringConstraints(max_length=statements.MAX_LENGTH),
    Described(json_schema_extra={"pattern": "^[^\\u0000]*$"}),
]
AreaCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][0-9]{8}$")]


class StatementIn(Schema):
    """The whole statement, as a JSON object; every field text of at most 5,000 characters, but the areas
    it serves: a list of GSS codes of councils, wards, regions or nations (such as N09000003)."""

    description: Field = ""
    offers: Field = ""
    who_it_helps: Field = ""
    areas_served: list[AreaCode] = Described(default_factory=list, max_length=MAX_AREAS)
    public_email: Field = ""
    public_phone: Field = ""
    website: Field = ""


class EditOut(Schema):
    id: int
    status: str
    proposed_at: str
    changed: list[str]


class ProblemOut(Schema):
    detail: str
    field: str | None = None


class StatementOut(Schema):
    """The statement's values: text, but `areas_served`, a list of GSS codes (and, for a statement from
    before areas were picked, `areas_served_unrecognised`: what it said that names no one area)."""

    version: int | None
    last_confirmed: str | None
    values: dict[str, str | list[str]]


def _is_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw), dict)
    except ValueError:  # not JSON at all: the schema's own check has answered already
        return True


def _refusal(problem: statements.ProfileEditError) -> Status[dict[str, object]]:
    """400 for a bad value (naming the field), 422 for an area no code of which exists (naming the field,
    as for a code of the wrong form), 403 for someone who may not, 409 for the queue's rules."""
    if problem.field == AREAS_SERVED:
        return Status(422, {"detail": str(problem), "field": problem.field})
    if problem.field:
        return Status(400, {"detail": str(problem), "field": problem.field})
    return Status(403 if problem.not_allowed else 409, {"detail": str(problem)})


def _organisation(key: str) -> Organisation:
    organisation = organisation_by_identifier(key)
    if organisation is None:
        raise Http404(f"No organisation has the identifier {key[:80]}.")
    return organisation


@router.get(
    "/{key}/statement",
    response=StatementOut,
    summary="The organisation's own statement, as last approved",
    auth=api_access(PUBLIC),
    operation_id="commoncause_register_api_edits_statement_read",  # as published before the code moved
)
def statement_read(request: HttpRequest, key: OrganisationKey) -> dict[str, object]:
    version = statements.statement(_organisation(key))
    if version is None:
        return {"version": None, "last_confirmed": None, "values": {}}
    return {
        "version": version.number,
        "last_confirmed": version.approved_at.isoformat(),
        "values": version.values,
    }


@router.post(
    "/{key}/statement",
    response={202: EditOut, 400: ProblemOut, 403: ProblemOut, 409: ProblemOut, 422: InvalidOut},
    summary="Propose the organisation's own statement as it should read (a curator approves it)",
    auth=api_access(SIGNED_IN, object_level=True),
    operation_id="commoncause_register_api_edits_statement_propose",  # as published before the code moved
)
def statement_propose(
    request: AuthenticatedHttpRequest, key: OrganisationKey, body: StatementIn
) -> Status[dict[str, object]]:
    """Members of the organisation (and curators) only. The whole statement is sent; fields left out
    are emptied. The change waits for a curator, exactly as one made on the organisation's page."""
    if not _is_object(request.body):  # JSON null, a string, a number or a list is no statement
        return Status(422, {"detail": "Send the statement as a JSON object of its fields.", "field": "body"})
    organisation = _organisation(key)
    try:
        edit = statements.profile_edit_propose(
            user=request.user, organisation=organisation, values=body.dict()
        )
    except statements.ProfileEditError as problem:
        return _refusal(problem)
    changed = [change.field for change in statements.changes(edit.before, edit.after)]
    return Status(
        202,
        {
            "id": edit.pk,
            "status": edit.status,
            "proposed_at": edit.proposed_at.isoformat(),
            "changed": changed,
        },
    )
