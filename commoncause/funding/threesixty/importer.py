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
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from commoncause.core.parallel import Started, can_fork_workers
from commoncause.funding.models import Grant
from commoncause.funding.threesixty.parties import MADE_UP, Parties
from commoncause.funding.threesixty.sheets import read_sheet
from commoncause.linkage.canonical import canonical_identifiers_refresh
from commoncause.linkage.index import MatchIndex
from commoncause.linkage.queue import linkage_note, match_organisations
from commoncause.linkage.register_index import organisation_entry, register_index
from commoncause.register.services import search_index_refresh
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.clock import StepClock

SOURCE = "360giving"
SCHEMA_DIR = ("reference", "360giving")
SHOWN = 20  # invalid grants listed in a message
CHUNK = 500  # grants looked up per query
BATCH = 1_000  # grants written per statement
SPAN = 2_500  # grants checked per task
PARALLEL_GRANTS = 10_000  # files with more grants than this are checked by two processes
UPDATED = (
    "title", "description", "currency", "amount_awarded", "award_date", "programme", "funder", "recipient",
    "funder_org_id", "funder_name", "recipient_org_id", "recipient_name", "data", "source_file",
)  # fmt: skip
REQUIRED = re.compile(r"^'(.+)' is a required property$")


@cache
def grant_validator() -> Draft202012Validator:
    """The 360Giving grant schema, with the package schema's reference to it resolved locally."""
    folder = Path(settings.DATA_DIR).joinpath(*SCHEMA_DIR)
    grant = json.loads((folder / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads((folder / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    # The schema names its dialect with an http:// address; read it as the 2020-12 draft it is.
    resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources(
        [(grant["$id"], resource), (package["properties"]["grants"]["items"]["$ref"], resource)]
    )
    return Draft202012Validator(grant, registry=registry, format_checker=FormatChecker())


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The errors that say what is wrong: for "one of these shapes" rules, those of the nearest shape."""
    if not error.context:
        yield error
        return
    branches: dict[Any, list[ValidationError]] = defaultdict(list)
    for sub in error.context:
        branches[sub.schema_path[0] if sub.schema_path else 0].append(sub)
    for sub in min(branches.values(), key=len):
        yield from _leaves(sub)


def grant_problems(grant: Any) -> list[tuple[str, str]]:
    """(field, message) for each way one grant breaks the standard; [] for a valid grant."""
    found: dict[tuple[str, str], None] = {}
    for top in grant_validator().iter_errors(grant):
        for error in _leaves(top):
            path = [str(part) for part in error.absolute_path]
            missing = REQUIRED.match(error.message) if error.validator == "required" else None
            if missing:
                path.append(missing.group(1))
            found[("/".join(path) or "(grant)", error.message[:200])] = None
    found = list(found)
    if isinstance(grant, dict) and not found and _date(grant.get("awardDate")) is None:
        found.append(("awardDate", f"{grant.get('awardDate')!r} is not a date"))
    return found


def _date(value: Any) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def import_threesixty(path: Path, ctx: ImportContext, *, skip_invalid: bool = False) -> None:
    grants = _read_grants(path, ctx)
    ctx.run.extract_date = ctx.run.extract_date or timezone.localdate()
    ctx.counts.rows_read = len(grants)
    clock = StepClock()
    invalid, index = _check_and_index(grants)
    clock.lap("check")
    wrong = {number for number, _, _ in invalid}
    valid = [grant for number, grant in enumerate(grants, start=1) if number not in wrong]
    if invalid:
        listed = "; ".join(
            f"grant {grant_id} (number {number}): " + ", ".join(f"{field}: {why}" for field, why in problems)
            for number, grant_id, problems in invalid[:SHOWN]
        )
        more = f" (and {len(invalid) - SHOWN} more)" if len(invalid) > SHOWN else ""
        if not skip_invalid:
            first_number, _, first_problems = invalid[0]
            raise ImportProblem(
                f"{len(invalid)} of {len(grants)} grants break the 360Giving schema; nothing was imported "
                f"(--skip-invalid imports the valid ones): {listed}{more}",
                file=path.name,
                row=first_number,
                field=first_problems[0][0],
            )
        ctx.counts.rejected = len(invalid)
        ctx.notes.append(f"Invalid grants not imported: {listed}{more}")
    _write(valid, path.name, ctx, clock, index)
    ctx.notes.append(clock.note())


_CHECKED: list[Any] = []  # the grants being checked, inherited by forked workers


def _problems_in(span: tuple[int, int]) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """(number, id, problems) of each invalid grant among _CHECKED[start:end] (numbers from 1)."""
    found = []
    for number in range(span[0], span[1]):
        grant = _CHECKED[number]
        problems = grant_problems(grant)
        if problems:
            grant_id = grant.get("id", "(no id)") if isinstance(grant, dict) else "(not an object)"
            found.append((number + 1, str(grant_id), problems))
    return found


def _check_and_index(grants: list[Any]) -> tuple[list[tuple[int, str, list]], MatchIndex | None]:
    """Every invalid grant, and (when a party is known only by a funder's id) the register's matching
    index. A big file is checked by two forked processes while this one builds the index."""
    workers = 2 if len(grants) >= PARALLEL_GRANTS and can_fork_workers() else 1
    spans = [(start, min(start + SPAN, len(grants))) for start in range(0, len(grants), SPAN)]
    _CHECKED[:] = grants
    checking = Started(_problems_in, spans, workers)
    try:
        made_up = any(
            str(party.get("id", "")).upper().startswith(MADE_UP)
            for grant in grants
            if isinstance(grant, dict)
            for key in ("fundingOrganization", "recipientOrganization")
            for party in (grant.get(key) if isinstance(grant.get(key), list) else [])
            if isinstance(party, dict)
        )
        index = register_index() if made_up else None
        invalid = [found for part in checking.results() for found in part]
    finally:
        checking.stop()
        _CHECKED.clear()
    return invalid, index


def _read_grants(path: Path, ctx: ImportContext) -> list[Any]:
    """The grants of a JSON package, or of a spreadsheet with the standard's column titles."""
    if path.is_dir():
        raise ImportProblem("give one 360Giving file, not a folder", file=path.name)
    if path.suffix.lower() in {".xlsx", ".csv"}:
        grants, unknown = read_sheet(path)
        if unknown:
            ctx.notes.append(
                f"Columns the 360Giving standard does not name, not imported: {', '.join(unknown)}."
            )
        return grants
    try:
        package = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(f"not a readable JSON file ({error})", file=path.name) from None
    if not isinstance(package, dict) or not isinstance(package.get("grants"), list):
        raise ImportProblem(
            'not a 360Giving package: it needs a "grants" list', file=path.name, field="grants"
        )
    if not package["grants"]:
        raise ImportProblem("the package holds no grants", file=path.name, field="grants")
    return package["grants"]


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


def _parties(grant: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The grant's funder and recipient (the first of each the standard allows)."""
    return grant["fundingOrganization"][0], (grant.get("recipientOrganization") or [{}])[0]


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:  # the schema has checked it is a number
        return Decimal(0)


def _write(
    grants: list[dict[str, Any]],
    file_name: str,
    ctx: ImportContext,
    clock: StepClock,
    index: MatchIndex | None,
) -> None:
    parties = Parties()
    parties.prepare(party for grant in grants for party in _parties(grant))
    ids = [g["id"] for g in grants]
    existing = {
        found.grant_id: found
        for start in range(0, len(ids), CHUNK)  # a query's parameters are limited (SQLite: 32,766)
        for found in Grant.objects.filter(grant_id__in=ids[start : start + CHUNK])
    }
    new: list[Grant] = []
    changed: list[Grant] = []
    for grant in ctx.progress(grants, description=f"Writing {file_name}", unit="grant"):
        funder, recipient = _parties(grant)
        values = {
            "title": str(grant.get("title", ""))[:500],
            "description": str(grant.get("description", "")),
            "currency": grant["currency"],
            "amount_awarded": _amount(grant["amountAwarded"]),
            "award_date": _date(grant["awardDate"]),
            "programme": str((grant.get("grantProgramme") or [{}])[0].get("title", ""))[:300],
            # Compared and written by key: reading a grant's funder would cost a query per grant.
            "funder_id": parties.resolve(funder).pk,
            "recipient_id": parties.resolve(recipient).pk if recipient.get("id") else None,
            "funder_org_id": str(funder.get("id", ""))[:200],
            "funder_name": str(funder.get("name", ""))[:500],
            "recipient_org_id": str(recipient.get("id", ""))[:200],
            "recipient_name": str(recipient.get("name", ""))[:500],
            "data": grant,
            "source_file": file_name[:500],
        }
        found = existing.get(grant["id"])
        if found is None:
            existing[grant["id"]] = Grant(grant_id=grant["id"], **values)
            new.append(existing[grant["id"]])
            parties.touched.update((values["funder_id"], values["recipient_id"]))
        elif any(getattr(found, key) != value for key, value in values.items()):
            # Both the parties it had and those it has now show it (in search, the funder facet).
            parties.touched.update(
                (found.funder_id, found.recipient_id, values["funder_id"], values["recipient_id"])
            )
            for key, value in values.items():
                setattr(found, key, value)
            changed.append(found)
        else:
            ctx.counts.unchanged += 1
    parties.save()
    Grant.objects.bulk_create(new, batch_size=BATCH)
    Grant.objects.bulk_update(changed, [*UPDATED], batch_size=BATCH)
    ctx.counts.created += len(new)
    ctx.counts.updated += len(changed)
    clock.lap("write")
    if parties.created:
        ctx.notes.append(f"{parties.created} funders and recipients were new to the register.")
    parties.touched.discard(None)
    canonical_identifiers_refresh(parties.touched)
    _link_local_groups(parties, file_name, ctx, index)
    clock.lap("link")
    search_index_refresh(organisation_ids=sorted(parties.touched))
    clock.lap("refresh the search index")
