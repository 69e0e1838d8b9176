"""The search itself: match text in the database, then filter, count facets and order in memory.

The database answers only "which documents hold these words" (FTS5 or tsvector); everything else is
array work over document numbers, so both databases give the same results in the same order.

A query written as an identifier or a register's number ("GB-CHC-1140543", "1140543", "SC012345")
also finds the organisations holding it, first of all.

Relevance comes in tiers: an identifier the organisation holds; the exact name; every word in the
names (shorter names first, as the words cover more of them); some words in the names; words only in
the activities. Within a tier, larger organisations come first, then by name.

Near a postcode (`near`), only the organisations placed within the radius are found, nearest first
unless another order is asked for, each with its distance (`search/near.py`). An old ward's code in the
area filter finds the organisations in the current wards it overlaps (`search/areas.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, TypedDict, cast

import numpy as np
from django.db.models import Max, Prefetch

from commoncause.register.extensions import AreaMeaning
from commoncause.register.freshness import freshness_flag
from commoncause.register.identifiers import identifier_forms, postcode_prefix
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.register.search.areas import area_meanings
from commoncause.register.search.documents import name_hash
from commoncause.register.search.facets import facet_labels
from commoncause.register.search.index import index_state, reading
from commoncause.register.search.matching import TextMatch, text_match
from commoncause.register.search.memory import Snapshot, snapshot
from commoncause.register.search.near import distances_km, nearest_first
from commoncause.register.search.text import name_key, query_terms
from commoncause.register.search.types import (
    FACETS,
    FacetValue,
    OrganisationHit,
    SearchParameterError,
    SearchQuery,
    SearchResults,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

FACET_VALUES_SHOWN = 100


def _identified(cursor, snap: Snapshot, q: str) -> np.ndarray | None:
    """The documents of the organisations holding an identifier the query is written as (None when the
    query is not written as one)."""
    forms = identifier_forms(q)
    if not forms:
        return None
    placeholders = ", ".join(["%s"] * len(forms))
    cursor.execute(
        "SELECT d.doc_id FROM register_search_document d "  # noqa: S608  # nosec B608 # table names, not input
        f"JOIN {OrgIdentifier._meta.db_table} i ON i.organisation_id = d.organisation_id "
        f"WHERE i.org_id IN ({placeholders})",
        forms,
    )
    return _live_documents(cursor, snap)


def _at_postcode(cursor, snap: Snapshot, q: str) -> np.ndarray | None:
    """The documents of the organisations at the whole or partial postcode the query is written as (None
    when the query is not written as one)."""
    prefix = postcode_prefix(q)
    if prefix is None:
        return None
    cursor.execute(
        "SELECT d.doc_id FROM register_search_document d "  # noqa: S608  # nosec B608 # table names, not input
        f"JOIN {Organisation._meta.db_table} o ON o.id = d.organisation_id WHERE o.postcode LIKE %s",
        [prefix + "%"],  # letters, digits and a space only (postcode_prefix): no wildcard of LIKE
    )
    return _live_documents(cursor, snap)


def _live_documents(cursor, snap: Snapshot) -> np.ndarray:
    """The live documents among the document numbers the cursor's last query selected, as a mask."""
    ids = np.array([doc_id for (doc_id,) in cursor.fetchall()], dtype=np.int64)
    mask = np.zeros(snap.size, dtype=bool)
    mask[ids[ids < snap.size]] = True
    return mask & snap.live


def _relevance_key(
    snap: Snapshot, ids: np.ndarray, q: str, match: TextMatch, identified: np.ndarray | None
) -> np.ndarray:
    if match.in_names is None:  # no document holds the words: only the identified are ordered
        others = np.ones(ids.size, dtype=np.int64) if identified is None else ~identified[ids]
        return others.astype(np.int64) * snap.size + snap.prior_rank[ids]
    in_names, some_in_names = match.in_the_names()
    coverage = np.minimum(len(match.terms) / snap.name_length[ids], 1.0)
    score = np.where(in_names[ids], 2000 + np.round(coverage * 999), np.where(some_in_names[ids], 1000, 0))
    exact = np.isin(snap.name_hash[ids], [name_hash(name_key(q)), name_hash(" ".join(match.terms))])
    score = np.where(exact, 3000, score).astype(np.int64)
    if identified is not None:
        score = np.where(identified[ids], 4000, score)
    return (4000 - score) * snap.size + snap.prior_rank[ids]


