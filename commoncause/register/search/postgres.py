"""The PostgreSQL backend: tsvector columns with GIN indexes, and a pg_trgm index over the vocabulary."""

from collections.abc import Iterable
from uuid import UUID

import numpy as np

from commoncause.register.search import postings
from commoncause.register.search.documents import Document
from commoncause.register.search.index import DOCUMENT_COLUMNS, document_row

TEXT_INDEXES = [
    "CREATE INDEX register_search_text_names ON register_search_text USING gin (names_tsv)",
    "CREATE INDEX register_search_text_all ON register_search_text USING gin (all_tsv)",
]
STAGING = (
    "CREATE TEMPORARY TABLE register_search_staging (doc_id integer, names text, body text) ON COMMIT DROP"
)
FROM_STAGING = """
    INSERT INTO register_search_text (doc_id, names_tsv, all_tsv)
    SELECT doc_id, to_tsvector('simple', names), to_tsvector('simple', names || ' ' || body)
    FROM register_search_staging"""


def _copy_chunk(cursor, numbered: list[tuple[int, Document]], version: int) -> None:
    with cursor.copy(f"COPY register_search_document ({DOCUMENT_COLUMNS}) FROM STDIN") as copy:
        for doc_id, doc in numbered:
            copy.write_row(document_row(doc_id, doc, version))
    with cursor.copy("COPY register_search_staging (doc_id, names, body) FROM STDIN") as copy:
        for doc_id, doc in numbered:
            copy.write_row((doc_id, doc.names, doc.body))


def write_all(cursor, chunks: Iterable[list[tuple[int, Document]]], version: int) -> None:
    """Replace the whole index: copy the rows in, then build the GIN indexes over them."""
    tables = "register_search_document, register_search_text, register_search_term, register_search_posting"
    cursor.execute(f"TRUNCATE {tables}")
    cursor.execute("DROP INDEX register_search_text_names, register_search_text_all")
    cursor.execute(STAGING)
    builder = postings.PostingsBuilder()
    for chunk in chunks:
        _copy_chunk(cursor, chunk, version)
        builder.add(chunk)
    cursor.execute(FROM_STAGING)
    cursor.execute("DROP TABLE register_search_staging")
    for statement in TEXT_INDEXES:
        cursor.execute(statement)
    postings.write_all(cursor, builder)
    cursor.execute("ANALYZE register_search_document, register_search_text, register_search_term")


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
        "SELECT organisation_id, doc_id FROM register_search_document WHERE organisation_id = ANY(%s)", [ids]
    )
    existing: dict[UUID, int] = dict(cursor.fetchall())
    old = _old_words(cursor, list(existing.values()))
    cursor.execute("SELECT coalesce(max(doc_id), 0) FROM register_search_document")
    next_id = int(cursor.fetchone()[0]) + 1
    cursor.execute(STAGING)
    new: dict[int, tuple[set[str], set[str]]] = {}
    for chunk in chunks:
        numbered = []
        for doc in chunk:
            doc_id = existing.pop(doc.organisation_id, None)
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
            numbered.append((doc_id, doc))
            new[doc_id] = postings.words(doc)
        doc_ids = [doc_id for doc_id, _ in numbered]
        cursor.execute("DELETE FROM register_search_document WHERE doc_id = ANY(%s)", [doc_ids])
        cursor.execute("DELETE FROM register_search_text WHERE doc_id = ANY(%s)", [doc_ids])
        _copy_chunk(cursor, numbered, version)
    cursor.execute(FROM_STAGING)
    gone = list(existing.values())
    cursor.execute(
        "UPDATE register_search_document SET organisation_id = NULL, version = %s WHERE doc_id = ANY(%s)",
        [version, gone],
    )
    cursor.execute("DELETE FROM register_search_text WHERE doc_id = ANY(%s)", [gone])
    cursor.execute("DROP TABLE register_search_staging")
    postings.write_some(cursor, new, old)


def ids_for(cursor, words: list[str], field: int) -> np.ndarray:
    """Document numbers holding any of these words (in the names only, for the NAMES field)."""
    column = "names_tsv" if field == postings.NAMES else "all_tsv"
    query = " | ".join(f"'{word}'" for word in words)
    cursor.execute(
        f"SELECT doc_id FROM register_search_text WHERE {column} @@ to_tsquery('simple', %s)",  # noqa: S608
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
