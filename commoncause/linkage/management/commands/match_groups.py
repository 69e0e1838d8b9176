"""`manage.py match_groups`: match every group known only by a local id with the register again.

Run after a register import has grown the register: a group kept apart before may now have its
registered body in it. Pairs already decided by a curator (or linked) stay as they are.
"""

from __future__ import annotations

from uuid import UUID

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.linkage.models import LinkCandidate
from commoncause.linkage.queue import linkage_note, match_new_organisations
from commoncause.register.identifiers import LOCAL_SCHEME
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.register.services import search_index_refresh


def local_only_groups() -> list[UUID]:
    """Organisations not linked into another whose every identifier is local (GB-LOCAL-…, 360G-…)."""
    registered = (
        OrgIdentifier.objects.filter(organisation=OuterRef("pk"))
        .exclude(scheme__in=[LOCAL_SCHEME, "360G"])
        .exclude(org_id__startswith="360G-")
    )
    groups = Organisation.objects.listed().filter(identifiers__scheme=LOCAL_SCHEME)
    return list(groups.filter(~Exists(registered)).values_list("pk", flat=True).distinct())


class Command(BaseCommand):
    help = "Match every group known only by a local id with the register (linked, queued or kept apart)."

    def handle(self, *args: object, **options: object) -> None:
        groups = local_only_groups()
        with transaction.atomic():
            counts, changed = match_new_organisations(groups, found_by="matching groups again")
            note = linkage_note(counts)
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                target_type=LinkCandidate._meta.label_lower,
                target_label="Groups matched with the register again",
                note=note,
            )
        search_index_refresh(organisation_ids=sorted(changed))
        self.stdout.write(note)
