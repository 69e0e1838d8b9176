"""Members keep their organisation's own statement; curators approve each change; every version is kept.

The statement sits beside the regulators' facts and never replaces them. One service function per
action, used by the pages (and, later, the API): it checks who may act, writes, and audits.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from commoncause.accounts.curation import DecisionError, FieldChange, decision_reason, field_changes
from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import is_curator
from commoncause.accounts.services import audit_record
from commoncause.core.text import text_problem
from commoncause.members.membership import is_member
from commoncause.members.models import PROFILE_FIELDS, AuthorRole, EditStatus, ProfileEdit, ProfileVersion
from commoncause.members.notifications import decision_notify, organisation_link
from commoncause.register.models import Organisation

MAX_LENGTH = 5000


class WaitingEdit(NamedTuple):
    edit: ProfileEdit
    changes: list[FieldChange]


class ProfileEditError(DecisionError):
    """A change that cannot be made: `field` names a bad value; `not_allowed` means the person may not."""


def statement(organisation: Organisation) -> ProfileVersion | None:
    """The last approved version of the organisation's own statement (what the public sees)."""
    return organisation.profile_versions.order_by("-number").first()


def current_values(organisation: Organisation) -> dict[str, str]:
    version = statement(organisation)
    return {field: (version.values.get(field, "") if version else "") for field in PROFILE_FIELDS}


def clean_statement(values: dict[str, str]) -> dict[str, str]:
    """The statement's fields, trimmed and checked (ProfileEditError names a bad one)."""
    cleaned = {}
    for field, label in PROFILE_FIELDS.items():
        text = str(values.get(field, "") or "").strip()
        if len(text) > MAX_LENGTH:
            raise ProfileEditError(f"{label} must be {MAX_LENGTH:,} characters or fewer.", field=field)
        if problem := text_problem(text):
            raise ProfileEditError(f"{label} {problem}.", field=field)
        cleaned[field] = text
    if cleaned["public_email"] and "@" not in cleaned["public_email"]:
        raise ProfileEditError("Enter an email address like info@example.org.", field="public_email")
    return cleaned


def _waiting(organisation: Organisation) -> ProfileEdit | None:
    return organisation.profile_edits.filter(status=EditStatus.PENDING).first()


@transaction.atomic
def profile_edit_propose(*, user: User, organisation: Organisation, values: dict[str, str]) -> ProfileEdit:
    """A member proposes the organisation's statement as it should read; a curator then decides."""
    if not (is_member(user, organisation) or is_curator(user)):
        raise ProfileEditError("Only the organisation's members can change its page.", not_allowed=True)
    if _waiting(organisation) is not None:
        raise ProfileEditError("A change to this page is already waiting for a curator.")
    before, after = current_values(organisation), clean_statement(values)
    if before == after:
        raise ProfileEditError("Nothing has changed.")
    role = AuthorRole.MEMBER if is_member(user, organisation) else AuthorRole.CURATOR
    edit = ProfileEdit.objects.create(
        organisation=organisation, proposed_by=user, proposed_as=role, before=before, after=after
    )
    changed = [field for field in PROFILE_FIELDS if before[field] != after[field]]
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        target=edit,
        target_label=f"Change to {organisation.name}",
        before={field: before[field] for field in changed},
        after={field: after[field] for field in changed},
    )
    return edit