def _page(
    snap: Snapshot,
    final: np.ndarray,
    query: SearchQuery,
    match: TextMatch | None,
    identified: np.ndarray | None = None,
    distance: np.ndarray | None = None,
) -> list[int]:
    start, stop = (query.page - 1) * query.page_size, query.page * query.page_size
    if query.sort == "distance" and distance is not None:
        return nearest_first(snap, np.flatnonzero(final), distance, stop)[start:stop].tolist()
    if query.sort == "income":
        return snap.by_income[final[snap.by_income]][start:stop].tolist()
    if query.sort == "name" or match is None:
        return snap.by_name[final[snap.by_name]][start:stop].tolist()
    ids = np.flatnonzero(final)
    if start >= ids.size:
        return []
    key = _relevance_key(snap, ids, query.q, match, identified)
    if stop < ids.size:
        top = np.argpartition(key, stop - 1)[:stop]
        ids, key = ids[top], key[top]
    return ids[np.argsort(key, kind="stable")][start:stop].tolist()


def _facets(
    snap: Snapshot, matched: np.ndarray, query: SearchQuery, filters: dict, meanings: dict[str, AreaMeaning]
) -> dict:
    everything = matched.copy()
    for mask in filters.values():
        everything &= mask
    facets = {}
    for facet in FACETS:
        base = everything
        if facet in filters:
            base = matched.copy()
            for other, mask in filters.items():
                if other != facet:
                    base &= mask
        mapped = {  # an old ward's code counts the organisations in the current wards it stands for
            value: (meaning.label, int((base & snap.facets[facet].matching(meaning.codes, snap.size)).sum()))
            for value, meaning in (meanings.items() if facet == "area" else ())
        }
        facets[facet] = _facet_values(snap, facet, snap.facets[facet].counts(base), query, mapped)
    return facets


def _labels(snap: Snapshot, facet: str) -> tuple[list[str], np.ndarray]:
    """Each code's label, and each code's place in alphabetical order of labels (worked out once)."""
    if facet not in snap.label_order:
        values = snap.facets[facet].values
        named = facet_labels(facet)
        labels = [
            named.get(value) or label for value, label in zip(values.values, values.labels, strict=True)
        ]
        rank = np.argsort(np.argsort(np.array([label.lower() for label in labels] or [""]), kind="stable"))
        snap.label_order[facet] = (labels, rank)
    return snap.label_order[facet]


def _facet_values(
    snap: Snapshot, facet: str, counts: np.ndarray, query: SearchQuery, mapped: dict[str, tuple[str, int]]
) -> tuple:
    """Chosen values first, then the others by count (then label), at most FACET_VALUES_SHOWN of them.
    A chosen value no document holds is shown with the label and count `mapped` gives it, if any."""
    values = snap.facets[facet].values
    labels, rank = _labels(snap, facet)
    wanted = query.filters.get(facet, ())
    selected = set(values.codes(wanted))
    counted = np.flatnonzero(counts)
    codes = [c for c in counted[np.lexsort((rank[counted], -counts[counted]))].tolist() if values.values[c]]
    chosen = [c for c in codes if c in selected]
    others = [c for c in codes if c not in selected][:FACET_VALUES_SHOWN]
    uncounted = [v for v in wanted if not set(values.codes((v,))) & set(chosen)]
    named = facet_labels(facet)
    return (
        *(FacetValue(values.values[c], labels[c], int(counts[c]), True) for c in chosen),
        *(
            FacetValue(v, *mapped[v], True)
            if v in mapped
            else FacetValue(v, _label_of(v, values, labels, named), 0, True)
            for v in uncounted
        ),
        *(FacetValue(values.values[c], labels[c], int(counts[c]), False) for c in others),
    )


def _label_of(value: str, values, labels: list[str], named: dict[str, str]) -> str:
    codes = values.codes((value,))
    return labels[codes[0]] if codes else named.get(value, value)


def _hits(cursor, doc_ids: list[int], distance: np.ndarray | None = None) -> tuple[OrganisationHit, ...]:
    if not doc_ids:
        return ()
    placeholders = ", ".join(["%s"] * len(doc_ids))
    columns = "doc_id, organisation_id, income_band"
    sql = f"SELECT {columns} FROM register_search_document WHERE doc_id IN ({placeholders})"  # noqa: S608  # nosec B608 # placeholders only; ids are parameters
    cursor.execute(sql, doc_ids)
    by_doc = {doc_id: (org_id, band) for doc_id, org_id, band in cursor.fetchall()}
    field = Organisation._meta.pk
    org_keys = {doc_id: field.to_python(org_id) for doc_id, (org_id, _band) in by_doc.items()}
    identifiers = Prefetch("identifiers", queryset=OrgIdentifier.objects.order_by("-is_primary", "org_id"))
    orgs = (
        Organisation.objects.filter(pk__in=org_keys.values())
        .annotate(confirmed=Max("source_records__last_confirmed"))
        .prefetch_related(identifiers)
        .defer("charitable_objects", "area_of_benefit", "extra", "address")
    )
    by_id = {org.pk: org for org in orgs}
    hits = []
    for doc_id in doc_ids:
        org = by_id.get(org_keys[doc_id]) if doc_id in org_keys else None
        if org is not None:  # annotated above (the stubs keep annotations only on Django's own QuerySet)
            hit = _hit(cast("WithAnnotations[Organisation, _Confirmed]", org), by_doc[doc_id][1])
            if distance is not None:
                hit = replace(hit, distance_km=round(float(distance[doc_id]), 3))
            hits.append(hit)
    return tuple(hits)


