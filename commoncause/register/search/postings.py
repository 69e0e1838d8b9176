"""Stored posting lists for common words, and the vocabulary with document counts.

The full-text index answers quickly for a word a few hundred organisations use, but slowly for one
that tens of thousands use, because every matching row has to come back. So each word held by at
least `COMMON_WORD_DOCS` documents gets its sorted document numbers stored as one binary value
(`register_search_posting`), read in one go and kept in memory. Both are computed in Python while
the documents are written, identically on SQLite and PostgreSQL.
"""

from collections.abc import Iterator
from itertools import chain

import numpy as np

from commoncause.register.search.documents import Document

COMMON_WORD_DOCS = 1000
ANYWHERE, NAMES = 0, 1
FIELDS = (ANYWHERE, NAMES)


def words(doc: Document) -> tuple[set[str], set[str]]:
    """(every word of the document, the words of its names)."""
    names = set(doc.names.split())
    return names.union(doc.body.split()), names


class PostingsBuilder:
    """Collects (word, document) pairs during a full rebuild; then the vocabulary and common lists."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.pairs: dict[int, tuple[list[np.ndarray], list[np.ndarray]]] = {f: ([], []) for f in FIELDS}

    def _numbers(self, found: list[set[str]]) -> tuple[np.ndarray, list[int]]:
        """The vocabulary numbers of every word of every set, and how many words each set has."""
        vocabulary = self.vocabulary
        flat = list(chain.from_iterable(found))
        for word in set(flat).difference(vocabulary):
            vocabulary[word] = len(vocabulary)
        numbers = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int32, count=len(flat))
        return numbers, [len(words_found) for words_found in found]

    def add(self, numbered: list[tuple[int, Document]], found: list[tuple[set[str], set[str]]]) -> None:
        """Add documents with their words (as `words()` gives them)."""
        doc_ids = np.array([doc_id for doc_id, _ in numbered], dtype=np.int32)
        for field in FIELDS:
            numbers, lengths = self._numbers([pair[field] for pair in found])
            self.pairs[field][0].append(numbers)
            self.pairs[field][1].append(np.repeat(doc_ids, lengths))

    def _field(self, field: int) -> tuple[np.ndarray, np.ndarray]:
        terms, docs = self.pairs[field]
        if not terms:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
        return np.concatenate(terms), np.concatenate(docs)

    def document_counts(self) -> Iterator[tuple[str, int]]:
        """Every word with the number of documents that hold it."""
        terms, _docs = self._field(ANYWHERE)
        counts = np.bincount(terms, minlength=len(self.vocabulary))
        return zip(self.vocabulary, counts.tolist(), strict=True)

    def common(self) -> Iterator[tuple[str, int, bytes]]:
        """(word, field, sorted document numbers as int32 bytes) for each common word of each field."""
        words_by_id = list(self.vocabulary)
        for field in FIELDS:
            terms, docs = self._field(field)
            counts = np.bincount(terms, minlength=len(words_by_id))
            keep = (counts >= COMMON_WORD_DOCS)[terms]
            terms, docs = terms[keep], docs[keep]
            if not terms.size:
                continue
            order = np.argsort(terms, kind="stable")  # documents were added in order
            terms, docs = terms[order], docs[order]
            starts = np.concatenate(([0], np.flatnonzero(np.diff(terms)) + 1)).tolist()
            ends = [*starts[1:], terms.size]
            for start, end in zip(starts, ends, strict=True):
                yield words_by_id[terms[start]], field, docs[start:end].tobytes()


def write_all(cursor, builder: PostingsBuilder) -> None:
    """Store the vocabulary and the common words' lists of a full rebuild (tables already emptied)."""
    counts = list(builder.document_counts())
    for start in range(0, len(counts), 10_000):
        cursor.executemany(
            "INSERT INTO register_search_term (term, docs) VALUES (%s, %s)", counts[start : start + 10_000]
        )
    cursor.executemany(
        "INSERT INTO register_search_posting (term, field, docs) VALUES (%s, %s, %s)", list(builder.common())
    )


def _stored(cursor, affected: list[str]) -> list[tuple[str, int, bytes]]:
    found = []
    for start in range(0, len(affected), 500):
        part = affected[start : start + 500]
        placeholders = ", ".join(["%s"] * len(part))
        sql = f"SELECT term, field, docs FROM register_search_posting WHERE term IN ({placeholders})"  # noqa: S608
        cursor.execute(sql, part)
        found += cursor.fetchall()
    return found


def write_some(
    cursor,
    new: dict[int, tuple[set[str], set[str]]],
    old: dict[int, tuple[set[str], set[str]]],
) -> None:
    """Bring the stored lists up to date for some documents: their words now (`new`) and before (`old`).

    A removed document has no entry in `new`. New words join the vocabulary.
    """
    changed = np.array(sorted(set(new) | set(old)), dtype=np.int32)
    affected = set()
    for words_now in (*new.values(), *old.values()):
        affected |= words_now[ANYWHERE]
    updates = []
    for term, field, docs in _stored(cursor, sorted(affected)):
        kept = np.frombuffer(bytes(docs), dtype=np.int32)
        kept = kept[~np.isin(kept, changed)]
        added = np.array(
            sorted(doc_id for doc_id, found in new.items() if term in found[field]), dtype=np.int32
        )
        updated = np.insert(kept, np.searchsorted(kept, added), added)
        updates.append((updated.tobytes(), term, field))
    cursor.executemany("UPDATE register_search_posting SET docs = %s WHERE term = %s AND field = %s", updates)
    fresh = set().union(*(found[ANYWHERE] for found in new.values())) if new else set()
    cursor.executemany(
        "INSERT INTO register_search_term (term, docs) VALUES (%s, 1) ON CONFLICT DO NOTHING",
        [(word,) for word in sorted(fresh)],
    )


def word_exists(cursor, word: str) -> bool:
    """Whether the vocabulary holds this word."""
    cursor.execute("SELECT 1 FROM register_search_term WHERE term = %s", [word])
    return cursor.fetchone() is not None


def completions(cursor, prefix: str, *, limit: int = 30) -> list[str]:
    """The most used words of the vocabulary that start with this prefix."""
    cursor.execute(
        "SELECT term FROM register_search_term WHERE term > %s AND term < %s "
        "ORDER BY docs DESC, term LIMIT %s",
        [prefix, prefix + "{", limit],
    )
    return [row[0] for row in cursor.fetchall()]


def stored_words(cursor) -> set[tuple[str, int]]:
    """(word, field) of every stored list."""
    cursor.execute("SELECT term, field FROM register_search_posting")
    return {(term, int(field)) for term, field in cursor.fetchall()}


def stored_list(cursor, word: str, field: int) -> np.ndarray:
    cursor.execute("SELECT docs FROM register_search_posting WHERE term = %s AND field = %s", [word, field])
    row = cursor.fetchone()
    return np.frombuffer(bytes(row[0]), dtype=np.int32) if row else np.zeros(0, dtype=np.int32)
