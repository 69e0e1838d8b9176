"""Every page and API operation declares who may use it, and a test walks them all.

`@access(...)` on a view (or an API operation) records the rule and enforces it: people not signed in
are sent to sign in (pages) or answered 401 (API); signed-in people without the role get 403. A rule
that depends on the record (a member of *this* organisation) is declared with `object_level=True`
and checked by the view through a service, and the declaration still says who may try.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from commoncause.accounts.roles import ALL_ROLES, PUBLIC, has_role

SIGNED_IN = "signed_in"  # anyone with an account, whatever their roles


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view or API operation whose rule admits only signed-in people (any rule without
    `public`): its `user` is a `User`, never `AnonymousUser`. An annotation only; Django makes the object.

    A test checks that no public route is annotated with it.
    """

    user: User


Request = TypeVar("Request", bound=HttpRequest)
Params = ParamSpec("Params")
View = Callable[Concatenate[Request, Params], HttpResponseBase]  # a page view, its request type kept


@dataclass(frozen=True)
class Rule:
    """Who may use a route: `public`, `signed_in`, or staff roles; `object_level` when the view
    also checks the record (such as membership of the organisation it changes)."""

    allowed: frozenset[str]
    object_level: bool = False

    def permits(self, user: User | AnonymousUser) -> bool:
        if PUBLIC in self.allowed:
            return True
        if not user.is_authenticated or not user.is_active:
            return False
        if SIGNED_IN in self.allowed:
            return True
        return has_role(user, *self.allowed)


def rule(*allowed: str, object_level: bool = False) -> Rule:
    unknown = set(allowed) - {*ALL_ROLES, SIGNED_IN}
    if unknown or not allowed:
        raise ValueError(f"unknown roles in an access rule: {sorted(unknown) or 'none given'}")
    return Rule(frozenset(allowed), object_level)


def access(
    *allowed: str, object_level: bool = False
) -> Callable[[View[Request, Params]], View[Request, Params]]:
    """Declare and enforce who may use a page view."""
    declared = rule(*allowed, object_level=object_level)

    def decorate(view: View[Request, Params]) -> View[Request, Params]:
        @wraps(view)
        def wrapped(request: Request, /, *args: Params.args, **kwargs: Params.kwargs) -> HttpResponseBase:
            if not declared.permits(request.user):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied("You do not have access to this page.")
            return view(request, *args, **kwargs)

        wrapped.access_rule = declared  # type: ignore[attr-defined]  # read back by access_rule()
        return wrapped

    return decorate


def access_rule(view: Callable) -> Rule | None:
    """The rule a view declared (on a class-based view, on its `dispatch`)."""
    if hasattr(view, "view_class"):
        view = view.view_class.dispatch
    return getattr(view, "access_rule", None)
