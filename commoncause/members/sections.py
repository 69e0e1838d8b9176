"""What members add to the organisation page: the organisation's own statement (and, for its members
and curators, a link to change it), and "Is this your organisation?" with the person's membership."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest

from commoncause.accounts.roles import is_curator
from commoncause.core.sections import Section
from commoncause.linkage.merge import MergeStep
from commoncause.members import membership, statements
from commoncause.members.models import PROFILE_FIELDS, Membership, MembershipStatus
from commoncause.register.models import Organisation


def _my_membership(request: HttpRequest, organisation: Organisation) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    return organisation.memberships.filter(user=request.user).first()


def organisation_statement(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    """The newest approved statement; members and curators may change it; a person who proposed a
    change sees it waiting."""
    mine = _my_membership(request, organisation)
    version = statements.statement(organisation)
    return {
        "statement": version,
        "statement_words": statements.readable(version.values) if version else {},
        "statement_labels": PROFILE_FIELDS,
        "can_edit": (mine is not None and mine.status == MembershipStatus.APPROVED)
        or is_curator(request.user),
        "my_waiting_edits": statements.edits_waiting_by(request.user, organisation),
    }


def organisation_own_description(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The organisation's own description, for "What it does" when the register's sources publish none."""
    if organisation.activities:
        return None
    version = statements.statement(organisation)
    if version is None or not version.values.get("description"):
        return None
    return {"own_description": version}


def organisation_membership(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    """The person's own membership of the organisation, if they asked for one."""
    return {"my_membership": _my_membership(request, organisation)}


def account_organisations(request: HttpRequest, user: User) -> dict[str, Any]:
    """The organisations the person asked to join, what became of each request, and the changes to
    their pages the person proposed that still wait for a curator."""
    return {
        "memberships": membership.memberships_of(user),
        "my_waiting_edits": statements.edits_waiting_by(user),
    }


STATEMENT_SECTION = Section(
    name="statement",
    slot="after_sources",
    order=10,
    template="members/_organisation_statement.html",
    context=organisation_statement,
)
OWN_DESCRIPTION_SECTION = Section(
    name="own_description",
    slot="what_it_does",
    order=10,
    template="members/_organisation_own_description.html",
    context=organisation_own_description,
)
MEMBERSHIP_SECTION = Section(
    name="membership",
    slot="after_sources",
    order=40,
    template="members/_organisation_membership.html",
    context=organisation_membership,
)
ACCOUNT_SECTION = Section(
    name="organisations",
    slot="after_details",
    order=10,
    template="members/_account_organisations.html",
    context=account_organisations,
)
# A group's statement versions come first in the history of the body it is linked into.
STATEMENT_VERSIONS_STEP = MergeStep(
    name="versions_shift", link=statements.versions_make_room, unlink=statements.versions_give_back
)