class _Confirmed(TypedDict):
    confirmed: dt.date | None  # when a source last confirmed the organisation's record


def _hit(org: WithAnnotations[Organisation, _Confirmed], income_band: str) -> OrganisationHit:
    return OrganisationHit(
        id=org.id,
        name=org.name,
        org_ids=tuple(ident.org_id for ident in org.identifiers.all()),
        legal_form=org.legal_form,
        status=org.status,
        latest_income=org.latest_income,
        latest_financial_year_end=org.latest_financial_year_end,
        postcode=org.postcode,
        activities=org.activities,
        income_band=income_band,
        last_confirmed=org.confirmed,
        freshness=freshness_flag(org.confirmed),
    )


def hits_for_documents(doc_ids: list[int]) -> tuple[OrganisationHit, ...]:
    """The organisations of these search documents, in the same order (for reading results in chunks)."""
    with reading().cursor() as cursor:
        return _hits(cursor, doc_ids)


def indexed_search(query: SearchQuery, *, every_document: bool = False) -> SearchResults:
    """Search the index: free text, facet filters (OR within a facet, AND across), drill-down counts."""
    unknown = set(query.filters) - set(FACETS)
    if unknown:
        raise SearchParameterError(sorted(unknown)[0], "is not a facet")
    database = reading()
    state = index_state(database)
    with database.cursor() as cursor:
        snap = snapshot(cursor, state, database.alias)
        terms = query_terms(query.q)
        match = text_match(cursor, snap, terms, rank=query.sort == "relevance") if terms else None
        matched = match.anywhere if match else snap.live
        identified = _identified(cursor, snap, query.q)
        if identified is not None and identified.any():
            matched = identified | match.anywhere if match else identified
        else:
            identified = None
        found_first = identified  # ranked before the words' matches
        at_postcode = _at_postcode(cursor, snap, query.q)
        by_postcode = at_postcode is not None and bool(at_postcode.any())
        if at_postcode is not None and by_postcode:  # a postcode typed in the box: the organisations there
            matched = at_postcode if identified is None else identified | at_postcode
            found_first = matched
        meanings = area_meanings(query.filters.get("area", ()))
        filters = {
            facet: snap.facets[facet].matching(
                _with_meanings(values, meanings) if facet == "area" else values, snap.size
            )
            for facet, values in query.filters.items()
            if values
        }
        if query.ward:  # narrows to one ward, whatever the area filter allows
            filters["ward"] = snap.facets["area"].matching((query.ward,), snap.size)
        distance = None
        if query.near is not None:
            distance = distances_km(cursor, snap, query.near, query.radius_km)
            filters["near"] = np.isfinite(distance)
        final = matched.copy()
        for mask in filters.values():
            final &= mask
        if every_document:  # every result in order, as document numbers (the caller reads them in chunks)
            everything = replace(query, page=1, page_size=max(int(final.sum()), 1))
            doc_ids = _page(snap, final, everything, match, found_first, distance)
            items: tuple[OrganisationHit, ...] = ()
        else:
            doc_ids = _page(snap, final, query, match, found_first, distance)
            items = _hits(cursor, doc_ids, distance)
        found_by_identifier = int((final & identified).sum()) if identified is not None else 0
    return SearchResults(
        count=int(final.sum()),
        items=items,
        facets=_facets(snap, matched, query, filters, meanings),
        page=query.page,
        page_size=query.page_size,
        # A number found as an identifier is not a misspelt word.
        corrected_q=""
        if not match or match.terms == terms or found_by_identifier or by_postcode
        else " ".join(match.terms),
        found_by_identifier=found_by_identifier,
        documents=tuple(doc_ids) if every_document else (),
        near=query.near,
        radius_km=query.radius_km if query.near is not None else None,
    )


def _with_meanings(values: tuple[str, ...], meanings: dict[str, AreaMeaning]) -> tuple[str, ...]:
    """The values, each followed by the current areas it stands for (for an old ward's code)."""
    return tuple(code for value in values for code in (value, *meanings.get(value, AreaMeaning("")).codes))
