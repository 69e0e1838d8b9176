"""The organisations a need is matched against, prepared once as matrices (no database here).

Built from plain `OrgDoc`s (see `matching.organisations` for how the register becomes them):
- `text`: each organisation's words weighted by BM25 (its name, what it does, its services);
- `track`: the same for what its grants were given for and what its services do;
- `tags`: how strongly it does each UK-CAT tag, from 0 to 1: 1 where its classifications give the
  tag (or a tag under it), else from how often UK-CAT's own pattern for the tag matches its name and
  description (`tagging`; one match 0.5, two 0.67, three 0.75), a group or category as strong as its
  strongest tag;
- `themes`, `areas`: which themes it covers and where it works, as 0/1 columns;
- arrays of income, when its facts were last confirmed, legal form, grants and services counted.
Scoring a need is then a few sparse column sums over these (`signals`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from commoncause.matching.engine.concepts import Tag, parents, with_parents
from commoncause.matching.engine.tagging import Counts, count_tags
from commoncause.matching.engine.words import terms

K1 = 1.2  # BM25: how soon repeating a word stops counting
B = 0.75  # BM25: how much a long description's words are discounted


@dataclass(frozen=True)
class OrgDoc:
    """One organisation as the matcher sees it."""

    key: Any  # its id
    name: str
    text: str  # what it does, in its own and its register's words
    org_ids: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()  # UK-CAT tags its classifications give
    themes: frozenset[str] = frozenset()  # themes its classifications give
    areas: frozenset[str] = frozenset()  # GSS codes of where it works and where it is
    income: float | None = None  # its latest yearly income, in pounds
    legal_form: str = ""
    facts_date: dt.date | None = None  # when what the register holds of it was last confirmed
    track: str = ""  # what its grants were for and its services do
    grants: int = 0
    services: int = 0
    tag_counts: Counts | None = None  # UK-CAT's pattern matches of its name and text, if counted already


@dataclass
class Corpus:
    keys: list[Any]
    names: list[str]
    org_ids: list[tuple[str, ...]]
    vocabulary: dict[str, int]
    text: sparse.csc_matrix  # organisations × words, BM25
    track: sparse.csc_matrix  # organisations × words, BM25
    tags: sparse.csc_matrix  # organisations × UK-CAT tags, 0–1
    tag_codes: list[str]
    classified: sparse.csc_matrix  # organisations × UK-CAT tags: 1 where a classification gives it
    themes: sparse.csc_matrix  # organisations × themes, 0/1
    theme_codes: list[str]
    areas: sparse.csc_matrix  # organisations × areas, 0/1
    area_codes: dict[str, int]
    income: np.ndarray  # NaN where unknown
    facts_day: np.ndarray  # the proleptic ordinal of facts_date; NaN where unknown
    legal_forms: np.ndarray  # object array of strings
    grants: np.ndarray
    services: np.ndarray
    tag_idf: np.ndarray = field(init=False)  # how rare each tag is among the organisations
    position: dict[Any, int] = field(init=False)  # where each key's organisation is
    tag_at: dict[str, int] = field(init=False)
    theme_at: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.position = {key: at for at, key in enumerate(self.keys)}
        self.tag_at = {code: at for at, code in enumerate(self.tag_codes)}
        self.theme_at = {code: at for at, code in enumerate(self.theme_codes)}
        holding = np.diff(self.tags.tocsc().indptr)  # how many organisations do each tag
        self.tag_idf = np.log((len(self.keys) + 1) / (holding + 1)).astype(np.float32) + 1.0

    def __len__(self) -> int:
        return len(self.keys)

    def columns_of(self, matrix: sparse.csc_matrix, at: int) -> set[int]:
        """The columns one organisation's row holds (its areas' or themes' positions)."""
        return {int(column) for column in matrix[at].tocsr().indices}


def _bm25(counts: sparse.csr_matrix) -> sparse.csc_matrix:
    """Word counts (organisations × words) as BM25 weights."""
    counts = counts.astype(np.float32).tocsr()
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    average = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
    documents = counts.shape[0]
    holding = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    idf = np.log1p((documents - holding + 0.5) / (holding + 0.5)).astype(np.float32)
    rows = np.repeat(np.arange(documents), np.diff(counts.indptr))
    tf = counts.data
    norm = K1 * (1 - B + B * lengths[rows] / average)
    weighted = counts.copy()
    weighted.data = (tf * (K1 + 1) / (tf + norm) * idf[counts.indices]).astype(np.float32)
    return weighted.tocsc()


