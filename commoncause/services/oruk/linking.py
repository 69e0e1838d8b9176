"""A feed's organisations as the register's organisations: found by an identifier, by an earlier
import of the same feed id, or by name and postcode; else made, as a group known by a local id.

In that order, because each is surer than the next:
1. an identifier the feed gives (`organization_identifiers`: a scheme such as GB-CHC, GB-COH, GB-SC or
   GB-NIC with its number, or a type such as "Charity number" or "Company number"), held in the
   register (`OrgIdentifier`), the register's own form of a number tried first ('1234567' of GB-COH is
   GB-COH-01234567) and then the form the feed wrote;
2. the organisation an earlier import linked the same feed id to (`FeedOrganisation`);
3. the local id of its name and postcode (the postcode of its services' first location), held by a
   group another source brought;
4. the matcher (`linkage`): a certain match links it; otherwise a new organisation is made with that
   local id and the register's numbers the feed gave, and a probable match is put before a curator.
Every feed id is kept in `FeedOrganisation`, saying how it was linked.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from commoncause.linkage.canonical import canonical_identifiers_refresh, primary_flags
from commoncause.linkage.index import MatchIndex, make_entry
from commoncause.linkage.queue import pair_queue
from commoncause.linkage.register_index import organisation_entry, register_index
from commoncause.linkage.score import Outcome, compare, outcome
from commoncause.register.identifiers import local_org_id
from commoncause.register.models import (
    ImportRun,
    Organisation,
    OrganisationStatus,
    OrgIdentifier,
    SourceRecord,
)
from commoncause.services.models import FeedOrganisation
from commoncause.sources.orgids import charity_org_id, company_org_id, normalise_org_id, split_org_id
from commoncause.sources.values import prose

SOURCE = "oruk"
CHUNK = 500
ROWS = 1_000
SEARCHED = 40  # candidates compared for each organisation
REGISTERS = ("GB-CHC", "GB-SC", "GB-NIC", "GB-COH")
Doc = dict[str, Any]


@dataclass(frozen=True)
class Linked:
    organisation_id: UUID
    name: str


@dataclass
class Linking:
    """What linking a feed's organisations found and made."""

    linked: dict[UUID, Linked] = field(default_factory=dict)  # by feed id
    how: dict[UUID, str] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    made: list[Organisation] = field(default_factory=list)
    identifiers: list[OrgIdentifier] = field(default_factory=list)
    queued: list[tuple[UUID, UUID, str]] = field(default_factory=list)  # new, its probable match, why

    @property
    def touched(self) -> set[UUID]:
        return {linked.organisation_id for linked in self.linked.values()}


def _register_form(scheme: str, value: str) -> str:
    """The register's own form of a regulator's number ('' when it is not one)."""
    try:
        if scheme == "GB-COH":
            return company_org_id(value)
        if scheme == "GB-NIC":
            return f"GB-NIC-{int(re.sub(r'^NIC?', '', value.upper()))}"
        if scheme == "GB-SC":
            return charity_org_id(value if value.upper().startswith("SC") else f"SC{value}")
        return charity_org_id(value)
    except ValueError:
        return ""


def feed_org_ids(organisation: Doc) -> tuple[list[str], list[str]]:
    """The org-ids an organisation's identifiers name: (the register's numbers, in the register's own
    form, which a new organisation is given; every form to look up, those first)."""
    own: list[str] = []
    written: list[str] = []
    for item in organisation.get("organization_identifiers") or []:
        if not isinstance(item, dict) or not str(item.get("identifier") or "").strip():
            continue
        value = re.sub(r"\s+", "", str(item["identifier"]))
        scheme = str(item.get("identifier_scheme") or "").strip().upper()
        kind = str(item.get("identifier_type") or "").casefold()
        if scheme not in REGISTERS and not scheme:
            scheme = "GB-COH" if "company" in kind else "GB-CHC" if "charity" in kind else ""
        if scheme in REGISTERS and (form := _register_form(scheme, value)):
            own.append(form)
        with suppress(ValueError):  # a scheme not written as an org-id's: nothing more to look up
            written.append(normalise_org_id(f"{scheme}-{value}"))
    return own, list(dict.fromkeys([*own, *written]))


