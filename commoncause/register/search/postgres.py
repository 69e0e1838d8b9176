"""The PostgreSQL backend: tsvector columns with GIN indexes, and a pg_trgm index over the vocabulary."""

from collections.abc import Iterable
from uuid import UUID

import numpy as np

from commoncause.register.search import postings
from commoncause.register.search.documents import Document
from commoncause.register.search.index import (
    DOCUMENT_COLUMNS,
    document_row,
    next_document_number,
    renumbered,
)
from commoncause.register.search.spill import SpilledPostings

TEXT_INDEXES = [
    "CREATE INDEX register_search_text_names ON register_search_text USING gin (names_tsv)",
    "CREATE INDEX register_search_text_all ON register_search_text USING gin (all_tsv)",
]


def _vector(found: set[str]) -> str:
    """A tsvector literal of these words (plain letters and digits: nothing to quote)."""
    return " ".join(found)


def _copy_chunk(cursor, numbered: list[tuple[int, Document]], found: list, version: int) -> None:
    with cursor.copy(f"COPY register_search_document ({DOCUMENT_COLUMNS}) FROM STDIN") as copy:
        for doc_id, doc in numbered:
            copy.write_row(document_row(doc_id, doc, version))
    with cursor.copy("COPY register_search_text (doc_id, names_tsv, all_tsv) FROM STDIN") as copy:
        for (doc_id, _doc), (every, names) in zip(numbered, found, strict=True):
            copy.write_row((doc_id, _vector(names), _vector(every)))


def write_all(cursor, chunks: Iterable[list[tuple[int, Document]]], version: int) -> None:
    """Replace the whole index: copy the rows in, build the GIN indexes over them, then store the
    vocabulary and the common words' lists (worked out from the words on the way in)."""
    tables = "register_search_document, register_search_text, register_search_term, register_search_posting"
    cursor.execute(f"TRUNCATE {tables}")
    cursor.execute("DROP INDEX register_search_text_names, register_search_text_all")
    spilled = SpilledPostings()
    try:
        for chunk in chunks:
            found = [postings.words(doc) for _, doc in chunk]
            _copy_chunk(cursor, chunk, found, version)
            spilled.add([doc_id for doc_id, _ in chunk], found)
        for statement in TEXT_INDEXES:
            cursor.execute(statement)
        with cursor.copy("COPY register_search_term (term, docs) FROM STDIN") as copy:
            for row in spilled.document_counts():
                copy.write_row(row)
        with cursor.copy("COPY register_search_posting (term, field, docs) FROM STDIN") as copy:
            for posting in spilled.common(postings.COMMON_WORD_DOCS):
                copy.write_row(posting)
    finally:
        spilled.close()
    cursor.execute("ANALYZE register_search_document, register_search_text, register_search_term")


def _column(field: int) -> str:
    return "names_tsv" if field == postings.NAMES else "all_tsv"


def _old_words(cursor, doc_ids: list[int]) -> dict[int, tuple[set[str], set[str]]]:
    cursor.execute(
        "SELECT doc_id, tsvector_to_array(all_tsv), tsvector_to_array(names_tsv) "
        "FROM register_search_text WHERE doc_id = ANY(%s)",
        [doc_ids],
    )
    return {doc_id: (set(every), set(names)) for doc_id, every, names in cursor.fetchall()}


def write_some(cursor, chunks: Iterable[list[Document]], ids: list[UUID], version: int) -> None:
    """Rewrite these organisations' documents in place; those no longer in the register become gaps."""
    cursor.execute(
        "SELECT organisation_id::text, doc_id FROM register_search_document WHERE organisation_id = ANY(%s)",
        [ids],
    )
    existing: dict[str, int] = dict(cursor.fetchall())
    old = _old_words(cursor, list(existing.values()))
    new: dict[int, tuple[set[str], set[str]]] = {}
    for numbered in renumbered(chunks, existing, next_document_number(cursor)):
        new.update((doc_id, postings.words(doc)) for doc_id, doc in numbered)
        doc_ids = [doc_id for doc_id, _ in numbered]
        cursor.execute("DELETE FROM register_search_document WHERE doc_id = ANY(%s)", [doc_ids])
        cursor.execute("DELETE FROM register_search_text WHERE doc_id = ANY(%s)", [doc_ids])
        _copy_chunk(cursor, numbered, [new[doc_id] for doc_id in doc_ids], version)
    gone = list(existing.values())
    cursor.execute(
        "UPDATE register_search_document SET organisation_id = NULL, version = %s WHERE doc_id = ANY(%s)",
        [version, gone],
    )
    cursor.execute("DELETE FROM register_search_text WHERE doc_id = ANY(%s)", [gone])
    postings.write_some(cursor, new, old)


def ids_for(cursor, words: list[str], field: int) -> np.ndarray:
    """Document numbers holding any of these words (in the names only, for the NAMES field)."""
    query = " | ".join(f"'{word}'" for word in words)
    cursor.execute(
        f"SELECT doc_id FROM register_search_text WHERE {_column(field)} @@ to_tsquery('simple', %s)",  # noqa: S608  # nosec B608 # column from a constant; query is a parameter
        [query],
    )
    return np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)


def term_candidates(cursor, term: str, state: tuple[int, int]) -> list[tuple[str, int]]:
    """Words of the index that look like this one (by trigram similarity), with their document counts."""
    cursor.execute(
        "SELECT term, docs FROM register_search_term WHERE term %% %s "
        "ORDER BY similarity(term, %s) DESC, term LIMIT 20",
        [term, term],
    )
    return [(word, int(docs)) for word, docs in cursor.fetchall()]
