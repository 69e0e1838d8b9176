"""API for an organisation's own statement: propose a change (the same service and queue as the pages)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest
from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.members import statements
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

router = Router()


class StatementIn(Schema):
    description: str = ""
    offers: str = ""
    who_it_helps: str = ""
    areas_served: str = ""
    public_email: str = ""
    public_phone: str = ""
    website: str = ""


class EditOut(Schema):
    id: int
    status: str
    proposed_at: str
    changed: list[str]


class ProblemOut(Schema):
    detail: str
    field: str | None = None


class StatementOut(Schema):
    version: int | None
    last_confirmed: str | None
    values: dict[str, str]


def _refusal(problem: statements.ProfileEditError) -> Status[dict[str, object]]:
    """400 for a bad value (naming the field), 403 for someone who may not, 409 for the queue's rules."""
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
def statement_read(request: HttpRequest, key: str) -> dict[str, object]:
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
    response={202: EditOut, 400: ProblemOut, 403: ProblemOut, 409: ProblemOut},
    summary="Propose the organisation's own statement as it should read (a curator approves it)",
    auth=api_access(SIGNED_IN, object_level=True),
    operation_id="commoncause_register_api_edits_statement_propose",  # as published before the code moved
)
def statement_propose(
    request: AuthenticatedHttpRequest, key: str, body: StatementIn
) -> Status[dict[str, object]]:
    """Members of the organisation (and curators) only. The whole statement is sent; fields left out
    are emptied. The change waits for a curator, exactly as one made on the organisation's page."""
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