def _holders(org_ids: set[str]) -> dict[str, UUID]:
    wanted = sorted(org_ids)
    return {
        org_id: holder
        for start in range(0, len(wanted), CHUNK)
        for org_id, holder in OrgIdentifier.objects.filter(
            org_id__in=wanted[start : start + CHUNK]
        ).values_list("org_id", "organisation_id")
    }


def _earlier(ids: list[UUID]) -> dict[UUID, UUID]:
    """The organisation each feed id was linked to before (the one it was itself linked into, if any)."""
    found: dict[UUID, UUID] = {}
    for start in range(0, len(ids), CHUNK):
        rows = FeedOrganisation.objects.filter(pk__in=ids[start : start + CHUNK]).select_related(
            "organisation"
        )
        for row in rows:
            found[row.pk] = row.organisation.merged_into_id or row.organisation_id
    return found


def organisations_link(
    organisations: dict[UUID, Doc], postcodes: dict[UUID, str], *, feed: str, index: MatchIndex | None = None
) -> Linking:
    """Find or make the register's organisation for each of the feed's (see the module's note); the
    register's matching `index` is built when first needed, unless it is given (built already)."""
    linking = Linking()
    keys = {feed_id: feed_org_ids(document) for feed_id, document in organisations.items()}
    local = {
        feed_id: local_org_id(_name(document), postcodes.get(feed_id, ""))
        for feed_id, document in organisations.items()
    }
    holders = _holders({org_id for _, forms in keys.values() for org_id in forms} | set(local.values()))
    earlier = _earlier(list(organisations))
    names = dict(
        Organisation.objects.filter(pk__in=list({*holders.values(), *earlier.values()})).values_list(
            "pk", "name"
        )
    )
    for feed_id, document in organisations.items():
        held = next((form for form in keys[feed_id][1] if form in holders), None)
        if held is not None:
            _link(
                linking, feed_id, holders[held], names, f"by its identifier {held}", "linked by an identifier"
            )
        elif feed_id in earlier:
            _link(
                linking,
                feed_id,
                earlier[feed_id],
                names,
                "as an earlier import of this feed did",
                "as an earlier import did",
            )
        elif local[feed_id] in holders:
            _link(
                linking,
                feed_id,
                holders[local[feed_id]],
                names,
                f"by its name and postcode ({local[feed_id]})",
                "by name and postcode",
            )
        else:
            index = index if index is not None else register_index()
            _match_or_make(
                linking,
                feed_id,
                document,
                postcodes.get(feed_id, ""),
                index,
                keys[feed_id][0],
                local[feed_id],
                holders,
            )
    return linking


def _name(document: Doc) -> str:
    return prose(str(document.get("name") or ""))[:500] or str(document.get("id"))


def _link(
    linking: Linking, feed_id: UUID, organisation: UUID, names: dict[UUID, str], how: str, counted: str
) -> None:
    """Note the feed id as standing for this organisation; `counted` is what the run's note counts."""
    linking.linked[feed_id] = Linked(organisation, names.get(organisation, ""))
    linking.how[feed_id] = how
    linking.counts[counted] += 1


def _match_or_make(
    linking: Linking,
    feed_id: UUID,
    document: Doc,
    postcode: str,
    index: MatchIndex,
    own_ids: list[str],
    local_id: str,
    holders: dict[str, UUID],
) -> None:
    name = _name(document)
    website, email = str(document.get("website") or ""), str(document.get("email") or "")
    record = make_entry(key=object(), name=name, postcode=postcode, website=website, email=email)
    found = sorted(
        (compare(index, record, entry) for entry in index.candidates(record, limit=SEARCHED)),
        key=lambda comparison: (-comparison.points, comparison.candidate.name),
    )
    decided = outcome(found)
    if decided is Outcome.AUTO:
        best = found[0].candidate
        _link(
            linking,
            feed_id,
            best.key,
            {best.key: best.name},
            "by name and postcode (a certain match)",
            "by name and postcode",
        )
        return
    organisation = Organisation(
        name=name, status=OrganisationStatus.UNKNOWN, website=website[:500], email=email[:254]
    )
    org_ids = [org_id for org_id in dict.fromkeys([*own_ids, local_id]) if org_id not in holders]
    for org_id, primary in zip(org_ids, primary_flags(org_ids), strict=True):
        scheme, value = split_org_id(org_id)
        linking.identifiers.append(
            OrgIdentifier(
                organisation=organisation, org_id=org_id, scheme=scheme, value=value[:60], is_primary=primary
            )
        )
        holders[org_id] = organisation.pk
    linking.made.append(organisation)
    index.add(organisation_entry(organisation, org_ids))
    how = f"new to the register ({local_id})"
    if decided is Outcome.QUEUE:
        linking.queued.append((organisation.pk, found[0].candidate.key, ", ".join(found[0].reasons)))
        how += ", a probable match waiting for a curator"
    _link(linking, feed_id, organisation.pk, {organisation.pk: name}, how, "made new to the register")


