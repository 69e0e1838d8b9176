"""Members invite colleagues to their organisation; the colleague accepts from the emailed link."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from commoncause.accounts.invitations import (
    invitation_accepted,
    invitation_email,
    invitation_find,
    invitation_link,
    invitation_send,
)
from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import is_curator
from commoncause.accounts.services import AccountError, audit_record
from commoncause.members.membership import is_member
from commoncause.members.models import MemberInvitation, Membership, MembershipStatus
from commoncause.register.models import Organisation

INVITATION_PATH = "invitations"


@transaction.atomic
def member_invite(*, user: User, organisation: Organisation, email: str, base_url: str) -> MemberInvitation:
    """A member (or a curator) invites a colleague by email to join the organisation."""
    if not (is_member(user, organisation) or is_curator(user)):
        raise AccountError("Only the organisation's members can invite colleagues.")
    address = invitation_email(email)
    if organisation.memberships.filter(user__email=address, status=MembershipStatus.APPROVED).exists():
        raise AccountError(f"{address} is a member already.", field="email")
    invitation = MemberInvitation.objects.create(email=address, organisation=organisation, invited_by=user)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        target=invitation,
        target_label=f"Invitation to join {organisation.name}",
        after={"email": address},
    )
    link = invitation_link(invitation, base_url=base_url, path=INVITATION_PATH)
    invitation_send(invitation, link=link, what=f"join {organisation.name} on its page", by=user)
    return invitation


@transaction.atomic
def member_invitation_accept(*, token: str, user: User) -> Membership:
    """The colleague, signed in with the invited address, becomes a member at once: a member vouched."""
    invitation = invitation_find(token, MemberInvitation)
    invitation_accepted(invitation, user)
    membership, created = Membership.objects.get_or_create(user=user, organisation=invitation.organisation)
    before = {} if created else {"status": membership.status}
    membership.status, membership.decided_at = MembershipStatus.APPROVED, timezone.now()
    membership.decided_by = invitation.invited_by
    inviter = invitation.invited_by.email if invitation.invited_by else "a former member"
    membership.reason = f"Invited by {inviter}"
    membership.save()
    audit_record(
        actor=user,
        action=AuditAction.APPROVE,
        target=membership,
        target_label=f"{user.email} in {invitation.organisation.name}",
        before=before,
        after={"status": membership.status, "reason": membership.reason},
    )
    return membership


def invitations_export(user: User) -> list[dict[str, str | None]]:
    """For the person's data download: invitations sent to their address."""
    return [
        {
            "organisation": invitation.organisation.name,
            "sent": invitation.created_at.isoformat(),
            "accepted": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
        }
        for invitation in MemberInvitation.objects.filter(email__iexact=user.email).select_related(
            "organisation"
        )
    ]


def invitations_erase(user: User) -> set[str]:
    """For erasing the person: delete invitations sent to their address."""
    MemberInvitation.objects.filter(email__iexact=user.email).delete()
    return set()
