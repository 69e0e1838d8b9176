"""The funders and recipients of a 360Giving file as organisations in the register, found or made in bulk.

An org-id from a register (GB-CHC-…, GB-COH-…, GB-SC-…) finds the organisation holding it, or makes one
that the register's own import later fills in. A party with only its publisher's made-up id (360G-…)
is a group on no register: it gets the stable local id from its name and postcode (GB-LOCAL-…), so the
same group funded by two funders is one organisation; the publisher's id is kept beside it when it fits.

`prepare` looks up every party's identifiers at once; `resolve` then answers from memory, making the
organisations and identifiers that are missing; `save` writes those in bulk, before the grants naming them.

An organisation made from a grants file is not said to be anything the file does not say: it has no
legal form (a funder's own id says nothing of whether it is a community group, a school or a national
body), and its address is flagged when the file puts it outside the UK. Every funder and recipient gets
a source record naming the file (`sources_save`), so its page says where it came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from commoncause.linkage.keys import names_agree
from commoncause.register.identifiers import LOCAL_SCHEME, local_org_id
from commoncause.register.models import (
    ImportRun,
    Organisation,
    OrganisationStatus,
    OrgIdentifier,
    OtherName,
    SourceRecord,
)
from commoncause.sources.orgids import split_org_id
from commoncause.sources.values import is_uk_postcode, postcode_value, prose

MADE_UP = "360G"
CHUNK = 500  # identifiers looked up per query (SQLite allows 32,766 parameters)
BATCH = 1_000
ID_LENGTH = OrgIdentifier._meta.get_field("org_id").max_length or 80
SIGNED = ("id", "name", "postalCode", "charityNumber", "companyNumber")  # what `_keys` reads
SOURCE = "360giving"
SOURCE_KEY_LENGTH = SourceRecord._meta.get_field("source_key").max_length or 80
UK_COUNTRIES = {"GB", "UK", "GBR", "UNITED KINGDOM", "GREAT BRITAIN", "ENGLAND", "SCOTLAND", "WALES",
                "NORTHERN IRELAND"}  # fmt: skip


def outside_uk(party: dict[str, Any]) -> bool:
    """Whether a grants file puts a party's address outside the UK: a country other than the UK, or a
    postcode in no UK form (a New York ZIP code, say)."""
    country = str(party.get("addressCountry") or "").strip().upper()
    if country:
        return country not in UK_COUNTRIES
    postcode = str(party.get("postalCode") or "").strip()
    return bool(postcode) and not is_uk_postcode(postcode_value(postcode))


def _registered_ids(party: dict[str, Any]) -> list[str]:
    """Org-ids from a party's `charityNumber` and `companyNumber` (many funders give these beside an id
    of their own): a number for England and Wales (GB-CHC), Scotland (SC…, GB-SC) or Northern Ireland
    (NIC…, GB-NIC), and a company number padded to Companies House's eight characters (GB-COH)."""
    found = []
    charity = re.sub(r"\s+", "", str(party.get("charityNumber") or "")).upper()
    if re.fullmatch(r"\d{5,8}(-\d+)?", charity):
        found.append(f"GB-CHC-{charity}")
    elif re.fullmatch(r"SC\d{6}", charity):
        found.append(f"GB-SC-{charity}")
    elif re.fullmatch(r"NIC\d{6}", charity):
        found.append(f"GB-NIC-{charity[3:]}")
    company = re.sub(r"\s+", "", str(party.get("companyNumber") or "")).upper()
    if re.fullmatch(r"[A-Z]{2}\d{6}|\d{1,8}", company):
        found.append(f"GB-COH-{company.zfill(8)}")
    return found


def _scheme(key: str) -> str:
    if key.startswith(LOCAL_SCHEME):
        return LOCAL_SCHEME
    try:
        return split_org_id(key)[0]
    except ValueError:  # a funder's own id: 360G-<funder>-…
        return key.rsplit("-", 1)[0][:20]


def _keys(party: dict[str, Any]) -> tuple[list[str], str, str]:
    """The identifiers a party is known by, its scheme, and its name.

    A party known by a funder's own id (360G-…) is a group on no register, with a local id from its
    name and postcode, unless the funder also gives its charity or company number.
    """
    org_id = str(party.get("id", "")).strip()
    name = prose(str(party.get("name", "")))[:500] or org_id
    try:
        scheme, _ = split_org_id(org_id)
    except ValueError:
        scheme = MADE_UP if org_id.upper().startswith(MADE_UP) else ""
    keys = [org_id.upper()]
    if scheme == MADE_UP:
        registered = _registered_ids(party)
        if registered:
            return registered + _own_keys(party, name)[:-1], registered[0].rsplit("-", 1)[0], name
        keys = _own_keys(party, name)
    return keys, scheme, name


