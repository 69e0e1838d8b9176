"""The organisation search index: one document row per organisation, a full-text index, a vocabulary.

SQLite gets an FTS5 table (and an fts5vocab view of it); PostgreSQL gets tsvector columns with GIN
indexes in a narrow table and a pg_trgm index over the vocabulary. Neither is a Django model: the
search backends read and write them with SQL.
"""

from django.db import migrations

COMMON = [
    """CREATE TABLE register_search_state (
        id integer PRIMARY KEY, generation bigint NOT NULL, version bigint NOT NULL)""",
    "INSERT INTO register_search_state (id, generation, version) VALUES (1, 0, 0)",
]
DOCUMENT_COLUMNS = """
        version bigint NOT NULL,
        name_hash bigint NOT NULL,
        sort_name text {collate} NOT NULL,
        name_length integer NOT NULL,
        legal_form text NOT NULL,
        status text NOT NULL,
        income bigint,
        income_band text NOT NULL,
        facet_tokens text NOT NULL"""

SQLITE = [
    *COMMON,
    "CREATE TABLE register_search_document (doc_id integer PRIMARY KEY, organisation_id char(32) UNIQUE,"
    + DOCUMENT_COLUMNS.format(collate="")
    + ")",
    "CREATE INDEX register_search_document_version ON register_search_document (version)",
    "CREATE VIRTUAL TABLE register_search_fts USING fts5(names, body, tokenize='unicode61', prefix='3')",
    "CREATE VIRTUAL TABLE register_search_vocab USING fts5vocab(register_search_fts, 'row')",
    "CREATE TABLE register_search_term (term text PRIMARY KEY, docs integer NOT NULL) WITHOUT ROWID",
]
SQLITE_DROP = [
    "DROP TABLE register_search_term",
    "DROP TABLE register_search_vocab",
    "DROP TABLE register_search_fts",
    "DROP TABLE register_search_document",
    "DROP TABLE register_search_state",
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *COMMON,
    "CREATE TABLE register_search_document (doc_id integer PRIMARY KEY, organisation_id uuid UNIQUE,"
    + DOCUMENT_COLUMNS.format(collate='COLLATE "C"')
    + ")",
    "CREATE INDEX register_search_document_version ON register_search_document (version)",
    # Narrow rows (the vectors are moved out of line) so fetching thousands of matching ids is cheap.
    """CREATE TABLE register_search_text (
        doc_id integer PRIMARY KEY, names_tsv tsvector NOT NULL, all_tsv tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    "ALTER TABLE register_search_text ALTER COLUMN names_tsv SET STORAGE EXTERNAL",
    "ALTER TABLE register_search_text ALTER COLUMN all_tsv SET STORAGE EXTERNAL",
    "CREATE INDEX register_search_text_names ON register_search_text USING gin (names_tsv)",
    "CREATE INDEX register_search_text_all ON register_search_text USING gin (all_tsv)",
    'CREATE TABLE register_search_term (term text COLLATE "C" PRIMARY KEY, docs integer NOT NULL)',
    "CREATE INDEX register_search_term_trgm ON register_search_term USING gin (term gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP TABLE register_search_term",
    "DROP TABLE register_search_text",
    "DROP TABLE register_search_document",
    "DROP TABLE register_search_state",
]


def create_index(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    statements = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("register", "0002_load_classification_codes")]

    operations = [migrations.RunPython(create_index, drop_index)]
