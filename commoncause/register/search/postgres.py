"""The PostgreSQL backend: tsvector columns with GIN indexes, and a pg_trgm index over the vocabulary."""

from collections.abc import Iterable
from uuid import UUID

import numpy as np

from commoncause.register.search.documents import Document
from commoncause.register.search.index import DOCUMENT_COLUMNS, document_row, words_of

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
            copy.write_row(document_row(doc_id, doc, version, doc.organisation_id))
    with cursor.copy("COPY register_search_staging (doc_id, names, body) FROM STDIN") as copy:
        for doc_id, doc in numbered:
            copy.write_row((doc_id, doc.names, doc.body))


def write_all(cursor, chunks: Iterable[list[tuple[int, Document]]], version: int) -> None:
    """Replace the whole index: copy the rows in, then build the GIN indexes over them."""
    cursor.execute("TRUNCATE register_search_document, register_search_text, register_search_term")
    cursor.execute("DROP INDEX register_search_text_names, register_search_text_all")
    cursor.execute(STAGING)
    for chunk in chunks:
        _copy_chunk(cursor, chunk, version)
    cursor.execute(FROM_STAGING)
    cursor.execute("DROP TABLE register_search_staging")
    for statement in TEXT_INDEXES:
        cursor.execute(statement)
    cursor.execute(
        "INSERT INTO register_search_term (term, docs) "
        "SELECT word, ndoc FROM ts_stat('SELECT all_tsv FROM register_search_text')"
    )
    cursor.execute("ANALYZE register_search_document, register_search_text, register_search_term")


def write_some(cursor, chunks: Iterable[list[Document]], ids: list[UUID], version: int) -> None:
    """Rewrite these organisations' documents in place; those no longer in the register become gaps."""
    cursor.execute(
        "SELECT organisation_id, doc_id FROM register_search_document WHERE organisation_id = ANY(%s)", [ids]
    )
    existing: dict[UUID, int] = dict(cursor.fetchall())
    cursor.execute("SELECT coalesce(max(doc_id), 0) FROM register_search_document")
    next_id = int(cursor.fetchone()[0]) + 1
    cursor.execute(STAGING)
    for chunk in chunks:
        numbered = []
        for doc in chunk:
            doc_id = existing.pop(doc.organisation_id, None)
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
            numbered.append((doc_id, doc))
        doc_ids = [doc_id for doc_id, _ in numbered]
        cursor.execute("DELETE FROM register_search_document WHERE doc_id = ANY(%s)", [doc_ids])
        cursor.execute("DELETE FROM register_search_text WHERE doc_id = ANY(%s)", [doc_ids])
        _copy_chunk(cursor, numbered, version)
        cursor.executemany(
            "INSERT INTO register_search_term (term, docs) VALUES (%s, 1) ON CONFLICT DO NOTHING",
            [(word,) for word in sorted(words_of(chunk))],
        )
    cursor.execute(FROM_STAGING)
    gone = list(existing.values())
    cursor.execute(
        "UPDATE register_search_document SET organisation_id = NULL, version = %s WHERE doc_id = ANY(%s)",
        [version, gone],
    )
    cursor.execute("DELETE FROM register_search_text WHERE doc_id = ANY(%s)", [gone])
    cursor.execute("DROP TABLE register_search_staging")


def _tsquery(terms: list[str], *, prefix_last: bool, operator: str = " & ") -> str:
    quoted = [f"'{term}'" for term in terms]
    if prefix_last:
        quoted[-1] += ":*"
    return operator.join(quoted)


def _ids(cursor, where: str, params: list[str]) -> np.ndarray:
    cursor.execute(f"SELECT doc_id FROM register_search_text WHERE {where}", params)  # noqa: S608
    return np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)


def match(cursor, terms: list[str], *, prefix_last: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Document numbers matching every term anywhere, every term in the names, and some term in the names."""
    every = _tsquery(terms, prefix_last=prefix_last)
    anywhere = _ids(cursor, "all_tsv @@ to_tsquery('simple', %s)", [every])
    if anywhere.size == 0:
        return anywhere, anywhere, anywhere
    in_names = _ids(cursor, "names_tsv @@ to_tsquery('simple', %s)", [every])
    if len(terms) == 1:
        return anywhere, in_names, in_names
    some = _tsquery(terms, prefix_last=prefix_last, operator=" | ")
    some_in_names = _ids(
        cursor,
        "all_tsv @@ to_tsquery('simple', %s) AND names_tsv @@ to_tsquery('simple', %s)",
        [every, some],
    )
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


def term_candidates(cursor, term: str, state: tuple[int, int]) -> list[tuple[str, int]]:
    """Words of the index that look like this one (by trigram similarity), with their document counts."""
    cursor.execute(
        "SELECT term, docs FROM register_search_term WHERE term %% %s "
        "ORDER BY similarity(term, %s) DESC LIMIT 20",
        [term, term],
    )
    return [(word, int(docs)) for word, docs in cursor.fetchall()]
