"""Acting on the matcher's verdicts, and curators' decisions on the pairs it could not settle.

`act_on_matches` links a record automatically when the evidence is strong and unambiguous, queues the
pair for a curator when it is not, and does nothing when the records look like different bodies. A
curator confirms a queued pair (the records are linked), rejects it (they are kept apart for good) or,
later, reopens a rejection; any link, automatic or confirmed, can be split again. Every step is in the
audit log, and a pair once rejected or split is never linked automatically again.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commoncause.accounts.curation import decision_reason
from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import is_curator
from commoncause.accounts.services import audit_record
from commoncause.core.parallel import can_fork_workers, each_in_workers
from commoncause.linkage.index import Entry, MatchIndex
from commoncause.linkage.merge import LinkError, link_records, organisation_unlink
from commoncause.linkage.models import LinkCandidate, LinkStatus, OrganisationMerge
from commoncause.linkage.register_index import register_index
from commoncause.linkage.score import Comparison, Outcome, best_matches, outcome
from commoncause.register.models import Organisation

CHUNK = 500  # organisations fetched per query
PARALLEL_MATCHES = 1_000  # more records than this are matched by two processes ahead of acting
SPAN = 250  # records matched per task


def _describe(found: Comparison) -> str:
    return ", ".join(found.reasons) or "no evidence either way"


@transaction.atomic
def act_on_matches(
    *,
    source: Organisation,
    record: Entry,
    index: MatchIndex,
    found_by: str,
    refresh_search: bool = True,
    found: list[Comparison] | None = None,
) -> LinkCandidate | None:
    """Link `source` automatically, queue it with its best match, or leave it (returns the pair, if any).

    `found` is its best matches worked out beforehand (elsewhere); they are worked out again here if any
    has since left the index. Without `refresh_search` the caller refreshes a linked pair's search entries.
    """
    if found is None or any(index.get(match.candidate.key) is None for match in found):
        found = best_matches(index, record)
    found = [match for match in found if match.candidate.key != source.pk]
    decided = outcome(found)
    if decided is Outcome.APART:
        return None
    best = found[0]
    candidate, created = LinkCandidate.objects.get_or_create(
        source=source,
        target_id=best.candidate.key,
        defaults={"points": best.points, "reasons": best.reasons, "found_by": found_by[:200]},
    )
    if not created:  # found before: a curator's decision, or an earlier link, stands
        return candidate
    target = candidate.target
    if decided is Outcome.AUTO and target.merged_into_id is None:
        merge = link_records(
            actor=None,
            source=source,
            target=target,
            reason=f"Linked automatically ({_describe(best)}; {best.points:g} points).",
            refresh_search=refresh_search,
        )
        candidate.status, candidate.merge, candidate.decided_at = LinkStatus.AUTO, merge, timezone.now()
        candidate.save(update_fields=["status", "merge", "decided_at"])
        index.remove(source.pk)
    else:  # queued (a target linked into another body since the index was built is left to a curator)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            target=candidate,
            target_label=f"{source.name} may be {target.name}",
            after={"points": best.points, "reasons": best.reasons, "found_by": candidate.found_by},
        )
    return candidate


def _decide(candidate: LinkCandidate, curator: User, *, approve: bool, reason: str) -> str:
    return decision_reason(
        curator=curator,
        still_open=candidate.status == LinkStatus.PENDING,
        approve=approve,
        reason=reason,
        subject="possible duplicates",
        refusal="the records are kept apart",
        error=LinkError,
    )


@transaction.atomic
def confirm(*, candidate: LinkCandidate, curator: User, reason: str = "") -> OrganisationMerge:
    """The pair is one body: link the source into the target."""
    reason = _decide(candidate, curator, approve=True, reason=reason)
    merge = link_records(
        actor=curator,
        source=candidate.source,
        target=candidate.target,
        reason=reason or f"Confirmed as one body ({', '.join(candidate.reasons)}).",
    )
    candidate.status, candidate.merge = LinkStatus.CONFIRMED, merge
    candidate.decided_by, candidate.decided_at, candidate.reason = curator, timezone.now(), reason
    candidate.save()
    audit_record(actor=curator, action=AuditAction.APPROVE, target=candidate, after={"merge": merge.pk})
    return merge


@transaction.atomic
def reject(*, candidate: LinkCandidate, curator: User, reason: str) -> LinkCandidate:
    """The pair are different bodies: keep them apart, for good."""
    reason = _decide(candidate, curator, approve=False, reason=reason)
    candidate.status = LinkStatus.REJECTED
    candidate.decided_by, candidate.decided_at, candidate.reason = curator, timezone.now(), reason
    candidate.save()
    audit_record(actor=curator, action=AuditAction.REFUSE, target=candidate, note=reason)
    return candidate


@transaction.atomic
def reopen(*, candidate: LinkCandidate, curator: User) -> LinkCandidate:
    """Undo a rejection: the pair waits for a curator again."""
    if candidate.status != LinkStatus.REJECTED:
        raise LinkError("Only a pair kept apart can be reopened.")
    if not is_curator(curator):
        raise LinkError("Only curators decide on possible duplicates.", not_allowed=True)
    before = {"status": candidate.status, "reason": candidate.reason}
    candidate.status, candidate.decided_by, candidate.decided_at, candidate.reason = (
        LinkStatus.PENDING,
        None,
        None,
        "",
    )
    candidate.save()
    audit_record(
        actor=curator,
        action=AuditAction.UPDATE,
        target=candidate,
        before=before,
        after={"status": candidate.status},
    )
    return candidate


def split(*, candidate: LinkCandidate, curator: User) -> OrganisationMerge:
    """Undo the link an automatic or confirmed pair made: the records are apart again, for good."""
    if candidate.merge is None or candidate.status not in (LinkStatus.AUTO, LinkStatus.CONFIRMED):
        raise LinkError("This pair is not linked.")
    return organisation_unlink(curator=curator, merge=candidate.merge)


def pending_involving(organisation: Organisation) -> list[LinkCandidate]:
    """The pairs waiting for a curator that this organisation is one of."""
    pairs = LinkCandidate.objects.filter(status=LinkStatus.PENDING).select_related("source", "target")
    return list(pairs.filter(Q(source=organisation) | Q(target=organisation)))


_MATCHING: list[MatchIndex] = []  # the index the forked workers match against (inherited, not sent)


def _best_of(keys: list[UUID]) -> list[list[Comparison]]:
    index = _MATCHING[0]
    return [best_matches(index, record) if (record := index.get(key)) else [] for key in keys]


def _matched_ahead(keys: list[UUID], index: MatchIndex) -> dict[UUID, list[Comparison]]:
    """Each record's best matches, worked out by two forked processes when there are many."""
    if len(keys) < PARALLEL_MATCHES or not can_fork_workers():
        return {}
    spans = [keys[start : start + SPAN] for start in range(0, len(keys), SPAN)]
    _MATCHING[:] = [index]
    try:
        found = [best for part in each_in_workers(_best_of, spans, 2) for best in part]
    finally:
        _MATCHING.clear()
    return dict(zip(keys, found, strict=True))


