"""Community groups on no register: a person adds one, a curator checks it, and it joins the register
with a stable local identifier (GB-LOCAL-…), its own statement, and its proposer as first member.

Later, a registered body it turns out to be can take it over without losing its history: the local
identifier stays on the organisation beside the regulator's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from commoncause.accounts.curation import decision_reason
from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.members.models import EditStatus, GroupProposal, Membership, MembershipStatus, ProfileVersion
from commoncause.members.notifications import account_link, decision_notify, organisation_link
from commoncause.members.statements import (
    ProfileEditError,
    area_codes,
    areas_of_operation_replace,
    clean_statement,
)
from commoncause.register.identifiers import LOCAL_SCHEME, local_org_id
from commoncause.register.models import Organisation, OrganisationStatus, OrgIdentifier
from commoncause.register.services import search_index_refresh

UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
UNREGISTERED = "Unregistered community group"


def _facts(proposal: GroupProposal) -> dict[str, object]:
    return {
        "name": proposal.name,
        "postcode": proposal.postcode,
        "status": proposal.status,
        **proposal.values,
    }


@transaction.atomic
def group_propose(*, user: User, name: str, postcode: str, values: Mapping[str, object]) -> GroupProposal:
    """Ask for a group on no register to be added. Refused when the register already holds it."""
    name, postcode = " ".join(name.split()), postcode.strip().upper()
    if not name:
        raise ProfileEditError("Enter the group's name.", field="name")
    if not UK_POSTCODE.match(postcode):
        raise ProfileEditError("Enter the postcode where the group meets, like BT1 5GS.", field="postcode")
    org_id = local_org_id(name, postcode)
    if OrgIdentifier.objects.filter(org_id=org_id).exists():
        raise ProfileEditError(f"The register already holds this group ({org_id}).", field="name")
    proposal = GroupProposal.objects.create(
        proposed_by=user, name=name, postcode=postcode, values=clean_statement(values)
    )
    audit_record(actor=user, action=AuditAction.CREATE, target=proposal, after=_facts(proposal))
    return proposal


@transaction.atomic
def group_decide(
    *, curator: User, proposal: GroupProposal, approve: bool, reason: str = "", base_url: str = ""
) -> GroupProposal:
    """A curator adds the group to the register, or refuses it with a reason the proposer sees; the
    proposer is emailed the decision (links start with `base_url`)."""
    reason = decision_reason(
        curator=curator,
        still_open=proposal.status == EditStatus.PENDING,
        approve=approve,
        reason=reason,
        subject="new groups",
        refusal="the group is not added",
        error=ProfileEditError,
    )
    now = timezone.now()
    before = _facts(proposal)
    proposal.status = EditStatus.APPROVED if approve else EditStatus.RETURNED
    proposal.decided_by, proposal.decided_at, proposal.reason = curator, now, reason
    added = _add_to_register(proposal, now, curator) if approve else None
    if added is not None:
        proposal.organisation = added
    proposal.save()
    audit_record(
        actor=curator,
        action=AuditAction.APPROVE if approve else AuditAction.REFUSE,
        target=proposal,
        before=before,
        after={
            **_facts(proposal),
            "org_id": local_org_id(proposal.name, proposal.postcode) if approve else "",
        },
    )
    if added is not None:
        search_index_refresh(organisation_ids=[added.pk])
    decision_notify(
        person=proposal.proposed_by,
        subject=f"{proposal.name}: {'added to the register' if approve else 'not added to the register'}",
        template="members/email/group_decided.txt",
        context={
            "approved": approve,
            "name": proposal.name,
            "reason": reason,
            "link": organisation_link(added, base_url=base_url) if added else account_link(base_url=base_url),
        },
    )
    return proposal


def _add_to_register(proposal: GroupProposal, now: dt.datetime, curator: User) -> Organisation:
    org_id = local_org_id(proposal.name, proposal.postcode)
    organisation = Organisation.objects.create(
        name=proposal.name,
        legal_form=UNREGISTERED,
        status=OrganisationStatus.ACTIVE,
        postcode=proposal.postcode,
        website=proposal.values.get("website", ""),
        activities=proposal.values.get("offers", "") or proposal.values.get("description", ""),
    )
    OrgIdentifier.objects.create(
        org_id=org_id, scheme=LOCAL_SCHEME, value=org_id.removeprefix(f"{LOCAL_SCHEME}-"),
        organisation=organisation, is_primary=True,
    )  # fmt: skip
    ProfileVersion.objects.create(
        organisation=organisation, number=1, values=proposal.values, approved_at=now
    )
    areas_of_operation_replace(actor=curator, organisation=organisation, codes=area_codes(proposal.values))
    if proposal.proposed_by is not None:
        Membership.objects.create(
            user=proposal.proposed_by, organisation=organisation, status=MembershipStatus.APPROVED,
            decided_at=now, reason="Added the group to the register",
        )  # fmt: skip
    return organisation


def groups_waiting() -> QuerySet[GroupProposal]:
    return (
        GroupProposal.objects.filter(status=EditStatus.PENDING).select_related("proposed_by").order_by("pk")
    )
