"""The members' queues a curator works through, with how many items wait in each."""

from __future__ import annotations

from commoncause.accounts.curation_queues import Queue
from commoncause.members.models import EditStatus, GroupProposal, Membership, MembershipStatus, ProfileEdit


def memberships_waiting() -> int:
    return Membership.objects.filter(status=MembershipStatus.PENDING).count()


def groups_waiting() -> int:
    return GroupProposal.objects.filter(status=EditStatus.PENDING).count()


def edits_waiting() -> int:
    return ProfileEdit.objects.filter(status=EditStatus.PENDING).count()


QUEUES = (
    Queue("members:membership_queue", "Membership requests", memberships_waiting, order=10),
    Queue("members:group_queue", "New groups", groups_waiting, order=20),
    Queue("members:profile_edit_queue", "Changes to statements", edits_waiting, order=30),
)
