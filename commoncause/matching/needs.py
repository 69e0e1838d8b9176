"""Posting and changing needs (writes), each audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record
from commoncause.matching.models import Need, NeedKind, NeedStatus, PosterKind
from commoncause.register.models import Organisation

FIELDS = (
    "kind", "poster_kind", "funder_name", "title", "description", "outcomes", "who", "areas",
    "budget_min", "budget_max", "starts", "ends", "closes", "income_below", "income_from",
    "legal_forms", "themes", "pays_for", "status",
)  # fmt: skip


def _facts(need: Need) -> dict[str, Any]:
    facts = {name: getattr(need, name) for name in FIELDS}
    facts["council"] = need.council.name if need.council is not None else ""
    facts["organisation"] = need.organisation.name if need.organisation is not None else ""
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in facts.items()}


@transaction.atomic
def need_post(
    *,
    user: User | None,
    values: dict[str, Any],
    council: Council | None = None,
    organisation: Organisation | None = None,
) -> Need:
    """Post a need for a council or an organisation (or a funder, by name)."""
    poster = PosterKind.ORGANISATION if organisation else values.get("poster_kind") or PosterKind.OFFICER
    need = Need(created_by=user, council=council, organisation=organisation, poster_kind=poster)
    for name in FIELDS:
        if name in values and name != "poster_kind":
            setattr(need, name, values[name])
    need.save()
    audit_record(actor=user, action=AuditAction.CREATE, target=need, after=_facts(need))
    return need


@transaction.atomic
def need_change(*, user: User, need: Need, values: dict[str, Any]) -> Need:
    """Change a need's facts (its council and poster stay)."""
    before = _facts(need)
    for name in FIELDS:
        if name in values and name != "poster_kind":
            setattr(need, name, values[name])
    need.save()
    audit_record(actor=user, action=AuditAction.UPDATE, target=need, before=before, after=_facts(need))
    return need


@transaction.atomic
def capacity_need_post(*, user: User | None, organisation: Organisation, area: str, text: str) -> Need:
    """An organisation's own need for capacity support, open so that others may offer it."""
    return need_post(
        user=user,
        organisation=organisation,
        values={
            "kind": NeedKind.CAPACITY,
            "poster_kind": PosterKind.ORGANISATION,
            "title": f"Support with {area}",
            "description": text,
            "status": NeedStatus.OPEN,
        },
    )
