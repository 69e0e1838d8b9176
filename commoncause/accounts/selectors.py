"""Reads about people: their tokens, and the audit log."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from commoncause.accounts.models import ApiToken, AuditEntry


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def audit_entries(*, target_type: str = "", target_id: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    """Audit entries, newest first, optionally for one kind of record, one record or one actor's email."""
    entries = AuditEntry.objects.all()
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if actor:
        entries = entries.filter(actor_label__iexact=actor.strip())
    return entries


def memberships_of(user: User) -> QuerySet:
    """The person's organisation memberships, newest first (the register owns the model; reached
    through the relation so this app does not import it)."""
    return user.memberships.select_related("organisation").order_by("-requested_at")
