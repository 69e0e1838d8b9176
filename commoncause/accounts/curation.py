"""What every curator decision shares: who may decide, that it is still open, a reason to refuse, and
what a proposed change does, field by field.

Memberships, changes to statements, new groups, contacts and possible duplicates all wait in a queue
for a curator; each decision is checked here the same way, so the rules (and their wording) cannot
drift apart.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

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


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    diff: list[tuple[str, str]]  # (kind, text): kind is "same", "removed" or "added"


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words of `before` and `after`, marked "same", "removed" or "added"."""
    old, new = before.split(), after.split()
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(new[j1:j2])))
    return parts


def field_changes(before: dict[str, str], after: dict[str, str], labels: dict[str, str]) -> list[FieldChange]:
    """Field by field (`labels` names them and sets their order), what a change does, with a word-level
    diff of each."""
    found = []
    for field, label in labels.items():
        old, new = before.get(field, ""), after.get(field, "")
        if old != new:
            found.append(FieldChange(field, label, old, new, word_diff(old, new)))
    return found
