"""What every page needs to know about the person: which staff links to show."""

from django.http import HttpRequest

from commoncause.accounts.roles import is_curator, staff_roles


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None:
        return {"user_is_curator": False, "user_staff_roles": frozenset()}
    return {"user_is_curator": is_curator(user), "user_staff_roles": staff_roles(user)}
