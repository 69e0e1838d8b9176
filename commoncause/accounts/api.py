"""Accounts API: who the caller is, as the service sees them."""

from ninja import Router, Schema

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest
from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import staff_roles

router = Router()


class CallerOut(Schema):
    email: str
    roles: list[str]


@router.get(
    "", response=CallerOut, summary="The person the token or session belongs to", auth=api_access(SIGNED_IN)
)
def me(request: AuthenticatedHttpRequest) -> dict[str, object]:
    return {"email": request.user.email, "roles": sorted(staff_roles(request.user))}