@transaction.atomic
def profile_edit_decide(
    *, curator: User, edit: ProfileEdit, approve: bool, reason: str = "", base_url: str = ""
) -> ProfileEdit:
    """A curator approves a proposed change (it becomes the next version) or sends it back with a reason;
    the member who proposed it is emailed the decision (links start with `base_url`)."""
    reason = decision_reason(
        curator=curator,
        still_open=edit.status == EditStatus.PENDING,
        approve=approve,
        reason=reason,
        subject="changes",
        refusal="the change is sent back",
        error=ProfileEditError,
    )
    now = timezone.now()
    edit.status = EditStatus.APPROVED if approve else EditStatus.RETURNED
    edit.decided_by, edit.decided_at, edit.reason = curator, now, reason
    edit.save()
    if approve:
        latest = statement(edit.organisation)
        ProfileVersion.objects.create(
            organisation=edit.organisation,
            number=(latest.number if latest else 0) + 1,
            values=edit.after,
            edit=edit,
            approved_at=now,
        )
    audit_record(
        actor=curator,
        action=AuditAction.APPROVE if approve else AuditAction.REFUSE,
        target=edit,
        target_label=f"Change to {edit.organisation.name}",
        before={"status": EditStatus.PENDING},
        after={"status": edit.status, "reason": edit.reason},
    )
    decision_notify(
        person=edit.proposed_by,
        subject=f"Your change to {edit.organisation.name}'s page: {'approved' if approve else 'sent back'}",
        template="members/email/statement_decided.txt",
        context={
            "approved": approve,
            "organisation": edit.organisation,
            "reason": reason,
            "link": organisation_link(edit.organisation, base_url=base_url),
        },
    )
    return edit


def changes(before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    """Field by field, what a change to the statement does, with a word-level diff of each."""
    return field_changes(before, after, PROFILE_FIELDS)


def edits_waiting() -> QuerySet[ProfileEdit]:
    return ProfileEdit.objects.filter(status=EditStatus.PENDING).select_related("organisation", "proposed_by")


def edits_waiting_by(
    user: User | AnonymousUser, organisation: Organisation | None = None
) -> list[WaitingEdit]:
    """The person's own proposed changes still waiting for a curator (of one organisation, or all), each
    with what it proposes field by field. Nobody else's: a waiting change is its author's to see."""
    if not user.is_authenticated:
        return []
    found = ProfileEdit.objects.filter(proposed_by=user, status=EditStatus.PENDING)
    if organisation is not None:
        found = found.filter(organisation=organisation)
    return [
        WaitingEdit(edit, changes(edit.before, edit.after))
        for edit in found.select_related("organisation").order_by("-proposed_at", "-pk")
    ]


def history(organisation: Organisation) -> list[tuple[ProfileVersion, list[FieldChange]]]:
    """Every approved version, newest first, each with what it changed from the one before."""
    versions = list(
        organisation.profile_versions.select_related("edit__proposed_by", "edit__decided_by").order_by(
            "number"
        )
    )
    result: list[tuple[ProfileVersion, list[FieldChange]]] = []
    previous: dict[str, str] = {}
    for version in versions:
        result.append((version, changes(previous, version.values)))
        previous = version.values
    return list(reversed(result))


class Authorship(NamedTuple):
    """Who wrote and who approved a version: roles for everyone, and the people's addresses for curators."""

    written_by: str
    approved_by: str
    writer: str = ""
    approver: str = ""


def authorship(version: ProfileVersion, *, with_names: bool) -> Authorship:
    """Roles, never names, unless `with_names` (curators, who see the audit log anyway). A version with no
    change behind it is the first statement of a group a person added to the register."""
    edit = version.edit
    if edit is None:
        return Authorship("the person who added the group to the register", "a curator")
    writer = edit.proposed_by.email if with_names and edit.proposed_by else ""
    approver = edit.decided_by.email if with_names and edit.decided_by else ""
    return Authorship(edit.get_proposed_as_display(), "a curator", writer, approver)


def versions_make_room(source: Organisation, target: Organisation) -> list[int]:
    """When `source` is linked into `target`, its statement versions come first in the body's history:
    the body's own move up by as many. Returns the shift, to undo it."""
    shift = max(source.profile_versions.values_list("number", flat=True), default=0)
    if shift:
        for version in target.profile_versions.order_by("-number"):
            ProfileVersion.objects.filter(pk=version.pk).update(number=F("number") + shift)
    return [shift]


def versions_give_back(source: Organisation, target: Organisation, remembered: list[int]) -> None:
    """Undo `versions_make_room` once the source's versions have gone back: the body's own versions get
    their numbers back."""
    shift = remembered[0] if remembered else 0
    if shift:
        for version in target.profile_versions.order_by("number"):
            ProfileVersion.objects.filter(pk=version.pk).update(number=F("number") - shift)
