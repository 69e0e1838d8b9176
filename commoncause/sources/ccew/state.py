"""What the register already holds about CCEW charities: read once at the start of a run."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from commoncause.sources.ccew.targets import SOURCE
from commoncause.sources.ccew.writer import ID_CHUNK, chunks, quote, table_and_columns

FETCH_ROWS = 20_000
# SQL here is built from model table names only, never from input.
ORGANISATIONS = quote(table_and_columns("organisations")[0])
IDENTIFIERS = quote(table_and_columns("identifiers")[0])
RECORDS = quote(table_and_columns("source_records")[0])


def as_hex(value: object) -> str:
    """A UUID as the 32 hex digits the importer uses (SQLite stores that; PostgreSQL accepts it)."""
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")


def register_is_empty() -> bool:
    """True when the register has no organisations at all (a first import needs no look-ups)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {ORGANISATIONS} LIMIT 1")  # noqa: S608  # nosec B608 # a table name from the model
        return cursor.fetchone() is None


def existing_records() -> dict[int, tuple[str, str, bool]]:
    """Organisation number -> (organisation uuid, record hash, disappeared) for every CCEW record."""
    found: dict[int, tuple[str, str, bool]] = {}
    with connection.cursor() as cursor:
        columns = "source_key, organisation_id, record_hash, disappeared_at IS NOT NULL"
        cursor.execute(f"SELECT {columns} FROM {RECORDS} WHERE source = %s", [SOURCE])  # noqa: S608  # nosec B608 # table and column names, values are parameters
        while rows := cursor.fetchmany(FETCH_ROWS):
            for key, organisation, digest, gone in rows:
                found[int(key)] = (as_hex(organisation), digest, bool(gone))
    return found


def adoptable_org_ids() -> dict[str, str]:
    """GB-CHC org-ids held by organisations that no CCEW record describes (another source made them)."""
    with connection.cursor() as cursor:
        # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join; NOT IN over a subquery too big to
        # hash in memory is re-scanned for every identifier (hours at national scale).
        cursor.execute(
            f"SELECT i.org_id, i.organisation_id FROM {IDENTIFIERS} i WHERE i.scheme = 'GB-CHC' "  # noqa: S608  # nosec B608 # table names from the models
            f"AND NOT EXISTS (SELECT 1 FROM {RECORDS} r WHERE r.organisation_id = i.organisation_id "
            "AND r.source = %s)",
            [SOURCE],
        )
        return {org_id: as_hex(organisation) for org_id, organisation in cursor.fetchall()}


def org_id_owners(org_ids: list[str]) -> dict[str, str]:
    """Which organisation holds each of these org-ids, for those the register has."""
    owners: dict[str, str] = {}
    with connection.cursor() as cursor:
        for part in chunks(org_ids, ID_CHUNK):
            marks = ", ".join(["%s"] * len(part))
            sql = f"SELECT org_id, organisation_id FROM {IDENTIFIERS} WHERE org_id IN ({marks})"  # noqa: S608  # nosec B608 # a table name and placeholders
            cursor.execute(sql, list(part))
            owners.update((org_id, as_hex(organisation)) for org_id, organisation in cursor.fetchall())
    return owners


def gss_codes() -> dict[str, str]:
    """CCEW area-of-operation names (upper case) -> ONS GSS code, where the lookup has one."""
    path = Path(settings.DATA_DIR) / "reference" / "cc-aoo-gss-iso.csv"
    codes: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["GSS"]:  # names are padded with spaces in places ('CHESHIRE WEST & CHESTER    ')
                codes.setdefault(row["aooname"].strip().upper(), row["GSS"].strip())
                if row["aootype"] == "B":
                    codes.setdefault(row["aoosort"].strip().upper(), row["GSS"].strip())
    return codes