def match_organisations(
    organisations: Iterable[Organisation], *, index: MatchIndex, found_by: str
) -> tuple[dict[str, int], set[UUID]]:
    """Match each of these organisations against the rest of the register.

    Returns the counts by outcome and the organisations a link changed, whose search entries the
    caller refreshes (once, for all of them).
    """
    organisations = [o for o in organisations if o.merged_into_id is None and index.get(o.pk) is not None]
    ahead = _matched_ahead([organisation.pk for organisation in organisations], index)
    counts = {"linked": 0, "queued": 0, "apart": 0}
    changed: set[UUID] = set()
    for source in organisations:
        record = index.get(source.pk)
        if record is None:  # linked into another since (two records of one body in one file)
            continue
        pair = act_on_matches(
            source=source,
            record=record,
            index=index,
            found_by=found_by,
            refresh_search=False,
            found=ahead.get(source.pk),
        )
        if pair is None:
            counts["apart"] += 1
        elif pair.status == LinkStatus.AUTO:
            counts["linked"] += 1
            changed.update((pair.source_id, pair.target_id))
        else:
            counts["queued"] += 1
    return counts, changed


def match_new_organisations(
    organisation_ids: list[UUID], *, found_by: str
) -> tuple[dict[str, int], set[UUID]]:
    """Match organisations an import has just added with the whole register (see match_organisations)."""
    index = register_index()
    organisations = [
        organisation
        for start in range(0, len(organisation_ids), CHUNK)
        for organisation in Organisation.objects.filter(pk__in=organisation_ids[start : start + CHUNK])
    ]
    return match_organisations(organisations, index=index, found_by=found_by)


def linkage_note(counts: dict[str, int]) -> str:
    """The import run's note of what matching the new groups did."""
    total = sum(counts.values())
    return (
        f"Of {total} groups new to the register without a register's number, {counts['linked']} were linked "
        f"to an organisation already in it, {counts['queued']} wait for a curator and {counts['apart']} "
        "matched none."
    )


def pairs_waiting() -> int:
    """How many possible duplicates wait for a curator."""
    return LinkCandidate.objects.filter(status=LinkStatus.PENDING).count()


def pair_queue(*, source: Organisation, target: Organisation, reason: str, found_by: str) -> LinkCandidate:
    """Put a pair before a curator that the matcher would not have found by itself (a funder gave one's
    number for the other); a pair found before keeps what became of it."""
    candidate, created = LinkCandidate.objects.get_or_create(
        source=source,
        target=target,
        defaults={"points": 0.0, "reasons": [reason], "found_by": found_by[:200]},
    )
    if created:
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            target=candidate,
            target_label=f"{source.name} may be {target.name}",
            after={"points": 0.0, "reasons": [reason], "found_by": candidate.found_by},
        )
    return candidate
