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
from uuid import UUID

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from commoncause.register.canonical import canonical_identifiers_refresh
from commoncause.register.identifiers import LOCAL_SCHEME, local_org_id
from commoncause.register.link_queue import match_organisations
from commoncause.register.matching.register_index import register_index
from commoncause.register.models import Grant, Organisation, OrganisationStatus, OrgIdentifier
from commoncause.register.services import search_index_refresh
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.orgids import split_org_id
from commoncause.sources.threesixty_sheets import read_sheet

SOURCE = "360giving"
SCHEMA_DIR = ("reference", "360giving")
MADE_UP = "360G"
SHOWN = 20  # invalid grants listed in a message
CHUNK = 500  # grants looked up per query
ID_LENGTH = OrgIdentifier._meta.get_field("org_id").max_length
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
    valid, invalid = [], []
    for number, grant in enumerate(grants, start=1):
        problems = grant_problems(grant)
        if problems:
            grant_id = grant.get("id", "(no id)") if isinstance(grant, dict) else "(not an object)"
            invalid.append((number, str(grant_id), problems))
        else:
            valid.append(grant)
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
    _write(valid, path.name, ctx)


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


class _Organisations:
    """Funders and recipients found or made, each once per run."""

    def __init__(self) -> None:
        self.found: dict[str, Organisation] = {}
        self.touched: set[UUID] = set()
        self.created = 0
        self.local: dict[UUID, Organisation] = {}  # groups known only by a funder's own id

    def resolve(self, party: dict[str, Any]) -> Organisation:
        org_id = str(party.get("id", "")).strip()
        name = str(party.get("name", "")).strip()[:500] or org_id
        try:
            scheme, _ = split_org_id(org_id)
        except ValueError:
            scheme = MADE_UP if org_id.upper().startswith(MADE_UP) else ""
        keys = [org_id.upper()]
        if scheme == MADE_UP:
            local = local_org_id(name, str(party.get("postalCode", "")))
            # The funder's own id is kept beside the local one when it fits the identifier column.
            keys = [key for key in keys if len(key) <= ID_LENGTH] + [local]
        known = next((self.found[key] for key in keys if key in self.found), None)
        if known is not None:
            new_keys = [key for key in keys if key not in self.found]
            if new_keys:  # the same group under another id of its funder's: keep that id too
                self._add_missing(known, new_keys)
                self.found.update(dict.fromkeys(new_keys, known))
            return known
        holder = OrgIdentifier.objects.filter(org_id__in=keys).select_related("organisation").first()
        organisation = holder.organisation if holder else self._make(keys, scheme, name, party)
        for key in keys:
            self.found[key] = organisation
        self.touched.add(organisation.pk)
        if scheme == MADE_UP and organisation.merged_into_id is None:
            self.local[organisation.pk] = organisation
        if holder:
            self._add_missing(organisation, keys)
        return organisation

    def _make(self, keys: list[str], scheme: str, name: str, party: dict[str, Any]) -> Organisation:
        organisation = Organisation.objects.create(
            name=name,
            status=OrganisationStatus.UNKNOWN,
            legal_form="Unregistered community group" if scheme == MADE_UP else "",
            postcode=str(party.get("postalCode", ""))[:12],
            website=str(party.get("url", ""))[:500],
        )
        self.created += 1
        self._add_missing(organisation, keys)
        return organisation

    @staticmethod
    def _add_missing(organisation: Organisation, keys: list[str]) -> None:
        held = set(OrgIdentifier.objects.filter(org_id__in=keys).values_list("org_id", flat=True))
        for key in keys:
            if key not in held:
                scheme = LOCAL_SCHEME if key.startswith(LOCAL_SCHEME) else key.rsplit("-", 1)[0][:20]
                value = key.removeprefix(f"{scheme}-")[:60]
                OrgIdentifier.objects.create(
                    organisation=organisation, org_id=key, scheme=scheme, value=value
                )


def _link_local_groups(parties: _Organisations, file_name: str, ctx: ImportContext) -> None:
    """Match each group known only by a funder's id with the register: linked, queued or kept apart."""
    if not parties.local:
        return
    index = register_index()
    counts = match_organisations(parties.local, index=index, found_by=f"360Giving file {file_name}")
    ctx.notes.append(
        f"Of {len(parties.local)} groups known only by a funder's id, {counts['linked']} were linked to "
        f"an organisation in the register, {counts['queued']} wait for a curator and {counts['apart']} "
        "matched none."
    )


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:  # the schema has checked it is a number
        return Decimal(0)


def _write(grants: list[dict[str, Any]], file_name: str, ctx: ImportContext) -> None:
    parties = _Organisations()
    ids = [g["id"] for g in grants]
    existing = {
        found.grant_id: found
        for start in range(0, len(ids), CHUNK)  # a query's parameters are limited (SQLite: 32,766)
        for found in Grant.objects.filter(grant_id__in=ids[start : start + CHUNK])
    }
    for grant in ctx.progress(grants, description=f"Writing {file_name}", unit="grant"):
        funder = grant["fundingOrganization"][0]
        recipient = (grant.get("recipientOrganization") or [{}])[0]
        values = {
            "title": str(grant.get("title", ""))[:500],
            "description": str(grant.get("description", "")),
            "currency": grant["currency"],
            "amount_awarded": _amount(grant["amountAwarded"]),
            "award_date": _date(grant["awardDate"]),
            "programme": str((grant.get("grantProgramme") or [{}])[0].get("title", ""))[:300],
            "funder": parties.resolve(funder),
            "recipient": parties.resolve(recipient) if recipient.get("id") else None,
            "funder_org_id": str(funder.get("id", ""))[:200],
            "funder_name": str(funder.get("name", ""))[:500],
            "recipient_org_id": str(recipient.get("id", ""))[:200],
            "recipient_name": str(recipient.get("name", ""))[:500],
            "data": grant,
            "source_file": file_name[:500],
        }
        found = existing.get(grant["id"])
        if found is None:
            existing[grant["id"]] = Grant.objects.create(grant_id=grant["id"], **values)
            ctx.counts.created += 1
        elif any(getattr(found, key) != value for key, value in values.items()):
            Grant.objects.filter(pk=found.pk).update(**values)
            ctx.counts.updated += 1
        else:
            ctx.counts.unchanged += 1
    if parties.created:
        ctx.notes.append(f"{parties.created} funders and recipients were new to the register.")
    canonical_identifiers_refresh(parties.touched)
    _link_local_groups(parties, file_name, ctx)
    search_index_refresh(organisation_ids=sorted(parties.touched))
