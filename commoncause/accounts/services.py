"""Writes about people: signing up, staff roles, API tokens, and the audit log every change goes into."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone

from commoncause.accounts.models import (
    ApiToken,
    AuditAction,
    AuditEntry,
    Council,
    StaffRole,
    TokenScope,
    VerifiedEmail,
)
from commoncause.core.busy import unless_busy

TOKEN_PREFIX_LENGTH = 8
TOKEN_USE_NOTED_EVERY = dt.timedelta(minutes=1)  # when a token was last used, to the minute
VERIFY_SALT = "accounts.verify-email"
VERIFY_DAYS = 3


class AccountError(Exception):
    """A request about an account that cannot be done; the message says why, for the person."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def email_key(email: str) -> str:
    """The form an email address is stored and compared in."""
    return email.strip().lower()


def _actor_label(actor: User | None) -> str:
    return actor.email if actor is not None and actor.email else ("system" if actor is None else str(actor))


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one audit entry (inside the caller's transaction, so it stands or falls with the change)."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_label = target_label or str(target)[:300]
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_actor_label(actor),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        before=before or {},
        after=after or {},
        note=note,
    )


def _user_facts(user: User) -> dict[str, Any]:
    return {"email": user.email, "name": user.get_full_name(), "active": user.is_active}


@transaction.atomic
def user_sign_up(*, email: str, password: str, full_name: str = "") -> User:
    """Make an account for a member of the public. Passwords are checked by the form's validators."""
    key = email_key(email)
    if User.objects.filter(username=key).exists():
        raise AccountError("An account with this email address already exists.", field="email")
    first, _, last = full_name.strip().partition(" ")
    user = User.objects.create_user(
        username=key, email=key, password=password, first_name=first, last_name=last
    )
    audit_record(
        actor=user, action=AuditAction.CREATE, target=user, target_label=key, after=_user_facts(user)
    )
    return user


@transaction.atomic
def staff_role_grant(
    *, actor: User | None, user: User, role: str, council: Council | None = None
) -> StaffRole:
    """Give a person a staff role (officers always for a council)."""
    granted, _ = StaffRole.objects.get_or_create(user=user, role=role, council=council)
    after = {"user": user.email, "role": role, "council": council.slug if council else ""}
    audit_record(actor=actor, action=AuditAction.CREATE, target=granted, after=after)
    return granted


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str = TokenScope.READ) -> tuple[ApiToken, str]:
    """Make a token; returns it with the secret, which is shown once and never stored."""
    if scope not in TokenScope.values:
        raise AccountError("Choose read or write.", field="scope")
    if not name.strip():
        raise AccountError("Give the token a name, so you know where it is used.", field="name")
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = f"cc_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=prefix, key_hash=_hash(secret), scope=scope
    )
    audit_record(
        actor=user, action=AuditAction.CREATE, target=token, after={"name": token.name, "scope": scope}
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the person's own tokens."""
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise AccountError("No such token.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        target=token,
        before={"revoked": False},
        after={"revoked": True},
    )
    return token


def api_token_user(secret: str) -> tuple[User, ApiToken] | None:
    """The person a presented token belongs to, if it is live; notes when it was last used."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != "cc":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if token is None or not secrets.compare_digest(token.key_hash, _hash(secret)) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_NOTED_EVERY:
        # A read is never held up, or refused, for the sake of this note.
        unless_busy(lambda: ApiToken.objects.filter(pk=token.pk).update(last_used_at=now))
    return token.user, token


def email_verification_link(*, user: User, base_url: str) -> str:
    """A link that proves the person receives mail at their address (valid for VERIFY_DAYS days)."""
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)
    return f"{base_url.rstrip('/')}/accounts/verify/{token}/"


def email_verification_send(*, user: User, base_url: str) -> None:
    link = email_verification_link(user=user, base_url=base_url)
    send_mail(
        "Confirm your email address for Common Cause",
        f"To confirm that {user.email} is your address, open this link (it works for {VERIFY_DAYS} days):\n\n"
        f"{link}\n\nIf you did not make an account, you can ignore this email.",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Mark the address in a verification link as verified."""
    try:
        found = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_DAYS * 86400)
    except signing.BadSignature:
        raise AccountError("This link has expired or is not complete. Ask for a new one.") from None
    user = User.objects.filter(pk=found.get("user"), email=found.get("email")).first()
    if user is None:
        raise AccountError("This link is for an address the account no longer uses.")
    verified, created = VerifiedEmail.objects.update_or_create(user=user, defaults={"email": user.email})
    if created:
        audit_record(actor=user, action=AuditAction.UPDATE, target=user, after={"email_verified": user.email})
    return user


def email_verified(user: User) -> bool:
    """Whether the person has shown they receive mail at the address their account uses."""
    if not user.is_authenticated:
        return False
    return VerifiedEmail.objects.filter(user=user, email=user.email).exists()


def verified_domain(user: User) -> str:
    """The domain of the person's email address, if they have verified it."""
    verified = VerifiedEmail.objects.filter(user=user).first() if user.is_authenticated else None
    if verified is None or verified.email != user.email:
        return ""
    return verified.email.rpartition("@")[2].lower()
