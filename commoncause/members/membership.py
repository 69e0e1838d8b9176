"""Joining an organisation: asking, automatic approval by web domain, and curators' decisions.

Writes are plain functions (`membership_*`) that check who may act, change the record and write the
audit log in one transaction; pages and the API call the same functions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from commoncause.accounts.curation import DecisionError, decision_reason
from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record, verified_domain
from commoncause.members.models import Membership, MembershipStatus
from commoncause.members.notifications import decision_notify, organisation_link
from commoncause.register.models import Organisation
from commoncause.register.web_domains import SHARED_HOSTS, website_domain


class MembershipError(DecisionError):
    """A membership request or decision that cannot be made; the message says why."""


def domain_vouches(*, user: User, organisation: Organisation) -> bool:
    """Whether the person's verified address is at the organisation's own web domain."""
    site = website_domain(organisation.website)
    email = verified_domain(user)
    if not site or not email or site in SHARED_HOSTS:
        return False
    return email == site or email.endswith(f".{site}")


def _facts(membership: Membership) -> dict[str, str]:
    return {"person": membership.user.email, "status": membership.status, "reason": membership.reason}


def is_member(user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, status=MembershipStatus.APPROVED
    ).exists()


@transaction.atomic
def membership_request(*, user: User, organisation: Organisation, message: str = "") -> Membership:
    """Ask to join an organisation; approved at once when the person's verified email domain is the
    organisation's web domain, otherwise queued for a curator."""
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None and existing.status != MembershipStatus.REFUSED:
        raise MembershipError("You have already asked to join this organisation.")
    membership = existing or Membership(user=user, organisation=organisation)
    before = _facts(membership) if existing else {}
    membership.message = message.strip()
    membership.status, membership.reason = MembershipStatus.PENDING, ""
    membership.decided_at = membership.decided_by = None
    if domain_vouches(user=user, organisation=organisation):
        membership.status = MembershipStatus.APPROVED
        membership.reason = f"Email address verified at {website_domain(organisation.website)}"
        membership.decided_at = timezone.now()
    membership.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE if existing is None else AuditAction.UPDATE,
        target=membership,
        target_label=f"{user.email} in {organisation.name}",
        before=before,
        after=_facts(membership),
    )
    return membership


@transaction.atomic
def membership_decide(
    *, curator: User, membership: Membership, approve: bool, reason: str = "", base_url: str = ""
) -> Membership:
    """A curator approves a pending request, or refuses it with a reason the person will see; the
    person is emailed the decision (links start with `base_url`)."""
    reason = decision_reason(
        curator=curator,
        still_open=membership.status == MembershipStatus.PENDING,
        approve=approve,
        reason=reason,
        subject="membership requests",
        refusal="the request is refused",
        error=MembershipError,
    )
    before = _facts(membership)
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REFUSED
    membership.reason = reason
    membership.decided_at, membership.decided_by = timezone.now(), curator
    membership.save()
    audit_record(
        actor=curator,
        action=AuditAction.APPROVE if approve else AuditAction.REFUSE,
        target=membership,
        target_label=f"{membership.user.email} in {membership.organisation.name}",
        before=before,
        after=_facts(membership),
    )
    organisation = membership.organisation
    decision_notify(
        person=membership.user,
        subject=f"Your request to join {organisation.name}: {'approved' if approve else 'refused'}",
        template="members/email/membership_decided.txt",
        context={
            "approved": approve,
            "organisation": organisation,
            "reason": reason,
            "link": organisation_link(organisation, base_url=base_url),
        },
    )
    return membership


def memberships_waiting() -> QuerySet[Membership]:
    """Requests waiting for a curator, oldest first."""
    return (
        Membership.objects.filter(status=MembershipStatus.PENDING)
        .select_related("user", "organisation")
        .order_by("requested_at", "pk")
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    """The person's memberships, asked for, approved or refused, newest first."""
    return Membership.objects.filter(user=user).select_related("organisation").order_by("-requested_at")


def memberships_export(user: User) -> list[dict[str, Any]]:
    """What the person's memberships hold about them, for the download of their data."""
    return [
        {
            "organisation": membership.organisation.name,
            "status": membership.status,
            "your_message": membership.message,
            "asked": membership.requested_at.isoformat(),
            "reason": membership.reason,
        }
        for membership in memberships_of(user)
    ]


def memberships_erase(user: User) -> set[str]:
    """Delete the person's memberships. They name no one else, so nothing more is to be forgotten."""
    Membership.objects.filter(user=user).delete()
    return set()
