"""Reads about people: their tokens, and the audit log."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from commoncause.accounts.former_labels import labels_of
from commoncause.accounts.models import ApiToken, AuditEntry, Council, Role, VerifiedEmail
from commoncause.accounts.personal_data import holders


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def audit_entries(*, target_type: str = "", target_id: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    """Audit entries, newest first, optionally for one kind of record, one record or one actor's email."""
    entries = AuditEntry.objects.all()
    if target_type:
        entries = entries.filter(target_type__in=labels_of(target_type))
    if target_id:
        entries = entries.filter(target_id=target_id)
    if actor:
        entries = entries.filter(actor_label__iexact=actor.strip())
    return entries


def data_held_about(user: User) -> dict:
    """Everything the service holds about a person, as plain data they can download."""
    verified = VerifiedEmail.objects.filter(user=user).first()
    return {
        "account": {
            "email": user.email,
            "name": user.get_full_name(),
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
            "email_confirmed": verified.verified_at.isoformat() if verified else None,
        },
        "staff_roles": [
            {"role": role.role, "council": role.council.name if role.council else None}
            for role in user.staff_roles.select_related("council")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "scope": token.scope,
                "made": token.created_at.isoformat(),
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in api_tokens_of(user)
        ],
        "changes_you_made": [
            {
                "at": entry.at.isoformat(),
                "action": entry.action,
                "record": entry.target_label,
                "after": entry.after,
            }
            for entry in AuditEntry.objects.filter(actor=user).order_by("at")
        ],
        **{holder.name: holder.export(user) for holder in holders()},
    }


def officer_area_codes(user: User) -> list[str]:
    """The area codes of every council the person is an officer of (a council's tenancy)."""
    codes: list[str] = []
    for council in Council.objects.filter(staff__user=user, staff__role=Role.OFFICER).distinct():
        codes += council.area_codes
    return codes