def linking_save(linking: Linking, *, feed: str, run: ImportRun) -> None:
    """Write what linking made: organisations, identifiers, feed ids, source records, queued pairs."""
    Organisation.objects.bulk_create(linking.made, batch_size=ROWS)
    OrgIdentifier.objects.bulk_create(linking.identifiers, batch_size=ROWS)
    _feed_ids_save(linking, feed)
    _sources_save(linking, feed, run)
    targets = Organisation.objects.in_bulk([target for _, target, _ in linking.queued])
    made = {organisation.pk: organisation for organisation in linking.made}
    for new, target, reasons in linking.queued:
        if target in targets:
            reason = f"Open Referral feed {feed} names an organisation like this one ({reasons})"
            pair_queue(
                source=made[new], target=targets[target], reason=reason, found_by=f"Open Referral feed {feed}"
            )
    canonical_identifiers_refresh({identifier.organisation_id for identifier in linking.identifiers})


def _feed_ids_save(linking: Linking, feed: str) -> None:
    ids = list(linking.linked)
    existing = {
        row.pk: row
        for start in range(0, len(ids), CHUNK)
        for row in FeedOrganisation.objects.filter(pk__in=ids[start : start + CHUNK])
    }
    new, changed = [], []
    for feed_id, linked in linking.linked.items():
        row = existing.get(feed_id)
        how = linking.how[feed_id][:200]
        if row is None:
            new.append(
                FeedOrganisation(id=feed_id, organisation_id=linked.organisation_id, feed=feed[:300], how=how)
            )
        elif row.organisation_id != linked.organisation_id or row.feed != feed[:300]:
            row.organisation_id, row.feed, row.how = linked.organisation_id, feed[:300], how
            changed.append(row)
    FeedOrganisation.objects.bulk_create(new, batch_size=ROWS)
    FeedOrganisation.objects.bulk_update(changed, ["organisation", "feed", "how"], batch_size=ROWS)


def _sources_save(linking: Linking, feed: str, run: ImportRun) -> None:
    """One source record per feed id: the organisation it stands for has this feed as a source."""
    keys = {str(feed_id): linked.organisation_id for feed_id, linked in linking.linked.items()}
    wanted = sorted(keys)
    existing = {
        record.source_key: record
        for start in range(0, len(wanted), CHUNK)
        for record in SourceRecord.objects.filter(source=SOURCE, source_key__in=wanted[start : start + CHUNK])
    }
    new, seen = [], []
    for key, organisation in keys.items():
        record = existing.get(key)
        if record is None:
            record = SourceRecord(
                organisation_id=organisation, source=SOURCE, source_key=key, first_seen_run=run
            )
            new.append(record)
        else:
            seen.append(record)
        record.organisation_id, record.file_name, record.last_seen_run = organisation, feed[:300], run
        record.extract_date, record.last_confirmed, record.disappeared_at = (
            run.extract_date,
            run.extract_date,
            None,
        )
    SourceRecord.objects.bulk_create(new, batch_size=ROWS)
    SourceRecord.objects.bulk_update(
        seen,
        ["organisation", "file_name", "last_seen_run", "extract_date", "last_confirmed", "disappeared_at"],
        batch_size=ROWS,
    )


def linking_note(linking: Linking) -> str:
    """'Of 12 organisations in the feed: 3 by an identifier, …'."""
    parts = ", ".join(f"{count:,} {how}" for how, count in sorted(linking.counts.items()))
    return (
        f"Of {len(linking.linked):,} organisations in the feed: {parts}; "
        f"of those made new, {len(linking.queued):,} have a probable match waiting for a curator."
    )
