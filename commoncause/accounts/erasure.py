"""Erasing a person's data on request, and forgetting personal values in the audit log.

The audit log stays lawful and minimal: after an erasure it still says who did what to which record
and when, but a person's name, email address and phone number are replaced with "[erased]".
"""

from __future__ import annotations

import json

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from commoncause.accounts.models import AuditAction, AuditEntry, StaffInvitation
from commoncause.accounts.personal_data import holders
from commoncause.accounts.services import AccountError, audit_record

SHORTEST_VALUE = 3  # shorter values (initials, "Al") would erase unrelated words


def _forms(value: str) -> set[str]:
    """A value as typed and as it is written inside stored JSON (non-ASCII letters escaped)."""
    return {value, json.dumps(value)[1:-1]}


def audit_forget(values: set[str]) -> int:
    """Replace these personal values in every audit entry holding them; returns how many changed."""
    values = {value.strip() for value in values if value and len(value.strip()) >= SHORTEST_VALUE}
    if not values:
        return 0
    holding = Q()
    for value in values:
        for form in _forms(value):
            for field in ("actor_label", "target_label", "before_text", "after_text", "note"):
                holding |= Q(**{f"{field}__icontains": form})
    entries = AuditEntry.objects.annotate(
        before_text=Cast("before", TextField()), after_text=Cast("after", TextField())
    ).filter(holding)
    return entries.redact(values)


@transaction.atomic
def person_erase(*, user: User, password: str) -> int:
    """Erase a person's account and everything held about them, at their own request.

    Needs their password. Memberships, tokens and roles go with the account; each app's holder erases
    what it keeps (contacts naming them); the audit log forgets their personal values and records the
    erasure itself. Returns the number of audit entries changed.
    """
    if not user.check_password(password):
        raise AccountError("Enter your password to confirm it is you.", field="password")
    values = {user.email, user.get_full_name()}
    for holder in holders():
        values |= holder.erase(user)
    user_id = user.pk
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    StaffInvitation.objects.filter(email__iexact=user.email).delete()
    user.delete()
    changed = audit_forget(values)
    audit_record(
        actor=None,
        action=AuditAction.ERASE,
        target_type="auth.user",
        target_id=str(user_id),
        target_label="Erased person",
        after={"audit_entries_redacted": changed},
        note="Account and personal data erased at the person's request.",
    )
    return changed
