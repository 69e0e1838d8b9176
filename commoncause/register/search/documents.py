"""Search documents: one flat row per organisation, read from the register in chunks.

A document holds the folded text to index (names; activities, or objects when there are none) and
the facet values the search counts, so a search never joins the register's tables.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from django.db import connection

from commoncause.core.parallel import ahead_in_worker
from commoncause.register.extensions import FacetSource, facet_sources
from commoncause.register.income_bands import income_band_for
from commoncause.register.models import ClassificationCode
from commoncause.register.search.facets import (
    AREA_LABEL_SEPARATOR,
    CLASSIFICATION_FACETS,
    CLASSIFICATION_SCHEME,
    area_value,
)
from commoncause.register.search.text import index_text, name_key

CHUNK = 5000
FACET_SEPARATOR = "\t"


@dataclass(frozen=True)
class Document:
    organisation_id: str  # as text, the way the database shows it: see organisation_key()
    names: str
    body: str
    name_hash: int
    sort_name: str
    name_length: int
    legal_form: str
    status: str
    income: int | None
    income_band: str
    facet_tokens: str


def name_hash(key: str) -> int:
    """A stable signed 64-bit hash of a folded name, to spot exact name matches."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def _facet_tokens(organisation_id: object, related: dict[str, dict]) -> str:
    values = [
        f"{facet}:{value}" for facet, by_org in related.items() for value in by_org.get(organisation_id, ())
    ]
    return FACET_SEPARATOR.join(dict.fromkeys(values))


# The register's tables, read with plain SQL: {where} picks organisations (by id or organisation_id),
# {concat} is the database's string aggregate. Ids come back as text, quicker to read than uuids.
# The text indexed beside the names is the activities, or the opening of the objects when a register
# (such as CCNI's) publishes no activities. "ORDER BY id" is the id as text on PostgreSQL (the output
# column of that name), which sorts as the uuid does and lets it sort once instead of walking the index.
# Records linked into another (merged) are not searched: the one they were linked into is.
ORGANISATIONS = (
    "SELECT CAST(id AS text), name, legal_form, status, latest_income, "
    "CASE WHEN activities = '' THEN substr(charitable_objects, 1, 500) ELSE activities END "
    "FROM register_organisation WHERE merged_into_id IS NULL AND ({where}) ORDER BY id"
)
OTHER_NAMES = "SELECT CAST(organisation_id AS text), name FROM register_othername WHERE {where}"
# Filtering on the scheme inside the aggregate keeps the database on the organisation_id index.
CLASSIFICATIONS = (
    "SELECT CAST(organisation_id AS text), {concat}(CASE WHEN scheme = 'ccew' THEN code END, ' ') "
    "FROM register_classification WHERE {where} GROUP BY organisation_id"
)
AREAS = (
    "SELECT CAST(organisation_id AS text), {concat}(gss_code || '|' || name, '~') "
    "FROM register_areaofoperation WHERE {where} GROUP BY organisation_id"
)


def _rows(sql: str, where: str, params: list) -> list[tuple]:
    concat = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    with connection.cursor() as cursor:
        cursor.execute(sql.format(where=where, concat=concat), params)  # noqa: S608 (placeholders only)
        return cursor.fetchall()


@dataclass(frozen=True)
class Rows:
    """The register's rows behind one chunk of documents, as read: plain tuples, cheap to pickle."""

    organisations: list[tuple]
    other_names: list[tuple]
    classifications: list[tuple]
    areas: list[tuple]
    added: dict[str, list[tuple]]  # facet -> (organisation id, value, label), from other apps' facet sources


def _read(organisations: list[tuple], where: str, params: list) -> Rows:
    """These organisations' rows with their related rows (`where` picks them by organisation_id)."""
    return Rows(
        organisations,
        _rows(OTHER_NAMES, where, params),
        _rows(CLASSIFICATIONS, where, params),
        _rows(AREAS, where, params),
        {
            source.facet: _rows(
                source.sql, where.replace("organisation_id", source.organisation_column), params
            )
            for source in facet_sources()
        },
    )


def _where_on(where: str, source: FacetSource) -> str:
    """`where`, picking organisations by the facet source's own column."""
    return where.replace("organisation_id", source.organisation_column)


def facet_kinds() -> dict[str, str]:
    """Which facet (what, who or how) each classification code counts under."""
    codes = ClassificationCode.objects.filter(scheme=CLASSIFICATION_SCHEME, kind__in=CLASSIFICATION_FACETS)
    return dict(codes.values_list("code", "kind"))


