"""Invitations by email, for staff (here) and for colleagues joining an organisation (the register's).

The link carries a signed reference to the invitation and works for INVITE_DAYS days, once, for a
person signed in with the invited address. Following it proves they receive mail there, so accepting
also confirms their address.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from commoncause.accounts.former_labels import labels_of
from commoncause.accounts.models import (
    AuditAction,
    Council,
    InvitationBase,
    Role,
    StaffInvitation,
    StaffRole,
    VerifiedEmail,
)
from commoncause.accounts.roles import ADMIN, has_role
from commoncause.accounts.services import AccountError, audit_record, email_key, staff_role_grant

Invitation = TypeVar("Invitation", bound=InvitationBase)
INVITE_DAYS = 14
SALT = "accounts.invitation"


def invitation_email(email: str) -> str:
    """The invited address, checked and in the form accounts use."""
    key = email_key(email)
    try:
        validate_email(key)
    except ValidationError:
        raise AccountError("Enter an email address like name@example.org.", field="email") from None
    return key


def invitation_link(invitation: InvitationBase, *, base_url: str, path: str) -> str:
    token = signing.dumps({"kind": invitation._meta.label_lower, "id": invitation.pk}, salt=SALT)
    return f"{base_url.rstrip('/')}/{path.strip('/')}/{token}/"


def invitation_send(invitation: InvitationBase, *, link: str, what: str, by: User) -> None:
    sender = by.get_full_name() or by.email
    send_mail(
        f"You are invited to {what} on Common Cause",
        f"{sender} has invited you to {what}.\n\nOpen this link to accept (it works for {INVITE_DAYS} days, "
        f"once):\n\n{link}\n\nYou will need to sign in, or create an account, with this email address "
        f"({invitation.email}). If you were not expecting this, you can ignore this email.",
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def invitation_find(token: str, model: type[Invitation]) -> Invitation:
    """The invitation a link refers to, if the link is whole, not expired and not used."""
    try:
        found = signing.loads(token, salt=SALT, max_age=INVITE_DAYS * 86400)
    except signing.BadSignature:
        raise AccountError(
            "This invitation link has expired or is not complete. Ask for a new one."
        ) from None
    invitation = model._default_manager.filter(pk=found.get("id")).first()
    if found.get("kind") not in labels_of(model._meta.label_lower) or invitation is None:
        raise AccountError("This invitation no longer exists. Ask for a new one.")
    if invitation.accepted_at is not None:
        raise AccountError("This invitation has been used already.")
    return invitation


def invitation_accepted(invitation: InvitationBase, user: User) -> None:
    """Check the person may accept, then mark the invitation used and their address confirmed."""
    if email_key(user.email) != invitation.email:
        raise AccountError(
            f"This invitation is for {invitation.email}. Sign in with that address to accept it."
        )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    VerifiedEmail.objects.update_or_create(user=user, defaults={"email": user.email})


@transaction.atomic
def staff_invite(
    *, actor: User, email: str, role: str, council: Council | None = None, base_url: str
) -> StaffInvitation:
    """An administrator invites someone to a staff role (officers always for a council), by email."""
    if not has_role(actor, ADMIN):
        raise AccountError("Only administrators invite staff.")
    if role not in Role.values:
        raise AccountError("Choose a role.", field="role")
    if role == Role.OFFICER and council is None:
        raise AccountError("Choose the council the officer works for.", field="council")
    invitation = StaffInvitation.objects.create(
        email=invitation_email(email), role=role, council=council if role == Role.OFFICER else None,
        invited_by=actor,
    )  # fmt: skip
    after = {"email": invitation.email, "role": role, "council": council.slug if council else ""}
    audit_record(actor=actor, action=AuditAction.CREATE, target=invitation, after=after)
    where = f" for {invitation.council}" if invitation.council else ""
    link = invitation_link(invitation, base_url=base_url, path="accounts/invitations")
    invitation_send(invitation, link=link, what=f"join as {invitation.get_role_display()}{where}", by=actor)
    return invitation


@transaction.atomic
def staff_invitation_accept(*, token: str, user: User) -> StaffRole:
    """The invited person, signed in with the invited address, takes up the role."""
    invitation = invitation_find(token, StaffInvitation)
    invitation_accepted(invitation, user)
    audit_record(actor=user, action=AuditAction.APPROVE, target=invitation, after={"accepted": True})
    return staff_role_grant(
        actor=invitation.invited_by, user=user, role=invitation.role, council=invitation.council
    )
