"""Stored posting lists for common words, and the vocabulary with document counts.

The full-text index answers quickly for a word a few hundred organisations use, but slowly for one
that tens of thousands use, because every matching row has to come back. So each word held by at
least `COMMON_WORD_DOCS` documents gets its sorted document numbers stored as one binary value
(`register_search_posting`), read in one go and kept in memory. After a full rebuild both are read
out of the database's own full-text index (so no process holds every word of every document); a
refresh of a few documents updates them here in Python, the same way on SQLite and PostgreSQL.
"""

from collections.abc import Callable

import numpy as np

from commoncause.register.search.documents import Document

COMMON_WORD_DOCS = 1000
ANYWHERE, NAMES = 0, 1
FIELDS = (ANYWHERE, NAMES)


def words(doc: Document) -> tuple[set[str], set[str]]:
    """(every word of the document, the words of its names)."""
    names = set(doc.names.split())
    return names.union(doc.body.split()), names


def write_all(
    cursor, common: dict[int, list[str]], documents_of: Callable[[object, str, int], np.ndarray]
) -> None:
    """Store the common words' lists after a full rebuild, asking the full-text index for them.

    `common` is each field's words held by at least `COMMON_WORD_DOCS` documents; `documents_of` is
    the backend's (cursor, word, field) -> document numbers. One list is in memory at a time.
    """
    for field, found_words in common.items():
        for word in found_words:
            found = np.sort(documents_of(cursor, word, field).astype(np.int32))
            cursor.execute(
                "INSERT INTO register_search_posting (term, field, docs) VALUES (%s, %s, %s)",
                [word, field, found.tobytes()],
            )


def _stored(cursor, affected: list[str]) -> list[tuple[str, int, bytes]]:
    found = []
    for start in range(0, len(affected), 500):
        part = affected[start : start + 500]
        placeholders = ", ".join(["%s"] * len(part))
        sql = f"SELECT term, field, docs FROM register_search_posting WHERE term IN ({placeholders})"  # noqa: S608  # nosec B608 # placeholders only; terms are parameters
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