def _areas(joined: str) -> list[str]:
    values = []
    for area in joined.split("~"):
        gss, _, name = area.partition("|")
        values.append(area_value(name, gss) + AREA_LABEL_SEPARATOR + name)
    return values


def build(rows: Rows, kinds: dict[str, str]) -> list[Document]:
    """The documents of one chunk of rows: pure computation, no database (so a worker can do it)."""
    other_names: dict[str, list[str]] = defaultdict(list)
    for org_id, name in rows.other_names:
        other_names[org_id].append(name)
    facets: dict[str, dict] = {
        facet: defaultdict(list) for facet in (*CLASSIFICATION_FACETS, "area", *rows.added)
    }
    for org_id, codes in rows.classifications:
        for code in (codes or "").split():
            if code in kinds:
                facets[kinds[code]][org_id].append(code)
    for org_id, joined in rows.areas:
        facets["area"][org_id] = _areas(joined)
    for facet, added in rows.added.items():
        for org_id, value, label in added:
            facets[facet][org_id].append(value + AREA_LABEL_SEPARATOR + label)
    built = []
    for org_id, name, legal_form, status, income, activities in rows.organisations:
        key = name_key(name)
        names = " ".join([key, *(index_text(other) for other in other_names.get(org_id, ()))])
        built.append(
            Document(
                organisation_id=org_id,
                names=names,
                body=index_text(activities),
                name_hash=name_hash(key),
                sort_name=key,
                name_length=max(1, len(key.split())),
                legal_form=legal_form,
                status=status,
                income=income,
                income_band=income_band_for(income),
                facet_tokens=_facet_tokens(org_id, facets),
            )
        )
    return built


def organisation_key(organisation_id: UUID | str) -> str:
    """An organisation's id as text the way this database shows it (32 hex digits on SQLite)."""
    value = organisation_id if isinstance(organisation_id, UUID) else UUID(str(organisation_id))
    return str(value) if connection.vendor == "postgresql" else value.hex


def _all_rows() -> Iterator[Rows]:
    """Every organisation's rows in id order, a chunk at a time; each chunk's related rows are picked
    by the range of its organisations' ids."""
    between = "organisation_id BETWEEN %s AND %s"
    if connection.vendor == "postgresql":  # one sorted pass through a server-side cursor
        with connection.chunked_cursor() as cursor:
            cursor.execute(ORGANISATIONS.format(where="1 = 1"))
            while rows := cursor.fetchmany(CHUNK):
                yield _read(rows, between, [rows[0][0], rows[-1][0]])
        return
    # SQLite walks its primary key quickly: a query per chunk, each after the last id seen.
    rows = _rows(ORGANISATIONS + f" LIMIT {CHUNK}", "1 = 1", [])
    while rows:
        yield _read(rows, between, [rows[0][0], rows[-1][0]])
        rows = _rows(ORGANISATIONS + f" LIMIT {CHUNK}", "id > %s", [rows[-1][0]])


def register_rows(organisation_ids: Iterable[UUID] | None = None) -> Iterator[Rows]:
    """The rows behind the documents of these organisations (all when None), a chunk at a time.

    Organisation ids stay as text (`Document.organisation_id`), which spares converting hundreds
    of thousands of UUIDs on a full rebuild.
    """
    if organisation_ids is None:
        yield from _all_rows()
        return
    wanted = [organisation_key(i) for i in dict.fromkeys(organisation_ids)]
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        where = f"{{column}} IN ({', '.join(['%s'] * len(part))})"
        rows = _rows(ORGANISATIONS, where.format(column="id"), part)
        yield _read(rows, where.format(column="organisation_id"), part)


def documents(organisation_ids: Iterable[UUID] | None = None) -> Iterator[list[Document]]:
    """The documents of these organisations (all when None), a chunk at a time, built here."""
    kinds = facet_kinds()
    for rows in register_rows(organisation_ids):
        yield build(rows, kinds)


_KINDS: dict[str, dict[str, str]] = {}  # what `_build` works with, set where it runs


def _set_kinds(kinds: dict[str, str]) -> None:
    _KINDS["kinds"] = kinds


def _build(rows: Rows) -> list[Document]:
    return build(rows, _KINDS["kinds"])


def all_documents(*, parallel: bool) -> Iterator[list[Document]]:
    """Every organisation's document, a chunk at a time; with `parallel`, a forked worker builds the
    next chunk while this process reads the register and writes the index."""
    chunks = register_rows()
    return ahead_in_worker(_build, chunks, setup=_set_kinds, state=(facet_kinds(),), parallel=parallel)
