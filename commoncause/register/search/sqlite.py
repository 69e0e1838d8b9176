"""The SQLite backend: an FTS5 table over names and activities, rapidfuzz over the vocabulary for typos."""

from collections.abc import Iterable
from typing import TypedDict
from uuid import UUID

import numpy as np

from commoncause.register.search import postings
from commoncause.register.search.documents import Document, organisation_key
from commoncause.register.search.index import (
    DOCUMENT_COLUMNS,
    document_row,
    next_document_number,
    renumbered,
)

CREATE_FTS = [
    "CREATE VIRTUAL TABLE register_search_fts USING fts5(names, body, tokenize='unicode61')",
    "CREATE VIRTUAL TABLE register_search_vocab USING fts5vocab(register_search_fts, 'row')",
]
INSERT_DOCUMENT = (
    f"INSERT INTO register_search_document ({DOCUMENT_COLUMNS}) "  # noqa: S608  # nosec B608 # column names from a constant
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# A refresh writes over the documents it renumbers; a full rebuild writes into an empty table.
REPLACE_DOCUMENT = INSERT_DOCUMENT.replace("INSERT", "INSERT OR REPLACE", 1)
INSERT_TEXT = "INSERT INTO register_search_fts (rowid, names, body) VALUES (?, ?, ?)"


def _write(cursor, numbered: list[tuple[int, Document]], version: int, *, replace: bool) -> None:
    # The driver's own cursor, with its own placeholders: no wrapper work per row.
    raw = cursor.cursor
    rows = [document_row(i, doc, version) for i, doc in numbered]
    raw.executemany(REPLACE_DOCUMENT if replace else INSERT_DOCUMENT, rows)
    raw.executemany(INSERT_TEXT, [(i, doc.names, doc.body) for i, doc in numbered])


def write_all(cursor, chunks: Iterable[list[tuple[int, Document]]], version: int) -> None:
    """Replace the whole index (the full-text table is recreated: quicker than deleting its rows)."""
    cursor.execute("DROP TABLE register_search_vocab")
    cursor.execute("DROP TABLE register_search_fts")
    for statement in CREATE_FTS:
        cursor.execute(statement)
    for table in ("register_search_document", "register_search_term", "register_search_posting"):
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608 # table names from the tuple above
    for chunk in chunks:
        _write(cursor, chunk, version, replace=False)
    cursor.execute("INSERT INTO register_search_fts (register_search_fts) VALUES ('optimize')")
    cursor.execute(
        "INSERT INTO register_search_term (term, docs) SELECT term, doc FROM register_search_vocab"
    )
    postings.write_all(cursor, _common_words(cursor), _documents_of)


def _common_words(cursor) -> dict[int, list[str]]:
    """Each field's words that at least `COMMON_WORD_DOCS` documents hold, from the index's vocabulary."""
    least = postings.COMMON_WORD_DOCS
    cursor.execute("SELECT term FROM register_search_term WHERE docs >= %s ORDER BY term", [least])
    common = {postings.ANYWHERE: [row[0] for row in cursor.fetchall()]}
    cursor.execute(
        "CREATE VIRTUAL TABLE temp.register_search_vocab_col USING fts5vocab(main, register_search_fts, col)"
    )
    cursor.execute(
        "SELECT term FROM temp.register_search_vocab_col WHERE col = 'names' AND doc >= %s ORDER BY term",
        [least],
    )
    common[postings.NAMES] = [row[0] for row in cursor.fetchall()]
    cursor.execute("DROP TABLE temp.register_search_vocab_col")
    return common


def _match(words: list[str], field: int) -> str:
    expression = " OR ".join(f'"{word}"' for word in words)
    return f"{{names}} : ({expression})" if field == postings.NAMES else expression


def _documents_of(cursor, word: str, field: int) -> np.ndarray:
    sql = "SELECT group_concat(rowid) FROM register_search_fts WHERE register_search_fts MATCH %s"
    cursor.execute(sql, [_match([word], field)])
    joined = cursor.fetchone()[0]  # the document numbers, comma-joined
    return np.fromstring(joined or "", dtype=np.int64, sep=",")


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _existing(cursor, keys: list) -> dict:
    found: dict = {}
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        table = "register_search_document"
        sql = f"SELECT organisation_id, doc_id FROM {table} WHERE organisation_id IN ({_placeholders(part)})"  # noqa: S608  # nosec B608 # placeholders only; keys are parameters
        cursor.execute(sql, part)
        found.update(cursor.fetchall())
    return found


def _old_words(cursor, doc_ids: list[int]) -> dict[int, tuple[set[str], set[str]]]:
    old = {}
    for start in range(0, len(doc_ids), 500):
        part = doc_ids[start : start + 500]
        sql = f"SELECT rowid, names, body FROM register_search_fts WHERE rowid IN ({_placeholders(part)})"  # noqa: S608  # nosec B608 # placeholders only; ids are parameters
        cursor.execute(sql, part)
        for doc_id, names, body in cursor.fetchall():
            name_words = set(names.split())
            old[doc_id] = (name_words.union(body.split()), name_words)
    return old


def write_some(cursor, chunks: Iterable[list[Document]], ids: list[UUID], version: int) -> None:
    """Rewrite these organisations' documents in place; those no longer in the register become gaps."""
    existing = _existing(cursor, [organisation_key(i) for i in ids])
    old = _old_words(cursor, list(existing.values()))
    new: dict[int, tuple[set[str], set[str]]] = {}
    for numbered in renumbered(chunks, existing, next_document_number(cursor)):
        new.update((doc_id, postings.words(doc)) for doc_id, doc in numbered)
        cursor.executemany("DELETE FROM register_search_fts WHERE rowid = %s", [(i,) for i, _ in numbered])
        _write(cursor, numbered, version, replace=True)
    gone = [(version, doc_id) for doc_id in existing.values()]
    cursor.executemany(
        "UPDATE register_search_document SET organisation_id = NULL, version = %s WHERE doc_id = %s", gone
    )
    cursor.executemany("DELETE FROM register_search_fts WHERE rowid = %s", [(doc_id,) for _, doc_id in gone])
    postings.write_some(cursor, new, old)


def ids_for(cursor, words: list[str], field: int) -> np.ndarray:
    """Document numbers holding any of these words (in the names only, for the NAMES field)."""
    cursor.execute(
        "SELECT rowid FROM register_search_fts WHERE register_search_fts MATCH %s", [_match(words, field)]
    )
    return np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)


class _Vocabulary(TypedDict):
    """The index's words and how many documents hold each, read once per index state."""

    key: tuple[int, int] | None
    terms: list[str]
    docs: dict[str, int]


_vocabulary: _Vocabulary = {"key": None, "terms": [], "docs": {}}


def term_candidates(cursor, term: str, state: tuple[int, int]) -> list[tuple[str, int]]:
    """Words of the index that look like this one, with how many documents hold each."""
    from rapidfuzz import fuzz, process

    if _vocabulary["key"] != state:
        cursor.execute("SELECT term, docs FROM register_search_term")
        docs = dict(cursor.fetchall())
        _vocabulary.update({"key": state, "terms": list(docs), "docs": docs})
    found = process.extract(term, _vocabulary["terms"], scorer=fuzz.ratio, limit=20, score_cutoff=60)
    return [(word, _vocabulary["docs"][word]) for word, _score, _index in found]
