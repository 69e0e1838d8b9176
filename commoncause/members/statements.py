"""Members keep their organisation's own statement; curators approve each change; every version is kept.

The statement sits beside the regulators' facts and never replaces them. One service function per
action, used by the pages (and, later, the API): it checks who may act, writes, and audits.
"""

from __future__ import annotations

from collections.abc import Mapping
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
from commoncause.members.areas import GSS_CODE, MAX_AREAS, AreaChoice, areas_by_code
from commoncause.members.membership import is_member
from commoncause.members.models import (
    AREAS_SERVED,
    AREAS_UNRECOGNISED,
    PROFILE_FIELDS,
    AuthorRole,
    EditStatus,
    ProfileEdit,
    ProfileVersion,
    StatementValues,
)
from commoncause.members.notifications import decision_notify, organisation_link
from commoncause.register.models import AreaOfOperation, Organisation
from commoncause.register.services import search_index_refresh

MAX_LENGTH = 5000
STATEMENT_SOURCE = "statement"  # the source of the areas of operation a statement gives


class WaitingEdit(NamedTuple):
    edit: ProfileEdit
    changes: list[FieldChange]


class ProfileEditError(DecisionError):
    """A change that cannot be made: `field` names a bad value; `not_allowed` means the person may not."""


def statement(organisation: Organisation) -> ProfileVersion | None:
    """The last approved version of the organisation's own statement (what the public sees)."""
    return organisation.profile_versions.order_by("-number").first()


def current_values(organisation: Organisation) -> StatementValues:
    """The approved statement's values, every field there ('' or no areas when never said)."""
    version = statement(organisation)
    values: StatementValues = dict(version.values) if version else {}
    current: StatementValues = {field: values.get(field, "") for field in PROFILE_FIELDS}
    current[AREAS_SERVED] = area_codes(values)
    if unrecognised := values.get(AREAS_UNRECOGNISED):
        current[AREAS_UNRECOGNISED] = unrecognised
    return current


def area_codes(values: Mapping[str, object]) -> list[str]:
    """The GSS codes of the areas a statement says the organisation serves."""
    codes = values.get(AREAS_SERVED)
    return [str(code) for code in codes] if isinstance(codes, list) else []


def clean_statement(values: Mapping[str, object]) -> StatementValues:
    """The statement's fields, trimmed and checked (ProfileEditError names a bad one)."""
    cleaned: StatementValues = {}
    for field, label in PROFILE_FIELDS.items():
        if field == AREAS_SERVED:
            cleaned[field] = clean_areas(values.get(field))
            continue
        text = str(values.get(field, "") or "").strip()
        if len(text) > MAX_LENGTH:
            raise ProfileEditError(f"{label} must be {MAX_LENGTH:,} characters or fewer.", field=field)
        if problem := text_problem(text):
            raise ProfileEditError(f"{label} {problem}.", field=field)
        cleaned[field] = text
    if cleaned["public_email"] and "@" not in str(cleaned["public_email"]):
        raise ProfileEditError("Enter an email address like info@example.org.", field="public_email")
    return cleaned


def clean_areas(value: object) -> list[str]:
    """GSS codes of real areas, each once, in the order given (ProfileEditError names an unknown one)."""
    label = PROFILE_FIELDS[AREAS_SERVED]
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ProfileEditError(f"{label}: give a list of the areas' GSS codes.", field=AREAS_SERVED)
    codes = list(dict.fromkeys(code.strip().upper() for code in value if code.strip()))
    if len(codes) > MAX_AREAS:
        raise ProfileEditError(f"{label}: pick {MAX_AREAS} areas or fewer.", field=AREAS_SERVED)
    known = areas_by_code(codes)
    if unknown := [code for code in codes if code not in known]:
        shown = ", ".join(code[:20] if GSS_CODE.match(code) else repr(code[:20]) for code in unknown[:5])
        raise ProfileEditError(f"{label}: no area has the code {shown}.", field=AREAS_SERVED)
    return codes


def readable(values: Mapping[str, object]) -> dict[str, str]:
    """A statement as words: its text fields, and its areas by name (what a person reads and diffs)."""
    words = {field: str(values.get(field, "") or "") for field in PROFILE_FIELDS if field != AREAS_SERVED}
    codes = area_codes(values)
    known = areas_by_code(codes)
    names = [known[code].label if code in known else code for code in codes]
    unrecognised = values.get(AREAS_UNRECOGNISED)
    if isinstance(unrecognised, list) and unrecognised:
        names += [f"{text} (not recognised — pick the area)" for text in unrecognised]
    # Free text from before areas were picked, in a version never migrated: shown as written.
    old_text = values.get(AREAS_SERVED)
    words[AREAS_SERVED] = "; ".join(names) if not isinstance(old_text, str) else old_text
    return words


def _waiting(organisation: Organisation) -> ProfileEdit | None:
    return organisation.profile_edits.filter(status=EditStatus.PENDING).first()


@transaction.atomic
def profile_edit_propose(
    *, user: User, organisation: Organisation, values: Mapping[str, object]
) -> ProfileEdit:
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
    changed = [field for field in PROFILE_FIELDS if before.get(field) != after[field]]
    if before.get(AREAS_UNRECOGNISED) and AREAS_SERVED not in changed:
        changed.append(AREAS_SERVED)  # what was not recognised is gone
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        target=edit,
        target_label=f"Change to {organisation.name}",
        before={field: before.get(field, "") for field in changed},
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
        areas_of_operation_replace(
            actor=curator, organisation=edit.organisation, codes=area_codes(edit.after)
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


def areas_of_operation_replace(*, actor: User | None, organisation: Organisation, codes: list[str]) -> None:
    """The organisation's areas of operation from its statement become these (the regulators' rows are
    left alone); audited, and search finds the organisation by them."""
    existing = organisation.areas.filter(source=STATEMENT_SOURCE)
    before = list(existing.order_by("pk").values_list("gss_code", flat=True))
    if before == codes:
        return
    known = areas_by_code(codes)
    existing.delete()
    AreaOfOperation.objects.bulk_create(
        [_area_row(organisation, known[code]) for code in codes if code in known]
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=organisation,
        target_label=f"Areas {organisation.name} serves, from its statement",
        before={AREAS_SERVED: before},
        after={AREAS_SERVED: codes},
    )
    search_index_refresh(organisation_ids=[organisation.pk])


def _area_row(organisation: Organisation, area: AreaChoice) -> AreaOfOperation:
    return AreaOfOperation(
        organisation=organisation,
        area_type=area.kind,
        name=area.name,
        parent_type="Local Authority" if area.parent else "",
        parent_name=area.parent,
        gss_code=area.code,
        source=STATEMENT_SOURCE,
    )


def changes(before: Mapping[str, object], after: Mapping[str, object]) -> list[FieldChange]:
    """Field by field, what a change to the statement does (areas by name), with a word-level diff."""
    return field_changes(readable(before), readable(after), PROFILE_FIELDS)


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
    previous: StatementValues = {}
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