def _own_keys(party: dict[str, Any], name: str) -> list[str]:
    """A group's keys from a funder's own id: that id (when it fits) and the local id of its name and
    postcode."""
    org_id = str(party.get("id", "")).strip().upper()
    return [key for key in [org_id] if len(key) <= ID_LENGTH] + [
        local_org_id(name, str(party.get("postalCode", "")))
    ]


def party_signature(party: dict[str, Any]) -> tuple[str | None, ...] | None:
    """The fields a party's identifiers are worked out from (None when one is not text): a funder or
    recipient named again with the same ones is the same organisation."""
    signature = tuple(party.get(field) for field in SIGNED)
    return signature if all(value is None or type(value) is str for value in signature) else None


def named_parties(grant: Any) -> Iterator[dict[str, Any]]:
    """The funder and recipient of a grant (the first of each the standard allows) that have an id;
    safe on a grant that breaks the schema."""
    if not isinstance(grant, dict):
        return
    for key in ("fundingOrganization", "recipientOrganization"):
        held = grant.get(key)
        if isinstance(held, list) and held and isinstance(held[0], dict) and held[0].get("id"):
            yield held[0]


def party_keys(party: dict[str, Any]) -> list[str]:
    """The identifiers a party is known by (see `_keys`)."""
    return _keys(party)[0]


