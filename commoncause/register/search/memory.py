"""Per-process arrays over the search documents: facet values, name order and income order.

Facet counts, filters and ordering are array operations over document numbers (numpy), so a search
costs the same whatever the facets. The arrays are reloaded when the index version in the database
moves on (every refresh bumps it).
"""

import threading
from dataclasses import dataclass, field

import numpy as np

from commoncause.register.search.documents import FACET_SEPARATOR
from commoncause.register.search.facets import AREA_LABEL_SEPARATOR
from commoncause.register.search.postings import stored_words

SINGLE_FACETS: tuple[str, ...] = ("legal_form", "status", "income_band")
MULTI_FACETS: tuple[str, ...] = ("what", "who", "how", "area", "funder")


@dataclass
class FacetValues:
    """The distinct values of one facet, numbered, with a label for each and a case-insensitive lookup."""

    values: list[str]
    labels: list[str]
    lookup: dict[str, int]

    @classmethod
    def build(cls, pairs: dict[str, str]) -> "FacetValues":
        values = list(pairs)
        lookup = {value.lower(): code for code, value in enumerate(values)}
        for code, value in enumerate(values):
            lookup.setdefault(pairs[value].lower(), code)
        return cls(values, [pairs[value] for value in values], lookup)

    def codes(self, wanted: tuple[str, ...]) -> list[int]:
        return [self.lookup[v.lower()] for v in wanted if v.lower() in self.lookup]


@dataclass
class Facet:
    """One facet's value for each document.

    Single-valued facets have one code per document (`starts` is None). Multi-valued facets keep
    their (document, code) entries sorted by document, with `starts[d]:starts[d + 1]` the entries
    of document d, so counting over a few matches reads only their entries.
    """

    values: FacetValues
    docs: np.ndarray | None
    codes: np.ndarray
    starts: np.ndarray | None = None

    def counts(self, mask: np.ndarray) -> np.ndarray:
        if self.docs is None:
            chosen = self.codes[mask]
        else:
            ids = np.flatnonzero(mask)
            if self.starts is not None and ids.size * 8 < mask.size:
                chosen = self.codes[_entries(self.starts, ids)]
            else:
                chosen = self.codes[mask[self.docs]]
        return np.bincount(chosen, minlength=len(self.values.values))

    def matching(self, wanted: tuple[str, ...], size: int) -> np.ndarray:
        hit = np.isin(self.codes, self.values.codes(wanted))
        if self.docs is None:
            return hit
        mask = np.zeros(size, dtype=bool)
        mask[self.docs[hit]] = True
        return mask


def _entries(starts: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The positions of these documents' entries in a multi-valued facet."""
    firsts = starts[ids]
    lengths = starts[ids + 1] - firsts
    shift = np.repeat(firsts - (np.cumsum(lengths) - lengths), lengths)
    return shift + np.arange(int(lengths.sum()))


@dataclass
class Snapshot:
    state: tuple[int, int]
    size: int
    live: np.ndarray
    facets: dict[str, Facet]
    name_hash: np.ndarray
    name_length: np.ndarray
    by_name: np.ndarray
    by_income: np.ndarray
    prior_rank: np.ndarray
    common: set[tuple[str, int]] = field(default_factory=set)  # words with a stored list, by field
    lists: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)  # stored lists read so far
    label_order: dict[str, tuple[list[str], np.ndarray]] = field(default_factory=dict)  # see engine
    # Each document's latitude and longitude in radians, read the first time a search is near a point.
    points: tuple[np.ndarray, np.ndarray] | None = None


def _single(column: tuple[str, ...], doc_ids: np.ndarray, size: int) -> Facet:
    numbering: dict[str, int] = {}
    codes = np.fromiter((numbering.setdefault(v, len(numbering)) for v in column), dtype=np.int32)
    full = np.zeros(size, dtype=np.int32)
    full[doc_ids] = codes
    # Document numbers with no row get the code of the first row's value; `live` keeps them out.
    return Facet(FacetValues.build({v: v for v in numbering}), None, full)


def _multi(doc_ids: np.ndarray, token_lists: tuple[str, ...], size: int) -> dict[str, Facet]:
    entries: dict[str, tuple[list[int], list[int], dict[str, int], dict[str, str]]] = {
        facet: ([], [], {}, {}) for facet in MULTI_FACETS
    }
    for doc_id, tokens in zip(doc_ids.tolist(), token_lists, strict=True):
        if not tokens:
            continue
        for token in tokens.split(FACET_SEPARATOR):
            facet, _, value = token.partition(":")
            value, _, label = value.partition(AREA_LABEL_SEPARATOR)
            docs, codes, numbering, labels = entries[facet]
            docs.append(doc_id)
            codes.append(numbering.setdefault(value, len(numbering)))
            labels.setdefault(value, label or value)
    return {
        facet: _entries_facet(labels, np.array(docs, dtype=np.int64), np.array(codes, dtype=np.int32), size)
        for facet, (docs, codes, _numbering, labels) in entries.items()
    }


def _entries_facet(labels: dict[str, str], docs: np.ndarray, codes: np.ndarray, size: int) -> Facet:
    order = np.argsort(docs, kind="stable")
    docs, codes = docs[order], codes[order]
    starts = np.searchsorted(docs, np.arange(size + 1))
    return Facet(FacetValues.build(labels), docs, codes, starts)


def load_snapshot(cursor, state: tuple[int, int]) -> Snapshot:
    """Read every live document's facet values and sort keys into arrays."""
    cursor.execute(
        "SELECT doc_id, name_hash, name_length, legal_form, status, income_band, income, facet_tokens "
        "FROM register_search_document WHERE organisation_id IS NOT NULL ORDER BY sort_name, doc_id"
    )
    rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 8
    doc_ids = np.array(columns[0], dtype=np.int64)
    size = int(doc_ids.max()) + 1 if rows else 1
    live = np.zeros(size, dtype=bool)
    live[doc_ids] = True
    name_hash = np.zeros(size, dtype=np.int64)
    name_hash[doc_ids] = np.array(columns[1], dtype=np.int64)
    name_length = np.ones(size, dtype=np.int32)
    name_length[doc_ids] = np.array(columns[2], dtype=np.int32)
    facets = {facet: _single(columns[3 + i], doc_ids, size) for i, facet in enumerate(SINGLE_FACETS)}
    facets.update(_multi(doc_ids, columns[7], size))
    income = np.array([-1 if v is None else v for v in columns[6]], dtype=np.float64)
    # Largest income first, unknown incomes last, then by name (rows are already in name order).
    by_income = doc_ids[np.argsort(-income, kind="stable")]
    prior_rank = np.zeros(size, dtype=np.int64)
    prior_rank[by_income] = np.arange(by_income.size)
    common = stored_words(cursor)
    return Snapshot(state, size, live, facets, name_hash, name_length, doc_ids, by_income, prior_rank, common)


_lock = threading.Lock()
_current: dict[str, Snapshot] = {}


def snapshot(cursor, state: tuple[int, int], alias: str) -> Snapshot:
    """The arrays for this index state, loading them when the index has changed since last time."""
    current = _current.get(alias)
    if current is not None and current.state == state:
        return current
    with _lock:
        current = _current.get(alias)
        if current is None or current.state != state:
            current = load_snapshot(cursor, state)
            _current[alias] = current
    return current
