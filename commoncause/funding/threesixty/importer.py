"""`import_source 360giving <file>`: grants published in the 360Giving Data Standard: a JSON package,
or a spreadsheet (XLSX or CSV) with the standard's column titles (`threesixty_sheets`).

Every grant is checked against the standard's schema, shipped in `data/reference/360giving/` (no
network at run time). Any invalid grant stops the import, naming each invalid grant's id and the
failing field, and nothing is written; with `--skip-invalid` the valid grants are imported and the
invalid ones counted as rejected and listed in the run's notes.

Funders and recipients become organisations. An org-id from a register (GB-CHC-…, GB-COH-…,
GB-SC-…, GB-NIC-…, GB-EDU-…) finds the organisation holding it, or makes one that the register's own
import later fills in. A recipient with only its publisher's made-up id (360G-…) is a group on no
register: it gets the stable local id from its name and postcode (GB-LOCAL-…), so the same group
funded by two funders is one organisation, not two; the publisher's id is kept beside it.

A JSON package is streamed, never held whole: read once to check it (`checking`), once more to write
it in batches (`writing`).
"""

from __future__ import annotations

import ctypes
import gc
from pathlib import Path
from uuid import UUID

from django.db import reset_queries

from commoncause.funding.threesixty.checking import Check, check_finish, checking_started, survey
from commoncause.funding.threesixty.files import GrantFile
from commoncause.funding.threesixty.parties import Parties
from commoncause.funding.threesixty.writing import grants_write
from commoncause.linkage.canonical import canonical_identifiers_refresh
from commoncause.linkage.index import MatchIndex
from commoncause.linkage.queue import linkage_note, match_organisations, pair_queue
from commoncause.linkage.register_index import organisation_entry, register_index
from commoncause.register.models import Organisation
from commoncause.register.services import search_index_refresh
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.clock import StepClock

SOURCE = "360giving"


def import_threesixty(path: Path, ctx: ImportContext, *, skip_invalid: bool = False) -> None:
    """Import one 360Giving file (see above) inside the run's transaction."""
    clock = StepClock()
    touched = _grants_import(GrantFile(path), ctx, clock, skip_invalid=skip_invalid)
    _freed_memory_hand_back()  # all the run held but `touched` has gone with the function that held it
    search_index_refresh(
        organisation_ids=[UUID(bytes=touched[at : at + 16]) for at in range(0, len(touched), 16)]
    )
    clock.lap("refresh the search index")
    ctx.notes.append(clock.note())


def _grants_import(
    grant_file: GrantFile, ctx: ImportContext, clock: StepClock, *, skip_invalid: bool
) -> bytes:
    """Check, write and link the file's grants; the organisations whose search entries they changed, in
    order, as one string of 16 bytes each. (Tens of thousands of UUID objects made along the run would
    each keep the block of memory it was made in from going back to the system.)"""
    if grant_file.unknown_columns:
        ctx.notes.append(
            "Columns the 360Giving standard does not name, not imported: "
            f"{', '.join(grant_file.unknown_columns)}."
        )
    check, index = _check_and_index(grant_file)
    ctx.counts.rows_read = check.grants
    clock.lap("check")
    _refuse_or_note_invalid(check, grant_file.path.name, ctx, skip_invalid=skip_invalid)
    parties = Parties()
    parties.prepare(check.party_keys)
    valid = check.grants - len(check.invalid)
    grants_write(grant_file, skip=check.invalid, valid=valid, parties=parties, ctx=ctx)
    parties.sources_save(grant_file.path.name, ctx.run)
    clock.lap("write")
    if parties.created:
        ctx.notes.append(f"{parties.created} funders and recipients were new to the register.")
    canonical_identifiers_refresh(parties.touched)
    _link_local_groups(parties, grant_file.path.name, ctx, index)
    _queue_disputed_numbers(parties, grant_file.path.name, ctx)
    clock.lap("link")
    return b"".join(sorted(organisation.bytes for organisation in parties.touched))


def _check_and_index(grant_file: GrantFile) -> tuple[Check, MatchIndex | None]:
    """Every invalid grant, and (when a party is known only by a funder's id) the register's matching
    index. A big file is checked by two forked processes while this one reads it and builds the index."""
    checking = checking_started(grant_file)
    try:
        check = survey(grant_file)
        index = register_index() if check.made_up else None
        check_finish(check, checking)
    finally:
        checking.stop()
    return check, index


def _freed_memory_hand_back() -> None:
    """Give the system back the memory the matching index, the parties and the batches held: the C library
    keeps freed memory for the process to reuse, and the search index refresh that follows needs a few
    hundred megabytes of its own (and forks a worker that would start with all of it)."""
    reset_queries()  # with DEBUG on, Django keeps the statements of the run so far
    gc.collect()  # the forked workers' results are freed in cycles
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not the GNU C library: nothing to ask for
        return
    libc.malloc_trim(0)


def _refuse_or_note_invalid(check: Check, file_name: str, ctx: ImportContext, *, skip_invalid: bool) -> None:
    """Stop the run at an invalid grant, naming each (up to a few); with `skip_invalid`, note them."""
    if not check.invalid:
        return
    if not skip_invalid:
        number, _, problems = check.first()
        raise ImportProblem(
            f"{len(check.invalid)} of {check.grants} grants break the 360Giving schema; nothing was imported "
            f"(--skip-invalid imports the valid ones): {check.listed()}",
            file=file_name,
            row=number,
            field=problems[0][0],
        )
    ctx.counts.rejected = len(check.invalid)
    ctx.notes.append(f"Invalid grants not imported: {check.listed()}")


def _queue_disputed_numbers(parties: Parties, file_name: str, ctx: ImportContext) -> None:
    """Put before a curator each recipient whose funder gave the number of an organisation named
    otherwise: it was taken for a group of its own, not for the body holding the number."""
    if not parties.disputed:
        return
    groups = Organisation.objects.in_bulk(list(parties.disputed))
    holders = Organisation.objects.in_bulk([holder for holder, _ in parties.disputed.values()])
    queued = 0
    for group_id, (holder_id, number) in parties.disputed.items():
        group, holder = groups.get(group_id), holders.get(holder_id)
        if group is None or holder is None or group.merged_into_id is not None:
            continue
        reason = (
            f"{file_name} gives {number}, the number of {holder.name}, for a recipient it names {group.name}"
        )
        pair_queue(source=group, target=holder, reason=reason, found_by=f"360Giving file {file_name}")
        queued += 1
    if queued:
        ctx.notes.append(
            f"{queued} recipient{'s' if queued != 1 else ''} named otherwise than the organisation holding "
            "the number the funder gave: kept apart, and waiting for a curator."
        )


def _link_local_groups(
    parties: Parties, file_name: str, ctx: ImportContext, index: MatchIndex | None
) -> None:
    """Match each group new to the register, known only by a funder's id: linked, queued or kept apart.

    The index was built before the grants were written: the organisations made since join it first.
    """
    if not parties.local:
        return
    if index is None:
        index = register_index()
    else:
        held = parties.new_org_ids()
        for organisation in parties.new_organisations:
            index.add(organisation_entry(organisation, held[organisation.pk]))
    counts, changed = match_organisations(
        parties.local.values(), index=index, found_by=f"360Giving file {file_name}"
    )
    parties.touched.update(changed)
    ctx.notes.append(linkage_note(counts))
