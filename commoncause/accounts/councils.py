"""Councils are the service's tenants: each has a name, a short name for addresses, and the local
authority areas it covers (GSS codes), which decide what its officers see of the people behind
organisations."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.roles import ADMIN, has_role
from commoncause.accounts.services import AccountError, audit_record

# Local authority GSS codes: England (E06 unitary, E07 district, E08 metropolitan, E09 London borough,
# E10 county), Wales W06, Scotland S12, Northern Ireland N09.
AREA_CODE = re.compile(r"^(E0[6-9]|E10|W06|S12|N09)\d{6}$")


def area_codes_parse(text: str) -> list[str]:
    """Area codes typed as a list (commas, spaces or lines), checked and upper-cased."""
    codes = [code.upper() for code in re.split(r"[\s,;]+", text) if code]
    wrong = [code for code in codes if not AREA_CODE.match(code)]
    if wrong:
        raise AccountError(
            f"{wrong[0]} is not a local authority code: they look like E08000035 or N09000003.",
            field="area_codes",
        )
    return list(dict.fromkeys(codes))


ORG_ID = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9-]{1,60}$")


def _facts(council: Council) -> dict:
    return {
        "name": council.name,
        "slug": council.slug,
        "area_codes": council.area_codes,
        "org_id": council.org_id,
    }


@transaction.atomic
def council_save(
    *,
    actor: User | None,
    name: str,
    area_codes: list[str],
    council: Council | None = None,
    slug: str = "",
    org_id: str | None = None,
) -> Council:
    """Add a council, or change its name or areas (administrators; `actor=None` is the command line)."""
    if actor is not None and not has_role(actor, ADMIN):
        raise AccountError("Only administrators add and change councils.")
    name = name.strip()
    if not name:
        raise AccountError("Enter the council's name.", field="name")
    slug = slugify(slug or name)[:80]
    clash = Council.objects.filter(name__iexact=name) | Council.objects.filter(slug=slug)
    if council is not None:
        clash = clash.exclude(pk=council.pk)
    if clash.exists():
        raise AccountError("There is already a council with this name.", field="name")
    before = _facts(council) if council is not None else {}
    if council is None:
        council = Council(slug=slug)
    if org_id is not None:
        org_id = org_id.strip()
        if org_id and not ORG_ID.match(org_id):
            raise AccountError(
                f"{org_id} is not an org-id: they look like GB-LAE-WSM (a prefix, then the register's code).",
                field="org_id",
            )
        council.org_id = org_id
    council.name, council.area_codes = name, area_codes
    council.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        target=council,
        before=before,
        after=_facts(council),
    )
    return council
