"""Sign in with an email address: accounts are keyed on the lower-cased address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from commoncause.accounts.services import email_key


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get("email")
        if username is None or password is None:
            return None
        return super().authenticate(request, username=email_key(username), password=password)


def lockout_key(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """What repeated failed sign-ins are counted against: the email address as accounts store it."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return email_key(username) if username else None
