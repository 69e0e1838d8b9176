"""The SQLite backend: an FTS5 table over names and activities, and a vocabulary table for typos."""

from collections.abc import Iterable
from uuid import UUID

import numpy as np

from commoncause.register.search.documents import Document
from commoncause.register.search.index import DOCUMENT_COLUMNS, document_row, words_of

CREATE_FTS = [
    "CREATE VIRTUAL TABLE register_search_fts USING fts5(names, body, tokenize='unicode61', prefix='3')",
    "CREATE VIRTUAL TABLE register_search_vocab USING fts5vocab(register_search_fts, 'row')",
]
INSERT_DOCUMENT = (
    f"INSERT OR REPLACE INTO register_search_document ({DOCUMENT_COLUMNS}) "  # noqa: S608
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
INSERT_TEXT = "INSERT INTO register_search_fts (rowid, names, body) VALUES (%s, %s, %s)"


def organisation_key(organisation_id: UUID) -> str:
    """How a UUID is stored in SQLite by Django: 32 hex digits."""
    return organisation_id.hex


def write_all(cursor, chunks: Iterable[list[tuple[int, Document]]], version: int) -> None:
    """Replace the whole index (the full-text table is recreated: quicker than deleting its rows)."""
    cursor.execute("DROP TABLE register_search_vocab")
    cursor.execute("DROP TABLE register_search_fts")
    for statement in CREATE_FTS:
        cursor.execute(statement)
    cursor.execute("DELETE FROM register_search_document")
    cursor.execute("DELETE FROM register_search_term")
    for chunk in chunks:
        cursor.executemany(
            INSERT_DOCUMENT, [document_row(i, doc, version, doc.organisation_id.hex) for i, doc in chunk]
        )
        cursor.executemany(INSERT_TEXT, [(i, doc.names, doc.body) for i, doc in chunk])
    cursor.execute("INSERT INTO register_search_fts (register_search_fts) VALUES ('optimize')")
    cursor.execute(
        "INSERT INTO register_search_term (term, docs) SELECT term, doc FROM register_search_vocab"
    )


def _existing(cursor, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        placeholders = ", ".join(["%s"] * len(part))
        table = "register_search_document"
        sql = f"SELECT organisation_id, doc_id FROM {table} WHERE organisation_id IN ({placeholders})"  # noqa: S608
        cursor.execute(sql, part)
        found.update(cursor.fetchall())
    return found


def write_some(cursor, chunks: Iterable[list[Document]], ids: list[UUID], version: int) -> None:
    """Rewrite these organisations' documents in place; those no longer in the register become gaps."""
    existing = _existing(cursor, [i.hex for i in ids])
    cursor.execute("SELECT coalesce(max(doc_id), 0) FROM register_search_document")
    next_id = int(cursor.fetchone()[0]) + 1
    for chunk in chunks:
        numbered = []
        for doc in chunk:
            doc_id = existing.pop(doc.organisation_id.hex, None)
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
            numbered.append((doc_id, doc))
        cursor.executemany("DELETE FROM register_search_fts WHERE rowid = %s", [(i,) for i, _ in numbered])
        cursor.executemany(
            INSERT_DOCUMENT, [document_row(i, doc, version, doc.organisation_id.hex) for i, doc in numbered]
        )
        cursor.executemany(INSERT_TEXT, [(i, doc.names, doc.body) for i, doc in numbered])
        cursor.executemany(
            "INSERT OR IGNORE INTO register_search_term (term, docs) VALUES (%s, 1)",
            [(word,) for word in sorted(words_of(chunk))],
        )
    gone = [(version, doc_id) for doc_id in existing.values()]
    cursor.executemany(
        "UPDATE register_search_document SET organisation_id = NULL, version = %s WHERE doc_id = %s", gone
    )
    cursor.executemany("DELETE FROM register_search_fts WHERE rowid = %s", [(doc_id,) for _, doc_id in gone])


def _quoted(terms: list[str], *, prefix_last: bool) -> list[str]:
    quoted = [f'"{term}"' for term in terms]
    if prefix_last:
        quoted[-1] += "*"
    return quoted


def _ids(cursor, expression: str) -> np.ndarray:
    cursor.execute("SELECT rowid FROM register_search_fts WHERE register_search_fts MATCH %s", [expression])
    return np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)


def match(cursor, terms: list[str], *, prefix_last: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Document numbers matching every term anywhere, every term in the names, and some term in the names."""
    quoted = _quoted(terms, prefix_last=prefix_last)
    every = " ".join(quoted)
    anywhere = _ids(cursor, every)
    if anywhere.size == 0:
        return anywhere, anywhere, anywhere
    in_names = _ids(cursor, f"{{names}} : ({every})")
    if len(terms) == 1:
        return anywhere, in_names, in_names
    some_in_names = _ids(cursor, f"({every}) AND {{names}} : ({' OR '.join(quoted)})")
    return anywhere, in_names, some_in_names


def term_exists(cursor, term: str, *, prefix: bool) -> bool:
    """Whether any document holds this word (or a word starting with it)."""
    if prefix:
        cursor.execute(
            "SELECT 1 FROM register_search_term WHERE term >= %s AND term < %s LIMIT 1", [term, term + "{"]
        )
    else:
        cursor.execute("SELECT 1 FROM register_search_term WHERE term = %s", [term])
    return cursor.fetchone() is not None


_vocabulary: dict[str, object] = {"key": None, "terms": [], "docs": {}}


def term_candidates(cursor, term: str, state: tuple[int, int]) -> list[tuple[str, int]]:
    """Words of the index that look like this one, with how many documents hold each."""
    from rapidfuzz import fuzz, process

    if _vocabulary["key"] != state:
        cursor.execute("SELECT term, docs FROM register_search_term")
        docs = dict(cursor.fetchall())
        _vocabulary.update(key=state, terms=list(docs), docs=docs)
    found = process.extract(term, _vocabulary["terms"], scorer=fuzz.ratio, limit=20, score_cutoff=60)
    return [(word, _vocabulary["docs"][word]) for word, _score, _index in found]
