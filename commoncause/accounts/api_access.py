"""Who may use an API operation: declared on each operation, enforced the same way as pages.

A caller is the person whose API token is in `Authorization: Bearer <token>`, else the person signed in
to the site in the same browser, else nobody. Read tokens may only read; writes need a write token (or a
signed-in session, which django-ninja protects with CSRF). Refusals are JSON: 401 when nobody is known,
403 when the person may not; both before the body is looked at.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security.base import AuthBase
from ninja.throttling import BaseThrottle, SimpleRateThrottle
from ninja.utils import check_csrf

from commoncause.accounts.access import Rule, rule
from commoncause.accounts.models import TokenScope
from commoncause.accounts.roles import PUBLIC
from commoncause.accounts.services import api_token_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiRefusal(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def api_caller(request: HttpRequest) -> tuple[User | AnonymousUser, str | None]:
    """(the person calling, the scope of their token or None for a session). Raises ApiRefusal for a bad
    token: a token that is wrong must not quietly fall back to being anonymous."""
    header = request.headers.get("Authorization", "")
    if header:
        kind, _, secret = header.partition(" ")
        if kind.lower() != "bearer" or not secret.strip():
            raise ApiRefusal(401, "Send the token as 'Authorization: Bearer <token>'.")
        found = api_token_user(secret.strip())
        if found is None:
            raise ApiRefusal(401, "That token is not valid, or has been revoked.")
        user, token = found
        return user, token.scope
    return getattr(request, "user", None) or AnonymousUser(), None


class ApiAccess(AuthBase):
    """The access rule of one API operation, run by django-ninja before it reads the request body."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self, declared: Rule, *, stores_nothing: bool = False) -> None:
        self.access_rule = declared
        self.stores_nothing = stores_nothing  # a POST that only computes an answer: as safe as a read
        super().__init__()
        if PUBLIC in declared.allowed:  # open to anyone: the OpenAPI document asks for no credentials
            del self.openapi_security_schema

    def __call__(self, request: HttpRequest) -> User | _Anonymous:
        try:
            user, scope = api_caller(request)
        except ApiRefusal as refusal:
            raise HttpError(refusal.status, refusal.detail) from None
        request.user = user
        unsafe = request.method not in SAFE_METHODS and not self.stores_nothing
        if unsafe and scope == TokenScope.READ:
            raise HttpError(403, "This token may only read. Make a token with write access.")
        if unsafe and scope is None and user.is_authenticated and check_csrf(request) is not None:
            raise HttpError(403, "The form has expired: reload the page and try again (CSRF).")
        if self.access_rule.permits(user):
            return user if user.is_authenticated else ANONYMOUS
        if not user.is_authenticated:
            raise HttpError(401, "Sign in or send an API token.")
        raise HttpError(403, "You do not have access to this.")


class _Anonymous:
    """What a public operation's check gives for a caller nobody knows (django-ninja wants a true value)."""


ANONYMOUS = _Anonymous()


def api_access(*allowed: str, object_level: bool = False, stores_nothing: bool = False) -> ApiAccess:
    """Who may call an API operation: `@router.get(..., auth=api_access(PUBLIC))`. An operation that
    `stores_nothing` (a POST that only computes an answer) is open to read tokens and needs no CSRF."""
    return ApiAccess(rule(*allowed, object_level=object_level), stores_nothing=stores_nothing)


class AnonymousCallerThrottle(SimpleRateThrottle):
    """Limits calls by people nobody knows, per IP address."""

    scope = "anonymous"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PersonThrottle(SimpleRateThrottle):
    """Limits calls by one person, whichever of their tokens (or their session) they use."""

    scope = "person"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


def api_throttles() -> list[BaseThrottle]:
    """The API's rate limits, from settings (`API_RATE_ANONYMOUS`, `API_RATE_SIGNED_IN`)."""
    return [AnonymousCallerThrottle(settings.API_RATE_ANONYMOUS), PersonThrottle(settings.API_RATE_SIGNED_IN)]