class Parties:
    """Funders and recipients found or made, each once per run; what is made is written batch by batch.

    Organisations already in the register are held by their primary key alone: a run naming tens of
    thousands of them does not load their records."""

    def __init__(self) -> None:
        self.found: dict[str, UUID] = {}  # an identifier, and the organisation holding it
        self.touched: set[UUID] = set()  # organisations made, or given another identifier, in this run
        self.local: dict[UUID, Organisation] = {}  # groups new to the register, known by a funder's id
        self.new_organisations: list[Organisation] = []
        self._new_org_ids: defaultdict[UUID, list[str]] = defaultdict(list)
        self._unsaved: list[Organisation] = []
        self._unsaved_identifiers: list[OrgIdentifier] = []
        self._held: set[str] = set()
        self._resolved: dict[tuple[str | None, ...], UUID] = {}  # a party seen before, by its signature
        self.named: dict[UUID, str] = {}  # each organisation the file names, and the id it names it by
        self._names: defaultdict[UUID, list[str]] = defaultdict(list)  # names of the organisations found
        # A group whose funder gave the number of an organisation with another name: the group, and that
        # organisation with the number (for a curator to decide whether they are one).
        self.disputed: dict[UUID, tuple[UUID, str]] = {}

    def touch(self, *organisations: UUID | None) -> None:
        """Note organisations whose grants changed (so their search entries are refreshed); None for none."""
        self.touched.update(organisation for organisation in organisations if organisation is not None)

    @property
    def created(self) -> int:
        return len(self.new_organisations)

    def prepare(self, keys: Iterable[str]) -> None:
        """Look up, at once, every organisation already holding one of these identifiers."""
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), CHUNK):
            holders = OrgIdentifier.objects.filter(org_id__in=wanted[start : start + CHUNK])
            for org_id, organisation_id in holders.values_list("org_id", "organisation_id"):
                self.found[org_id] = organisation_id
                self._held.add(org_id)
        self._names_load(set(self.found.values()))

    def _names_load(self, organisations: set[UUID]) -> None:
        """The names (and other names) of these organisations, to check a number against its name."""
        wanted = sorted(organisations)
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for pk, name in Organisation.objects.filter(pk__in=chunk).values_list("pk", "name"):
                self._names[pk].append(name)
            for pk, name in OtherName.objects.filter(organisation__in=chunk).values_list(
                "organisation", "name"
            ):
                self._names[pk].append(name)

    def _holder_named_otherwise(
        self, party: dict[str, Any], keys: list[str], name: str
    ) -> tuple[UUID, str] | None:
        """The organisation holding a number the funder gave beside its own id, when that organisation's
        names do not agree with the name the funder gave (a number given in error, or the funder's own)."""
        if not str(party.get("id", "")).upper().startswith(MADE_UP):
            return None
        for key in _registered_ids(party):
            holder = self.found.get(key)
            if holder is not None and self._names[holder] and not names_agree(name, self._names[holder]):
                return holder, key
        return None

    def resolve(self, party: dict[str, Any]) -> UUID:
        """The organisation a party is: found by one of its identifiers, or made (written at `save`)."""
        signature = party_signature(party)
        if signature is not None and signature in self._resolved:
            return self._resolved[signature]
        keys, scheme, name = _keys(party)
        disputed = self._holder_named_otherwise(party, keys, name)
        if disputed is not None:  # taken for a group of its own, and put before a curator
            keys, scheme = _own_keys(party, name), MADE_UP
        organisation = next((self.found[key] for key in keys if key in self.found), None)
        if organisation is None:
            organisation = self._make(party, scheme, name)
        if disputed is not None:
            self.disputed.setdefault(organisation, disputed)
        for key in keys:
            if key not in self._held:  # a new body, or a known one under another id: keep the id too
                self.touched.add(organisation)
                self._held.add(key)
                scheme_of_key = _scheme(key)
                self._unsaved_identifiers.append(
                    OrgIdentifier(
                        organisation_id=organisation,
                        org_id=key,
                        scheme=scheme_of_key,
                        value=key.removeprefix(f"{scheme_of_key}-")[:60],
                    )
                )
                self._new_org_ids[organisation].append(key)
            self.found[key] = organisation
        if signature is not None:
            self._resolved[signature] = organisation
        self.named.setdefault(organisation, keys[0])
        return organisation

    def _make(self, party: dict[str, Any], scheme: str, name: str) -> UUID:
        abroad = outside_uk(party)
        given = str(party.get("postalCode") or "")
        organisation = Organisation(
            name=name,
            status=OrganisationStatus.UNKNOWN,
            legal_form="",  # the file does not say
            postcode="" if abroad else postcode_value(given),
            address=" ".join(part for part in (given, str(party.get("addressCountry") or "")) if part)
            if abroad
            else "",
            website=str(party.get("url", ""))[:500],
            extra={"outside_uk": True} if abroad else {},
        )
        self.new_organisations.append(organisation)
        self._unsaved.append(organisation)
        self._names[organisation.pk].append(name)
        if scheme == MADE_UP:  # matched with the register once written (see link_queue)
            self.local[organisation.pk] = organisation
        return organisation.pk

    def save(self) -> None:
        """Write the organisations and identifiers made since the last save (before grants name them)."""
        Organisation.objects.bulk_create(self._unsaved, batch_size=BATCH)
        OrgIdentifier.objects.bulk_create(self._unsaved_identifiers, batch_size=BATCH)
        self._unsaved, self._unsaved_identifiers = [], []

    def sources_save(self, file_name: str, run: ImportRun) -> None:
        """Note this file as a source of every funder and recipient it names: made by this run, or named
        again by a later file (the latest file is kept)."""
        keys = {organisation: key[:SOURCE_KEY_LENGTH] for organisation, key in self.named.items()}
        wanted = sorted(set(keys.values()))
        existing: dict[str, SourceRecord] = {}
        for start in range(0, len(wanted), CHUNK):
            for record in SourceRecord.objects.filter(
                source=SOURCE, source_key__in=wanted[start : start + CHUNK]
            ):
                existing[record.source_key] = record
        new: list[SourceRecord] = []
        seen: list[SourceRecord] = []
        for organisation, key in keys.items():
            held = existing.get(key)
            if held is None:
                new.append(
                    SourceRecord(
                        organisation_id=organisation,
                        source=SOURCE,
                        source_key=key,
                        file_name=file_name[:300],
                        first_seen_run=run,
                        last_seen_run=run,
                        extract_date=run.extract_date,
                        last_confirmed=run.extract_date,
                    )
                )
            elif held.organisation_id == organisation:
                held.file_name, held.last_seen_run = file_name[:300], run
                held.extract_date, held.last_confirmed = run.extract_date, run.extract_date
                seen.append(held)
        SourceRecord.objects.bulk_create(new, batch_size=BATCH)
        SourceRecord.objects.bulk_update(
            seen, ["file_name", "last_seen_run", "extract_date", "last_confirmed"], batch_size=BATCH
        )

    def new_org_ids(self) -> dict[UUID, list[str]]:
        """The identifiers made in this run, by the organisation holding them."""
        return self._new_org_ids
