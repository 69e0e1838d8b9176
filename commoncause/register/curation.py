"""What every curator decision shares: who may decide, that it is still open, and a reason to refuse.

Memberships, changes to statements, new groups and contacts all wait in a queue for a curator; each
decision is checked here the same way, so the rules (and their wording) cannot drift apart.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from commoncause.accounts.roles import is_curator


class DecisionError(Exception):
    """A request or decision that cannot be made: `field` names a bad value; `not_allowed` means the
    person may not do it at all."""

    def __init__(self, message: str, *, field: str | None = None, not_allowed: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.not_allowed = not_allowed


def decision_reason(
    *,
    curator: User,
    still_open: bool,
    approve: bool,
    reason: str,
    subject: str,
    refusal: str,
    error: type[DecisionError] = DecisionError,
) -> str:
    """Check that `curator` may decide now; returns the trimmed reason.

    `subject` names what is decided in the plural ("membership requests"); `refusal` says what a refusal
    does ("the request is refused"), for the message asking for a reason.
    """
    if not is_curator(curator):
        raise error(f"Only curators decide on {subject}.", not_allowed=True)
    if not still_open:
        raise error("This has been decided already.")
    if not approve and not reason.strip():
        raise error(f"Say why {refusal}: the person will see it.", field="reason")
    return reason.strip()