def _word_counts(texts: list[str]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Each text's words counted (texts × words), and the words' columns; none for texts with no
    telling word (an empty register)."""
    vectorizer = CountVectorizer(analyzer=terms, dtype=np.float32)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # no text holds a telling word
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32), {}
    return counts, {word: int(at) for word, at in vectorizer.vocabulary_.items()}


def _columns(rows: Sequence[Iterable[str]], codes: dict[str, int]) -> sparse.csc_matrix:
    """0/1 organisations × codes, from each organisation's codes."""
    indptr, indices = [0], []
    for held in rows:
        indices.extend(sorted({codes[code] for code in held if code in codes}))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(codes))).tocsc()


def _tag_matrix(docs: Sequence[OrgDoc], tags: dict[str, Tag]) -> sparse.csr_matrix:
    """Each organisation's UK-CAT pattern matches (organisations × tags): those given with it, else
    counted here."""
    at = {code: column for column, code in enumerate(tags)}
    rows: list[int] = []
    columns: list[int] = []
    counts: list[int] = []
    for row, doc in enumerate(docs):
        held = doc.tag_counts if doc.tag_counts is not None else count_tags(f"{doc.name} {doc.text}", tags)
        for code, found in held:
            if code in at:
                rows.append(row)
                columns.append(at[code])
                counts.append(found)
    return sparse.csr_matrix(
        (np.array(counts, dtype=np.float32), (rows, columns)), shape=(len(docs), len(tags))
    )


def _with_parents(strength: sparse.csr_matrix, codes: list[str]) -> sparse.csr_matrix:
    """Each tag's group and category as strong as the strongest tag under it."""
    at = {code: column for column, code in enumerate(codes)}
    under: dict[int, list[int]] = {}
    for code in codes:
        for parent in parents(code):
            if parent in at:
                under.setdefault(at[parent], []).append(at[code])
    by_column = strength.tocsc()
    lifted = [
        by_column[:, [column, *under[column]]].max(axis=1) if column in under else by_column[:, [column]]
        for column in range(len(codes))
    ]
    return sparse.hstack(lifted, format="csr")


def corpus_build(docs: Sequence[OrgDoc], tags: dict[str, Tag], themes: dict[str, tuple[str, ...]]) -> Corpus:
    """Prepare these organisations for matching; `themes` gives each theme's UK-CAT tag prefixes."""
    both, vocabulary = _word_counts([f"{doc.name} {doc.text}" for doc in docs] + [doc.track for doc in docs])
    text = _bm25(both[: len(docs)])
    track = _bm25(both[len(docs) :])
    tag_codes = list(tags)
    counted = _tag_matrix(docs, tags)
    strength = counted.copy()
    strength.data = strength.data / (strength.data + 1.0)  # one mention 0.5, two 0.67, three 0.75
    classified = _columns(
        [with_parents(doc.tags, tag_codes) for doc in docs], {c: at for at, c in enumerate(tag_codes)}
    )
    held = _with_parents(strength.maximum(classified).tocsr(), tag_codes).tocsc()
    theme_codes = list(themes)
    theme_rows = []
    for doc, row in zip(docs, held.tocsr(), strict=True):
        strong = {tag_codes[at] for at, value in zip(row.indices, row.data, strict=True) if value >= 1.0}
        covered = set(doc.themes)
        covered.update(
            code for code, prefixes in themes.items() if any(t.startswith(prefixes) for t in strong)
        )
        theme_rows.append(covered)
    area_codes: dict[str, int] = {}
    for doc in docs:
        for code in doc.areas:
            area_codes.setdefault(code, len(area_codes))
    return Corpus(
        keys=[doc.key for doc in docs],
        names=[doc.name for doc in docs],
        org_ids=[doc.org_ids for doc in docs],
        vocabulary=vocabulary,
        text=text,
        track=track,
        tags=held,
        tag_codes=tag_codes,
        classified=classified,
        themes=_columns(theme_rows, {code: at for at, code in enumerate(theme_codes)}),
        theme_codes=theme_codes,
        areas=_columns([doc.areas for doc in docs], area_codes),
        area_codes=area_codes,
        income=np.array([np.nan if doc.income is None else doc.income for doc in docs], dtype=np.float64),
        facts_day=np.array(
            [np.nan if doc.facts_date is None else doc.facts_date.toordinal() for doc in docs],
            dtype=np.float64,
        ),
        legal_forms=np.array([doc.legal_form for doc in docs], dtype=object),
        grants=np.array([doc.grants for doc in docs], dtype=np.int32),
        services=np.array([doc.services for doc in docs], dtype=np.int32),
    )
